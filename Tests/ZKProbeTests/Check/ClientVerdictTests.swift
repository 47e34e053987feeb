import Testing

@testable import ZKProbe
@testable import ZKProbeCommands

/// The client probe's verdict rules (docs/zkprobe-check.md, "The client probe's verdict"): what clients got through
/// each member decides over what the four-letter words infer, one row of the precedence table per test.
struct ClientVerdictTests {
    static func member(_ address: String, _ state: MemberState, client: ClientMeasurement? = nil) -> MemberReport {
        var m = MemberReport(address: address, state: state)
        m.endpoint = try? Endpoint(parsing: address)
        m.zxid = state.isServing ? 0x1_0000_0002 : nil
        m.client = client
        return m
    }

    static func completed(_ seconds: Double = 0.002) -> ClientMeasurement {
        var c = ClientMeasurement()
        (c.connectSeconds, c.roundTripSeconds, c.writeSeconds, c.readSeconds) = (seconds, seconds, seconds, seconds)
        c.visibilitySeconds = 0
        c.sessionId = 0x1000_0a3f_2c00_0001
        c.completed = true
        return c
    }

    static func failed(_ address: String, _ kind: ClientFailureKind, _ step: String) -> ClientMeasurement {
        var c = ClientMeasurement()
        c.failure = kind
        c.error = "\(address): \(step)"
        return c
    }

    /// The four-letter words' view, three voters configured, each member with the probe outcome given.
    static func assessed(_ states: [MemberState], _ clients: [ClientMeasurement?]) -> CheckReport {
        let members = zip(states, clients).enumerated().map { i, pair in
            member("zk\(i + 1):2181", pair.0, client: pair.1)
        }
        return EnsembleAssessment().assess(members, expectation: EnsembleExpectation(voters: 3, source: "zoo.cfg"))
    }

    static func judged(
        _ states: [MemberState], _ clients: [ClientMeasurement?], mode: ClientProbe.Mode = .write(path: "/zkprobe")
    ) -> CheckReport {
        var report = assessed(states, clients)
        ClientVerdict.apply(mode, to: &report)
        return report
    }

    static let healthy: [MemberState] = [.leader, .follower, .follower]
    /// What the four-letter words show when the quorum is lost (no-quorum), the leader hangs (leader-unreachable),
    /// and nobody answers them (no-member-answered): all CRITICAL without a probe.
    static let outages: [(String, [MemberState], FindingCode)] = [
        ("no quorum", [.notServing, .notServing, .unreachable], .noQuorum),
        ("leader hung", [.unresponsive, .follower, .follower], .leaderUnreachable),
        ("nobody answers", [.unresponsive, .unresponsive, .unreachable], .noMemberAnswered),
    ]
    static var outageNames: [String] { outages.map(\.0) }

    // Row 5: no probe flag.

    /// Without a probe the findings are the assessment's, to the byte, whatever the members carry.
    @Test(arguments: [healthy] + outages.map(\.1))
    func withoutAProbeNothingChanges(_ states: [MemberState]) {
        let clients = states.indices.map { Self.failed("zk\($0 + 1):2181", .noSession, "connection refused") }
        let before = Self.assessed(states, clients)
        var after = before
        ClientVerdict.apply(nil, to: &after)
        #expect(after.findings == before.findings)
        #expect(after.verdict == before.verdict)
        #expect(after.clientProbe == nil)
        #expect(after.writable == nil)
    }

    // Row 1: no member completed.

    /// Every member failed while the four-letter words show a healthy quorum: measured beats inferred.
    @Test(arguments: [ClientProbe.Mode.session, .write(path: "/zkprobe")])
    func noMemberCompletingIsCriticalWhateverTheWordsSay(_ mode: ClientProbe.Mode) throws {
        #expect(Self.assessed(Self.healthy, [nil, nil, nil]).verdict == .ok)
        let report = Self.judged(
            Self.healthy,
            [
                Self.failed("zk1:2181", .timedOut, "no reply to create before the deadline"),
                Self.failed("zk2:2181", .noSession, "the handshake was closed"),
                Self.failed("zk3:2181", .serverError, "create answered connectionLoss (-4)"),
            ], mode: mode)
        #expect(report.verdict == .critical)
        #expect(report.writable == false)
        #expect(report.clientProbe == mode)
        let fail = try #require(report.findings.first { $0.code == .writesFail })
        #expect(fail.severity == .critical)
        #expect(fail.member == nil)
        for error in [
            "zk1:2181: no reply to create before the deadline", "zk2:2181: the handshake was closed",
            "zk3:2181: create answered connectionLoss (-4)",
        ] {
            #expect(fail.message.contains(error), "\(fail.message)")
        }
        #expect(fail.message.contains("although the four-letter words show a quorum serving"))
        #expect(!report.findings.contains { $0.code == .memberCannotWrite })
    }

