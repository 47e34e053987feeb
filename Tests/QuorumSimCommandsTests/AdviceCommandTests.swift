import CommandLineSupport
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@testable import QuorumSim
@testable import QuorumSimCommands
import ZKProbe

private func run(_ arguments: [String], stdin: String = "") -> (Int32, Capture) {
    runQuorumSim(arguments, stdin: stdin)
}

private let scenarios: String = {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios").path
}()

struct ToleranceCommandTests {
    @Test func twoZonesThreeTwoLosesTheLargerZone() throws {
        let (code, capture) = run(["tolerance", "\(scenarios)/five-servers-two-zones.json", "--format", "json"])
        #expect(code == ExitStatus.success)
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(capture.stdout.utf8)) as? [[String: Any]])
        #expect(reports[0]["failuresTolerated"] as? Int == 2)
        #expect(reports[0]["survivesAnySingleZoneLoss"] as? Bool == false)
    }

    @Test func threeZonesTwoTwoOneSurvivesAnyZone() throws {
        let (code, capture) = run(["tolerance", "\(scenarios)/five-servers-three-zones.json"])
        #expect(code == ExitStatus.success)
        #expect(capture.stdout.contains("survives the loss of any one zone: yes"))
    }

    @Test func aBadFileIsOneLineAndExitTwo() {
        let (code, capture) = run(["tolerance", "/nonexistent/x.json"])
        #expect(code == ExitStatus.badScenario)
        #expect(capture.stderr.hasPrefix("/nonexistent/x.json"))
        #expect(capture.stderr.filter { $0 == "\n" }.count == 1)
    }
}

struct RecommendCommandTests {
    @Test(arguments: [("60", "1/1/1"), ("10", "2/2/1")])
    func threeZonesDependOnTheTarget(minutes: String, layout: String) throws {
        let (code, capture) = run([
            "recommend", "--zones", "a,b,c", "--target-downtime", minutes, "--format", "json", "--years", "300",
        ])
        #expect(code == ExitStatus.success)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(capture.stdout.utf8)) as? [String: Any])
        let chosen = try #require(object["recommended"] as? [String: Any])
        #expect(chosen["layout"] as? String == layout)
        let evidence = try #require(object["evidence"] as? [[String: Any]])
        let mine = try #require(evidence.first { ($0["placement"] as? [String: Any])?["layout"] as? String == layout })
        let downtime = try #require(mine["downtimeMinutesPerYear"] as? [String: Any])
        let ci = try #require(downtime["ci95"] as? [Double])
        #expect(ci[0] <= ci[1] && ci[1] <= Double(minutes)!)
    }

    @Test func twoZonesGiveTheLargerSideWarning() {
        let (code, capture) = run(["recommend", "--zones", "2", "--target-downtime", "10", "--years", "200"])
        #expect(code == ExitStatus.success)
        #expect(capture.stdout.contains("NO PLACEMENT"))
        #expect(capture.stdout.contains("over two zones no placement survives losing the larger side"))
    }

    @Test func oneZoneGivesTheZoneWarning() {
        let (code, capture) = run(["recommend", "--zones", "1", "--years", "200"])
        #expect(code == ExitStatus.success)
        #expect(capture.stdout.contains("with one zone, its outages"))
    }

    @Test func theSameSeedGivesTheSameAdviceAndFigures() {
        let arguments = ["recommend", "--target-availability", "0.99999", "--years", "300", "--seed", "7", "--format", "json"]
        let a = run(arguments).1.stdout
        let b = run(arguments + ["--threads", "1"]).1.stdout
        #expect(a == b)
        let c = run(Array(arguments.dropLast(2)) + ["--seed", "8", "--format", "json"]).1.stdout
        #expect(a != c, "another seed simulates other evidence")
    }

    @Test func svgIsWrittenAndWellFormed() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rec-\(getpid()).svg").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (code, _) = run(["recommend", "--years", "100", "--svg", path])
        #expect(code == ExitStatus.success)
        let data = try #require(FileManager.default.contents(atPath: path))
        let document = try XMLDocument(data: data)
        #expect(try document.nodes(forXPath: "//*[local-name()='polyline']").count == 3, "one line per zone layout")
    }

    @Test(arguments: [
        ["recommend", "--zones", "0"], ["recommend", "--target-availability", "1.5"],
        ["recommend", "--server-mttf", "-5h"], ["recommend", "--server-mttr", "24"], ["recommend", "--bogus"],
        ["recommend", "--max-voters", "12"], ["recommend", "--target-availability", "0.9", "--target-downtime", "5"],
        ["recommend", "--maintenance-period", "30d"], ["recommend", "--zones", "a,a"],
    ])
    func badInputIsOneLineAndUsageExit(arguments: [String]) {
        let (code, capture) = run(arguments)
        #expect(code == ExitStatus.usage)
        #expect(capture.stdout.isEmpty)
        #expect(capture.stderr.filter { $0 == "\n" }.count == 1)
        #expect(capture.stderr.contains("quorumsim recommend"))
    }

    @Test func badSVGPathLeavesNothingAndFails() {
        let (code, capture) = run(["recommend", "--years", "50", "--svg", "/nonexistent-dir/x.svg"])
        #expect(code == ExitStatus.failure)
        #expect(capture.stderr.contains("/nonexistent-dir/x.svg"))
    }
}

