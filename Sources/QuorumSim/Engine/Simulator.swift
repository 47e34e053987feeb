import Dispatch
import FoundationEssentials
import Synchronization

/// Runs a scenario's independent replications in parallel and combines them.
///
/// Replication r draws from `Xoshiro256StarStar(seed: seed, stream: r)`, a stream that
/// depends on (seed, r) only, and results are combined in replication order, so the
/// report is the same for every thread count, machine and run.
public enum Simulator {
    /// Simulates `scenario` with its `run` settings.
    /// - Parameters:
    ///   - threads: worker threads (at most one per replication is used).
    ///   - progress: updated as replications advance, for a progress display.
    /// - Throws: `SimulationError` when the scenario cannot be simulated.
    public static func run(
        _ scenario: Scenario, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        progress: SimulationProgress? = nil
    ) throws(SimulationError) -> SimulationReport {
        let model = try CompiledModel(scenario)
        let workload = WorkloadEstimate(scenario)
        if workload.isTooLarge { throw .workloadTooLarge(events: workload.events, field: workload.dominantField) }
        let settings = scenario.run
        let start = DispatchTime.now().uptimeNanoseconds
        let (results, lengths) = runReplications(model: model, settings: settings, threads: threads, progress: progress)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var report = SimulationReport(
            name: scenario.name, settings: settings,
            metrics: SimulationMetrics(replications: results, episodeLengths: lengths))
        report.wallSeconds = seconds
        report.threads = max(1, min(threads, settings.replications))
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
        let workers = max(1, min(threads, count))
        progress?.start(replications: count)
        let board = WorkBoard(count: count)
        let work: @Sendable () -> Void = {
            while let r = board.take() {
                let generator = Xoshiro256StarStar(seed: settings.seed, stream: r)
                board.store(replicate(model, years: settings.years, using: generator, progress: progress), at: r)
            }
        }
        WorkerThreads.run(workers, work)
        return board.results()
    }
}

/// Hands out replication numbers to worker threads and collects their results by number.
private final class WorkBoard: Sendable {
    let count: Int
    let next = Atomic<Int>(0)
    let slots: Mutex<(results: [ReplicationResult?], pooled: EpisodeHistogram)>

    init(count: Int) {
        self.count = count
        slots = Mutex(([ReplicationResult?](repeating: nil, count: count), EpisodeHistogram()))
    }

    func take() -> Int? {
        let r = next.add(1, ordering: .relaxed).oldValue
        return r < count ? r : nil
    }

    func store(_ result: ReplicationResult, at r: Int) {
        var result = result
        let lengths = result.episodeLengths
        result.episodeLengths = EpisodeHistogram()
        slots.withLock {
            $0.pooled.merge(lengths)
            $0.results[r] = result
        }
    }

    func results() -> ([ReplicationResult], EpisodeHistogram) {
        slots.withLock { ($0.results.map { $0! }, $0.pooled) }
    }
}
