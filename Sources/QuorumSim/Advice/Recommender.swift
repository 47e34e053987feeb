import Foundation

/// What `quorumsim recommend` is asked: the zones on offer, how servers fail, and what is good enough.
public struct RecommendRequest: Sendable, Equatable {
    /// What counts as good enough; either form is a limit on the long-run fraction of time without writes.
    public enum Target: Sendable, Equatable {
        /// Long-run fraction of time writes are possible, e.g. 0.99999.
        case availability(Double)
        /// Minutes per year writes are impossible.
        case downtimeMinutesPerYear(Double)

        var maximumUnavailability: Double {
            switch self {
            case .availability(let a): return 1 - a
            case .downtimeMinutesPerYear(let m): return m / (hoursPerYear * 60)
            }
        }
    }

    /// The zones servers may go in, with their outage processes.
    public var zones: [Zone]
    /// The fault process of every server (times in hours).
    public var serverFaults: FaultProcess
    /// Rolling maintenance applied to every placement, one server at a time over all of them (`order` ignored).
    public var maintenance: Maintenance?
    /// The cost of electing a leader; `nil` for instant elections (no election downtime).
    public var election: Election?
    /// The smallest placement meeting this is chosen.
    public var target: Target
    /// The largest voter count considered, 1 … 9.
    public var maxVoters: Int

    /// A request; by default the target is 99.999% availability and up to 9 voters are considered.
    public init(
        zones: [Zone], serverFaults: FaultProcess, maintenance: Maintenance? = nil, election: Election? = nil,
        target: Target = .availability(0.99999), maxVoters: Int = 9
    ) {
        self.zones = zones
        self.serverFaults = serverFaults
        self.maintenance = maintenance
        self.election = election
        self.target = target
        self.maxVoters = maxVoters
    }
}

/// One placement of voters over the zones, evaluated.
public struct PlacementEvaluation: Sendable, Equatable {
    /// Voters in each zone, in the order of `RecommendRequest.zones`.
    public var counts: [Int]
    /// Voters in all zones together.
    public var voters: Int { counts.reduce(0, +) }
    /// Long-run fraction of time without a quorum (exact).
    public var quorumUnavailability: Double
    /// Fraction of time lost to elections while a quorum exists (first-order estimate; 0 with instant elections).
    public var electionUnavailability: Double
    /// Long-run fraction of time writes are impossible: without a quorum or electing.
    public var unavailability: Double { quorumUnavailability + electionUnavailability }
    /// Long-run fraction of time writes are possible, 0 … 1.
    public var availability: Double { 1 - unavailability }
    /// Minutes per year (8766 h) writes are impossible.
    public var downtimeMinutesPerYear: Double { unavailability * hoursPerYear * 60 }
    /// Server failures tolerated with every zone up.
    public var failuresTolerated: Int
    /// No single zone's loss loses quorum.
    public var survivesAnyZoneLoss: Bool
    /// Zones the placement uses.
    public var zonesUsed: Int { counts.filter { $0 > 0 }.count }

    /// `2/2/1`, zones without voters left out.
    public var layout: String { counts.filter { $0 > 0 }.map(String.init).joined(separator: "/") }
}

/// The advice, with the evidence behind it.
public struct Recommendation: Sendable {
    /// The request this answers.
    public var request: RecommendRequest
    /// The smallest placement that meets the target, `nil` when none up to `maxVoters` does.
    public var chosen: PlacementEvaluation?
    /// The best placement of each voter count 1…maxVoters.
    public var bestBySize: [PlacementEvaluation]
    /// The best placement of each voter count using exactly k zones, for k = 1…zones (the picture's lines).
    public var bestBySizeAndZones: [Int: [PlacementEvaluation]]
    /// Why the alternatives lose, one sentence each.
    public var reasons: [String]
    /// Placements evaluated.
    public var evaluated: Int
}

