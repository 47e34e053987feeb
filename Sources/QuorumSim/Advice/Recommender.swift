/// What `quorumsim recommend` is asked: the zones on offer, how servers fail, and what is good enough.
public struct RecommendRequest: Sendable, Equatable {
    /// What counts as good enough; either form is a limit on the long-run fraction of time without writes.
    public enum Target: Sendable, Equatable {
        /// Long-run fraction of time writes are possible, e.g. 0.99999.
        case availability(Double)
        /// Minutes per year writes are impossible.
        case downtimeMinutesPerYear(Double)

        /// The largest long-run fraction of time without writes that meets the target.
        public var maximumUnavailability: Double {
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
    /// Cuts between pairs of zones (indices into `zones`), applied to every placement.
    public var partitions: [Partition]
    /// Rolling maintenance applied to every placement, one server at a time over all of them in id order
    /// (`order` ignored).
    public var maintenance: Maintenance?
    /// The cost of electing a leader; `nil` for instant elections (no election downtime).
    public var election: Election?
    /// The smallest placement meeting this is chosen.
    public var target: Target
    /// The largest voter count considered, 1 … 9.
    public var maxVoters: Int
    /// Years, replications and seed of the simulation used where the exact figure does not apply.
    public var simulation: RunSettings
    /// Worker threads for those simulations.
    public var threads: Int

    /// A request; by default the target is 99.999% availability and up to 9 voters are considered.
    public init(
        zones: [Zone], serverFaults: FaultProcess, partitions: [Partition] = [], maintenance: Maintenance? = nil,
        election: Election? = nil, target: Target = .availability(ModelDefaults.targetAvailability),
        maxVoters: Int = ModelDefaults.maxVoters, simulation: RunSettings = ModelDefaults.recommendRun, threads: Int = 1
    ) {
        self.zones = zones
        self.serverFaults = serverFaults
        self.partitions = partitions
        self.maintenance = maintenance
        self.election = election
        self.target = target
        self.maxVoters = maxVoters
        self.simulation = simulation
        self.threads = threads
    }
}

/// One placement of voters over the zones, evaluated.
public struct PlacementEvaluation: Sendable, Equatable {
    /// Voters in each zone, in the order of `RecommendRequest.zones`.
    public var counts: [Int]
    /// Voters in all zones together.
    public var voters: Int { counts.reduce(0, +) }
    /// The figure the placement is ranked by, with its parts.
    public var figure: PlacementFigure
    /// Long-run fraction of time without a quorum.
    public var quorumUnavailability: Double { figure.quorumLoss }
    /// Fraction of time lost to elections (after faults and caused by maintenance) while a quorum exists.
    public var electionUnavailability: Double { figure.faultElections + figure.maintenanceElections }
    /// Long-run fraction of time writes are impossible: the ranked figure.
    public var unavailability: Double { figure.unavailability }
    /// Long-run fraction of time writes are possible, 0 … 1.
    public var availability: Double { 1 - unavailability }
    /// Minutes per year (8766 h) writes are impossible: the simulated mean itself when the figure is simulated (not
    /// a round trip through a fraction, which may differ from it in the last digit).
    public var downtimeMinutesPerYear: Double { figure.simulated?.mean ?? unavailability * hoursPerYear * 60 }
    /// Whether the figure is simulated (the exact one does not apply).
    public var isSimulated: Bool { figure.simulated != nil }
    /// Server failures tolerated with every zone up.
    public var failuresTolerated: Int { voters - (voters / 2 + 1) }
    /// No single zone's loss loses quorum.
    public var survivesAnyZoneLoss: Bool { zonesSurvivable == zonesUsed }
    /// Zones holding voters whose loss alone (everything else up) leaves a quorum.
    public var zonesSurvivable: Int
    /// Zones the placement uses.
    public var zonesUsed: Int { counts.filter { $0 > 0 }.count }

    /// `2/2/1`, zones without voters left out.
    public var layout: String { Self.layout(counts) }

    /// `2/2/1`: the nonzero counts in zone order joined by "/", zones holding nothing left out. The layout of a
    /// voter placement and of a Kafka cluster's brokers alike.
    static func layout(_ counts: [Int]) -> String { counts.filter { $0 > 0 }.map(String.init).joined(separator: "/") }

