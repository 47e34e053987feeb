import ZKProbe

/// One ZooKeeper server as `quorumsim scenario` learned it: from a zoo.cfg `server.N=` line, or a host of a
/// connect string (numbered from 1 in the order given, a participant).
package struct DeploymentMember: Equatable {
    package var id: Int
    package var host: String
    package var observer: Bool = false
    package var group: Int?
    package var weight: Int?

    /// The members a zoo.cfg lists (`EnsembleTargets.fromZooConfig`: roles, groups and weights included).
    package static func fromZooConfig(_ text: String, path: String, readFile: (String) -> String?) throws(DeploymentError)
        -> [DeploymentMember]
    {
        let targets: EnsembleTargets
        do { targets = try EnsembleTargets.fromZooConfig(text, path: path, readFile: readFile) } catch {
            throw DeploymentError(error.description)
        }
        guard let membership = targets.membership, !targets.standalone else {
            throw DeploymentError("\(path): a standalone server (no server.N lines): there is no ensemble to describe")
        }
        return membership.map {
            DeploymentMember(id: $0.id, host: $0.host, observer: $0.observer, group: $0.group, weight: $0.weight)
        }
    }

    /// The hosts of Kafka's `zookeeper.connect` (`h1:2181,h2:2181/kafka`), numbered 1, 2, … as participants.
    package static func fromConnectString(_ text: String) throws(DeploymentError) -> [DeploymentMember] {
        let targets: EnsembleTargets
        do { targets = try EnsembleTargets.fromConnectString(text) } catch { throw DeploymentError(error.description) }
        return targets.endpoints.enumerated().map { DeploymentMember(id: $0.offset + 1, host: $0.element.host) }
    }
}
