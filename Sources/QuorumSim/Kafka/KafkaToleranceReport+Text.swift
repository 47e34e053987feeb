extension KafkaToleranceReport {
    /// The report for people, every line indented by `indent` spaces: `heading` (`Kafka` beside an ensemble's
    /// tolerance, the file's name for `--kafka-describe`), the topics, today's state, the fewest broker losses
    /// that hurt, then one sentence per zone lost and per set size.
    public func text(heading: String, indent: Int = 0) -> String {
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        let zoneCount = Set(brokers.map(\.zone)).count
        let partitions = topics.map(\.partitions).reduce(0, +)
        let quorum: String
        if let kind = metadata {
            // "KRaft controllers (combined with brokers)" → "…(combined with brokers; the servers above)".
            let label = kind.label
            quorum =
                label.hasSuffix(")")
                ? "metadata on the \(label.dropLast()); the servers above)" : "metadata on the \(label) (the servers above)"
        } else {
            quorum = "metadata quorum not known: counted as surviving every loss"
        }
        lines.append(
            "\(heading): \(count(brokers.count, "broker")) over \(count(zoneCount, "zone")), "
                + "\(count(partitions, "partition")) in \(count(topics.count, "topic")); \(quorum)")
        for topic in topics {
            let assumed =
                topic.minInsyncAssumed ? " (assumed: not in its Configs; set it with --min-insync)" : ""
            lines.append(
                "  topic `\(topic.name)`: \(count(topic.partitions, "partition")), replication factor "
                    + "\(topic.replicationFactor), min.insync.replicas \(topic.minInsyncReplicas)\(assumed)")
        }
        if !downToday.isEmpty {
            lines.append("  down today (left in the Isr of a partition without a leader, or listed Offline): "
                    + brokerList(downToday))
        }
        // From a scenario every replica is in sync: today is news only for a described cluster.
        if metadata == nil || today.unwritable > 0 { lines.append("  today: \(damage(today))") }
        lines.append(
            "  brokers lost before a partition is unwritable: \(fewest(brokersToUnwritable, unwritableExample)); "
                + "before one is offline: \(fewest(brokersToOffline, offlineExample))")
        lines.append("")
        lines.append("  Zones:")
        for zone in zones {
            lines.append(
                "    losing zone \"\(zone.zone ?? "")\" (\(brokerList(zone.brokers))) leaves \(damage(zone))"
                    + quorumNote(zone))
        }
        lines.append("")
        lines.append(
            examinedUpTo == 0
                ? "  Brokers lost: no set examined"
                : "  Brokers lost (every set of k brokers up today, k = 1 to \(examinedUpTo)):")
        for sets in brokerSets {
            var line =
                "    \(count(sets.k, "broker")): \(count(sets.sets, "set")), \(sets.setsUnwritable) \(leave(sets.setsUnwritable)) "
                + "a partition unwritable, \(sets.setsOffline) \(leave(sets.setsOffline)) one offline"
            if sets.setsLosingMetadataQuorum > 0 {
                let n = sets.setsLosingMetadataQuorum
                line += ", \(n) lose\(n == 1 ? "s" : "") the metadata quorum"
            }
            if let worst = sets.worst.first {
                line += "; worst: losing \(brokerList(worst.brokers)) leaves \(damage(worst))\(quorumNote(worst))"
            }
            lines.append(line)
        }
        if let notExamined {
            lines.append("    k = \(examinedUpTo + 1) and more not examined: \(notExamined)")
        }
        return lines.map { $0.isEmpty ? $0 : pad + $0 }.joined(separator: "\n") + "\n"
    }

    /// "14 partitions of `orders` below min.insync.replicas (unwritable), 0 offline; 3 of `logs` unwritable, …".
    private func damage(_ loss: KafkaLoss) -> String {
        guard loss.unwritable > 0 else { return "every partition writable" }
        let shown = 5
        var parts = loss.topics.prefix(shown).enumerated().map { i, t in
            i == 0
                ? "\(count(t.unwritable, "partition")) of `\(t.topic)` below min.insync.replicas (unwritable), "
                    + "\(t.offline) offline"
                : "\(t.unwritable) of `\(t.topic)` unwritable, \(t.offline) offline"
        }
        if loss.topics.count > shown {
            let rest = loss.topics.dropFirst(shown)
            parts.append(
                "\(rest.map(\.unwritable).reduce(0, +)) unwritable and \(rest.map(\.offline).reduce(0, +)) offline "
                    + "in \(count(rest.count, "more topic"))")
        }
        return parts.joined(separator: "; ")
    }

    private func quorumNote(_ loss: KafkaLoss) -> String {
        switch loss.metadataQuorumSurvives {
        case true?: return "; the metadata quorum survives"
        case false?: return "; the metadata quorum is lost too, so no leader fails over and no ISR shrinks"
        case nil: return ""
        }
    }

    private func fewest(_ k: Int?, _ example: [Int]) -> String {
        guard let k else { return "more than \(examinedUpTo)" }
        return k == 0 ? "0 (already today)" : "\(k) (for example \(brokerList(example)))"
    }

    private func brokerList(_ ids: [Int]) -> String {
        ids.isEmpty ? "no broker" : "broker\(ids.count == 1 ? "" : "s") " + ids.map(String.init).joined(separator: ", ")
    }

    private func leave(_ n: Int) -> String { n == 1 ? "leaves" : "leave" }

    private func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
