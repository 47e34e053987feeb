/// The `kafka` section (docs/scenario-format.md, docs/kafka.md): brokers, topics, and which quorum the scenario's
/// servers are. Its checks follow Kafka's own where Kafka has one (topic names, replication factor).
extension ScenarioReader {
    /// The cluster, or `nil` without a `kafka` field. In `kraft-combined` mode every server takes its broker's fault
    /// process, so that the ensemble's own figures use it.
    func readKafka(_ top: JSONObject, zones: ZoneTable, servers: inout [Server]) throws(ScenarioFileError)
        -> KafkaCluster?
    {
        guard let field = top.optional("kafka") else { return nil }
        let object = try field.object(allowed: ["brokers", "brokerFaults", "catchUp", "topics", "metadata"])
        let brokers = try readBrokers(try object.required("brokers"), zones: zones)
        let brokerFaults = try object.optional("brokerFaults").map(faultProcess)
        var catchUp = 0.0
        if let catchUpField = object.optional("catchUp") {
            catchUp = try catchUpField.duration(allowZero: true)
            if let problem = Distribution.fixed(catchUp).boundProblem { throw catchUpField.error(problem) }
        }
        let topics = try readTopics(try object.required("topics"), brokers: brokers)
        let metadataField = try object.required("metadata")
        let text = try metadataField.string()
        guard let metadata = MetadataQuorum(rawValue: text) else {
            let names = MetadataQuorum.allCases.map(\.rawValue).joined(separator: ", ")
            throw metadataField.error("unknown metadata quorum \"\(text)\" (give one of \(names))")
        }
        let cluster = KafkaCluster(
            brokers: brokers, brokerFaults: brokerFaults, catchUp: catchUp, topics: topics, metadata: metadata)
        try checkQuorum(cluster, top: top, zones: zones, servers: &servers)
        return cluster
    }

    private func readBrokers(_ field: JSONField, zones: ZoneTable) throws(ScenarioFileError) -> [KafkaBroker] {
        // KafkaCluster.maxBrokers and maxTopics are boundedList's 64.
        let fields = try boundedList(field, of: "broker")
        var brokers: [KafkaBroker] = []
        var indexOfId: [Int: Int] = [:]
        for element in fields {
            let object = try element.object(allowed: ["id", "zone", "faults"])
            let idField = try object.required("id")
            let id = try idField.integer()
            guard (0...Int(Int32.max)).contains(id) else {
                throw idField.error("broker ids are integers from 0 to 2147483647 (Kafka's node.id), found \(id)")
            }
            if let earlier = indexOfId[id] {
                throw idField.error("duplicate broker id \(id) (also kafka.brokers[\(earlier)])")
            }
            indexOfId[id] = brokers.count
            brokers.append(
                KafkaBroker(
                    id: id, zone: try zones.number(try object.required("zone")),
                    faults: try object.optional("faults").map(faultProcess)))
        }
        return brokers
    }

    private func readTopics(_ field: JSONField, brokers: [KafkaBroker]) throws(ScenarioFileError) -> [KafkaTopic] {
        let fields = try boundedList(field, of: "topic")
        var topics: [KafkaTopic] = []
        var indexOfName: [String: Int] = [:]
        var indexOfUnified: [String: Int] = [:]
        var total = 0
        for element in fields {
            let object = try element.object(
                allowed: ["name", "partitions", "replicationFactor", "minInsyncReplicas", "assignment"])
            let nameField = try object.required("name")
            let name = try nameField.string()
            if let problem = Self.topicNameProblem(name) { throw nameField.error(problem) }
            if let earlier = indexOfName[name] {
                throw nameField.error("duplicate topic name \"\(name)\" (also kafka.topics[\(earlier)])")
            }
            // Kafka refuses a topic whose name equals another's once '.' and '_' are unified (Topic.hasCollision).
            let unified = String(name.map { $0 == "." ? "_" : $0 })
            if let earlier = indexOfUnified[unified] {
                throw nameField.error(
                    "\"\(name)\" collides with \"\(topics[earlier].name)\" (kafka.topics[\(earlier)]): Kafka refuses "
                        + "topic names that differ only in '.' and '_'")
            }
            indexOfName[name] = topics.count
            indexOfUnified[unified] = topics.count

            let partitionsField = try object.required("partitions")
            let partitions = try partitionsField.integer()
            guard (1...KafkaCluster.maxPartitionsPerTopic).contains(partitions) else {
                throw partitionsField.error(
                    "a topic has 1 to \(KafkaCluster.maxPartitionsPerTopic) partitions, found \(partitions)")
            }
            total += partitions
            guard total <= KafkaCluster.maxPartitions else {
                throw partitionsField.error(
                    "\(total) partitions in the topics so far; at most \(KafkaCluster.maxPartitions) are supported")
            }
            let rfField = try object.required("replicationFactor")
            let replicationFactor = try rfField.integer()
            guard replicationFactor >= 1 else {
                throw rfField.error("the replication factor is at least 1, found \(replicationFactor)")
            }
            guard replicationFactor <= brokers.count else {
                throw rfField.error(
                    "replication factor \(replicationFactor) is above the broker count \(brokers.count) "
                        + "(Kafka refuses to create the topic)")
            }
            var minInsync = 1
            if let minField = object.optional("minInsyncReplicas") {
                minInsync = try minField.integer()
                guard minInsync >= 1 else {
                    throw minField.error("min.insync.replicas is at least 1, found \(minInsync)")
                }
                guard minInsync <= replicationFactor else {
                    throw minField.error(
                        "\(minInsync) is above the replication factor \(replicationFactor) "
                            + "(no acks=all write could ever succeed)")
                }
            }
            let assignment = try readAssignment(
                object.optional("assignment"), partitions: partitions, replicationFactor: replicationFactor,
                brokers: brokers)
            topics.append(
                KafkaTopic(
                    name: name, partitions: partitions, replicationFactor: replicationFactor,
                    minInsyncReplicas: minInsync, assignment: assignment))
        }
        return topics
    }

