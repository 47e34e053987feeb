import Foundation
import Testing

@testable import ZKProbe
@testable import ZKProbeCommands

/// Whole outputs of `zkprobe check` in all four formats, built from replies captured on a real 3.8.0 ensemble,
/// compared byte for byte with the files under `Snapshots/check`. `ZKPROBE_RECORD_GOLDEN=1` re-records them.
///
/// Nothing here touches the network: each member's replies go through the same reading and assessment as a
/// live check, with fixed timings, so the outputs are the same on every run.
struct CheckGoldenTests {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Snapshots/check")

    /// A member and the captured reply set that answers for it (`nil`: connection refused); with `probe`, what
    /// the client probe measured through each member, in order.
    struct Scene: Sendable, CustomTestStringConvertible {
        var name: String
        var members: [(address: String, replies: String?)]
        var voters: Int?
        var probe: ClientProbe.Mode? = nil
        var clients: [ClientMeasurement?] = []
        var testDescription: String { name }
    }

    /// A probe that completed through a member, with figures that tell the columns apart.
    static func completed(_ n: Int, mode: ClientProbe.Mode) -> ClientMeasurement {
        var c = ClientMeasurement()
        c.connectSeconds = 0.0012 * Double(n)
        c.roundTripSeconds = 0.0008 * Double(n)
        if case .write = mode {
            c.writeSeconds = 0.0031 * Double(n)
            c.readSeconds = 0.0004 * Double(n)
            c.visibilitySeconds = n == 1 ? 0 : 0.0007 * Double(n)
        }
        c.sessionId = 0x1000_0a3f_2c00_0000 + Int64(n)
        c.completed = true
        return c
    }

    /// A probe that stopped: `kind` at `step`, with the figures reached before it.
    static func failed(
        _ address: String, _ kind: ClientFailureKind, _ step: String, connected: Bool = false
    ) -> ClientMeasurement {
        var c = ClientMeasurement()
        if connected {
            c.connectSeconds = 0.0011
            c.sessionId = 0x2000_0b11_0000_0007
        }
        c.failure = kind
        c.error = "\(address): \(step)"
        return c
    }

    static let writeProbe = ClientProbe.Mode.write(path: "/zkprobe")

    static let scenes: [Scene] = [
        Scene(name: "healthy", members: [("zk1:2181", "leader"), ("zk2:2181", "follower"), ("zk3:2181", "follower")]),
        Scene(
            name: "one-down", members: [("zk1:2181", "leader"), ("zk2:2181", "follower"), ("zk3:2181", nil)],
            voters: 3),
        Scene(
            name: "no-quorum",
            members: [("zk1:2181", "notserving"), ("zk2:2181", "notserving"), ("[::1]:2181", nil)]),
        Scene(
            name: "srvr-only",
            members: [("zk1:2181", "restricted"), ("zk2:2181", "restricted"), ("zk3:2181", "restricted")]),
        Scene(name: "read-only", members: [("zk1:2181", "readonly"), ("zk2:2181", nil), ("zk3:2181", nil)]),
        // The client probe: every member writes; none can while the words show a quorum (a partitioned leader);
        // writes succeed while the words say no quorum (an election just ended).
        Scene(
            name: "write-probe", members: [("zk1:2181", "leader"), ("zk2:2181", "follower"), ("zk3:2181", "follower")],
            probe: writeProbe, clients: (1...3).map { completed($0, mode: writeProbe) }),
        Scene(
            name: "writes-fail", members: [("zk1:2181", "leader"), ("zk2:2181", "follower"), ("zk3:2181", "follower")],
            probe: writeProbe,
            clients: [
                failed("zk1:2181", .noSession, "no ConnectResponse before the deadline"),
                failed("zk2:2181", .noSession, "no ConnectResponse before the deadline"),
                failed("zk3:2181", .timedOut, "no reply to create /zkprobe/zkprobe-host-1-0a1b2c3d", connected: true),
            ]),
        Scene(
            name: "servers-view-lags",
            members: [("zk1:2181", "notserving"), ("zk2:2181", "notserving"), ("[::1]:2181", nil)],
            probe: .session,
            clients: [
                completed(1, mode: .session), completed(2, mode: .session),
                failed("[::1]:2181", .noSession, "connection refused"),
            ]),
    ]

    static func reply(_ set: String, _ word: String) -> String? {
        let url = ReplyFixtures.root.appendingPathComponent("captured-3.8.0/\(set)-\(word).txt")
        return (try? Data(contentsOf: url)).map { String(decoding: $0, as: UTF8.self) }
    }

    static func report(_ scene: Scene) throws -> CheckReport {
        var members: [MemberReport] = []
        for (n, (address, set)) in scene.members.enumerated() {
            let endpoint = try Endpoint(parsing: address)
            func result(_ word: String) -> Result<Exchange, ProbeError> {
                guard let set else { return .failure(.refused(endpoint: endpoint)) }
                let text = reply(set, word) ?? ""
                return .success(
                    Exchange(
                        endpoint: endpoint, word: word, reply: Array(text.utf8), address: "127.0.0.1",
                        connectTime: .microseconds(250), totalTime: .microseconds(1500)))
            }
            var member = Checker.member(
                address: address, endpoint: endpoint, srvr: result("srvr"), mntr: result("mntr"),
                conf: result("conf"), ruok: result("ruok"))
            member.client = n < scene.clients.count ? scene.clients[n] : nil
            members.append(member)
        }
        let expectation = EnsembleExpectation(voters: scene.voters, source: scene.voters == nil ? nil : "zoo.cfg")
        var report = EnsembleAssessment().assess(members, expectation: expectation, durationSeconds: 0.0125)
        ClientVerdict.apply(scene.probe, to: &report)
        // The hints spelled as zkprobe check spells them (its flags): these are the command's outputs.
        return report.spellingHints(\.flag)
    }

    static func outputs(_ report: CheckReport) -> [(String, String)] {
        [
            ("txt", report.text(colour: false)),
            ("json", report.jsonText()),
            ("prom", report.prometheus(includeMonitorValues: false)),
            ("all-mntr.prom", report.prometheus(includeMonitorValues: true)),
            ("nagios", report.nagios(thresholds: CheckThresholds())),
        ]
    }

    @Test(arguments: scenes)
    func outputIsByteIdenticalToTheRecording(_ scene: Scene) throws {
        let record = ProcessInfo.processInfo.environment["ZKPROBE_RECORD_GOLDEN"] == "1"
        for (suffix, text) in Self.outputs(try Self.report(scene)) {
            let file = Self.snapshots.appendingPathComponent("\(scene.name).\(suffix)")
            if record {
                try FileManager.default.createDirectory(at: Self.snapshots, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: file)
                continue
            }
            let expected = try String(contentsOf: file, encoding: .utf8)
            #expect(text == expected, "\(file.lastPathComponent) differs from the recording")
        }
    }
}
