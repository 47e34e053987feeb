import Foundation
import ToolkitSupport

/// How long something that must end by its own deadline may take on this machine right now: the deadline, plus
/// ``factor`` times the start-up of a built product (`zkprobe --version`) measured just before and just after
/// the run. The one time bound of the tests: no test compares an elapsed time with a fixed number of seconds.
///
/// A fixed bound fails on a busy machine and proves little on a quiet one: `elapsed < 6 s` for a check with a
/// 2 s timeout took 9.08 s at a load average of 28 on two cores. What a run adds to its deadline (being
/// scheduled, starting a process and threads, rendering) grows with the load the way a small process's start-up
/// does, so the bound follows the load, and a run that ignores its deadline still fails: with start-ups of
/// 0.1 s, a 2 s deadline allows 3 s, and a check that waits 30 s on a silent member fails unless one start-up
/// took 2.8 s. The larger of the two measurements counts, so a load that rises during the run is seen.
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
    /// The start-ups measured around the run, in order.
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

    /// `deadline 2 s + 10 × start-up 0.31 s (zkprobe --version took 0.12 s, 0.31 s) = 5.1 s`.
    package var description: String {
        let measured = startUps.map(Self.text).joined(separator: ", ")
        return "deadline \(Self.text(deadline)) + \(Self.factor) × start-up \(Self.text(startUp)) "
            + "(\(reference) took \(measured)) = \(Self.text(limit))"
    }

    /// Runs `body` between two measurements of `product`'s start-up (`<product> --version`), timing it.
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
        let before = try startUp(of: executable)
        let start = ContinuousClock.now
        let value = try body()
        let elapsed = ContinuousClock.now - start
        let after = try startUp(of: executable)
        return TimedRun(
            value: value, elapsed: elapsed,
            bound: DeadlineBound(deadline: deadline, startUps: [before, after], reference: "\(product) --version"))
    }

    /// From launch to exit of `executable --version` (a minute's cap: a start-up that long allows anything,
    /// and the run's own assertions still speak).
    private static func startUp(of executable: String) throws -> Duration {
        try ChildProcess.run(executable, ["--version"], timeout: .seconds(60)).elapsed
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
