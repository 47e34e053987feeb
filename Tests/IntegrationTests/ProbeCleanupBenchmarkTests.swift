import Foundation
import Testing

/// `benchmarks/probe-cleanup`, the proof that the client probe leaves nothing behind, run small: it must pass
/// with the real `zkprobe` (and show the killed probe's node going with its session) and fail with a stand-in
/// that leaks, so that its "nothing left" can be believed.
///
/// Not in `RealEnsembleTests`' serialized chain (the test run's critical path): its three runs of the script,
/// one ensemble at a time, run beside that chain, as `EnsembleHarnessTests` do.
@Suite(.serialized, .timeLimit(.minutes(5))) struct ProbeCleanupBenchmarkTests {
    static let script = EnsembleScript.repositoryRoot.appendingPathComponent("benchmarks/probe-cleanup").path
    static let client = EnsembleScript.repositoryRoot.appendingPathComponent(
        "benchmarks/probe-cleanup-client.py"
    ).path

    @Test func theRealProbeLeavesNothingAndItsKilledNodeDiesWithItsSession() throws {
        let run = try Self.benchmark(zkprobe: try ExternalTool.zkprobe(), killed: true)
        #expect(run.status == 0, "\(run.transcript)")
        #expect(Self.row("OK (exit 0)", in: run) == ["3", "1"], "\(run.transcript)")
        // The documented load: 4 transactions per member with --write-probe, 2 with --session-probe.
        let zxid = Self.row("zxid advance per run (expected)", in: run).filter { $0.contains(".") }
        #expect(zxid.compactMap(Double.init) == [12, 6], "\(run.transcript)")
        #expect(run.standardOutput.contains("children of /zkprobe-clean: none;"), "\(run.transcript)")
        #expect(run.standardOutput.contains("sessions expired instead of closed: 0"), "\(run.transcript)")
        // The killed probe left its node, and ZooKeeper removed it by expiring that very session.
        let killed = run.outputLines.drop { !$0.hasPrefix("killed probe") }
        let left = try #require(killed.first { $0.contains("left after the kill:") }, "\(run.transcript)")
        #expect(left.contains(": zkprobe-"), "\(run.transcript)")
        let session = try #require(
            killed.first { $0.contains("negotiated timeout") }?.split(separator: " ").first { $0.hasPrefix("0x") },
            "\(run.transcript)")
        #expect(killed.contains { $0.contains("leader: Expiring session \(session),") }, "\(run.transcript)")
    }

    /// A stand-in for `zkprobe` that runs the real one, then leaves a persistent node under PATH, or a session
    /// it never closes: the benchmark must say so and exit 1.
    @Test(arguments: ["node", "session"])
    func aLeakyProbeIsCaught(leak: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("probe-cleanup-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fake = folder.appendingPathComponent("zkprobe").path
        let leaking =
            leak == "node"
            ? #"[ "$4" = --write-probe ] && python3 "$CLIENT" create "${3%%,*}" "$5/leak-$$""#
            : #"python3 "$CLIENT" abandon "${3%%,*}""#
        // The benchmark calls `zkprobe check --connect CONNECT FLAGS...`.
        let text = """
            #!/bin/sh
            CLIENT='\(Self.client)'
            '\(try ExternalTool.zkprobe())' "$@" || exit
            \(leaking)
            exit 0

            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: fake))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake)

        let run = try Self.benchmark(zkprobe: fake, killed: false)
        #expect(run.status == 1, "\(run.transcript)")
        #expect(run.standardError.contains("something was left behind"), "\(run.transcript)")
        if leak == "node" {
            #expect(run.standardOutput.contains("children of /zkprobe-clean: leak-"), "\(run.transcript)")
        } else {
            // "before / after" for each batch: sessions still open after the write probes.
            let sessions = Self.row("global sessions (leader): before / after", in: run).compactMap { Int($0) }
            #expect(sessions.count == 4 && sessions[1] > sessions[0], "\(run.transcript)")
        }
    }

    /// Runs the benchmark small (3 write probes, 1 session probe) with `zkprobe`, output under a fresh folder.
    static func benchmark(zkprobe: String, killed: Bool) throws -> ExternalTool.Run {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("probe-cleanup-out-\(UUID())")
        defer { try? FileManager.default.removeItem(at: out) }
        var environment = ProcessInfo.processInfo.environment
        environment.merge(
            [
                "RUNS": "3", "SESSION_RUNS": "1", "KILLED": killed ? "1" : "0", "KILL_TIMEOUT": "10",
                "ZKPROBE": zkprobe, "OUT": out.path,
            ], uniquingKeysWith: { $1 })
        return try ExternalTool.run(script, [], environment: environment, timeout: .seconds(240))
    }

    /// The figures of the table row `label`, split at blanks.
    static func row(_ label: String, in run: ExternalTool.Run) -> [String] {
        guard let line = run.outputLines.first(where: { $0.hasPrefix(label + " ") }) else { return [] }
        return line.dropFirst(label.count).split(separator: " ").map(String.init)
    }
}