/// Enumerates voter counts 1…9 and every placement over the zones, evaluates each exactly, and picks.
public enum Recommender {
    /// Evaluates every placement of 1 … `maxVoters` voters exactly and picks the smallest that meets the
    /// target, preferring an odd count over the even count above it that does no better.
    /// - Throws: `AdviceError` when there are no zones, `maxVoters` is outside 1 … 9, or a placement cannot be
    ///   evaluated exactly (fault times that are not exponential, for instance).
    public static func recommend(_ request: RecommendRequest) throws(AdviceError) -> Recommendation {
        guard !request.zones.isEmpty else { throw AdviceError("no zones: give --zones COUNT, NAMES or a scenario file") }
        guard (1...9).contains(request.maxVoters) else {
            throw AdviceError("--max-voters \(request.maxVoters): choose 1 to 9")
        }
        let identical = request.zones.dropFirst().allSatisfy { $0.outage == request.zones[0].outage }
        var all: [PlacementEvaluation] = []
        for n in 1...request.maxVoters {
            for counts in compositions(of: n, into: request.zones.count, nonIncreasing: identical) {
                all.append(try evaluate(counts, request))
            }
        }
        func better(_ a: PlacementEvaluation, _ b: PlacementEvaluation) -> Bool {
            if a.unavailability != b.unavailability { return a.unavailability < b.unavailability }
            return a.zonesUsed < b.zonesUsed
        }
        let bestBySize = (1...request.maxVoters).compactMap { n in all.filter { $0.voters == n }.min(by: better) }
        var bestBySizeAndZones: [Int: [PlacementEvaluation]] = [:]
        for k in 1...request.zones.count {
            bestBySizeAndZones[k] = (1...request.maxVoters).compactMap { n in
                all.filter { $0.voters == n && $0.zonesUsed == k }.min(by: better)
            }
        }
        let limit = request.target.maximumUnavailability
        var chosen: PlacementEvaluation?
        for best in bestBySize where best.unavailability <= limit {
            // Never an even count where the odd count below does as well.
            if best.voters % 2 == 0, let odd = bestBySize.first(where: { $0.voters == best.voters - 1 }),
                odd.unavailability <= best.unavailability * 1.000001
            {
                continue
            }
            chosen = best
            break
        }
        let reasons = explain(chosen: chosen, bestBySize: bestBySize, byZones: bestBySizeAndZones, request: request)
        return Recommendation(
            request: request, chosen: chosen, bestBySize: bestBySize, bestBySizeAndZones: bestBySizeAndZones,
            reasons: reasons, evaluated: all.count)
    }

    /// The scenario a placement stands for: voters numbered 1…n zone by zone.
    public static func scenario(for counts: [Int], _ request: RecommendRequest) -> Scenario {
        var servers: [Server] = []
        for (z, c) in counts.enumerated() {
            for _ in 0..<c { servers.append(Server(id: servers.count + 1, zone: z)) }
        }
        var maintenance = request.maintenance
        maintenance?.order = servers.map(\.id)
        let name = "\(counts.reduce(0, +)) voters as " + counts.map(String.init).joined(separator: "/")
        return Scenario(
            name: name, zones: request.zones, servers: servers, serverFaults: request.serverFaults,
            maintenance: maintenance, election: request.election)
    }

    static func evaluate(_ counts: [Int], _ request: RecommendRequest) throws(AdviceError) -> PlacementEvaluation {
        let scenario = scenario(for: counts, request)
        var withoutElections = scenario
        withoutElections.election = nil
        guard let quorum = ExactAvailability.unavailability(of: withoutElections) else {
            let why = ExactAvailability.applicability(of: withoutElections).reason ?? "not exact"
            throw AdviceError("cannot evaluate \(scenario.name) exactly: \(why)")
        }
        var election = 0.0
        if request.election != nil {
            var electionsOnly = scenario
            electionsOnly.maintenance = nil
            guard let e = ExactAvailability.electionDowntimeEstimate(of: electionsOnly) else {
                throw AdviceError("cannot estimate election downtime for \(scenario.name): server and zone times must be exponential")
            }
            election = e
        }
        let tolerance = try? ToleranceAnalysis.report(of: withoutElections)
        return PlacementEvaluation(
            counts: counts, quorumUnavailability: quorum, electionUnavailability: election,
            failuresTolerated: tolerance?.failuresTolerated ?? 0,
            survivesAnyZoneLoss: tolerance?.survivesAnySingleZoneLoss ?? false)
    }

    /// Every way to put `n` voters in `k` zones (order matters unless `nonIncreasing`, for identical zones).
    static func compositions(of n: Int, into k: Int, nonIncreasing: Bool) -> [[Int]] {
        var out: [[Int]] = []
        var current: [Int] = []
        func place(_ remaining: Int, _ zone: Int, _ cap: Int) {
            if zone == k - 1 {
                if remaining <= cap { out.append(current + [remaining]) }
                return
            }
            for c in stride(from: min(remaining, cap), through: 0, by: -1) {
                current.append(c)
                place(remaining - c, zone + 1, nonIncreasing ? c : n)
                current.removeLast()
            }
        }
        place(n, 0, n)
        return out
    }