    /// With the quorum lost by the words too, `writes-fail` still says what clients got.
    @Test(arguments: outageNames)
    func noMemberCompletingDuringAnOutageIsWritesFail(_ name: String) {
        let (_, states, code) = Self.outages.first { $0.0 == name }!
        let clients = states.indices.map { Self.failed("zk\($0 + 1):2181", .noSession, "connection refused") }
        let report = Self.judged(states, clients)
        #expect(report.verdict == .critical)
        #expect(report.findings.contains { $0.code == .writesFail && $0.severity == .critical })
        #expect(report.findings.contains { $0.code == code && $0.severity == .critical }, "nothing is downgraded")
        #expect(!report.findings.contains { $0.code == .serversViewLags })
    }

    // Row 2: some completed, others did not.

    @Test func aMemberThatCannotWriteWhileOthersCanIsAWarningNamingIt() throws {
        let report = Self.judged(
            Self.healthy,
            [
                Self.completed(), Self.failed("zk2:2181", .timedOut, "no reply to exists before the deadline"),
                Self.completed(),
            ])
        #expect(report.verdict == .warning)
        #expect(report.writable == true)
        let cannot = report.findings.filter { $0.code == .memberCannotWrite }
        #expect(cannot.count == 1)
        let finding = try #require(cannot.first)
        #expect(finding.member == "zk2:2181")
        #expect(finding.severity == .warning)
        #expect(finding.message.hasPrefix("zk2:2181 failed the write probe that 2 other member(s) completed: "))
        #expect(finding.message.contains("no reply to exists before the deadline"))
        #expect(!finding.message.contains("zk2:2181: no reply"), "the address is said once")
        #expect(!report.findings.contains { $0.code == .writesFail })
    }

    // Row 3: some completed while the words say the quorum is lost.

    /// Writes succeed while the servers still say "not serving" (around elections and restarts): WARNING, never
    /// CRITICAL, and `servers-view-lags` heads the findings that the probe contradicts.
    @Test(arguments: outageNames)
    func writesThatSucceedDuringAnInferredOutageAreNeverCritical(_ name: String) throws {
        let (_, states, code) = Self.outages.first { $0.0 == name }!
        #expect(Self.assessed(states, [nil, nil, nil]).verdict == .critical, "the words alone say CRITICAL")
        let report = Self.judged(
            states, [Self.completed(), Self.completed(), Self.failed("zk3:2181", .noSession, "connection refused")])
        #expect(report.verdict == .warning, "\(report.findings.map(\.message))")
        #expect(report.writable == true)
        #expect(!report.findings.contains { $0.severity == .critical })
        let outage = try #require(report.findings.firstIndex { $0.code == code })
        #expect(report.findings[outage].severity == .warning)
        #expect(report.findings[outage].message.hasSuffix("(servers-view-lags)"))
        let lags = try #require(report.findings.firstIndex { $0.code == .serversViewLags })
        #expect(lags == outage - 1)
        #expect(report.findings[lags].message.contains(code.rawValue))
        #expect(report.findings[lags].message.contains("through zk1:2181, zk2:2181"))
        // Nagios leads with the finding that explains the verdict.
        #expect(report.nagios().hasPrefix("ZOOKEEPER WARNING - the four-letter words say \(code.rawValue)"))
        #expect(report.findings.contains { $0.code == .memberCannotWrite && $0.member == "zk3:2181" })
    }

    /// Only the inference of an outage gives way: a critical finding the probe says nothing about stays critical.
    @Test func otherCriticalFindingsStayCritical() {
        var report = CheckReport(
            leader: "zk1:2181", quorum: false, votersConfigured: 3, votersServing: 1, majority: 2,
            failureTolerance: -1,
            members: [Self.member("zk1:2181", .leader, client: Self.completed())],
            findings: [
                Finding(.noQuorum, "no quorum"), Finding(.epochsDisagree, "epochs"),
                Finding(.critical, .followerLag, member: "zk1:2181", "lag"),
            ], durationSeconds: 0, membershipSource: "zoo.cfg")
        ClientVerdict.apply(.session, to: &report)
        #expect(report.findings.map(\.code) == [.serversViewLags, .noQuorum, .epochsDisagree, .followerLag])
        #expect(report.findings.map(\.severity) == [.warning, .warning, .critical, .critical])
        #expect(report.verdict == .critical)
    }

    // Denied: the operator's setup.

    /// Every member denied: the sessions were established, so the ensemble is not proven unwritable; WARNING
    /// `write-probe-denied` for each, `writable` false, no `writes-fail`.
    @Test func everyMemberDeniedIsAWarningNotAnOutage() throws {
        let clients = (1...3).map {
            Self.failed("zk\($0):2181", .denied, "create /zkprobe/zkprobe-x answered noAuth (-102)")
        }
        let report = Self.judged(Self.healthy, clients)
        #expect(report.verdict == .warning)
        #expect(report.writable == false)
        #expect(!report.findings.contains { $0.code == .writesFail || $0.code == .memberCannotWrite })
        let denied = report.findings.filter { $0.code == .writeProbeDenied }
        #expect(denied.map(\.member) == ["zk1:2181", "zk2:2181", "zk3:2181"])
        #expect(denied.allSatisfy { $0.severity == .warning && $0.message.contains("noAuth (-102)") })
        let spelled = try #require(denied.first).spellingHints(\.flag).message
        #expect(spelled.contains("(--auth-file FILE) create and delete on /zkprobe"), "\(spelled)")
        #expect(!denied[0].message.contains(LibraryMessagesTests.flag))
    }

