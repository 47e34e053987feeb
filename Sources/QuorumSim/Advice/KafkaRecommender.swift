import ToolkitSupport

/// What `quorumsim recommend --kafka` is asked: the zones, how brokers and controllers fail, the target, and the
/// choices to enumerate (broker counts, replication factors, min.insync.replicas, controller counts).
public struct KafkaRecommendRequest: Sendable, Equatable {
    /// The zones brokers and controllers go in (their `broker.rack`), with their outage processes.
    public var zones: [Zone]
    /// The fault process of every broker.
    public var brokerFaults: FaultProcess
    /// The fault process of every dedicated KRaft controller.
    public var controllerFaults: FaultProcess
    /// The limit on the time with some partition unwritable (acks=all), and on the controllers' time without a
    /// quorum.
    public var target: RecommendRequest.Target
    /// Broker counts to try, each spread as evenly as possible over the zones (`KafkaRecommender.spread`).
    public var brokerCounts: [Int]
    /// Replication factors to try (each at most the broker count).
    public var replicationFactors: [Int]
    /// min.insync.replicas values to try (each at most the replication factor); `nil`: every value 1 … RF.
    public var minInsyncReplicas: [Int]?
    /// Partitions of the one topic each cluster is evaluated with (rack-aware assignment).
    public var partitions: Int
    /// KRaft controller counts to try, each over every placement on the zones.
    public var controllerCounts: [Int]

    /// A request with `recommend --kafka`'s defaults: 3 … 9 brokers, RF 2 and 3, every min.ISR, 12 partitions,
    /// 3, 4 or 5 controllers, the target 99.999 %.
    public init(
        zones: [Zone], brokerFaults: FaultProcess = ModelDefaults.brokerFaults,
        controllerFaults: FaultProcess = ModelDefaults.serverFaults,
        target: RecommendRequest.Target = .availability(ModelDefaults.targetAvailability),
        brokerCounts: [Int] = Array(3...9), replicationFactors: [Int] = [2, 3], minInsyncReplicas: [Int]? = nil,
        partitions: Int = 12, controllerCounts: [Int] = [3, 4, 5]
    ) {
        self.zones = zones
        self.brokerFaults = brokerFaults
        self.controllerFaults = controllerFaults
        self.target = target
        self.brokerCounts = brokerCounts
        self.replicationFactors = replicationFactors
        self.minInsyncReplicas = minInsyncReplicas
        self.partitions = partitions
        self.controllerCounts = controllerCounts
    }
}

/// One cluster shape, evaluated: brokers per zone, replication factor and min.insync.replicas of its topic.
public struct KafkaCandidate: Sendable, Equatable {
    /// Brokers in each zone, in the order of the request's zones.
    public var counts: [Int]
    public var replicationFactor: Int
    public var minInsyncReplicas: Int
    /// The exact cluster figures (`KafkaExact`): the ranked one is `unwritableMinutesPerYear`.
    public var figures: KafkaTopicFigures
    /// For each zone, the partitions left unwritable when that zone alone is lost (every other broker up).
    public var unwritableOnZoneLoss: [Int]

    public var brokers: Int { counts.reduce(0, +) }
    /// Minutes per year with some partition unwritable (acks=all): the figure the candidate is ranked by.
    public var unwritableMinutesPerYear: Double { figures.unwritableMinutesPerYear }
    /// Long-run fraction of time with every partition writable.
    public var availability: Double { 1 - figures.unwritable }
    /// Broker failures every partition stays writable through (RF − min.ISR), zones up.
    public var failuresTolerated: Int { replicationFactor - minInsyncReplicas }
    /// Every partition stays writable through the loss of any one zone.
    public var writableThroughAnyZoneLoss: Bool { unwritableOnZoneLoss.allSatisfy { $0 == 0 } }
    /// `2/2/2`, zones without brokers left out.
    public var layout: String { PlacementEvaluation.layout(counts) }
    /// "RF 3, min.ISR 2".
    public var setting: String { "RF \(replicationFactor), min.ISR \(minInsyncReplicas)" }
}

/// The advice for a Kafka cluster, with every candidate and controller placement it was chosen from.
public struct KafkaRecommendation: Sendable {
    public var request: KafkaRecommendRequest
    /// Every candidate, ranked by the printed figure (unwritable minutes per year), ties toward fewer brokers,
    /// then fewer replicas, then more copies per acknowledged write.
    public var candidates: [KafkaCandidate]
    /// The smallest cluster meeting the target (``KafkaRecommender/choose(_:limit:)``); `nil` when none does.
    public var chosen: KafkaCandidate?
    /// The placement of each controller count with the lowest time without a quorum, in count order, followed
    /// by the chosen placement where it is another one of its count.
    public var controllers: [PlacementEvaluation]
    /// The smallest controller count meeting the target, most zone-tolerant first; `nil` when none does.
    public var chosenControllers: PlacementEvaluation?
    /// The controller placement with the lowest figure of all.
    public var bestControllers: PlacementEvaluation?
    /// Why, one sentence each, every figure written as the tables print it.
    public var reasons: [String] = []