    /// Kafka's `Topic.validate` (clients' org/apache/kafka/common/internals/Topic.java), in its words.
    static func topicNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "a topic name cannot be empty" }
        if name == "." || name == ".." { return "\"\(name)\" is not allowed as a topic name" }
        // Java counts UTF-16 units; any other character is refused below anyway.
        if name.utf16.count > 249 { return "a topic name has at most 249 characters, found \(name.utf16.count)" }
        let legal = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "."
                || $0 == "_" || $0 == "-"
        }
        guard legal else {
            return "\"\(name)\" is not a legal topic name: use ASCII letters, digits, '.', '_' and '-'"
        }
        return nil
    }

    private func readAssignment(
        _ field: JSONField?, partitions: Int, replicationFactor: Int, brokers: [KafkaBroker]
    ) throws(ScenarioFileError) -> ReplicaAssignment {
        guard let field else { return .rackAware }
        let kinds = "\"rack-aware\", \"rack-unaware\" or a list of replica lists (broker ids), one per partition"
        if field.isString {
            switch try field.string() {
            case "rack-aware": return .rackAware
            case "rack-unaware": return .rackUnaware
            case let text: throw field.error("unknown assignment \"\(text)\" (give \(kinds))")
            }
        }
        guard case .array = field.value else { throw field.error("expected \(kinds), found \(field.kind)") }
        let lists = try field.array()
        guard lists.count == partitions else {
            throw field.error("\(lists.count) replica lists for \(partitions) partitions; give one per partition")
        }
        let ids = Set(brokers.map(\.id))
        var result: [[Int]] = []
        result.reserveCapacity(partitions)
        for listField in lists {
            let entries = try listField.array()
            guard entries.count == replicationFactor else {
                throw listField.error(
                    "\(entries.count) replicas, but the replication factor is \(replicationFactor)")
            }
            var list: [Int] = []
            for entry in entries {
                let id = try entry.integer()
                guard ids.contains(id) else {
                    let known = brokers.map { String($0.id) }.joined(separator: ", ")
                    throw entry.error("unknown broker id \(id) (brokers are \(known))")
                }
                guard !list.contains(id) else { throw entry.error("broker \(id) is listed twice") }
                list.append(id)
            }
            result.append(list)
        }
        return .explicit(result)
    }

    /// The scenario's servers as the metadata quorum: KRaft controllers are one majority quorum of voters, with
    /// node ids shared with the brokers (Kafka's `node.id` is unique in the cluster).
    private func checkQuorum(
        _ cluster: KafkaCluster, top: JSONObject, zones: ZoneTable, servers: inout [Server]
    ) throws(ScenarioFileError) {
        guard cluster.metadata != .zookeeper else { return }
        if cluster.metadata == .kraftCombined, let field = top.optional("serverFaults") {
            throw field.error("in kraft-combined mode a controller fails with its broker: give brokerFaults")
        }
        let serverFields = try top.required("servers").array()
        let brokerIndex = Dictionary(cluster.brokers.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (i, server) in servers.enumerated() {
            let object = try serverFields[i].object(allowed: nil)
            if let roleField = object.optional("role"), server.role != .participant {
                throw roleField.error(
                    "KRaft controllers are all voters (brokers are KRaft's observers); remove the role")
            }
            for key in ["group", "weight"] {
                if let groupField = object.optional(key) {
                    throw groupField.error(
                        "groups and weights are ZooKeeper's hierarchical quorums; KRaft controllers form one "
                            + "majority quorum")
                }
            }
            let idField = try object.required("id")
            let broker = brokerIndex[server.id]
            if cluster.metadata == .kraft, let broker {
                throw idField.error(
                    "controller \(server.id) has the id of kafka.brokers[\(broker)]: Kafka's node.id is unique in "
                        + "the cluster; give the controller another id, or use \"metadata\": \"kraft-combined\"")
            }
            guard cluster.metadata == .kraftCombined else { continue }
            guard let broker else {
                throw idField.error(
                    "server \(server.id) is no broker: in kraft-combined mode every controller is also the broker "
                        + "with its id (process.roles=broker,controller)")
            }
            if cluster.brokers[broker].zone != server.zone {
                let zoneNames = (zones.zones[server.zone].name, zones.zones[cluster.brokers[broker].zone].name)
                throw try object.required("zone").error(
                    "server \(server.id) is in zone \(zoneNames.0) but kafka.brokers[\(broker)] in zone "
                        + "\(zoneNames.1): a combined node is one process, in one zone")
            }
            if let faultsField = object.optional("faults") {
                throw faultsField.error(
                    "in kraft-combined mode a controller fails with its broker: give kafka.brokers[\(broker)].faults")
            }
            servers[i].faults = cluster.faults(ofBroker: broker)
        }
    }
}
