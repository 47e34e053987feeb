import ToolkitSupport

extension Recommender {
    /// What one, two and three zones buy, said only of what the model includes.
    static func zoneReasons(_ r: Recommendation) -> [String] {
        let zones = r.request.zones
        guard zones.contains(where: { $0.outage != nil }) else {
            return [
                "zones never fail in this model, so spreading voters costs nothing here"
                    + (r.request.partitions.isEmpty ? " and placements of one count have the same figure" : "")
                    + "; ties go to the placement that would keep a quorum through the loss of the most zones"
            ]
        }
        var reasons: [String] = []
        let steady = zones.filter { $0.outage == nil }.map(\.name)
        if !steady.isEmpty {
            reasons.append(
                "zone(s) \(steady.joined(separator: ", ")) never fail in this model: the figures count no loss of "
                    + "them, and what a placement survives there is its structure, not a modelled outage")
        }
        if zones.count == 1, let outage = zones[0].outage {
            let z = outage.timeToRepair.mean / (outage.timeToFailure.mean + outage.timeToRepair.mean)
            reasons.append(
                "with one zone, its outages (\(minutes(z * hoursPerYear * 60))) dominate whatever the "
                    + "count: no placement in one zone survives the zone; a second and third zone do")
        }
        if zones.count >= 2 {
            let n = r.chosen.map { $0.voters % 2 == 1 ? $0.voters : $0.voters - 1 } ?? min(5, r.request.maxVoters)
            if let two = r.bestBySizeAndZones[2]?.first(where: { $0.voters == max(n, 3) }),
                let one = r.bestBySizeAndZones[1]?.first(where: { $0.voters == max(n, 3) })
            {
                reasons.append(
                    "over two zones no placement survives losing the larger side: \(two.voters) voters as "
                        + "\(two.layout) lose \(minutes(two)), against \(minutes(one)) in one zone; "
                        + (zones.count >= 3
                            ? "a third zone, even with one voter, is what buys zone tolerance"
                            : "a third zone, even with a single voter, would buy zone tolerance"))
            }
        }
        if zones.count >= 3, let spread = r.bestBySizeAndZones[3]?.first(where: { $0.survivesAnyZoneLoss }) {
            reasons.append(
                "\(spread.voters) voters as \(spread.layout) over three zones survive any single zone outage "
                    + "(\(minutes(spread)))")
        }
        return reasons
    }

    /// What else the figures include or leave out: maintenance, cuts, sizes not evaluated, simulated figures.
    static func modelReasons(_ r: Recommendation, all: [PlacementEvaluation]) -> [String] {
        var reasons: [String] = []
        let request = r.request
        if let m = request.maintenance, let p = r.chosen ?? r.best {
            let cycle = MaintenanceElections.perCycle(ids: Array(1...p.voters), order: Array(1...p.voters))
            let cost = p.figure.maintenanceElections * hoursPerYear * 60
            reasons.append(
                "rolling maintenance every \(PlacementFigures.hours(m.period)), "
                    + "\(PlacementFigures.hours(m.duration.mean)) per server in id order, takes the leader down "
                    + "\(NumberText.printf("%.3g", cycle)) time(s) a cycle at \(p.voters) voters: "
                    + (request.election == nil ? "elections are instant, so no cost" : "\(minutes(cost)) of elections"))
        }
        if !request.partitions.isEmpty {
            let names = request.partitions.map { "\(request.zones[$0.zoneA].name)-\(request.zones[$0.zoneB].name)" }
            reasons.append("the figures include the cuts between zones \(names.joined(separator: ", "))")
        }
        for e in r.excluded { reasons.append("\(e.voters) voters not evaluated: \(e.reason)") }
        if let p = all.first(where: \.isSimulated),
            let why = PlacementFigures.inexactReason(scenario(for: p.counts, request))
        {
            let count = all.filter(\.isSimulated).count
            reasons.append(
                "\(count) placement(s) simulated (\(request.simulation.replications) x "
                    + "\(NumberText.printf("%.0f", request.simulation.years)) years, seed \(request.simulation.seed)), "
                    + "ranked on the simulated mean: the exact figure does not apply: \(why)")
        }
        return reasons
    }
}