    /// The candidate with the lowest figure (the table's first row).
    public var best: KafkaCandidate? { candidates.first }
}

/// Enumerates Kafka cluster shapes and controller placements, computes each one's exact figures and picks.
public enum KafkaRecommender {
    /// The most candidates and the most enumeration work (zone states × broker states × partitions, summed over
    /// candidates) one request may ask for: beyond, it is refused with what to lower.
    static let candidateLimit = 600
    static let workLimit = 200_000_000.0
    /// The largest broker and controller counts and the most partitions the command offers.
    public static let maxBrokers = 12
    public static let maxControllers = 9
    public static let maxPartitions = 1000

    /// Evaluates every candidate and controller placement and picks (``KafkaRecommendation``).
    /// - Throws: `AdviceError` when there are no zones or too many, no candidate fits (every replication factor
    ///   above every broker count), or the enumeration would be too long.
    public static func recommend(_ request: KafkaRecommendRequest) throws(AdviceError) -> KafkaRecommendation {
        guard !request.zones.isEmpty else { throw AdviceError("no zones: give --zones COUNT or NAMES") }
        guard request.zones.count <= Recommender.maxZones else {
            throw AdviceError(
                "\(request.zones.count) zones: recommend places brokers over at most \(Recommender.maxZones) zones")
        }
        let shapes = self.shapes(request)
        guard !shapes.isEmpty else {
            throw AdviceError(
                "no cluster to evaluate: every replication factor exceeds every broker count, or every "
                    + "min.insync.replicas exceeds every replication factor")
        }
        let work = shapes.map { pow2(request.zones.count + $0.brokers) * Double(request.partitions) }.reduce(0, +)
        guard shapes.count <= candidateLimit, work <= workLimit else {
            throw AdviceError(
                "\(shapes.count) clusters of up to \(shapes.map(\.brokers).max() ?? 0) brokers over "
                    + "\(request.zones.count) zones with \(request.partitions) partitions: too many states to "
                    + "enumerate; lower --brokers, --partitions or --zones")
        }
        var candidates = shapes.compactMap { evaluate($0.brokers, $0.rf, $0.minISR, request) }
        candidates.sort(by: ranksBefore)
        let limit = request.target.maximumUnavailability
        let placements = controllerPlacements(request)
        let counts = Array(Set(placements.map(\.voters))).sorted()
        let chosenControllers = Recommender.choose(placements, limit: limit)
        // The table: the lowest figure of each count, and the choice where it is another placement of its count.
        let controllers = counts.flatMap { n -> [PlacementEvaluation] in
            guard let best = placements.filter({ $0.voters == n }).min(by: Recommender.better) else { return [] }
            guard let chosenControllers, chosenControllers.voters == n, chosenControllers != best else { return [best] }
            return [best, chosenControllers]
        }
        var recommendation = KafkaRecommendation(
            request: request, candidates: candidates, chosen: choose(candidates, limit: limit),
            controllers: controllers, chosenControllers: chosenControllers,
            bestControllers: placements.min(by: Recommender.better))
        recommendation.reasons = explain(recommendation)
        return recommendation
    }

    /// Every (brokers, RF, min.ISR) the request asks for that Kafka accepts (RF ≤ brokers, min.ISR ≤ RF).
    static func shapes(_ request: KafkaRecommendRequest) -> [(brokers: Int, rf: Int, minISR: Int)] {
        var out: [(brokers: Int, rf: Int, minISR: Int)] = []
        for n in Array(Set(request.brokerCounts)).sorted() {
            for rf in Array(Set(request.replicationFactors)).sorted() where rf <= n {
                let choices = request.minInsyncReplicas.map { Array(Set($0)).sorted() } ?? Array(1...rf)
                for m in choices where m >= 1 && m <= rf { out.append((n, rf, m)) }
            }
        }
        return out
    }

    static func pow2(_ k: Int) -> Double { Double(UInt64(1) << UInt64(min(k, 62))) }

    /// Table order: the figure, then fewer brokers, fewer replicas, more copies per acknowledged write.
    static func ranksBefore(_ a: KafkaCandidate, _ b: KafkaCandidate) -> Bool {
        if !Recommender.same(a.figures.unwritable, b.figures.unwritable) {
            return a.figures.unwritable < b.figures.unwritable
        }
        if a.brokers != b.brokers { return a.brokers < b.brokers }
        if a.replicationFactor != b.replicationFactor { return a.replicationFactor < b.replicationFactor }
        return a.minInsyncReplicas > b.minInsyncReplicas
    }