struct LiveCommandTests {
    /// What `zkprobe check --format json` prints for a leader, a follower and an unreachable third member:
    /// the same code writes it here as in zkprobe, so this is the contract between the two tools.
    static let json: String = {
        var leader = MemberReport(address: "zk1:2181", state: .leader)
        leader.syncedFollowers = 1
        let follower = MemberReport(address: "zk2:2181", state: .follower)
        let down = MemberReport(address: "zk3:2181", state: .unreachable)
        let report = EnsembleAssessment().assess(
            [leader, follower, down], expectation: EnsembleExpectation(voters: 3, source: "zoo.cfg"))
        return report.jsonText()
    }()

    @Test func readsCheckOutputFromStandardInput() throws {
        let (code, capture) = run(
            ["live", "-", "--zones", "zk1:2181=a,zk2:2181=b,zk3:2181=c", "--format", "json"], stdin: Self.json)
        #expect(code == ExitStatus.success)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(capture.stdout.utf8)) as? [String: Any])
        #expect(object["failureTolerance"] as? Int == 0)
        let p = try #require(object["probabilityOfLosingQuorum"] as? Double)
        // Either survivor failing, or its zone going out, within 24 h.
        let q = 1 - exp(-24.0 / 4380), z = 1 - exp(-24.0 / 17532)
        #expect(abs(p - (1 - pow(1 - q, 2) * pow(1 - z, 2))) < 1e-12)
        let zones = try #require(object["zones"] as? [[String: Any]])
        #expect(zones.filter { $0["lossLosesQuorum"] as? Bool == true }.count == 2)
    }

    @Test func aMemberMissingFromTheMapIsNamed() {
        let (code, capture) = run(["live", "-", "--zones", "zk1:2181=a,zk2:2181=b"], stdin: Self.json)
        #expect(code == ExitStatus.badScenario)
        #expect(capture.stderr.contains("zk3:2181"))
    }

    /// live starts from the check's own conclusion: the leader's synced count covers a member not asked, and
    /// observers (down or not) are never voters.
    @Test func liveStartsFromTheChecksVerdict() throws {
        var leader = MemberReport(address: "zk1:2181", state: .leader)
        leader.syncedFollowers = 2
        var observer = MemberReport(address: "zk9:2181", state: .unreachable)
        observer.isObserver = true
        let report = EnsembleAssessment().assess(
            [leader, MemberReport(address: "zk2:2181", state: .follower), observer],
            expectation: EnsembleExpectation(voters: 3, source: "zoo.cfg"))
        #expect(report.failureTolerance == 1)
        let (code, capture) = run(
            ["live", "-", "--zones", "zk1:2181=a,zk2:2181=b,zk9:2181=c", "--format", "json"], stdin: report.jsonText())
        #expect(code == ExitStatus.success, "\(capture.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(capture.stdout.utf8)) as? [String: Any])
        #expect(object["failureTolerance"] as? Int == 1)
        #expect(object["upVoters"] as? Int == 3)
        #expect((object["zones"] as? [[String: Any]])?.contains { $0["zone"] as? String == "c" } == false)
        let (_, text) = run(["live", "-", "--zones", "zk1:2181=a,zk2:2181=b,zk9:2181=c"], stdin: report.jsonText())
        #expect(text.stdout.contains("chance of losing quorum in the next 24 hours: "), "\(text.stdout)")
        #expect(!text.stdout.contains("nothing is down"))
    }

    @Test(arguments: ["[1, 2]", "{\"members\": []}", "{}"])
    func jsonThatIsNotACheckReportIsOneLine(_ text: String) {
        let (code, capture) = run(["live", "-", "--zones", "zk1:2181=a"], stdin: text)
        #expect(code == ExitStatus.badScenario)
        #expect(capture.stderr.filter { $0 == "\n" }.count == 1)
        #expect(capture.stderr.contains("zkprobe check --format json"))
    }

    @Test func garbageInputIsOneLine() {
        let (code, capture) = run(["live", "-", "--zones", "zk1:2181=a"], stdin: "not json")
        #expect(code == ExitStatus.badScenario)
        #expect(capture.stderr.filter { $0 == "\n" }.count == 1)
    }
}
