import CommandLineSupport
import Foundation
import Synchronization
import TestSupport
import Testing
import ZKProbe

@testable import QuorumSimCommands

/// What `quorumsim live` accepts as a check document: the keys it needs, whatever else the document holds; at most
/// `CheckInput.maxBytes`; and figures that agree with each other.
struct LiveInputCommandTests {
    /// `zkprobe check --format json` as it was written before `members[].observer` and `ensemble` existed, without
    /// `durationSeconds` either: keys live never used. A leader, a follower and an unreachable third member.
    static let olderDocument = """
        {
          "verdict": "warning",
          "exitCode": 1,
          "summary": "WARNING zk3:2181 unreachable; quorum holds with 2 of 3 voters",
          "leader": "zk1:2181",
          "quorum": true,
          "votersConfigured": 3,
          "votersServing": 2,
          "majority": 2,
          "failureTolerance": 0,
          "membershipSource": "zoo.cfg",
          "members": [
            {"address": "zk1:2181", "state": "leader", "servesClients": true, "problem": null, "imok": true,
             "version": "3.8.4", "zxid": "0x100000002", "epoch": 1, "counter": 2, "lag": 0, "latencyMs": null,
             "received": 10, "sent": 9, "connections": 1, "outstanding": 0, "nodeCount": 5, "learners": 1,
             "syncedFollowers": 1, "syncedNonVotingFollowers": 0, "pendingSyncs": 0, "openFileDescriptors": 60,
             "maxFileDescriptors": 4096, "quorumSize": 3, "notWhitelisted": [], "connectSeconds": 0.001,
             "exchangeSeconds": 0.002},
            {"address": "zk2:2181", "state": "follower", "servesClients": true, "problem": null, "imok": true,
             "version": "3.8.4", "zxid": "0x100000002", "epoch": 1, "counter": 2, "lag": 0, "latencyMs": null,
             "received": 10, "sent": 9, "connections": 1, "outstanding": 0, "nodeCount": 5, "learners": null,
             "syncedFollowers": null, "syncedNonVotingFollowers": null, "pendingSyncs": null,
             "openFileDescriptors": 58, "maxFileDescriptors": 4096, "quorumSize": 3, "notWhitelisted": [],
             "connectSeconds": 0.001, "exchangeSeconds": 0.002},
            {"address": "zk3:2181", "state": "unreachable", "servesClients": false,
             "problem": "zk3:2181: connection refused", "imok": null, "version": null, "zxid": null, "epoch": null,
             "counter": null, "lag": null, "latencyMs": null, "received": null, "sent": null, "connections": null,
             "outstanding": null, "nodeCount": null, "learners": null, "syncedFollowers": null,
             "syncedNonVotingFollowers": null, "pendingSyncs": null, "openFileDescriptors": null,
             "maxFileDescriptors": null, "quorumSize": null, "notWhitelisted": [], "connectSeconds": null,
             "exchangeSeconds": null}
          ],
          "findings": [
            {"severity": "warning", "code": "member-unreachable", "member": "zk3:2181",
             "message": "zk3:2181: connection refused"}
          ]
        }
        """
    static let zones = ["--zones", "zk1:2181=a,zk2:2181=b,zk3:2181=c"]

    static func live(_ document: String, _ extra: [String] = []) -> (Int32, Capture) {
        runQuorumSim(["live", "-"] + zones + extra, stdin: document)
    }

    @Test func anOlderCheckDocumentIsRead() throws {
        let (code, capture) = Self.live(Self.olderDocument, ["--format", "json"])
        #expect(code == ExitStatus.success, "\(capture.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(capture.stdout.utf8)) as? [String: Any])
        #expect(object["upVoters"] as? Int == 2)
        #expect(object["failureTolerance"] as? Int == 0)
        #expect(object["majority"] as? Int == 2)
    }

    /// Keys a newer zkprobe may add, at the top and in a member, change nothing.
    @Test func unknownKeysAreIgnored() {
        let newer = Self.olderDocument
            .replacingOccurrences(of: "\"verdict\":", with: "\"somethingNew\": {\"a\": [1, 2]}, \"verdict\":")
            .replacingOccurrences(of: "\"state\": \"follower\",", with: "\"state\": \"follower\", \"rack\": \"r2\",")
        let (code, capture) = Self.live(newer)
        #expect(code == ExitStatus.success, "\(capture.stderr)")
        #expect(capture.stdout == Self.live(Self.olderDocument).1.stdout)
    }

