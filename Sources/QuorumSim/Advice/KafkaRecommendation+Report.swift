import ToolkitSupport

extension KafkaRecommendation {
    /// The report `quorumsim recommend --kafka` prints: the target, the choice, both tables and the reasons.
    public func text() -> String {
        let figure = Recommendation.figureText
        let zoneNames = request.zones.map(\.name)
        let limit = KafkaRecommender.limitMinutes(self)
        var out = "target: "
        if case .availability(let a) = request.target { out += "availability \(NumberText.printf("%.6g", a * 100))%, " }
        out +=
            "at most \(figure(limit)) min/yr with some partition unwritable (acks=all) and as long without a "
            + "controller quorum, over \(zoneNames.count) zone(s) (\(zoneNames.joined(separator: ", ")))\n"
        out +=
            "\(candidates.count) clusters evaluated (one topic of \(request.partitions) partitions, rack-aware, "
            + "brokers spread evenly over the zones) and \(controllers.count) KRaft controller count(s)\n\n"
        if let chosen {
            out +=
                "RECOMMENDED: \(chosen.brokers) brokers as \(zonesText(chosen.counts)), replication factor "
                + "\(chosen.replicationFactor), min.insync.replicas \(chosen.minInsyncReplicas)\n"
        } else if let best {
            out +=
                "NO CLUSTER meets the target; the best is \(best.brokers) brokers as \(zonesText(best.counts)), "
                + "replication factor \(best.replicationFactor), min.insync.replicas \(best.minInsyncReplicas)\n"
        }
        if let c = chosenControllers {
            out += "RECOMMENDED: \(c.voters) KRaft controllers as \(zonesText(c.counts))\n"
        } else if let c = bestControllers {
            out += "NO CONTROLLER COUNT meets the target; the best is \(c.voters) as \(zonesText(c.counts))\n"
        }
        out += "\n" + clusterTable() + "\n" + controllerTable()
        out += "\nwhy:\n"
        for reason in reasons { out += "  - \(reason)\n" }
        out += "\nExact figures, ranked by \"unwritable min/yr\" (time with at least one partition below\n"
        out += "min.insync.replicas). The cluster's are KafkaExact's memoryless model: a replica is in sync while its\n"
        out += "broker is up and failover is instant, so they are lower bounds where catch-up takes time or the\n"
        out +=
            "controllers have no quorum (then no leader can fail over). The controllers' figure is the time without\n"
        out += "a quorum (ExactAvailability), elections not counted. docs/kafka.md.\n"
        return out
    }

    /// `3/2 (3 in a, 2 in b)`.
    func zonesText(_ counts: [Int]) -> String { PlacementEvaluation.placementText(counts, zones: request.zones) }

    /// Every candidate, in rank order; the choice starred.
    func clusterTable() -> String {
        let figure = Recommendation.figureText
        let header = [
            "brokers", "layout", "RF", "min.ISR", "tolerates", "zone loss", "unwritable min/yr", "availability",
            "offline min/yr", "unwritable partition-min/yr",
        ]
        let rows = candidates.map { c -> [String] in
            [
                "\(c.brokers)" + (c == chosen ? " *" : ""), c.layout, "\(c.replicationFactor)",
                "\(c.minInsyncReplicas)", "\(c.failuresTolerated)",
                c.writableThroughAnyZoneLoss ? "writable" : "unwritable", figure(c.unwritableMinutesPerYear),
                NumberText.printf("%.7f%%", c.availability * 100), figure(c.figures.offlineMinutesPerYear),
                figure(c.figures.unwritablePartitionMinutesPerYear),
            ]
        }
        return Recommendation.table(header, rows)
    }

    /// The best placement of each controller count; the choice starred.
    func controllerTable() -> String {
        let rows = controllers.map { c -> [String] in
            [
                "\(c.voters)" + (c == chosenControllers ? " *" : ""), c.layout, "\(c.failuresTolerated)",
                c.survivesAnyZoneLoss ? "survives" : "loses quorum",
                Recommendation.figureText(c.downtimeMinutesPerYear),
                NumberText.printf("%.7f%%", c.availability * 100),
            ]
        }
        return Recommendation.table(
            ["controllers", "layout", "tolerates", "any zone", "no quorum min/yr", "availability"], rows)
    }

    /// The JSON of `quorumsim recommend --kafka --format json`, on one line (no final newline).
    public func json() -> String {
        func counts(_ c: [Int]) -> JSONValue { .array(c.map { .int(Int64($0)) }) }
        func cluster(_ c: KafkaCandidate) -> JSONValue {
            .object([
                ("brokers", .int(Int64(c.brokers))), ("layout", .string(c.layout)), ("counts", counts(c.counts)),
                ("replicationFactor", .int(Int64(c.replicationFactor))),
                ("minInsyncReplicas", .int(Int64(c.minInsyncReplicas))),
                ("failuresTolerated", .int(Int64(c.failuresTolerated))),
                ("writableThroughAnyZoneLoss", .bool(c.writableThroughAnyZoneLoss)),
                ("unwritableOnZoneLoss", counts(c.unwritableOnZoneLoss)),
                ("unwritableMinutesPerYear", .double(c.unwritableMinutesPerYear)),
                ("availability", .double(c.availability)),
                ("offlineMinutesPerYear", .double(c.figures.offlineMinutesPerYear)),
                ("unwritablePartitionMinutesPerYear", .double(c.figures.unwritablePartitionMinutesPerYear)),
                ("offlinePartitionMinutesPerYear", .double(c.figures.offlinePartitionMinutesPerYear)),
            ])
        }
        func controller(_ c: PlacementEvaluation) -> JSONValue {
            .object([
                ("controllers", .int(Int64(c.voters))), ("layout", .string(c.layout)), ("counts", counts(c.counts)),
                ("failuresTolerated", .int(Int64(c.failuresTolerated))),
                ("survivesAnyZoneLoss", .bool(c.survivesAnyZoneLoss)),
                ("noQuorumMinutesPerYear", .double(c.downtimeMinutesPerYear)),
                ("availability", .double(c.availability)),
            ])
        }
        let target: JSONValue
        switch request.target {
        case .availability(let a): target = .object([("availability", .double(a))])
        case .downtimeMinutesPerYear(let m): target = .object([("downtimeMinutesPerYear", .double(m))])
        }
        let document = JSONValue.object([
            ("zones", .array(request.zones.map { .string($0.name) })), ("target", target),
            ("partitions", .int(Int64(request.partitions))),
            ("recommended", chosen.map(cluster) ?? .null), ("best", best.map(cluster) ?? .null),
            ("recommendedControllers", chosenControllers.map(controller) ?? .null),
            ("bestControllers", bestControllers.map(controller) ?? .null),
            ("clusters", .array(candidates.map(cluster))), ("controllers", .array(controllers.map(controller))),
            ("reasons", .array(reasons.map { .string($0) })),
        ])
        return document.serialized(indent: 2, inlineFrom: 0)
    }
}
