/// Exact long-run Kafka figures in the memoryless model: a replica is in sync exactly while its broker is up
/// (its own fault process up and its zone up), leaders fail over at once, and the metadata quorum is always there.
/// A partition is writable (acks=all) while at least min.insync.replicas of its replicas are up, offline while
/// none is.
///
/// Brokers are independent given the zones' states, so the time fractions are sums over zone states of sums over
/// broker states of products (as `ExactAvailability` does for servers): exact for any distribution shapes, since
/// each process is up MTTF/(MTTF+MTTR) of the time. Only states where something is unwritable or offline are ever
/// added, so a figure like 1e-12 keeps its relative precision. When every broker and zone time is exponential the
/// parts form a continuous-time Markov chain and the episode rates are the probability flow from good states into
/// bad ones over single failures (`KafkaStateSpace`). In kraft-combined mode the brokers' fault processes are
/// the nodes' (the quorum is assumed up here). docs/kafka.md ("Exact figures") says where the simulation's model
/// goes further (catch-up, the last in-sync replica, the metadata quorum), which makes these figures lower bounds.
public enum KafkaExact {
    /// Whether the exact Kafka figures apply to a scenario, and if not, why.
    public typealias Applicability = ExactApplicability

    /// The most brokers the exact figures enumerate: the enumeration visits about 2^brokers states, and each
    /// broker more doubles the time (3 topics × 12 partitions over 3 zones: 6 brokers 0.06 ms, 18 brokers 0.1 s,
    /// 24 brokers 3.4 s; benchmarks/kafka-exact).
    public static let maxBrokers = 24

    /// The most broker states (over all zone states) an exact run visits: Π over zones of 2^(brokers in it),
    /// plus 1 for each zone that can fail.
    public static let stateLimit: Double = 33_554_432  // 2^25

    /// Whether `figures(of:)` gives exact figures for `scenario`, and if not, why.
    public static func applicability(of scenario: Scenario) -> Applicability {
        let (space, problems) = KafkaStateSpace.make(scenario)
        return space == nil ? .notExact(problems) : .exact
    }

    /// The figures of `scenario`'s cluster; `nil` without a `kafka` section or where `applicability(of:)` says
    /// they are not exact (too many brokers or states, invalid or periodic processes). The episode rates are
    /// `nil` unless every broker and zone time is exponential.
    public static func figures(of scenario: Scenario) -> KafkaFigures? {
        guard let space = KafkaStateSpace.make(scenario).space else { return nil }
        return space.figures()
    }

    /// Why the exact figures are only a lower bound on the simulation's unwritable and offline time for
    /// `scenario` (empty: they are exact for it): sentences.
    public static func boundReasons(of scenario: Scenario) -> [String] {
        boundReasons(of: scenario, figures: figures(of: scenario))
    }

    /// `boundReasons(of:)` with the scenario's `figures(of:)` already computed.
    static func boundReasons(of scenario: Scenario, figures: KafkaFigures?) -> [String] {
        guard let cluster = scenario.kafka else { return [] }
        var reasons: [String] = []
        if cluster.catchUp > 0 { reasons.append("returning replicas take a catch-up time before they are in sync") }
        if metadataCanBeLost(scenario) {
            reasons.append("the \(cluster.metadata.label) can be lost, and without it leaders cannot fail over")
        }
        if let figures, lastReplicaWaits(scenario, figures) {
            reasons.append(
                "a partition whose replicas all went down one after another stays offline until the last in-sync "
                    + "one returns (unclean leader election is off)")
        }
        return reasons
    }

    /// Whether the metadata quorum can be without a serving leader: some time without a quorum (exactly, or not
    /// known), or elections that take time while servers fail. In kraft-combined mode a controller fails with
    /// the broker of its id: `Scenario.faults(ofServer:)`, where the exact ensemble figures (ProductForm) take it too.
    static func metadataCanBeLost(_ scenario: Scenario) -> Bool {
        guard scenario.kafka != nil else { return false }
        guard ExactFigures.timeWithoutQuorum(of: scenario) == 0 else { return true }
        guard scenario.election != nil else { return false }
        return scenario.servers.indices.contains {
            scenario.servers[$0].role == .participant && scenario.faults(ofServer: $0) != nil
        } || scenario.zones.contains { $0.outage != nil }
    }

    /// Whether some partition of two or more replicas can be offline: then the simulation keeps it offline until
    /// the last replica in sync comes back, not the first one.
    static func lastReplicaWaits(_ scenario: Scenario, _ figures: KafkaFigures) -> Bool {
        guard let cluster = scenario.kafka else { return false }
        return zip(cluster.topics, figures.topics).contains { topic, exact in
            topic.replicationFactor >= 2 && exact.offline > 0
        }
    }
}
