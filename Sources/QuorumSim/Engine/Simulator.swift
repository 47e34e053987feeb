import Synchronization
import SystemSupport
import ToolkitSupport

/// Runs a scenario's independent replications in parallel and combines them.
///
/// Replication r draws from `Xoshiro256StarStar(seed: seed, stream: r)`, a stream that
/// depends on (seed, r) only, and results are combined in replication order, so the
/// report is the same for every thread count, machine and run.
public enum Simulator {
    /// The worker threads a run gets unless told otherwise: one per processor online (`sysconf`), as zkprobe
    /// counts them (`Syscalls.onlineProcessorCount()`).
    @usableFromInline package static var defaultThreads: Int { Syscalls.onlineProcessorCount() }

    /// Simulates `scenario` with its `run` settings.
    /// - Parameters:
    ///   - threads: worker threads (at most one per replication is used).
    ///   - progress: updated as replications advance, for a progress display.
    /// - Throws: `SimulationError` when the scenario cannot be simulated.
    public static func run(
        _ scenario: Scenario, threads: Int = Simulator.defaultThreads,
        progress: SimulationProgress? = nil
    ) throws(SimulationError) -> SimulationReport {
        let model = try CompiledModel(scenario)
        let workload = WorkloadEstimate(scenario)
        if workload.isTooLarge { throw .workloadTooLarge(events: workload.events, field: workload.dominantField) }
        let settings = scenario.run
        let start = ContinuousClock.now
        let (results, lengths) = runReplications(model: model, settings: settings, threads: threads, progress: progress)
        let seconds = (ContinuousClock.now - start).seconds
        var report = SimulationReport(
            name: scenario.name, settings: settings,
            metrics: SimulationMetrics(replications: results, episodeLengths: lengths))
        report.wallSeconds = seconds
        report.threads = max(1, min(threads, settings.replications))
        report.election = scenario.election
        report.kafka = SimulationReport.kafkaReport(scenario: scenario, replications: results)
        report.slowMixing = PhaseMixing.slowest(in: scenario).map {
            PhaseMixing.note(field: $0.field, hours: $0.hours, horizon: settings.years * hoursPerYear)
        }
        return report
    }

    /// One replication of `model` over `years`, drawing from `generator`.
    static func replicate(
        _ model: CompiledModel, years: Double, using generator: Xoshiro256StarStar, progress: SimulationProgress? = nil
    ) -> ReplicationResult {
        var replication = Replication(model: model, generator: generator)
        // The stationary up/down states come from a stream 2^128 draws away from the replication's own.
        var states = generator
        states.jump()
        replication.startInEquilibrium(states: &states)
        return replication.run(until: years * hoursPerYear, progress: progress)
    }

    /// Every replication of `model`, in replication order, and the episode lengths of all
    /// of them pooled. To keep memory flat however many replications run, each result's
    /// own `episodeLengths` is emptied once added to the pool (adding counts does not
    /// depend on the order, so the pool is the same for every thread count).
    static func runReplications(
        model: CompiledModel, settings: RunSettings, threads: Int, progress: SimulationProgress? = nil
    ) -> (results: [ReplicationResult], episodeLengths: EpisodeHistogram) {
        let count = settings.replications
        progress?.start(replications: count)
        let episodes = EpisodePool()
        let results = WorkerPool.map(count, threads: threads, name: "qsim-replicate", stackSize: 1 << 20) { r in
            let generator = Xoshiro256StarStar(seed: settings.seed, stream: r)
            return episodes.take(replicate(model, years: settings.years, using: generator, progress: progress))
        }
        return (results.map { $0.get() }, episodes.lengths.withLock { $0 })
    }
}

/// The episode lengths of every replication, pooled as each ends.
private final class EpisodePool: Sendable {
    let lengths = Mutex(EpisodeHistogram())

    /// `result` without its episode lengths, which join the pool.
    func take(_ result: ReplicationResult) -> ReplicationResult {
        var result = result
        lengths.withLock { $0.merge(result.episodeLengths) }
        result.episodeLengths = EpisodeHistogram()
        return result
    }
}
