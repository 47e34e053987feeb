import ToolkitSupport

/// The JSON format: an array with one object per scenario, keys in a fixed order (docs/quorumsim.md); each
/// figure's object on one line.
enum JSONReport {
    static func render(_ reports: [SimulationReport]) -> String {
        JSONValue.array(reports.map(object)).serialized(indent: 2, inlineFrom: 2) + "\n"
    }

    static func object(_ report: SimulationReport) -> JSONValue {
        let m = report.metrics
        var fields: [(String, JSONValue)] = [
            ("name", .string(report.name)),
            ("file", .from(report.source)),
            ("settings", settings(report)),
            ("availability", estimate(m.availability)),
            ("exact", report.exact.map(exact) ?? .null),
            ("downtimeMinutesPerYear", estimate(m.downtimeMinutesPerYear)),
            ("quorumLossMinutesPerYear", estimate(m.quorumLossMinutesPerYear)),
            ("electionMinutesPerYear", estimate(m.electionMinutesPerYear)),
            ("quorumLossEpisodesPerYear", estimate(m.episodesPerYear)),
            ("meanEpisodeMinutes", m.meanEpisodeMinutes.map(estimate) ?? .null),
            ("p99EpisodeMinutes", .from(m.p99EpisodeMinutes)),
            ("electionsPerYear", estimate(m.electionsPerYear)),
            ("yearWithOutageProbability", m.yearWithOutageProbability.map(estimate) ?? .null),
            ("events", .unsigned(m.events)),
            ("simulatedYears", .double(m.simulatedYears)),
            ("wallSeconds", .double(report.wallSeconds)),
            ("eventsPerSecond", .double(report.eventsPerSecond)),
            ("quorumLossEpisodesSeen", .int(Int64(m.episodesSeen))),
            ("fewEpisodes", .bool(m.fewEpisodes)),
            ("quorumLossEpisodesPerYearUpper95", .from(report.episodesPerYearUpper95)),
            ("yearWithOutageProbabilityUpper95", .from(report.yearWithOutageProbabilityUpper95)),
            ("slowMixing", .from(report.slowMixing)),
        ]
        if let election = report.election {
            let after = fields.firstIndex { $0.0 == "electionsPerYear" }!
            fields.insert(("election", election.provenanceJSON), at: after + 1)
        }
        if let rare = report.rareEvent { fields.insert(("rareEvent", rare.json), at: 5) }
        if let maintenance = m.maintenance {
            fields.insert(("maintenance", maintenance.json), at: fields.firstIndex { $0.0 == "electionsPerYear" }! + 1)
        }
        if let kafka = report.kafka { fields.append(("kafka", kafka.json)) }
        return .object(fields)
    }

    static func exact(_ e: ExactFigures) -> JSONValue {
        .object([
            ("availability", e.electionsInstant ? .double(e.availability) : .null),
            ("quorumLossFraction", .double(e.unavailability)),
            ("quorumLossMinutesPerYear", .double(e.downtimeMinutesPerYear)),
            ("quorumLossEpisodesPerYear", .from(e.episodesPerYear)),
        ])
    }

    static func settings(_ report: SimulationReport) -> JSONValue {
        let s = report.settings
        return .object([
            ("years", .double(s.years)), ("replications", .int(Int64(s.replications))),
            ("seed", .unsigned(s.seed)),
            ("threads", .int(Int64(report.threads))),
        ])
    }

    static func estimate(_ estimate: Estimate) -> JSONValue {
        .object([
            ("mean", .double(estimate.mean)),
            ("ci95", estimate.ci95.map { .array([.double($0.lowerBound), .double($0.upperBound)]) } ?? .null),
        ])
    }
}
