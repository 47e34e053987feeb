import Foundation
import TestSupport

/// The drill of issue 19's acceptance test, run once for `WatchLeaderKillTests`: a real 3-member ensemble at the
/// tests' timing, the write truth (`WriteTruth`) sampling it, two `zkprobe watch` runs side by side (one with
/// `--write-probe`, one with four-letter words alone), the leader killed with SIGKILL, and both watches stopped
/// with SIGTERM once writes work again and a new leader serves.
struct LeaderKillDrill: Sendable {
    /// One `zkprobe watch` run: how it ended and the timeline it wrote.
    struct Watch: Sendable {
        let commandLine: String
        let status: Int32
        let standardError: String
        let timeline: Result<WatchTimelineFile, any Error>

        /// Everything a failing `#expect` should show.
        var transcript: String { "$ \(commandLine)\n(exit \(status))\n--- stderr ---\n\(standardError)" }
    }

    static let interval = 0.25
    static let timeout = 1.0
    /// An election at the tests' timing (tickTime 500 ms, initLimit 10) ends within initLimit × tickTime = 5 s or
    /// is abandoned; three times that on a loaded two-core machine.
    static let recoveryBound: Duration = .seconds(15)

    let members: [String]
    let oldLeader: String
    /// Wall-clock seconds just before and just after the harness sent SIGKILL to the leader.
    let killSent: ClosedRange<Double>
    let samples: [WriteTruth.Sample]
    let truthPeriod: Double
    let probed: Watch
    let fourLetter: Watch

    /// What the write truth measured around the kill; `nil` when it saw no write before and after it.
    var outage: WriteTruth.Outage? {
        WriteTruth.outage(in: samples, fault: killSent, period: truthPeriod)
    }

    /// The kill and the truth's samples from just before it to a few seconds after, for a failing `#expect`.
    var truthAroundTheKill: String {
        let near = samples.filter { $0.t > killSent.lowerBound - 0.5 && $0.t < killSent.upperBound + 3 }
        return "kill sent in \(killSent); samples (start ok seconds): "
            + near.map { "\($0.t) \($0.ok) \($0.seconds)" }.joined(separator: ", ")
    }

    /// Runs the drill; its ensemble, truth and watches are gone when it returns.
    static func run() throws -> LeaderKillDrill {
        let ensemble = try Ensemble.start(servers: 3)
        defer { ensemble.destroy() }
        let truth = try WriteTruth(clientPorts: ensemble.clientPorts)
        var samples: [WriteTruth.Sample] = []
        defer { if samples.isEmpty { _ = truth.stop() } }
        // kazoo's clients connect and ZooKeeper's fresh JVMs warm up before the watches start.
        try truth.waitForWrite(startedAfter: now() + 1, timeout: .seconds(30))

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("watch-drill-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let zkprobe = try ExternalTool.zkprobe()
        let common = [
            "watch", "--connect", ensemble.connectString, "--interval", "\(Int(interval * 1000))ms",
            "--timeout", "\(timeout)", "--timeline",
        ]
        let watches = [
            common + [folder + "/probed.jsonl", "--write-probe", "/zkprobe-it"],
            common + [folder + "/four-letter.jsonl"],
        ]
        var running: [ChildProcess.Running] = []
        for arguments in watches {
            do {
                running.append(try ChildProcess.start(zkprobe, arguments))
            } catch {
                throw ExternalTool.Failure(description: "cannot start \(zkprobe): \(error.reason)")
            }
        }
        // Steady rounds before the fault: six intervals and one deadline.
        Thread.sleep(forTimeInterval: 6 * interval + timeout)

        let leader = try ensemble.leaderID()
        let before = now()
        try ensemble.kill(leader)
        let after = now()
        try truth.waitForWrite(startedAfter: after, timeout: recoveryBound)
        _ = try ensemble.waitForLeader(timeout: recoveryBound)
        // Each watch ends a round that started after the recovery.
        Thread.sleep(forTimeInterval: 2 * (interval + timeout))

        let finished = running.map { $0.stop(grace: .seconds(15)) }
        samples = truth.stop()
        let ended = zip(watches, finished).map { arguments, finished in
            let timeline = arguments[arguments.firstIndex(of: "--timeline")! + 1]
            return Watch(
                commandLine: ([zkprobe] + arguments).map(ChildProcess.quoted).joined(separator: " "),
                status: finished.status, standardError: finished.standardError,
                timeline: Result { try WatchTimelineFile(path: timeline) })
        }
        return LeaderKillDrill(
            members: ensemble.endpoints, oldLeader: ensemble.endpoint(of: leader), killSent: before...after,
            samples: samples, truthPeriod: truth.period, probed: ended[0], fourLetter: ended[1])
    }

    private static func now() -> Double { Date().timeIntervalSince1970 }
}
