import ToolkitSupport

/// How `quorumsim run` prints the Kafka figures of a scenario with a `kafka` section (docs/kafka.md,
/// "`quorumsim run`"): per topic and for the cluster, each simulated figure with the exact one beside it.
extension KafkaReport {
    /// One figure as the three formats name it and read it.
    struct Figure: Sendable {
        /// Text row label, JSON key and CSV column (without the `kafka_` prefix).
        var label: String
        var key: String
        var column: String
        var simulated: @Sendable (KafkaTopicMetrics) -> Estimate?
        var exact: (@Sendable (KafkaTopicFigures) -> Double?)?
    }

    /// The figures, in the order printed.
    static let figures: [Figure] = [
        Figure(
            label: "≥1 unwritable (min/year)", key: "unwritableMinutesPerYear", column: "unwritable_min_per_year",
            simulated: { $0.unwritableMinutesPerYear }, exact: { $0.unwritableMinutesPerYear }),
        Figure(
            label: "≥1 offline (min/year)", key: "offlineMinutesPerYear", column: "offline_min_per_year",
            simulated: { $0.offlineMinutesPerYear }, exact: { $0.offlineMinutesPerYear }),
        Figure(
            label: "unwritable partition-min/year", key: "unwritablePartitionMinutesPerYear",
            column: "unwritable_partition_min_per_year", simulated: { $0.unwritablePartitionMinutesPerYear },
            exact: { $0.unwritablePartitionMinutesPerYear }),
        Figure(
            label: "offline partition-min/year", key: "offlinePartitionMinutesPerYear",
            column: "offline_partition_min_per_year", simulated: { $0.offlinePartitionMinutesPerYear },
            exact: { $0.offlinePartitionMinutesPerYear }),
        Figure(
            label: "unwritable episodes/year", key: "unwritableEpisodesPerYear", column: "unwritable_episodes_per_year",
            simulated: { $0.unwritableEpisodesPerYear }, exact: { $0.unwritableEpisodesPerYear }),
        Figure(
            label: "offline episodes/year", key: "offlineEpisodesPerYear", column: "offline_episodes_per_year",
            simulated: { $0.offlineEpisodesPerYear }, exact: { $0.offlineEpisodesPerYear }),
        Figure(
            label: "P(some unwritable in a year)", key: "yearWithUnwritableProbability",
            column: "year_with_unwritable_probability", simulated: { $0.yearWithUnwritableProbability }, exact: nil),
        Figure(
            label: "P(some offline in a year)", key: "yearWithOfflineProbability",
            column: "year_with_offline_probability", simulated: { $0.yearWithOfflineProbability }, exact: nil),
    ]

    /// The topics' and the cluster's figures side by side: (name, partitions, simulated, exact).
    var columns: [(name: String, partitions: Int, simulated: KafkaTopicMetrics?, exact: KafkaTopicFigures?)] {
        let names = exact.map { $0.topics.map(\.name) + ["cluster"] }
            ?? simulated.map { $0.topics.map(\.name) + ["cluster"] } ?? ["cluster"]
        return names.indices.map { i in
            let e = exact.map { i < $0.topics.count ? $0.topics[i] : $0.cluster }
            let s = simulated.map { i < $0.topics.count ? $0.topics[i] : $0.cluster }
            return (names[i], e?.partitions ?? s?.partitions ?? 0, s, e)
        }
    }

    // MARK: - Text

    /// The block printed below the ensemble's table for scenario `name`.
    func text(name: String) -> String {
        let columns = self.columns
        var rows: [(String, [String])] = [("", columns.map(\.name)), ("partitions", columns.map { "\($0.partitions)" })]
        for figure in Self.figures {
            rows.append((figure.label, columns.map { $0.simulated.flatMap(figure.simulated).map(Self.simulatedCell) ?? "-" }))
            if let exactFigure = figure.exact {
                rows.append(("  exact", columns.map { $0.exact.flatMap(exactFigure).map(Self.exactCell) ?? "-" }))
            }
        }
        var text = "Kafka cluster of \(name) (metadata quorum: the \(metadata.label), whose figures are above):\n"
        text += TextReport.layout(rows)
        if simulated == nil { text += "Kafka simulated figures: not simulated in this run (\"-\").\n" }
        if exact == nil {
            text += "Kafka exact figures: none for this cluster (more than \(KafkaExact.maxBrokers) brokers, too many "
                + "states, or periodic fault processes).\n"
        } else if !exactBoundReasons.isEmpty {
            text += "Kafka exact figures: the memoryless model's, a lower bound here: "
                + exactBoundReasons.joined(separator: "; ") + ".\n"
        }
        return text
    }

    static func simulatedCell(_ estimate: Estimate) -> String {
        NumberText.estimate(estimate)
    }

    /// 4 significant digits; scientific below 0.001 so that rare figures keep their digits.
    static func exactCell(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value < 1e-3 { return NumberText.printf("%.4g", value) }
        return NumberText.fixed(value, NumberText.decimals(forValue: value, significant: 4))
    }

    // MARK: - JSON

    var json: JSONValue {
        func topic(_ c: (name: String, partitions: Int, simulated: KafkaTopicMetrics?, exact: KafkaTopicFigures?))
            -> JSONValue
        {
            let simulated: JSONValue = c.simulated.map { m in
                .object(Self.figures.map { f in (f.key, f.simulated(m).map(JSONReport.estimate) ?? .null) })
            } ?? .null
            let exact: JSONValue = c.exact.map { e in
                .object(
                    [("unwritableFraction", .double(e.unwritable)), ("offlineFraction", .double(e.offline))]
                        + Self.figures.compactMap { f in f.exact.map { (f.key, .from($0(e))) } })
            } ?? .null
            return .object([
                ("name", .string(c.name)), ("partitions", .int(Int64(c.partitions))), ("simulated", simulated),
                ("exact", exact),
            ])
        }
        let all = columns
        return .object([
            ("metadata", .string(metadata.rawValue)), ("metadataQuorum", .string(metadata.label)),
            ("topics", .array(all.dropLast().map(topic))), ("cluster", topic(all[all.count - 1])),
            ("exactBoundReasons", .array(exactBoundReasons.map { .string($0) })),
        ])
    }

    // MARK: - CSV

    /// Columns after every other one, when some report of the run has a `kafka` section: the cluster's figures.
    static var csvHeader: [String] {
        var header = ["kafka_metadata_quorum", "kafka_partitions"]
        for f in figures {
            header += ["kafka_\(f.column)", "kafka_\(f.column)_ci95_low", "kafka_\(f.column)_ci95_high"]
        }
        header += figures.compactMap { $0.exact == nil ? nil : "kafka_exact_\($0.column)" }
        return header + ["kafka_exact_bound_reasons"]
    }

    /// The cells of `report` (empty ones without a `kafka` section).
    static func csvCells(_ report: KafkaReport?) -> [String] {
        guard let report, let cluster = report.columns.last else { return csvHeader.map { _ in "" } }
        var cells = [report.metadata.rawValue, "\(cluster.partitions)"]
        for f in figures {
            let e = cluster.simulated.flatMap(f.simulated)
            cells += [
                e.map { CSVReport.number($0.mean) } ?? "", e?.ci95.map { CSVReport.number($0.lowerBound) } ?? "",
                e?.ci95.map { CSVReport.number($0.upperBound) } ?? "",
            ]
        }
        cells += figures.compactMap { f in f.exact.map { read in cluster.exact.flatMap(read).map(CSVReport.number) ?? "" } }
        return cells + [CSVReport.quote(report.exactBoundReasons.joined(separator: "; "))]
    }
}
