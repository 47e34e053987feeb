import Foundation
import Synchronization
import ToolkitSupport

/// How long something that must end by its own deadline may take on this machine right now: the deadline, plus
/// ``factor`` times the start-up of a built product (`zkprobe --version`), the slowest of those measured just
/// before, during and just after the run. The one time bound of the tests: no test compares an elapsed time
/// with a fixed number of seconds.
///
/// A fixed bound fails on a busy machine and proves little on a quiet one: `elapsed < 6 s` for a check with a
/// 2 s timeout took 9.08 s at a load average of 28 on two cores. What a run adds to its deadline (being
/// scheduled, starting a process and threads, rendering) grows with the load the way a small process's start-up
/// does, so the bound follows the load, and a run that ignores its deadline still fails: with start-ups of
/// 0.1 s, a 2 s deadline allows 3 s, and a check that waits 30 s on a silent member fails unless one start-up
/// took 2.8 s. The load changes from one second to the next, so the start-up is measured over and over while the
/// run goes on, and the slowest counts: a busy spell during the run is seen.
///
/// Work done inside the test process (a `FourLetterClient`, `CheckCommand.run`) is bounded the same way: the
/// start-up of `zkprobe` stands for how busy the machine is.
///
/// ```swift
/// let timed = try DeadlineBound.time(deadline: .seconds(2)) { try ExternalTool.run(zkprobe, arguments) }
/// #expect(timed.endedInTime, "\(timed)")
/// ```
package struct DeadlineBound: Sendable, CustomStringConvertible {
    /// How many start-ups a run may add to its deadline.
    package static let factor = 10
    /// The least start-up counted: below it the clock's and the scheduler's granularity decide, not the load.
    package static let minimumStartUp = Duration.milliseconds(100)

    /// The deadline of the run under test (its `--timeout`, the client's deadline).
    package let deadline: Duration
    /// The start-ups measured before, during and after the run, in order.
    package let startUps: [Duration]
    /// The command whose start-up was measured, for messages.
    package let reference: String

    package init(deadline: Duration, startUps: [Duration], reference: String) {
        self.deadline = deadline
        self.startUps = startUps
        self.reference = reference
    }

    /// The start-up counted: the largest measured, and at least ``minimumStartUp``.
    package var startUp: Duration { max(startUps.max() ?? .zero, Self.minimumStartUp) }

    /// The deadline plus ``factor`` start-ups: a run that takes this long or longer did not keep its deadline.
    package var limit: Duration { deadline + startUp * Self.factor }

    /// Whether a run of `elapsed` kept its deadline.
    package func admits(_ elapsed: Duration) -> Bool { elapsed < limit }

    /// `deadline 2 s + 10 × start-up 0.31 s (zkprobe --version, slowest of 9 runs from 0.12 s) = 5.10 s`.
    package var description: String {
        let fastest = startUps.min().map(Self.text) ?? "-"
        return "deadline \(Self.text(deadline)) + \(Self.factor) × start-up \(Self.text(startUp)) "
            + "(\(reference), slowest of \(startUps.count) runs from \(fastest)) = \(Self.text(limit))"
    }

    /// Runs `body` while measuring `product`'s start-up (`<product> --version`): once before, again and again
    /// on another thread while `body` runs, and once after; times `body`.
    ///
    /// - Parameters:
    ///   - deadline: the deadline the run was given, which it must keep.
    ///   - product: the built executable whose start-up is measured (`zkprobe`, `quorumsim`).
    /// - Throws: what `body` throws; `ChildProcess.LaunchFailure` when `product` was not built or cannot start.
    package static func time<Value>(
        deadline: Duration, startUpOf product: String = "zkprobe", _ body: () throws -> Value
    ) throws -> TimedRun<Value> {
        guard let executable = BuiltProducts.executable(product) else {
            throw ChildProcess.LaunchFailure(reason: "\(product) was not built beside the tests; run `swift build`")
        }
        let sampler = try StartUpSampler(executable: executable)
        let start = ContinuousClock.now
        let value: Value
        do {
            value = try body()
        } catch {
            _ = try? sampler.finish()
            throw error
        }
        let elapsed = ContinuousClock.now - start
        return TimedRun(
            value: value, elapsed: elapsed,
            bound: DeadlineBound(deadline: deadline, startUps: try sampler.finish(), reference: "\(product) --version"))
    }

    private static func text(_ duration: Duration) -> String {
        NumberText.compact(duration.seconds, format: "%.2f") + " s"
    }
}

/// What ``DeadlineBound/time(deadline:startUpOf:_:)`` ran: the body's value, how long it took, the bound.
package struct TimedRun<Value>: CustomStringConvertible {
    package let value: Value
    package let elapsed: Duration
    package let bound: DeadlineBound

    /// Whether the run ended within ``DeadlineBound/limit``.
    package var endedInTime: Bool { bound.admits(elapsed) }

    /// `took 9.08 s; allowed deadline 2 s + ...`.
    package var description: String {
        "took " + NumberText.compact(elapsed.seconds, format: "%.2f") + " s; allowed \(bound)"
    }
}

/// Measures an executable's start-up once at once, then over and over on its own thread until ``finish()``.
private final class StartUpSampler: Sendable {
    private let executable: String
    private let samples = Mutex<[Duration]>([])
    private let running = Atomic<Bool>(true)
    private let stopped = DispatchSemaphore(value: 0)
    /// The pause between two measurements, so that measuring does not load the machine much itself.
    private static let pause = 0.2

    init(executable: String) throws {
        self.executable = executable
        try measure()
        Thread.detachNewThread { [self] in
            while running.load(ordering: .acquiring) {
                try? measure()
                Thread.sleep(forTimeInterval: Self.pause)
            }
            stopped.signal()
        }
    }

    /// Stops measuring, measures once more and returns every measurement in order.
    func finish() throws -> [Duration] {
        running.store(false, ordering: .releasing)
        stopped.wait()
        try measure()
        return samples.withLock { $0 }
    }

    /// From launch to exit of `executable --version` (a minute's cap: a start-up that long allows anything, and
    /// the run's own assertions still speak).
    private func measure() throws {
        let elapsed = try ChildProcess.run(executable, ["--version"], timeout: .seconds(60)).elapsed
        samples.withLock { $0.append(elapsed) }
    }
}