    /// A document that contradicts itself, or holds a number no integer holds, or a key twice: refused in one line
    /// that names the key, exit 2, nothing on standard output.
    @Test(arguments: [
        ("\"votersConfigured\": 3", "\"votersConfigured\": -5", "votersConfigured: -5"),
        ("\"votersConfigured\": 3", "\"votersConfigured\": 0", "votersConfigured: 0"),
        ("\"votersServing\": 2", "\"votersServing\": 4", "votersServing: 4 with votersConfigured 3"),
        ("\"votersServing\": 2", "\"votersServing\": -1", "votersServing: -1"),
        ("\"majority\": 2", "\"majority\": 1", "majority: 1 with votersConfigured 3"),
        ("\"quorum\": true", "\"quorum\": false", "failureTolerance: 0 with quorum false"),
        ("\"failureTolerance\": 0", "\"failureTolerance\": 2", "failureTolerance: 2 with quorum true"),
        ("\"failureTolerance\": 0", "\"failureTolerance\": -1", "failureTolerance: -1 with quorum true"),
        ("\"votersServing\": 2", "\"votersServing\": 99999999999999999999", "votersServing: number out of range"),
        ("\"votersConfigured\": 3", "\"votersConfigured\": 9223372036854775808", "votersConfigured: number out of range"),
        ("\"failureTolerance\": 0", "\"failureTolerance\": 1e400", "number out of range: 1e400"),
        ("\"quorum\": true,", "\"quorum\": true, \"quorum\": false,", "quorum: written twice"),
        ("\"address\": \"zk2:2181\",", "\"address\": \"zk2:2181\", \"address\": \"zk9:2181\",", "members[1].address: written twice"),
        ("\"quorum\": true", "\"quorum\": \"yes\"", "quorum: expected true or false, found a string"),
        ("\"state\": \"follower\"", "\"state\": 3", "members[1].state: expected a string"),
        ("\"majority\": 2,", "", nil),
    ] as [(String, String, String?)])
    func aDocumentThatContradictsItselfIsRefused(_ original: String, _ replacement: String, _ message: String?) {
        #expect(Self.olderDocument.contains(original))
        let (code, capture) = Self.live(Self.olderDocument.replacingOccurrences(of: original, with: replacement))
        guard let message else {
            // Without `majority` (live computes its own) the document is still whole.
            #expect(code == ExitStatus.success, "\(capture.stderr)")
            return
        }
        #expect(code == ExitStatus.badScenario, "\(replacement): \(capture.stdout)")
        #expect(capture.stderr.hasPrefix("quorumsim live: standard input"), "\(capture.stderr)")
        #expect(capture.stderr.contains(message), "\(capture.stderr)")
        #expect(!capture.stderr.contains("not valid JSON") && !capture.stderr.contains("invalid JSON"))
        #expect(capture.stderr.filter { $0 == "\n" }.count == 1)
        #expect(capture.stdout.isEmpty)
    }

