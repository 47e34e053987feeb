import Testing

/// A second chain of suites against real ZooKeeper 3.8 ensembles, run one test at a time beside
/// `RealEnsembleTests`' chain, so that the test run's critical path is the longer of the two chains rather than
/// their sum: `WatchLeaderKillTests`, `AdminServerVantageIntegrationTests`, `FourLetterClientIntegrationTests`,
/// `ServeIntegrationTests`, `ClientProbeCommandTests` (one per file). At most one ensemble from here is alive at
/// once, as from each of the other chains (`RealEnsembleTests`, the harness's own serialized suite,
/// `ProbeCleanupBenchmarkTests`).
@Suite(.serialized, .timeLimit(.minutes(5)))
struct RealEnsembleSideTests {}