    /// `3/2 (3 in a, 2 in b)`: the layout, then the count and name of each zone holding any, in zone order;
    /// `counts[i]` is what `zones[i]` holds. How the advice names a placement of voters, brokers or controllers.
    static func placementText(_ counts: [Int], zones: [Zone]) -> String {
        let held = zip(zones, counts).filter { $0.1 > 0 }.map { "\($0.1) in \($0.0.name)" }
        return "\(layout(counts)) (\(held.joined(separator: ", ")))"
    }
}

/// A voter count left out of the advice, and why.
public struct ExcludedSize: Sendable, Equatable {
    /// The voter count.
    public var voters: Int
    /// Why no placement of that size was evaluated, one sentence.
    public var reason: String
}

/// The advice, with the evidence behind it.
public struct Recommendation: Sendable {
    /// The request this answers.
    public var request: RecommendRequest
    /// The smallest placement that meets the target, `nil` when none up to `maxVoters` does.
    public var chosen: PlacementEvaluation?
    /// The placement with the lowest figure of all (ties toward zone tolerance): what to say when none meets.
    public var best: PlacementEvaluation?
    /// The best placement of each voter count evaluated (lowest figure, ties toward zone tolerance).
    public var bestBySize: [PlacementEvaluation]
    /// The best placement of each voter count using exactly k zones, for k = 1…zones (the picture's lines).
    public var bestBySizeAndZones: [Int: [PlacementEvaluation]]
    /// Voter counts not evaluated, with the reason.
    public var excluded: [ExcludedSize]
    /// Why the alternatives lose, one sentence each.
    public var reasons: [String]
    /// Placements evaluated.
    public var evaluated: Int
    /// The chosen placement (the best, when none meets the target) and the best odd counts below it, each beside a
    /// plain simulation of its scenario: the cross-check the report prints (``evidenceCandidates``). Empty unless
    /// `Recommender.recommend` was asked for it.
    public var evidence: [RecommendationEvidence] = []
}

/// Enumerates voter counts 1…9 and every placement over the zones, evaluates each, and picks.
public enum Recommender {
    /// Relative difference under which two figures count as a tie.
    static let tie = 1e-9
    /// The most zones placed over (as `--zones` allows).
    public static let maxZones = 8
    /// The most placements evaluated in one request, and the most of them simulated: beyond, the request is refused
    /// with a hint rather than running for hours.
    static let placementLimit = 2500
    static let simulationLimit = 60

    /// Evaluates every placement of 1 … `maxVoters` voters (`PlacementFigure`) and picks the smallest count that
    /// meets the target; of that count's placements that meet it, the one that survives the most single-zone
    /// losses, then the lowest figure, then the most zones used.
    /// - Parameters:
    ///   - evidence: also simulate the evidence (``Recommendation/evidence``), as `quorumsim recommend` prints it;
    ///     without it the evidence is empty and only placements without an exact figure are simulated.
    ///   - willSimulate: called before each step's first simulation, with the step and the scenarios it
    ///     simulates (so that a caller can announce a long run): first the placements that have no exact figure,
    ///     then the evidence; not for a step with nothing to simulate.
    /// - Throws: `AdviceError` when there are no zones, `maxVoters` is outside 1 … 9, no voter count can be
    ///   evaluated (maintenance longer than its period for every size), or a needed simulation fails
    ///   (kind `.simulationFailed`).
    public static func recommend(
        _ request: RecommendRequest, evidence: Bool = false,
        willSimulate: (SimulationStep, [Scenario]) -> Void = { _, _ in }
    ) throws(AdviceError) -> Recommendation {
        guard !request.zones.isEmpty else { throw AdviceError("no zones: give --zones COUNT, NAMES or a scenario file") }
        guard (1...9).contains(request.maxVoters) else {
            throw AdviceError("--max-voters \(request.maxVoters): choose 1 to 9")
        }
        guard request.zones.count <= maxZones else {
            throw AdviceError("\(request.zones.count) zones: recommend places voters over at most \(maxZones) zones")
        }
        let (all, excluded, simulations) = try evaluateAll(request, willSimulate: willSimulate)
        guard !all.isEmpty else {
            throw AdviceError("no voter count can be evaluated: " + excluded.map(\.reason).joined(separator: "; "))
        }
        let sizes = Array(Set(all.map(\.voters))).sorted()
        let bestBySize = sizes.compactMap { n in all.filter { $0.voters == n }.min(by: better) }
        var bestBySizeAndZones: [Int: [PlacementEvaluation]] = [:]
        for k in 1...request.zones.count {
            bestBySizeAndZones[k] = sizes.compactMap { n in
                all.filter { $0.voters == n && $0.zonesUsed == k }.min(by: better)
            }
        }
        let chosen = choose(all, limit: request.target.maximumUnavailability)
        let best = all.min(by: better)
        var recommendation = Recommendation(
            request: request, chosen: chosen, best: best, bestBySize: bestBySize,
            bestBySizeAndZones: bestBySizeAndZones, excluded: excluded, reasons: [], evaluated: all.count)
        recommendation.reasons = explain(recommendation, all: all)
        if evidence {
            recommendation.evidence = try simulateEvidence(
                for: recommendation, reusing: simulations, willSimulate: willSimulate)
        }
        return recommendation
    }

