extension Recommender {
    /// Why the advice is what it is. Every figure is written by `figureText` from the same values the table shows,
    /// and nothing is said about a part the model does not include (zone outages, cuts, maintenance).
    static func explain(_ r: Recommendation, all: [PlacementEvaluation]) -> [String] {
        var reasons = choiceReasons(r)
        if let even = evenCountReason(r) { reasons.append(even) }
        reasons += zoneReasons(r)
        reasons += modelReasons(r, all: all)
        reasons.append(
            "observers add reads near clients (a remote datacenter) but neither write availability nor tolerance: "
                + "they never vote, so they are placed after the voters, where the clients are")
        return reasons
    }

    /// A figure in minutes a year, as the table prints it (`Recommendation.figureText`) with its unit.
    static func minutes(_ e: PlacementEvaluation) -> String {
        Recommendation.figureText(e.downtimeMinutesPerYear) + " min/yr" + (e.isSimulated ? " (simulated)" : "")
    }

    static func minutes(_ m: Double) -> String { Recommendation.figureText(m) + " min/yr" }

    /// The chosen placement and the smaller counts that miss, or the best and why nothing meets the target.
    static func choiceReasons(_ r: Recommendation) -> [String] {
        let limit = r.request.target.maximumUnavailability * hoursPerYear * 60
        if let chosen = r.chosen {
            var out = ["\(chosen.voters) voters as \(chosen.layout) meet the target with \(minutes(chosen))"
                + parts(chosen)]
            if let best = r.bestBySize.first(where: { $0.voters == chosen.voters }), best.counts != chosen.counts {
                out.append(
                    "\(best.voters) voters as \(best.layout) have the lowest figure of that count (\(minutes(best))) "
                        + "but keep a quorum through the loss of fewer zones (\(best.zonesSurvivable) against "
                        + "\(chosen.zonesSurvivable)); both meet the target")
            }
            out += r.bestBySize.filter { $0.voters < chosen.voters && $0.voters % 2 == 1 && $0.voters > 1 }.map {
                "\($0.voters) voters (best \($0.layout)) miss the target: \(minutes($0))"
            }
            return out
        }
        guard let best = r.best else { return [] }
        return [
            "no placement meets the target: the best of \(r.evaluated) placements up to \(r.request.maxVoters) "
                + "voters is \(best.voters) as \(best.layout) with \(minutes(best))" + parts(best) + "; "
                + dominant(best, limit: limit)
        ]
    }

    /// The parts of a figure, when there is more than one.
    static func parts(_ p: PlacementEvaluation) -> String {
        let f = p.figure
        let scale = hoursPerYear * 60
        guard f.faultElections > 0 || f.maintenanceElections > 0 else { return "" }
        var items = ["time without a quorum \(minutes(f.quorumLoss * scale))"]
        items.append("elections after faults \(minutes(f.faultElections * scale))")
        if f.maintenanceElections > 0 { items.append("elections maintenance causes \(minutes(f.maintenanceElections * scale))") }
        return " (" + items.joined(separator: ", ") + ")"
    }

    /// Which part keeps the best placement above the target.
    static func dominant(_ p: PlacementEvaluation, limit: Double) -> String {
        let scale = hoursPerYear * 60
        let f = p.figure
        let named: [(String, Double)] = [
            ("the elections rolling maintenance causes", f.maintenanceElections * scale),
            ("time without a quorum", f.quorumLoss * scale), ("elections after faults", f.faultElections * scale),
        ]
        if let (name, value) = named.max(by: { $0.1 < $1.1 }), value > limit {
            return "\(name) alone cost\(name.hasPrefix("time") ? "s" : "") \(minutes(value)), more than the target of "
                + minutes(limit)
        }
        return "no part alone exceeds the target of \(minutes(limit)), together they do"
    }

    /// The even count next to the advice against the odd count below it.
    static func evenCountReason(_ r: Recommendation) -> String? {
        let around = r.chosen?.voters ?? 5
        let evens = r.bestBySize.filter { $0.voters % 2 == 0 && $0.voters >= 4 }
            .sorted { abs($0.voters - around) < abs($1.voters - around) }
        for even in evens {
            if let odd = r.bestBySize.first(where: { $0.voters == even.voters - 1 }),
                odd.failuresTolerated >= even.failuresTolerated
            {
                return "\(even.voters) voters (best \(even.layout)) tolerate \(even.failuresTolerated) failure(s), as "
                    + "\(odd.voters) do, with \(minutes(even)) against \(minutes(odd)): "
                    + "an even count adds a failure source but no tolerance"
            }
        }
        return nil
    }
}
