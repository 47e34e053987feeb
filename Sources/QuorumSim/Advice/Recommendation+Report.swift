import ToolkitSupport

/// A placement's figure beside a plain simulation of the same placement, the cross-check.
public struct RecommendationEvidence: Sendable {
    /// The placement and the figure it was ranked by.
    public var placement: PlacementEvaluation
    /// The plain simulation of the same placement (`Recommender.scenario(for:_:)`).
    public var simulation: SimulationReport

    /// Pairs a placement with the simulation of its scenario.
    public init(placement: PlacementEvaluation, simulation: SimulationReport) {
        self.placement = placement
        self.simulation = simulation
    }

    /// The ranked figure in minutes per year: exact (no interval), or simulated with its 95% interval.
    public var downtimeMinutesPerYear: Estimate {
        placement.figure.simulated ?? Estimate(mean: placement.downtimeMinutesPerYear, ci95: nil)
    }

    /// Fraction of time writes are possible, 0 … 1, from `downtimeMinutesPerYear`.
    public var availability: Estimate {
        let d = downtimeMinutesPerYear
        let scale = 1 / (hoursPerYear * 60)
        func availability(_ minutes: Double) -> Double { Fraction.clamped(1 - minutes * scale) }
        return Estimate(
            mean: availability(d.mean), ci95: d.ci95.map { availability($0.upperBound)...availability($0.lowerBound) })
    }
}

extension Recommendation {
    /// The placements to simulate for evidence: the chosen one and the best odd counts from 3 up to it.
    public var evidenceCandidates: [PlacementEvaluation] {
        let top = (chosen ?? best)?.voters ?? 0
        var list = bestBySize.filter { $0.voters >= 3 && $0.voters % 2 == 1 && $0.voters < top }
        if let pick = chosen ?? best { list.append(pick) }
        return list
    }

    /// Downtime per year (log) against voter count, one line per number of zones used, with the target as a line
    /// and the recommended placement (the best, when none meets the target) ringed.
    public func plot() -> SVGPlot {
        let series = bestBySizeAndZones.keys.sorted().compactMap { k -> SVGPlot.Series? in
            guard let placements = bestBySizeAndZones[k], !placements.isEmpty else { return nil }
            let label = k == 1 ? "one zone" : "\(k) zones (best split)"
            return SVGPlot.Series(
                label: label, points: placements.map { (Double($0.voters), $0.downtimeMinutesPerYear) })
        }
        var plot = SVGPlot(
            title: "Write downtime per year by voter count and zone layout",
            xLabel: "voters", yLabel: "downtime, minutes per year (log scale)", series: series)
        let target = request.target.maximumUnavailability * hoursPerYear * 60
        plot.target = (target, "target \(Self.figureText(target)) min/yr")
        if let pick = chosen ?? best {
            plot.marked = SVGPlot.Mark(
                x: Double(pick.voters), y: pick.downtimeMinutesPerYear,
                role: chosen == nil ? "best (none meets)" : "recommended",
                label: "\(pick.voters) voter\(pick.voters == 1 ? "" : "s") as \(pick.layout)")
        }
        return plot
    }

    /// The report `quorumsim recommend` prints: the target, the choice, a table of the evidence and the reasons.
    public func text() -> String {
        var out = ""
        let zoneNames = request.zones.map(\.name)
        switch request.target {
        case .availability(let a): out += "target: availability \(NumberText.printf("%.6g", a * 100))%"
        case .downtimeMinutesPerYear(let m): out += "target: at most \(Recommender.minutes(m)) of write downtime"
        }
        out += " over \(zoneNames.count) zone(s) (\(zoneNames.joined(separator: ", "))); \(evaluated) placements of 1-\(request.maxVoters) voters evaluated\n\n"
        if let chosen {
            out += "RECOMMENDED: \(chosen.voters) voter(s) as \(placementText(chosen))\n"
        } else if let best {
            out += "NO PLACEMENT meets the target (up to \(request.maxVoters) voters); the best is "
                + "\(best.voters) voter(s) as \(placementText(best)) with \(Recommender.minutes(best))\n"
        }
        out += "\n" + evidenceTable()
        out += "\nwhy:\n"
        for reason in reasons { out += "  - \(reason)\n" }
        out += "\ndowntime: time without a quorum (exact, product form) + elections after faults and elections maintenance\n"
        out += "causes (first-order rates), docs/quorumsim-advice.md; \"sim\" marks a simulated figure. Cross-check: plain\n"
        out += "simulation (\(evidence.first.map { "\($0.simulation.settings.replications) x \(NumberText.fixed($0.simulation.settings.years, 0)) years, seed \($0.simulation.settings.seed)" } ?? "none")).\n"
        if request.maintenance != nil, request.election != nil {
            out += "With maintenance the figure counts elections after faults and restart elections apart; in the\n"
            out += "simulation a leader failure that hands the lead to the highest id spares the next cycle one restart\n"
            out += "election, so it may run lower, by at most the elections after faults (the figure errs high).\n"
        }
        return out
    }

