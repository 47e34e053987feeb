import Testing

/// ZKProbe and `zkprobe` against real ZooKeeper 3.8 ensembles started by `scripts/zk-ensemble`.
///
/// Every test starts its own ensemble and destroys it on every path. The suites nested in this one (one per file:
/// `FourLetterClientIntegrationTests`, `CheckIntegrationTests`, `OperationsGuideTests`) run one test at a time,
/// so at most one ensemble from here is alive at once, beside the harness's own serialized suite and
/// `ProbeCleanupBenchmarkTests` (one ensemble at a time each): at most about nine JVMs on a two-core machine.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct RealEnsembleTests {}
