import Glibc
import ToolkitSupport

/// The text format: one row per figure, one column per scenario.
enum TextReport {
    /// Over 60 lines because it is the table itself: one `row` per line of the report, in the order printed,
    /// so that a reader sees the whole layout in one place.
    static func render(_ reports: [SimulationReport]) -> String {
        var rows: [(String, [String])] = []
        func row(_ label: String, _ cell: (SimulationReport) -> String) {
            rows.append((label, reports.map(cell)))
        }
        row("scenario") { $0.name }
        if reports.contains(where: { $0.kafka != nil }) { row("metadata quorum") { $0.kafka?.metadata.label ?? "-" } }
        row("availability") { availabilityCell($0.metrics.availability) }
        row("  nines") { nines($0.metrics.availability.mean) }
        row("  exact") { report in report.exact.flatMap { $0.electionsInstant ? exactAvailabilityCell($0) : nil } ?? "-" }
        row("downtime (min/year)") { NumberText.estimate($0.metrics.downtimeMinutesPerYear) }
        row("  without quorum") { report in
            let loss = report.metrics.quorumLossMinutesPerYear
            return loss.mean == 0 ? "0 (no episode seen)" : NumberText.estimate(loss)
        }
        row("  exact without quorum") { report in report.exact.map { exactCell($0.downtimeMinutesPerYear) } ?? "-" }
        if reports.contains(where: { $0.rareEvent != nil }) {
            for (label, cell) in RareEventOutcome.textRows { row(label, cell) }
        }
        row("  in elections") { NumberText.estimate($0.metrics.electionMinutesPerYear) }
        row("quorum-loss episodes/year") { report in
            report.episodesPerYearUpper95.map { "0 (none seen; < \(NumberText.scientific($0)) at 95%)" }
                ?? NumberText.estimate(report.metrics.episodesPerYear)
        }
        row("  exact") { report in report.exact?.episodesPerYear.map(exactCell) ?? "-" }
        row("  mean length (min)") { report in
            report.metrics.meanEpisodeMinutes.map { NumberText.estimate($0) } ?? "-"
        }
        row("  p99 length (min)") { report in
            report.metrics.p99EpisodeMinutes.map {
                NumberText.fixed($0, NumberText.decimals(forValue: $0, significant: 3))
            }
                ?? "-"
        }
        row("P(outage in a year)") { report in
            if let bound = report.yearWithOutageProbabilityUpper95 {
                return "0 (< \(NumberText.scientific(bound)) at 95%)"
            }
            return report.metrics.yearWithOutageProbability.map { NumberText.estimate($0) } ?? "-"
        }
        row("elections/year") { NumberText.estimate($0.metrics.electionsPerYear) }
        if reports.contains(where: { $0.metrics.maintenance != nil }) {
            for (label, cell) in MaintenanceMetrics.textRows { row(label, cell) }
        }
        row("simulated years") { report in
            "\(report.metrics.replications) × \(NumberText.json(report.settings.years))"
        }
        row("seed") { "\($0.settings.seed)" }
        row("events") { "\($0.metrics.events)" }
        row("wall time (s)") { NumberText.fixed($0.wallSeconds, 2) }
        row("events/s") { report in
            let threads = report.threads == 1 ? "1 thread" : "\(report.threads) threads"
            return "\(NumberText.fixed(report.eventsPerSecond / 1e6, 1)) M (\(threads))"
        }

        var text = layout(rows)
        text += "± is the half-width of the 95% confidence interval over replications (Student t); [low, high] an\n"
        text += "interval cut at 0 or 100%.\n"
        for report in reports {
            guard let election = report.election else { continue }
            let provenance = election.provenance(metadata: report.kafka?.metadata)
            text += "elections\(reports.count > 1 ? " (\(report.name))" : ""): \(provenance)\n"
        }
        text += fewEpisodeNotes(reports)
        text += exactOutsideNotes(reports)
        text += RareEventOutcome.textNotes(reports)
        for report in reports { if let kafka = report.kafka { text += kafka.text(name: report.name) } }
        return text
    }

