import Testing

/// ZKProbe and `zkprobe` against real ZooKeeper 3.8 ensembles started by `scripts/zk-ensemble`.
///
/// Every test starts its own ensemble and destroys it on every path. The suites nested in this one (one per file:
/// `CheckIntegrationTests`, `ClientProbeIntegrationTests`, `OperationsGuideTests`, …) run one test at a time,
/// so at most one ensemble from here is alive at once, beside `RealEnsembleSideTests`' chain, the harness's own
/// serialized suite and `ProbeCleanupBenchmarkTests` (one ensemble at a time each): four chains, at most about
/// twelve JVMs on a two-core machine while all four run.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct RealEnsembleTests {}