    /// The fewest brokers meeting `limit` (a fraction of time with some partition unwritable); of those, one that
    /// stays writable through any zone loss, then the most copies per acknowledged write (min.ISR), then the
    /// fewest replicas (RF), then the lowest figure.
    public static func choose(_ candidates: [KafkaCandidate], limit: Double) -> KafkaCandidate? {
        let meeting = candidates.filter { $0.figures.unwritable <= limit }
        guard let n = meeting.map(\.brokers).min() else { return nil }
        return meeting.filter { $0.brokers == n }.min { a, b in
            if a.writableThroughAnyZoneLoss != b.writableThroughAnyZoneLoss { return a.writableThroughAnyZoneLoss }
            if a.minInsyncReplicas != b.minInsyncReplicas { return a.minInsyncReplicas > b.minInsyncReplicas }
            if a.replicationFactor != b.replicationFactor { return a.replicationFactor < b.replicationFactor }
            return ranksBefore(a, b)
        }
    }

    /// `n` brokers over `k` zones as evenly as possible, the first zones taking one more.
    public static func spread(_ n: Int, over k: Int) -> [Int] {
        (0..<k).map { n / k + ($0 < n % k ? 1 : 0) }
    }

    /// The scenario a candidate stands for: brokers 1…n zone by zone, one rack-aware topic "topic", and
    /// `controllers` dedicated KRaft controllers (ids after the brokers') per zone, all with the request's faults.
    public static func scenario(
        brokers counts: [Int], replicationFactor: Int, minInsyncReplicas: Int, controllers: [Int],
        _ request: KafkaRecommendRequest
    ) -> Scenario {
        var brokers: [KafkaBroker] = []
        for (z, c) in counts.enumerated() {
            for _ in 0..<c { brokers.append(KafkaBroker(id: brokers.count + 1, zone: z)) }
        }
        var servers: [Server] = []
        for (z, c) in controllers.enumerated() {
            for _ in 0..<c { servers.append(Server(id: brokers.count + servers.count + 1, zone: z)) }
        }
        let topic = KafkaTopic(
            name: "topic", partitions: request.partitions, replicationFactor: replicationFactor,
            minInsyncReplicas: minInsyncReplicas)
        let cluster = KafkaCluster(
            brokers: brokers, brokerFaults: request.brokerFaults, topics: [topic], metadata: .kraft)
        let name =
            "\(brokers.count) brokers as \(counts.map(String.init).joined(separator: "/")), RF "
            + "\(replicationFactor), min.ISR \(minInsyncReplicas)"
        return Scenario(
            name: name, zones: request.zones, servers: servers, serverFaults: request.controllerFaults, kafka: cluster)
    }

    /// One candidate's figures and zone losses; `nil` when `KafkaExact` gives none.
    static func evaluate(_ n: Int, _ rf: Int, _ minISR: Int, _ request: KafkaRecommendRequest) -> KafkaCandidate? {
        let counts = spread(n, over: request.zones.count)
        let scenario = scenario(
            brokers: counts, replicationFactor: rf, minInsyncReplicas: minISR,
            controllers: spread(3, over: request.zones.count), request)
        guard let cluster = scenario.kafka, let figures = KafkaExact.figures(of: scenario) else { return nil }
        let layout = cluster.layout(zones: request.zones)
        let zoneLoss = request.zones.indices.map { z in
            layout.topics.reduce(0) { sum, topic in
                sum
                    + topic.replicas.filter { replicas in
                        replicas.filter { layout.brokerZones[$0] != z }.count < topic.minInsyncReplicas
                    }.count
            }
        }
        return KafkaCandidate(
            counts: counts, replicationFactor: rf, minInsyncReplicas: minISR, figures: figures.cluster,
            unwritableOnZoneLoss: zoneLoss)
    }

    /// Every placement of each controller count over the zones: time without a quorum, exact
    /// (`ExactAvailability`); elections are not counted.
    static func controllerPlacements(_ request: KafkaRecommendRequest) -> [PlacementEvaluation] {
        let identical = request.zones.dropFirst().allSatisfy { $0.outage == request.zones[0].outage }
        return Array(Set(request.controllerCounts)).sorted().flatMap { c in
            Recommender.compositions(of: c, into: request.zones.count, nonIncreasing: identical).compactMap { counts in
                ExactAvailability.unavailability(of: controllerScenario(counts, request)).map {
                    Recommender.evaluation(
                        counts, PlacementFigure(quorumLoss: $0, faultElections: 0, maintenanceElections: 0))
                }
            }
        }
    }

    /// The controllers of a placement as the scenario's servers (voters of a majority quorum, as KRaft's are):
    /// ``Recommender/scenario(for:_:)`` over the request's zones with the controllers' faults, and no partitions,
    /// maintenance or elections, so that its exact figure is the time without a quorum. Only that figure is read;
    /// the scenario's name ("3 voters as 1/1/1") and run settings are not.
    public static func controllerScenario(_ counts: [Int], _ request: KafkaRecommendRequest) -> Scenario {
        Recommender.scenario(
            for: counts, RecommendRequest(zones: request.zones, serverFaults: request.controllerFaults))
    }
}
