extension ToleranceReport {
    /// The report for people: a summary, then one line per zone and per server.
    public func text() -> String {
        var lines: [String] = []
        let ruleLine: String
        if let majority {
            ruleLine = "plain majority: \(voters.count) voters, quorum \(majority)"
        } else {
            ruleLine = "hierarchical: \(voters.count) voters in \(groups ?? 0) groups"
        }
        let observerNote =
            observers.isEmpty ? "" : ", \(observers.count) observer\(plural(observers.count)) (observers never count)"
        lines.append("Tolerance of \"\(scenario)\" (\(ruleLine)\(observerNote))")
        lines.append(
            "  server failures that lose quorum: \(failuresToLoseQuorum) "
                + "(for example \(serverList(smallestLosingSet))); "
                + "tolerates \(failuresTolerated)")
        let zoneVerdict =
            survivesAnySingleZoneLoss
            ? "yes"
            : "no (\(quoted(zones.filter(\.lossLosesQuorum))))"
        lines.append("  survives the loss of any one zone: \(zoneVerdict)")
        let isolationVerdict =
            survivesAnyZoneIsolation
            ? "yes"
            : "no (\(quoted(zones.filter { $0.isolatedServingSide == .neither })))"
        lines.append("  a side still serves when any one zone is cut off: \(isolationVerdict)")
        lines.append("")
        lines.append("  Zones:")
        for z in zones {
            lines.append("    \"\(z.zone)\": \(z.voters) voter\(plural(z.voters)); servers \(list(z.servers))")
            if z.lossLosesQuorum {
                lines.append("      lost: quorum lost")
            } else {
                let n = z.failuresToLoseQuorumAfterLoss
                lines.append(
                    "      lost: quorum kept; then \(n) more server failure\(plural(n)) lose\(n == 1 ? "s" : "") it "
                        + "(for example \(serverList(z.losingSetAfterLoss)))")
            }
            switch z.isolatedServingSide {
            case .zone: lines.append("      cut off from the other zones: it serves alone")
            case .rest: lines.append("      cut off from the other zones: the other zones serve")
            case .neither: lines.append("      cut off from the other zones: neither side serves")
            }
        }
        lines.append("")
        lines.append("  One server in maintenance:")
        for m in maintenance {
            var line = "    server \(m.server) (\(m.role)): "
            if m.downLosesQuorum {
                line += "taking it down loses quorum"
            } else {
                line += "tolerates \(m.failuresTolerated) more failure\(plural(m.failuresTolerated)) while it is down"
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func list(_ ids: [Int]) -> String {
        ids.isEmpty ? "none" : ids.map(String.init).joined(separator: ", ")
    }

    private func quoted(_ zones: [ZoneTolerance]) -> String {
        zones.map { "\"\($0.zone)\"" }.joined(separator: ", ")
    }

    private func serverList(_ ids: [Int]) -> String {
        ids.isEmpty ? "none" : "server\(plural(ids.count)) \(list(ids))"
    }

    private func plural(_ n: Int) -> String { n == 1 ? "" : "s" }
}
