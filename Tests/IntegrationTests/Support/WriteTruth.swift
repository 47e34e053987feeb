import Foundation
import TestSupport

/// `scripts/tests/write-truth.py` running beside a test: when a client could write to the ensemble, measured with
/// kazoo (Debian's python3-kazoo), without any of zkprobe's code. Always stop it: `defer { _ = truth.stop() }`.
///
/// A sample starts every `period` through one client per member and succeeds when any of them creates and deletes
/// an ephemeral znode within 1 s; samples overlap, so a write held by an election does not delay the next sample.
final class WriteTruth {
    /// One sample: started at `t` (seconds since the Unix epoch), succeeded (`ok`) after `seconds`.
    struct Sample: Decodable, Equatable {
        let t: Double
        let ok: Bool
        let seconds: Double

        /// When the write was done; `nil` for a failed sample.
        var done: Double? { ok ? t + seconds : nil }
    }

    /// A write outage as the samples resolve it: writes were done at `lastBefore` and then not until
    /// `firstAfter`.
    struct Outage: Equatable, CustomStringConvertible {
        let lastBefore: Double
        let firstAfter: Double
        /// How far the truth itself may be off: one sampling period plus the slowest write of the steady samples
        /// (the sample after the last write done started within a period of it, and would have been done within
        /// a write's time had the ensemble still taken writes; a client sees its member serve again within 20 ms).
        let resolution: Double

        /// When writes stopped working.
        var began: ClosedRange<Double> { lastBefore...lastBefore + resolution }
        /// When writes worked again.
        var ended: ClosedRange<Double> { firstAfter - resolution...firstAfter }
        /// How long writes did not work.
        var seconds: ClosedRange<Double> { max(0, firstAfter - lastBefore - 2 * resolution)...firstAfter - lastBefore }

        var description: String {
            "writes done at \(lastBefore), then not until \(firstAfter) (truth resolution \(resolution) s)"
        }
    }

    static let script = EnsembleScript.repositoryRoot.appendingPathComponent("scripts/tests/write-truth.py").path
    /// Debian's interpreter, where python3-kazoo installs kazoo (a `python3` earlier on `PATH` may not have it).
    static let python = "/usr/bin/python3"

    let period: Double
    private let running: ChildProcess.Running

    /// Starts sampling through the members at `clientPorts` on 127.0.0.1.
    init(clientPorts: [Int], period: Double = 0.1) throws {
        self.period = period
        do {
            running = try ChildProcess.start(
                Self.python, [Self.script, "--period", "\(period)"] + clientPorts.map(String.init))
        } catch {
            throw ExternalTool.Failure(description: "cannot start \(Self.script): \(error.reason)")
        }
    }

    /// The samples that have ended so far, in the order they started.
    var samples: [Sample] { Self.parse(running.standardOutput) }

    /// Waits (at most `timeout`) until a sample that started at or after `time` succeeded.
    /// - Throws: `ExternalTool.Failure` with the script's output when none did.
    func waitForWrite(startedAfter time: Double, timeout: Duration) throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if samples.contains(where: { $0.ok && $0.t >= time }) { return }
            if running.waitForExit(timeout: .milliseconds(50)) { break }
        }
        let finished = running.stop(grace: .seconds(5))
        throw ExternalTool.Failure(
            description: "write-truth: no write succeeded within \(timeout) (exit \(finished.status)): "
                + finished.standardError + finished.standardOutput.suffix(2000))
    }

    /// SIGTERM (the samples under way end first, at most 1 s), then every sample, in the order they started.
    func stop() -> [Sample] {
        Self.parse(running.stop(grace: .seconds(5)).standardOutput)
    }

    /// The outage of a fault sent at some moment in `fault`: the longest time between two writes done that
    /// overlaps it (other gaps that overlap it are one period long); `nil` when no write was done before and after.
    static func outage(in samples: [Sample], fault: ClosedRange<Double>, period: Double) -> Outage? {
        let done = samples.compactMap(\.done).sorted()
        let gaps = zip(done, done.dropFirst()).filter { $0.0 < fault.upperBound && $0.1 > fault.lowerBound }
        guard let gap = gaps.max(by: { $0.1 - $0.0 < $1.1 - $1.0 }) else { return nil }
        let steady = samples.filter { $0.ok && $0.t < fault.lowerBound }.map(\.seconds).max() ?? 0
        return Outage(lastBefore: gap.0, firstAfter: gap.1, resolution: period + steady)
    }

    private static func parse(_ output: String) -> [Sample] {
        output.split(separator: "\n").compactMap { try? JSONDecoder().decode(Sample.self, from: Data($0.utf8)) }
            .sorted { $0.t < $1.t }
    }
}