    /// Quorum lost with the counts of a majority (every voter asked, followers serving, the leader gone): no zone
    /// line says "quorum holds" beside "LOST now".
    @Test func aLostQuorumHoldsInNoZone() throws {
        let lost = Self.olderDocument.replacingOccurrences(of: "\"state\": \"leader\"", with: "\"state\": \"follower\"")
            .replacingOccurrences(of: "\"quorum\": true", with: "\"quorum\": false")
            .replacingOccurrences(of: "\"failureTolerance\": 0", with: "\"failureTolerance\": -1")
        let (code, capture) = Self.live(lost)
        #expect(code == ExitStatus.success, "\(capture.stderr)")
        #expect(capture.stdout.contains("quorum: LOST now"))
        #expect(!capture.stdout.contains("quorum holds"), "\(capture.stdout)")
        let (_, json) = Self.live(lost, ["--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let zones = try #require(object["zones"] as? [[String: Any]])
        #expect(zones.count == 3 && zones.allSatisfy { $0["lossLosesQuorum"] as? Bool == true })
    }

    /// Standard input is asked for with the cap (the binary test below shows a pipe that never ends refused).
    @Test func standardInputIsReadWithTheCap() {
        let asked = Mutex<[Int]>([])
        let context = CommandContext(readStandardInput: { limit throws(TextFileError) in
            asked.withLock { $0.append(limit) }
            throw TextFileError(path: "standard input", what: "input", problem: .tooLarge(limit: limit))
        })
        let outcome = QuorumSimTool.run(["live", "-"] + Self.zones, context: context)
        #expect(outcome.status == ExitStatus.badScenario)
        #expect(outcome.standardError.contains("standard input: the input is larger than 1 MiB"), "\(outcome.standardError)")
        #expect(asked.withLock { $0 } == [CheckInput.maxBytes])
    }

    /// A file that never ends (`/dev/zero`) or a directory: one line, exit 2, no hang.
    @Test(arguments: [("/dev/zero", "not a text file: it holds a NUL byte"), ("/tmp", "is a folder; give the check document itself")])
    func aFileThatIsNoCheckDocumentIsOneLine(_ file: String, _ message: String) {
        let (code, capture) = runQuorumSim(["live", file] + Self.zones)
        #expect(code == ExitStatus.badScenario)
        #expect(capture.stderr.contains("\(file): \(message)"), "\(capture.stderr)")
        #expect(capture.stderr.filter { $0 == "\n" }.count == 1)
    }

    /// A check that could not tell whether a quorum holds (one member given, and it does not serve) writes
    /// `failureTolerance: null`: live refuses it and says what check to give it, rather than reading "LOST".
    @Test func aCheckWhoseQuorumIsUnknownIsRefusedWithWhatToDo() throws {
        let report = EnsembleAssessment().assess([MemberReport(address: "zk1:2181", state: .notServing)])
        #expect(report.verdict == .unknown)
        let document = report.jsonText()
        #expect(document.contains("\"failureTolerance\": null"), "\(document)")
        let (code, capture) = runQuorumSim(["live", "-", "--zones", "zk1:2181=a"], stdin: document)
        #expect(code == ExitStatus.badScenario, "\(capture.stdout)")
        #expect(capture.stderr.contains("failureTolerance: null"), "\(capture.stderr)")
        #expect(capture.stderr.contains("--connect or --config"), "\(capture.stderr)")
        #expect(!capture.stderr.contains("expected an integer"), "\(capture.stderr)")
        #expect(capture.stdout.isEmpty)
    }

    /// The document zkprobe writes now reads the same way as the older one it extends.
    @Test func theCurrentDocumentReadsAsTheOlderOne() throws {
        let (code, capture) = Self.live(LiveCommandTests.json)
        #expect(code == ExitStatus.success, "\(capture.stderr)")
        #expect(capture.stdout == Self.live(Self.olderDocument).1.stdout)
    }
}

/// The binary reading a check document from a file and from a pipe on standard input, as an operator runs it.
struct LiveInputBinaryTests {
    @Test func aFileAndStandardInputAreReadWhole() throws {
        let binary = try #require(BuiltProducts.executable("quorumsim"), "build the quorumsim product first")
        let file = CommandTests.file("older-check.json", LiveInputCommandTests.olderDocument)
        let fromFile = try ChildProcess.run(binary, ["live", file] + LiveInputCommandTests.zones, timeout: .seconds(60))
        #expect(fromFile.status == 0, "\(fromFile.standardError)")
        #expect(fromFile.standardOutput.hasPrefix("voters up: 2 of 3 (majority 2)"), "\(fromFile.standardOutput)")
        let piped = try ChildProcess.run(
            "/bin/sh", ["-c", "cat \"$0\" | \"$1\" live - --zones zk1:2181=a,zk2:2181=b,zk3:2181=c", file, binary],
            timeout: .seconds(60))
        #expect(piped.status == 0, "\(piped.standardError)")
        #expect(piped.standardOutput == fromFile.standardOutput)
        // A pipe past the cap is refused after the cap, not read to its end (`yes` never ends).
        let endless = try ChildProcess.run(
            "/bin/sh", ["-c", "yes | \"$0\" live - --zones zk1:2181=a", binary], timeout: .seconds(60))
        #expect(endless.status == 2)
        #expect(endless.standardError.contains("standard input: the input is larger than 1 MiB"), "\(endless.standardError)")
    }
}
