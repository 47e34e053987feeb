/// The JSON format: an array with one object per scenario, keys in a fixed order.
enum JSONReport {
    static func render(_ reports: [SimulationReport]) -> String {
        if reports.isEmpty { return "[]\n" }
        return "[\n" + reports.map(object).joined(separator: ",\n") + "\n]\n"
    }

    static func object(_ report: SimulationReport) -> String {
        let m = report.metrics
        var fields: [(String, String)] = [
            ("name", string(report.name)),
            ("file", report.source.map(string) ?? "null"),
            ("settings", settings(report)),
            ("availability", estimate(m.availability)),
            (
                "exact",
                report.exact.map {
                    "{\"availability\": \($0.electionsInstant ? NumberText.json($0.availability) : "null"), \"quorumLossFraction\": "
                        + "\(NumberText.json($0.unavailability)), \"quorumLossMinutesPerYear\": "
                        + "\(NumberText.json($0.downtimeMinutesPerYear)), \"quorumLossEpisodesPerYear\": "
                        + "\($0.episodesPerYear.map(NumberText.json) ?? "null")}"
                } ?? "null"
            ),
            ("downtimeMinutesPerYear", estimate(m.downtimeMinutesPerYear)),
            ("quorumLossMinutesPerYear", estimate(m.quorumLossMinutesPerYear)),
            ("electionMinutesPerYear", estimate(m.electionMinutesPerYear)),
            ("quorumLossEpisodesPerYear", estimate(m.episodesPerYear)),
            ("meanEpisodeMinutes", m.meanEpisodeMinutes.map(estimate) ?? "null"),
            ("p99EpisodeMinutes", m.p99EpisodeMinutes.map(NumberText.json) ?? "null"),
            ("electionsPerYear", estimate(m.electionsPerYear)),
            ("yearWithOutageProbability", m.yearWithOutageProbability.map(estimate) ?? "null"),
            ("events", "\(m.events)"),
            ("simulatedYears", NumberText.json(m.simulatedYears)),
            ("wallSeconds", NumberText.json(report.wallSeconds)),
            ("eventsPerSecond", NumberText.json(report.eventsPerSecond)),
        ]
        if let rare = report.rareEvent { fields.insert(("rareEvent", rare.json), at: 5) }
        return "  {\n" + fields.map { "    \(string($0.0)): \($0.1)" }.joined(separator: ",\n") + "\n  }"
    }

    static func settings(_ report: SimulationReport) -> String {
        let s = report.settings
        return "{\"years\": \(NumberText.json(s.years)), \"replications\": \(s.replications), "
            + "\"seed\": \(s.seed), \"threads\": \(report.threads)}"
    }

    static func estimate(_ estimate: Estimate) -> String {
        let interval = estimate.ci95.map { "[\(NumberText.json($0.lowerBound)), \(NumberText.json($0.upperBound))]" }
        return "{\"mean\": \(NumberText.json(estimate.mean)), \"ci95\": \(interval ?? "null")}"
    }

    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
