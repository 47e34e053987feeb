import ToolkitSupport

/// How the importance-sampling figures appear in the text, JSON and CSV reports of `quorumsim run`.
extension RareEventOutcome {
    // MARK: Text

    /// Rows for the text table, each with its cell for a report (`-` where there is no estimate).
    static let textRows: [(String, @Sendable (SimulationReport) -> String)] = [
        (
            "  IS without quorum",
            { report in
                report.rareEvent?.estimate.map { NumberText.estimate($0.quorumLossMinutesPerYear) } ?? "-"
            }
        ),
        (
            "  IS fraction",
            { report in
                guard let e = report.rareEvent?.estimate else { return "-" }
                let mean = NumberText.printf("%.3e", e.unavailability.mean)
                guard e.relativeHalfWidth.isFinite, e.stop != .deterministic else { return mean }
                return "\(mean) ± \(NumberText.fixed(e.relativeHalfWidth * 100, 1))%"
            }
        ),
        (
            "  IS cycles, wall (s)",
            { report in
                guard let e = report.rareEvent?.estimate else { return "-" }
                return "\(e.cycles), \(NumberText.fixed(e.wallSeconds, 2))"
            }
        ),
    ]

    /// Lines under the table: what IS means, and why a scenario has no IS figure.
    static func textNotes(_ reports: [SimulationReport]) -> String {
        guard reports.contains(where: { $0.rareEvent != nil }) else { return "" }
        var text =
            "IS: importance sampling (balanced failure biasing), elections ignored; ± relative half-width "
            + "of the 95% interval.\n"
        for report in reports {
            if let reason = report.rareEvent?.reason { text += "IS for \(report.name): \(reason)\n" }
            if let e = report.rareEvent?.estimate, e.stop == .timeBudget || e.stop == .cycleBudget {
                let budget = e.stop == .timeBudget ? "time" : "cycle"
                text += "IS for \(report.name): the \(budget) budget ran out before the target precision\n"
            }
            if let caution = report.rareEvent?.estimate?.caution { text += "IS for \(report.name): \(caution)\n" }
            if report.rareEvent != nil, let kafka = report.kafka {
                text +=
                    "IS for \(report.name): estimates the time without a quorum of the \(kafka.metadata.label) only; "
                    + "the Kafka figures are the plain simulation's\n"
            }
        }
        return text
    }

    // MARK: JSON

    /// The value of the `rareEvent` key.
    var json: JSONValue {
        guard let e = estimate else {
            return .object([("quorumLossFraction", .null), ("reason", .string(reason ?? ""))])
        }
        return .object([
            ("method", .string("importance sampling, balanced failure biasing, regenerative")),
            ("failureBias", .from(e.failureBias)),
            ("quorumLossFraction", JSONReport.estimate(e.unavailability)),
            ("relativeHalfWidth", .double(e.relativeHalfWidth)),
            ("quorumLossMinutesPerYear", JSONReport.estimate(e.quorumLossMinutesPerYear)),
            ("quorumLossEpisodesPerYear", JSONReport.estimate(e.episodesPerYear)),
            ("meanCycleHours", e.meanCycleHours.map(JSONReport.estimate) ?? .null),
            ("cycles", .int(Int64(e.cycles))),
            ("cyclesWithLoss", .int(Int64(e.cyclesWithLoss))),
            ("plainCycles", .int(Int64(e.plainCycles))),
            ("steps", .unsigned(e.steps)),
            ("stop", .string(e.stop.rawValue)),
            ("seed", .unsigned(e.seed)),
            ("wallSeconds", .double(e.wallSeconds)),
            ("reason", .null),
            ("caution", .from(e.caution)),
        ])
    }

    // MARK: CSV

    static let csvHeader = [
        "rare_quorum_loss_fraction", "rare_quorum_loss_fraction_ci95_low", "rare_quorum_loss_fraction_ci95_high",
        "rare_relative_half_width", "rare_episodes_per_year", "rare_cycles", "rare_stop", "rare_wall_seconds",
        "rare_reason", "rare_caution",
    ]

    /// The cells under `csvHeader` for `outcome` (all empty but the reason when there is no estimate).
    static func csvCells(_ outcome: RareEventOutcome?) -> [String] {
        guard let outcome else { return Array(repeating: "", count: csvHeader.count) }
        guard let e = outcome.estimate else {
            return Array(repeating: "", count: csvHeader.count - 2) + [CSVReport.quote(outcome.reason ?? ""), ""]
        }
        return [
            CSVReport.number(e.unavailability.mean),
            e.unavailability.ci95.map { CSVReport.number($0.lowerBound) } ?? "",
            e.unavailability.ci95.map { CSVReport.number($0.upperBound) } ?? "", CSVReport.number(e.relativeHalfWidth),
            CSVReport.number(e.episodesPerYear.mean), "\(e.cycles)", e.stop.rawValue, CSVReport.number(e.wallSeconds),
            "", CSVReport.quote(e.caution ?? ""),
        ]
    }
}
