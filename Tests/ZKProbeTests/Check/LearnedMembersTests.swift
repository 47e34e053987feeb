import TestSupport
import Testing

@testable import ZKProbe
@testable import ZKProbeCommands

/// A check asks the members its request names; members it learns from their `conf` only where its request's
/// ``LearnedMembers`` allows, and the others are reported `member-not-asked` with the address `conf` gave
/// (issue 20: `zkprobe serve` connects nowhere its configuration does not say).
struct LearnedMembersTests {
    static func check(_ fakes: LearnedMemberFakes, _ policy: LearnedMembers, alsoGiven: [String] = []) throws
        -> CheckReport
    {
        let endpoints = try ([fakes.given.address()] + alsoGiven).map { try Endpoint(parsing: $0) }
        var request = CheckRequest(
            targets: EnsembleTargets(endpoints: endpoints, source: "arguments"),
            probe: ProbeOptions(deadline: .seconds(5)))
        request.learnedMembers = policy
        return Checker.check(request)
    }

    @Test func aLearnedMemberNotAllowedGetsNoConnectionAndIsNamed() throws {
        let fakes = try LearnedMemberFakes()
        defer { fakes.stop() }
        let report = try Self.check(fakes, .askOnly([]))
        #expect(fakes.learnedConnections == 0)
        #expect(report.members.map(\.address) == [fakes.given.address()])
        let finding = try #require(report.findings.first { $0.code == .memberNotAsked }, "\(report.findings)")
        #expect(finding.member == "server.2")
        #expect(finding.severity == .ok)
        #expect(finding.message.contains("server.2 at \(fakes.learnedAddress()) is listed by the members' conf"))
        // The library names what to change in its own words; zkprobe spells the flags.
        #expect(!finding.message.contains("--"), "\(finding.message)")
        let spelled = finding.spellingHints(\.flag).message
        #expect(spelled.hasSuffix("name it with the members, in --config, or in zkprobe serve --allow-learned-members"))
    }

    @Test(arguments: [true, false])
    func aLearnedMemberAllowedOrEveryMemberAskedIsAsked(_ listed: Bool) throws {
        let fakes = try LearnedMemberFakes()
        defer { fakes.stop() }
        let learned = try Endpoint(parsing: fakes.learnedAddress())
        let report = try Self.check(fakes, listed ? .askOnly([learned]) : .ask)
        #expect(fakes.learnedConnections > 0)
        #expect(Set(report.members.map(\.address)) == [fakes.given.address(), fakes.learnedAddress()])
        #expect(!report.findings.contains { $0.code == .memberNotAsked }, "\(report.findings)")
    }

    /// The members given are the configuration: always asked, whatever the allowed list says.
    @Test func aMemberGivenIsAskedWithNothingAllowed() throws {
        let fakes = try LearnedMemberFakes()
        defer { fakes.stop() }
        let report = try Self.check(fakes, .askOnly([]), alsoGiven: [fakes.learnedAddress()])
        #expect(fakes.learnedConnections > 0)
        #expect(report.members.count == 2)
        #expect(!report.findings.contains { $0.code == .memberNotAsked }, "\(report.findings)")
    }

    /// A zoo.cfg's server lines are the configuration too: a member only they name is asked.
    @Test func aMemberOfTheZooConfigIsAskedWithNothingAllowed() throws {
        let fakes = try LearnedMemberFakes()
        defer { fakes.stop() }
        let zooConfig = """
            server.1=127.0.0.1:40000:41000;\(fakes.given.address())
            server.2=127.0.0.1:40001:41001;\(fakes.learnedAddress())
            """
        var request = CheckRequest(
            targets: try EnsembleTargets.fromZooConfig(zooConfig, path: "zoo.cfg"),
            probe: ProbeOptions(deadline: .seconds(5)))
        request.learnedMembers = .askOnly([])
        let report = Checker.check(request)
        #expect(fakes.learnedConnections > 0)
        #expect(report.members.count == 2)
        #expect(!report.findings.contains { $0.code == .memberNotAsked }, "\(report.findings)")
    }

    /// One member of three given, the other two only learned and not allowed: what the verdict can still say.
    /// A leader counts its synced followers, so quorum and tolerance stand; a follower only shows that a leader
    /// serves, so the quorum is assumed at its bare majority and the check warns that it has no failure
    /// tolerance (docs/zkprobe-serve.md: name every member on the line).
    @Test(arguments: [("leader", Severity.ok, 1), ("follower", Severity.warning, 0)])
    func oneMemberOfThreeGiven(_ mode: String, _ verdict: Severity, _ tolerance: Int) throws {
        let fakes = try LearnedMemberFakes(givenMode: mode, learnedCount: 2)
        defer { fakes.stop() }
        let report = try Self.check(fakes, .askOnly([]))
        #expect(fakes.learnedConnections == 0)
        #expect(report.verdict == verdict, "\(report.findings.map(\.message))")
        #expect(report.quorum)
        #expect(report.failureTolerance == tolerance)
        #expect(report.findings.filter { $0.code == .memberNotAsked }.compactMap(\.member) == ["server.2", "server.3"])
        #expect(report.findings.contains { $0.code == .noFailureTolerance } == (tolerance == 0))
    }
}
