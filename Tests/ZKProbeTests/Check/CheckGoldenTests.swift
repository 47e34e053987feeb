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

    /// A member and the captured reply set that answers for it (`nil`: connection refused).
    struct Scene: Sendable, CustomTestStringConvertible {
        var name: String
        var members: [(address: String, replies: String?)]
        var voters: Int?
        var testDescription: String { name }
    }

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
    ]

    static func reply(_ set: String, _ word: String) -> String? {
        let url = ReplyFixtures.root.appendingPathComponent("captured-3.8.0/\(set)-\(word).txt")
        return (try? Data(contentsOf: url)).map { String(decoding: $0, as: UTF8.self) }
    }

    static func report(_ scene: Scene) throws -> CheckReport {
        var members: [MemberReport] = []
        for (address, set) in scene.members {
            let endpoint = try Endpoint(parsing: address)
            func result(_ word: String) -> Result<Exchange, ProbeError> {
                guard let set else { return .failure(.refused(endpoint: endpoint)) }
                let text = reply(set, word) ?? ""
                return .success(
                    Exchange(
                        endpoint: endpoint, word: word, reply: Array(text.utf8), address: "127.0.0.1",
                        connectTime: .microseconds(250), totalTime: .microseconds(1500)))
            }
            members.append(
                Checker.member(
                    address: address, endpoint: endpoint, srvr: result("srvr"), mntr: result("mntr"),
                    conf: result("conf"), ruok: result("ruok")))
        }
        let expectation = EnsembleExpectation(voters: scene.voters, source: scene.voters == nil ? nil : "zoo.cfg")
        // The hints spelled as zkprobe check spells them (its flags): these are the command's outputs.
        return EnsembleAssessment().assess(members, expectation: expectation, durationSeconds: 0.0125)
            .spellingHints(\.flag)
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