    /// The rows as a table, one line per row each ending in "\n": the label padded to the widest label, then
    /// each cell after two spaces, padded to the widest cell of its column except a row's last cell, which is
    /// not padded (no trailing spaces). Used by the scenarios' table and by the Kafka block below it.
    static func layout(_ rows: [(String, [String])]) -> String {
        let labelWidth = rows.map(\.0.count).max() ?? 0
        var widths = [Int](repeating: 0, count: rows.map(\.1.count).max() ?? 0)
        for (_, cells) in rows {
            for (i, cell) in cells.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        var text = ""
        for (label, cells) in rows {
            var line = label.paddedWithSpaces(to: labelWidth)
            for (i, cell) in cells.enumerated() {
                let last = i == cells.count - 1
                line += "  " + (last ? cell : cell.paddedWithSpaces(to: widths[i]))
            }
            text += line + "\n"
        }
        return text
    }

    /// Below this unavailability a percentage with 8 decimals says too little (3.48e-11 prints as
    /// 100.00000000 %): such figures print as an unavailability in scientific notation.
    static let rareUnavailability = 1e-6

    /// The simulated availability: a percentage, or the unavailability when it is rare.
    static func availabilityCell(_ availability: Estimate) -> String {
        let unavailability = 1 - availability.mean
        if unavailability == 0 { return "100% (no downtime seen)" }
        guard unavailability > 0, unavailability < rareUnavailability else {
            return NumberText.estimate(availability, scale: 100, suffix: "%", significant: 8)
        }
        let text = "unavailability \(NumberText.scientific(unavailability))"
        guard let ci95 = availability.ci95 else { return text }
        let low = NumberText.scientific(1 - ci95.upperBound)
        let high = NumberText.scientific(1 - ci95.lowerBound)
        return "\(text) [\(low), \(high)]"
    }

    /// An exact figure beside a simulated one: 4 significant digits.
    static func exactCell(_ value: Double) -> String {
        NumberText.fixed(value, NumberText.decimals(forValue: value, significant: 4))
    }

    /// A line per exact figure that lies outside the 95% interval of the simulated figure printed beside it, so
    /// that neither is doubted: by design about one seed in 20 puts it there. Not for the quorum-loss figures of a
    /// scenario with few episodes, whose note already says their intervals may cover less.
    static func exactOutsideNotes(_ reports: [SimulationReport]) -> String {
        var text = ""
        for report in reports {
            guard let exact = report.exact else { continue }
            var pairs: [(what: String, simulated: Estimate, shown: String, exact: Double, exactShown: String)] = []
            if !report.metrics.fewEpisodes {
                if exact.electionsInstant {
                    pairs.append(
                        ("availability", report.metrics.availability, availabilityCell(report.metrics.availability),
                         exact.availability, exactAvailabilityCell(exact)))
                }
                let loss = report.metrics.quorumLossMinutesPerYear
                pairs.append(
                    ("time without a quorum", loss, NumberText.estimate(loss) + " min/yr", exact.downtimeMinutesPerYear,
                     exactCell(exact.downtimeMinutesPerYear) + " min/yr"))
                if let episodes = exact.episodesPerYear, report.episodesPerYearUpper95 == nil {
                    let seen = report.metrics.episodesPerYear
                    pairs.append(
                        ("quorum-loss episodes/year", seen, NumberText.estimate(seen), episodes, exactCell(episodes)))
                }
            }
            if let rare = report.rareEvent?.estimate?.quorumLossMinutesPerYear {
                pairs.append(
                    ("time without a quorum (IS)", rare, NumberText.estimate(rare) + " min/yr",
                     exact.downtimeMinutesPerYear, exactCell(exact.downtimeMinutesPerYear) + " min/yr"))
            }
            for pair in pairs {
                guard let ci = pair.simulated.ci95, !ci.contains(pair.exact) else { continue }
                text += "\(report.name): the exact \(pair.what), \(pair.exactShown), lies outside the 95% interval of "
                    + "the simulated \(pair.shown); a 95% interval misses the true value in about 1 run in 20, so this alone is no sign of an error.\n"
            }
        }
        return text
    }

    /// The exact availability: a percentage, or the unavailability and its nines when it is rare.
    static func exactAvailabilityCell(_ exact: ExactFigures) -> String {
        let u = exact.unavailability
        guard u > 0, u < rareUnavailability else { return NumberText.fixed(exact.availability * 100, 8) + "%" }
        return "unavailability \(NumberText.scientific(u)) (\(NumberText.nines(unavailability: u)))"
    }

    /// A line per scenario whose quorum-loss intervals rest on too few episodes.
    static func fewEpisodeNotes(_ reports: [SimulationReport]) -> String {
        var text = ""
        for report in reports where report.metrics.fewEpisodes {
            let seen = report.metrics.episodesSeen
            let bounded = report.episodesPerYearUpper95 != nil
            let what = seen == 0 ? "no quorum-loss episode" : "only \(seen) quorum-loss episode\(seen == 1 ? "" : "s")"
            text += "\(report.name): \(what) seen (fewer than \(SimulationMetrics.fewEpisodesThreshold)): "
            text += seen == 0 ? (bounded ? "the bounds are one-sided 95%" : "no bound over years") : "the quorum-loss intervals may cover less than 95%"
            text += "; simulate more years or replications for figures to trust.\n"
        }
        for report in reports { if let note = report.slowMixing { text += "\(report.name): \(note).\n" } }
        return text
    }

    /// −log10 of the unavailability: 99.9 % is 3 nines.
    static func nines(_ availability: Double) -> String {
        guard availability < 1 else { return "no downtime seen" }
        return NumberText.fixed(-log10(1 - availability), 2)
    }
}