    /// Denied on one member and failing on another, none completing: the denied session was established, so the
    /// other is a member that cannot write, not an ensemble that cannot.
    @Test func aDeniedMemberKeepsOthersFailuresFromBeingAnOutage() {
        let report = Self.judged(
            Self.healthy,
            [
                Self.failed("zk1:2181", .denied, "addAuth answered authFailed (-115)"),
                Self.failed("zk2:2181", .timedOut, "no reply to create"), nil,
            ], mode: .session)
        #expect(report.verdict == .warning)
        #expect(report.findings.filter { $0.code == .writeProbeDenied }.map(\.member) == ["zk1:2181"])
        let cannot = report.findings.filter { $0.code == .memberCannotWrite }
        #expect(cannot.map(\.member) == ["zk2:2181"])
        #expect(cannot.first?.message.contains("while the others' sessions were established") == true)
        #expect(!report.findings.contains { $0.code == .writesFail })
    }

    // The check's own trouble.

    @Test func theChecksOwnTroubleIsUnknownNotAnOutage() {
        let report = Self.judged(
            Self.healthy,
            (1...3).map { Self.failed("zk\($0):2181", .localTrouble, "socket: Too many open files") })
        #expect(report.verdict == .unknown)
        #expect(!report.findings.contains { $0.code == .writesFail || $0.code == .memberCannotWrite })
        let resources = report.findings.filter { $0.code == .checkResources }
        #expect(resources.count == 1)
        #expect(resources.first?.message.contains("client probe through zk1:2181, zk2:2181, zk3:2181") == true)
    }

    // Row 4: local sessions.

    /// A member reporting local sessions: a session probe proves nothing about writes there; a note says so, and
    /// not when the probe writes or the member has none.
    @Test(arguments: [
        (ClientProbe.Mode.session, 2.0, true), (.write(path: "/zkprobe"), 2, false), (.session, 0, false),
    ])
    func localSessionsAreNotedForTheSessionProbe(_ mode: ClientProbe.Mode, _ sessions: Double, _ noted: Bool) throws {
        var report = Self.assessed(Self.healthy, [Self.completed(), Self.completed(), Self.completed()])
        report.members[1].monitorValues = [MonitorSample("zk_local_sessions", sessions)]
        ClientVerdict.apply(mode, to: &report)
        let notes = report.findings.filter { $0.code == .localSessions }
        #expect(notes.count == (noted ? 1 : 0))
        #expect(report.verdict == .ok)
        guard noted else { return }
        let note = try #require(notes.first)
        #expect(note.severity == .ok)
        #expect(note.member == "zk2:2181")
        #expect(note.spellingHints(\.flag).message.hasSuffix("--write-probe PATH does"))
    }

    /// Everything completed on a healthy ensemble: no finding is added and the verdict stays OK.
    @Test func aHealthyProbeAddsNothing() {
        let before = Self.assessed(Self.healthy, [Self.completed(), Self.completed(), Self.completed()])
        var after = before
        ClientVerdict.apply(.write(path: "/zkprobe"), to: &after)
        #expect(after.findings == before.findings)
        #expect(after.verdict == .ok)
        #expect(after.writable == true)
    }
}

/// One member given alone (a check per host), nothing known of the others: a probe through it alone proves nothing
/// of the ensemble, so its failure is no `writes-fail` and the verdict stays UNKNOWN (a vantage point's claim).
struct ClientVerdictOneMemberTests {
    @Test(arguments: [MemberState.unreachable, .unresponsive, .notServing])
    func oneMemberAloneFailingTheProbeStaysUnknown(_ state: MemberState) {
        var report = EnsembleAssessment().assess(
            [ClientVerdictTests.member("zk1:2181", state, client: ClientVerdictTests.failed("zk1:2181", .noSession, "handshake"))],
            expectation: EnsembleExpectation())
        #expect(report.ensembleStateUnknown, "\(report.findings)")
        ClientVerdict.apply(.write(path: "/zkprobe"), to: &report)
        #expect(report.verdict == .unknown, "\(report.findings)")
        #expect(!report.findings.contains { $0.code == .writesFail })
        #expect(report.findings.contains { $0.code == .memberCannotWrite && $0.member == "zk1:2181" })
        #expect(report.writable == false)
    }

    /// The same member with the others known (a zoo.cfg names three voters) is the ensemble's probe: CRITICAL.
    @Test func theSameFailureWithTheMembershipKnownIsWritesFail() {
        var report = EnsembleAssessment().assess(
            [ClientVerdictTests.member("zk1:2181", .unreachable, client: ClientVerdictTests.failed("zk1:2181", .noSession, "handshake"))],
            expectation: EnsembleExpectation(voters: 3, source: "zoo.cfg"))
        ClientVerdict.apply(.write(path: "/zkprobe"), to: &report)
        #expect(report.verdict == .critical)
        #expect(report.findings.contains { $0.code == .writesFail })
    }
}