    /// Why the advice is what it is: each line compares placements from the same evaluation.
    static func explain(
        chosen: PlacementEvaluation?, bestBySize: [PlacementEvaluation], byZones: [Int: [PlacementEvaluation]],
        request: RecommendRequest
    ) -> [String] {
        var reasons: [String] = []
        if let even = evenCountReason(chosen: chosen, bestBySize: bestBySize) { reasons.append(even) }
        reasons += zoneReasons(chosen: chosen, byZones: byZones, request: request)
        reasons.append(
            "observers add reads near clients (a remote datacenter) but neither write availability nor tolerance: "
                + "they never vote, so they are placed after the voters, where the clients are")
        reasons += targetReasons(chosen: chosen, bestBySize: bestBySize, request: request)
        return reasons
    }

    /// The even count next to the advice (4 beside 3 or 5), else the first even count of 4 or more, against the
    /// odd count below it.
    static func evenCountReason(chosen: PlacementEvaluation?, bestBySize: [PlacementEvaluation]) -> String? {
        let around = chosen?.voters ?? 5
        let evens = bestBySize.filter { $0.voters % 2 == 0 && $0.voters >= 4 }
            .sorted { abs($0.voters - around) < abs($1.voters - around) }
        for even in evens {
            if let odd = bestBySize.first(where: { $0.voters == even.voters - 1 }),
                odd.failuresTolerated >= even.failuresTolerated
            {
                return "\(even.voters) voters (best \(even.layout)) tolerate \(even.failuresTolerated) failure(s), as "
                    + "\(odd.voters) do, with \(minutes(even)) of downtime a year against \(minutes(odd)): "
                    + "an even count adds a failure source but no tolerance"
            }
        }
        return nil
    }

    /// What one, two and three zones buy.
    static func zoneReasons(
        chosen: PlacementEvaluation?, byZones: [Int: [PlacementEvaluation]], request: RecommendRequest
    ) -> [String] {
        var reasons: [String] = []
        let zoneCount = request.zones.count
        if zoneCount == 1 {
            let zoneOnly = request.zones[0].outage.map {
                $0.timeToRepair.mean / ($0.timeToFailure.mean + $0.timeToRepair.mean)
            }
            if let z = zoneOnly, z > 0 {
                reasons.append(
                    "with one zone, its outages (\(Self.minutes(z * hoursPerYear * 60)) a year) dominate whatever the "
                        + "count: no placement in one zone survives the zone; a second and third zone do")
            } else {
                reasons.append("with one zone, every server shares its fate; the model gives the zone no outages")
            }
        }
        if zoneCount >= 2 {
            // Compare like with like: the same voter count split over two zones, and kept in one.
            let n = chosen.map { $0.voters % 2 == 1 ? $0.voters : $0.voters - 1 } ?? min(5, request.maxVoters)
            let two = byZones[2]?.first { $0.voters == max(n, 3) }
            let one = byZones[1]?.first { $0.voters == max(n, 3) }
            if let two, let one {
                reasons.append(
                    "over two zones no placement survives losing the larger side: \(two.voters) voters as "
                        + "\(two.layout) lose \(minutes(two)) a year, against \(minutes(one)) in one zone; "
                        + (zoneCount >= 3
                            ? "a third zone, even with one voter, is what buys zone tolerance"
                            : "a third zone, even with a single voter, would buy zone tolerance"))
            }
        }
        if zoneCount >= 3, let spread = byZones[3]?.first(where: { $0.survivesAnyZoneLoss }) {
            reasons.append(
                "\(spread.voters) voters as \(spread.layout) over three zones survive any single zone outage "
                    + "(\(minutes(spread)) a year)")
        }
        return reasons
    }

    /// The smaller odd counts that miss the target, or the best there is when nothing meets it.
    static func targetReasons(
        chosen: PlacementEvaluation?, bestBySize: [PlacementEvaluation], request: RecommendRequest
    ) -> [String] {
        if let chosen {
            return bestBySize.filter { $0.voters < chosen.voters && $0.voters % 2 == 1 && $0.voters > 1 }.map {
                "\($0.voters) voters (best \($0.layout)) miss the target: \(minutes($0)) a year"
            }
        }
        guard let best = bestBySize.min(by: { $0.unavailability < $1.unavailability }) else { return [] }
        return [
            "no placement up to \(request.maxVoters) voters meets the target; the best is \(best.voters) as "
                + "\(best.layout) with \(minutes(best)) a year"
        ]
    }

    static func minutes(_ e: PlacementEvaluation) -> String { minutes(e.downtimeMinutesPerYear) }

    static func minutes(_ m: Double) -> String {
        if m >= 1 { return String(format: "%.1f min", m) }
        if m * 60 >= 1 { return String(format: "%.1f s", m * 60) }
        return String(format: "%.2g s", m * 60)
    }
}
