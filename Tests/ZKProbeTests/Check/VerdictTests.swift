import Testing

@testable import ZKProbe

/// The verdict is decided in one place, ``Severity/verdict(of:)``, from a report's final findings: the Monitoring
/// Plugins' rule, CRITICAL over UNKNOWN over WARNING over OK.
struct VerdictTests {
    static func finding(_ severity: Severity) -> Finding {
        let code = FindingCode.allCases.first { $0.severities.contains(severity) }!
        return Finding(severity, code, "a \(severity.word) finding")
    }

    /// Every combination of severities (the 16 subsets, each in both orders).
    @Test(arguments: 0..<16)
    func theWorstSeverityDecides(_ subset: Int) {
        let severities = Severity.allCases.enumerated().filter { subset & (1 << $0.offset) != 0 }.map(\.element)
        let expected: Severity =
            severities.contains(.critical)
            ? .critical : severities.contains(.unknown) ? .unknown : severities.contains(.warning) ? .warning : .ok
        let findings = severities.map(Self.finding)
        #expect(Severity.verdict(of: findings) == expected, "\(severities)")
        #expect(Severity.verdict(of: findings.reversed()) == expected, "\(severities)")
    }

    /// A finding added after the assessment (any later step of the check) counts: the report's verdict is never
    /// a figure stored before its last finding.
    @Test func aFindingAddedLaterChangesTheVerdict() {
        var leader = MemberReport(address: "zk1:2181", state: .standalone)
        leader.endpoint = Endpoint(host: "zk1", port: 2181)
        var report = EnsembleAssessment().assess([leader])
        #expect(report.verdict == .ok, "\(report.findings)")
        report.findings.append(Self.finding(.warning))
        #expect(report.verdict == .warning)
        report.findings.append(Self.finding(.critical))
        #expect(report.verdict == .critical)
    }

    /// `--expect-mode`: a member given in another mode is an `unexpected-mode` finding, CRITICAL; in the mode
    /// (or any serving one for `serving`) it adds nothing.
    @Test(arguments: [
        (ExpectedMode.leader, MemberState.follower, true), (.follower, .follower, false), (.serving, .observer, false),
        (.serving, .notServing, true), (.readOnly, .readOnly, false), (.standalone, .unreachable, true),
    ])
    func anUnexpectedModeIsCritical(_ mode: ExpectedMode, _ state: MemberState, _ mismatch: Bool) {
        var member = MemberReport(address: "zk1:2181", state: state)
        member.endpoint = Endpoint(host: "zk1", port: 2181)
        var other = MemberReport(address: "zk2:2181", state: .leader)
        other.endpoint = Endpoint(host: "zk2", port: 2181)
        let findings = mode.findings(of: [member, other], given: [member.endpoint!])
        #expect(findings.map(\.code) == (mismatch ? [.unexpectedMode] : []))
        #expect(Severity.verdict(of: findings) == (mismatch ? .critical : .ok))
        #expect(findings.allSatisfy { $0.member == "zk1:2181" }, "only the members given are held to the mode")
    }
}
