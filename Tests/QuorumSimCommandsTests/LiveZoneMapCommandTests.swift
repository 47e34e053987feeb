import CommandLineSupport
import Foundation
import Testing

@testable import QuorumSimCommands

/// `live` reads zone maps in `scenario`'s grammar: the map written for one serves the other.
struct LiveZoneMapCommandTests {
    /// The hosts of a `scenario` zone-map file (no ports, another case, a comment, `host zone` lines) place the
    /// members the check reports as `zk1:2181`.
    @Test func theScenarioZoneMapFilePlacesTheMembers() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("zones-\(UUID().uuidString).txt")
        try Data("# racks\nZK1 a\nzk2=b\nZk3 c\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let (code, capture) = runQuorumSim(
            ["live", "-", "--zone-map", file.path], stdin: LiveInputCommandTests.olderDocument)
        #expect(code == ExitStatus.success, "\(capture.stderr)")
        #expect(capture.stdout.contains("losing zone c (0 voter(s) up there) now: quorum holds"), "\(capture.stdout)")
        #expect(capture.stdout.contains("losing zone a (1 voter(s) up there) now: LOSES quorum"), "\(capture.stdout)")
    }

    /// A host given two zones is refused with its place, as `scenario` refuses it.
    @Test func aHostInTwoZonesIsRefused() {
        let (code, capture) = runQuorumSim(
            ["live", "-", "--zones", "zk1:2181=a,zk2:2181=b,zk3:2181=c,ZK1:2181=b"],
            stdin: LiveInputCommandTests.olderDocument)
        #expect(code == ExitStatus.badScenario)
        #expect(capture.stderr == "quorumsim live: --zones: host ZK1:2181 is in zone a already\n", "\(capture.stderr)")
    }
}