    func placementText(_ p: PlacementEvaluation) -> String {
        PlacementEvaluation.placementText(p.counts, zones: request.zones)
    }

    func evidenceTable() -> String {
        let header = ["voters", "layout", "tolerates", "any zone", "downtime min/yr", "availability", "simulated min/yr (95% CI)"]
        var rows: [[String]] = []
        for e in evidence {
            let p = e.placement
            let d = e.downtimeMinutesPerYear
            let mc = e.simulation.metrics.downtimeMinutesPerYear
            rows.append([
                "\(p.voters)" + (p == chosen ? " *" : ""), p.layout, "\(p.failuresTolerated)",
                p.survivesAnyZoneLoss ? "survives" : "loses quorum",
                Self.interval(d) + (p.isSimulated ? " sim" : ""), NumberText.printf("%.7f%%", e.availability.mean * 100),
                Self.interval(mc),
            ])
        }
        return Self.table(header, rows)
    }

    /// A plain-text table: columns as wide as their widest cell, two spaces apart, no trailing blanks.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { $1.paddedWithSpaces(to: widths[$0]) }
                .joined(separator: "  ").trimmingBlanks() + "\n"
        }
        return line(header) + rows.map(line).joined()
    }

    static func interval(_ e: Estimate) -> String {
        guard let ci = e.ci95 else { return figureText(e.mean) }
        return "\(figureText(e.mean)) [\(figureText(ci.lowerBound)), \(figureText(ci.upperBound))]"
    }

    /// Minutes per year as the table and the "why" lines print them: whole minutes from 100, else 3 digits.
    public static func figureText(_ v: Double) -> String {
        v >= 100 ? NumberText.printf("%.0f", v) : NumberText.printf("%.3g", v)
    }

    /// The JSON of `quorumsim recommend --format json`, on one line (no final newline).
    public func json() -> String {
        let estimate = JSONReport.estimate
        func placement(_ p: PlacementEvaluation) -> JSONValue {
            .object([
                ("voters", .int(Int64(p.voters))), ("layout", .string(p.layout)),
                ("counts", .array(p.counts.map { .int(Int64($0)) })),
                ("failuresTolerated", .int(Int64(p.failuresTolerated))),
                ("survivesAnyZoneLoss", .bool(p.survivesAnyZoneLoss)),
                ("zonesSurvivable", .int(Int64(p.zonesSurvivable))),
                ("quorumLossFraction", .double(p.quorumUnavailability)),
                ("electionFraction", .double(p.electionUnavailability)),
                ("faultElectionFraction", .double(p.figure.faultElections)),
                ("maintenanceElectionFraction", .double(p.figure.maintenanceElections)),
                ("downtimeMinutesPerYear", .double(p.downtimeMinutesPerYear)),
                ("method", .string(p.isSimulated ? "simulated" : "exact")),
                ("simulatedFigure", p.figure.simulated.map(estimate) ?? .null),
            ])
        }
        let target: JSONValue
        switch request.target {
        case .availability(let a): target = .object([("availability", .double(a))])
        case .downtimeMinutesPerYear(let m): target = .object([("downtimeMinutesPerYear", .double(m))])
        }
        let ev: [JSONValue] = evidence.map { e in
            .object([
                ("placement", placement(e.placement)), ("availability", estimate(e.availability)),
                ("downtimeMinutesPerYear", estimate(e.downtimeMinutesPerYear)),
                ("simulatedDowntimeMinutesPerYear", estimate(e.simulation.metrics.downtimeMinutesPerYear)),
                ("simulatedElectionMinutesPerYear", estimate(e.simulation.metrics.electionMinutesPerYear)),
            ])
        }
        let document = JSONValue.object([
            ("zones", .array(request.zones.map { .string($0.name) })),
            ("target", target),
            ("recommended", chosen.map(placement) ?? .null),
            ("best", best.map(placement) ?? .null),
            ("excluded", .array(excluded.map { .object([("voters", .int(Int64($0.voters))), ("reason", .string($0.reason))]) })),
            ("bestBySize", .array(bestBySize.map(placement))),
            ("evidence", .array(ev)),
            ("reasons", .array(reasons.map { .string($0) })),
            ("evaluated", .int(Int64(evaluated))),
        ])
        return document.serialized(indent: 2, inlineFrom: 0)
    }
}