    /// The smallest count with a placement meeting `limit`; of those, the most zone-tolerant, then the lowest
    /// figure, then the most zones.
    static func choose(_ all: [PlacementEvaluation], limit: Double) -> PlacementEvaluation? {
        let meeting = all.filter { $0.unavailability <= limit }
        guard let n = meeting.map(\.voters).min() else { return nil }
        return meeting.filter { $0.voters == n }.min { a, b in
            if a.zonesSurvivable != b.zonesSurvivable { return a.zonesSurvivable > b.zonesSurvivable }
            if !same(a.unavailability, b.unavailability) { return a.unavailability < b.unavailability }
            if a.zonesUsed != b.zonesUsed { return a.zonesUsed > b.zonesUsed }
            return b.counts.lexicographicallyPrecedes(a.counts)
        }
    }

    /// Lower figure first; a tie goes to the placement that survives more zone losses, then uses more zones.
    static func better(_ a: PlacementEvaluation, _ b: PlacementEvaluation) -> Bool {
        if !same(a.unavailability, b.unavailability) { return a.unavailability < b.unavailability }
        if a.zonesSurvivable != b.zonesSurvivable { return a.zonesSurvivable > b.zonesSurvivable }
        if a.zonesUsed != b.zonesUsed { return a.zonesUsed > b.zonesUsed }
        return b.counts.lexicographicallyPrecedes(a.counts)
    }

    static func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= tie * max(abs(a), abs(b)) }

    /// Every placement of every size that fits, and the sizes that do not.
    static func evaluateAll(
        _ request: RecommendRequest, willSimulate: (SimulationStep, [Scenario]) -> Void
    ) throws(AdviceError) -> (
        all: [PlacementEvaluation], excluded: [ExcludedSize], simulations: [[Int]: SimulationReport]
    ) {
        // Zones are interchangeable only when they fail alike and no cut tells them apart.
        let identical =
            request.partitions.isEmpty && request.zones.dropFirst().allSatisfy { $0.outage == request.zones[0].outage }
        var all: [PlacementEvaluation] = []
        var excluded: [ExcludedSize] = []
        var sizes: [[[Int]]] = []
        for n in 1...request.maxVoters {
            if let reason = PlacementFigures.exclusion(voters: n, maintenance: request.maintenance) {
                excluded.append(ExcludedSize(voters: n, reason: reason))
                sizes.append([])
            } else {
                sizes.append(compositions(of: n, into: request.zones.count, nonIncreasing: identical))
            }
        }
        let total = sizes.map(\.count).reduce(0, +)
        guard total <= placementLimit else {
            throw AdviceError(
                "\(total) placements over \(request.zones.count) distinct zones: at most \(placementLimit); "
                    + "lower --max-voters or use fewer zones")
        }
        // Exact figures first, so that the placements to simulate are known (and counted, and announced) before
        // the first simulation starts.
        let placements = Array(sizes.joined())
        var figures = placements.map { PlacementFigures.exact(scenario(for: $0, request)) }
        let pending = placements.indices.filter { figures[$0] == nil }
        guard pending.count <= simulationLimit else {
            throw AdviceError(
                "\(pending.count) placements need simulation (no exact figure applies), at most \(simulationLimit): "
                    + "lower --max-voters or use fewer zones or partitions")
        }
        if !pending.isEmpty { willSimulate(.placements, pending.map { scenario(for: placements[$0], request) }) }
        var simulations: [[Int]: SimulationReport] = [:]
        for i in pending {
            let scenario = scenario(for: placements[i], request)
            do {
                let (figure, report) = try PlacementFigures.simulated(scenario, threads: request.threads)
                figures[i] = figure
                simulations[placements[i]] = report
            } catch {
                throw AdviceError("cannot simulate \(scenario.name): \(error)", kind: .simulationFailed)
            }
        }
        for (counts, figure) in zip(placements, figures) {
            if let figure { all.append(evaluation(counts, figure)) }
        }
        return (all, excluded, simulations)
    }

    /// The scenario a placement stands for: voters numbered 1…n zone by zone, maintained in id order.
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
            partitions: request.partitions, maintenance: maintenance, election: request.election,
            run: request.simulation)
    }

    /// The placement's evaluation from its figure: the zones whose loss alone it survives.
    static func evaluation(_ counts: [Int], _ figure: PlacementFigure) -> PlacementEvaluation {
        let n = counts.reduce(0, +)
        let survivable = counts.filter { $0 > 0 && n - $0 >= n / 2 + 1 }.count
        return PlacementEvaluation(counts: counts, figure: figure, zonesSurvivable: survivable)
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
}
