import ToolkitSupport
/// The CSV format: a header, then one row per scenario (RFC 4180 quoting).
enum CSVReport {
    static let estimateColumns: [(String, @Sendable (SimulationMetrics) -> Estimate?)] = [
        ("availability", { $0.availability }),
        ("downtime_min_per_year", { $0.downtimeMinutesPerYear }),
        ("quorum_loss_min_per_year", { $0.quorumLossMinutesPerYear }),
        ("election_min_per_year", { $0.electionMinutesPerYear }),
        ("quorum_loss_episodes_per_year", { $0.episodesPerYear }),
        ("mean_episode_min", { $0.meanEpisodeMinutes }),
        ("elections_per_year", { $0.electionsPerYear }),
        ("year_with_outage_probability", { $0.yearWithOutageProbability }),
    ]

    static var header: [String] {
        var columns = ["scenario", "file", "years", "replications", "seed", "threads"]
        for (name, _) in estimateColumns { columns += [name, "\(name)_ci95_low", "\(name)_ci95_high"] }
        columns += [
            "p99_episode_min", "exact_availability", "exact_downtime_min_per_year", "exact_episodes_per_year", "events", "simulated_years",
            "wall_seconds", "events_per_second",
        ]
        // After events_per_second so that the earlier columns keep their positions; exact_downtime_min_per_year
        // is kept one release as a deprecated alias of exact_quorum_loss_min_per_year (docs/quorumsim.md).
        columns += [
            "exact_quorum_loss_min_per_year", "exact_quorum_loss_fraction", "quorum_loss_episodes_seen", "few_episodes",
            "quorum_loss_episodes_per_year_upper95", "year_with_outage_probability_upper95", "slow_mixing",
        ]
        return columns
    }

    static func render(_ reports: [SimulationReport]) -> String {
        let rare = reports.contains { $0.rareEvent != nil }
        let kafka = reports.contains { $0.kafka != nil }
        var lines = [
            (header + (rare ? RareEventOutcome.csvHeader : []) + (kafka ? KafkaReport.csvHeader : []))
                .joined(separator: ",")
        ]
        for report in reports {
            var cells = [
                quote(report.name), quote(report.source ?? ""), number(report.settings.years),
                "\(report.settings.replications)", "\(report.settings.seed)", "\(report.threads)",
            ]
            for (_, value) in estimateColumns {
                let estimate = value(report.metrics)
                cells += [
                    estimate.map { number($0.mean) } ?? "", estimate?.ci95.map { number($0.lowerBound) } ?? "",
                    estimate?.ci95.map { number($0.upperBound) } ?? "",
                ]
            }
            cells += [
                report.metrics.p99EpisodeMinutes.map(number) ?? "", report.exact.flatMap { $0.electionsInstant ? number($0.availability) : nil } ?? "",
                report.exact.map { number($0.downtimeMinutesPerYear) } ?? "",
                report.exact?.episodesPerYear.map(number) ?? "", "\(report.metrics.events)",
                number(report.metrics.simulatedYears), number(report.wallSeconds), number(report.eventsPerSecond),
            ]
            let m = report.metrics
            cells += [
                report.exact.map { number($0.downtimeMinutesPerYear) } ?? "",
                report.exact.map { number($0.unavailability) } ?? "", "\(m.episodesSeen)", m.fewEpisodes ? "true" : "false",
                report.episodesPerYearUpper95.map(number) ?? "", report.yearWithOutageProbabilityUpper95.map(number) ?? "",
                quote(report.slowMixing ?? ""),
            ]
            if rare { cells += RareEventOutcome.csvCells(report.rareEvent) }
            if kafka { cells += KafkaReport.csvCells(report.kafka) }
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func number(_ value: Double) -> String {
        value.isFinite ? NumberText.json(value) : ""
    }

    static func quote(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingEvery("\"", with: "\"\"") + "\""
    }
}
