/// The verdict rules of the client probe (`ClientProbe`): what a client got through each member decides over what
/// the servers say of themselves. Measured beats inferred (docs/zkprobe-check.md, "The client probe's verdict"):
///
/// 1. no member completed the probe (and none was denied) → CRITICAL `writes-fail`, whatever the four-letter
///    words claim, listing each member's error — unless the ensemble's state is unknown (one member given,
///    silent or not serving, no membership learned: ``CheckReport/ensembleStateUnknown``): a probe through that
///    one member proves nothing of the others, so the verdict stays UNKNOWN with `member-cannot-write`;
/// 2. a member that did not complete it while others did or were denied → WARNING `member-cannot-write`; a denied
///    member → WARNING `write-probe-denied` (its session was established: the operator's setup, not an outage);
///    the check's own trouble → `check-resources`;
/// 3. some member completed it while the four-letter words find the quorum lost (``inferredOutage``) → those
///    findings become warnings, after a WARNING `servers-view-lags`: never CRITICAL;
/// 4. a session probe through members that report local sessions → OK note `local-sessions`;
/// 5. no probe → nothing changes.
///
/// Pure, like ``EnsembleAssessment``: it reads the members' ``MemberReport/client`` and changes findings only, so
/// the verdict is still ``Severity/verdict(of:)`` of the final findings.
enum ClientVerdict {
    /// The four-letter words' inference that clients cannot be served: a completed probe disproves it.
    static let inferredOutage: Set<FindingCode> = [.noQuorum, .leaderUnreachable, .noMemberAnswered]

    /// Records `mode` as the probe `report` ran and applies the rules to the members' measurements; with no mode,
    /// `report` is unchanged.
    static func apply(_ mode: ClientProbe.Mode?, to report: inout CheckReport) {
        report.clientProbe = mode
        guard let mode else { return }
        let probed = report.members.filter { $0.client != nil }
        let completed = probed.filter { $0.client!.completed }
        let failed = probed.filter { !$0.client!.completed }
        let denied = failed.filter { $0.client!.failure == .denied }
        let ownTrouble = failed.filter { $0.client!.failure == .localTrouble }
        let cannot = failed.filter { ![.denied, .localTrouble].contains($0.client!.failure) }
        var added: [Finding] = []
        if completed.isEmpty && denied.isEmpty && !cannot.isEmpty && !report.ensembleStateUnknown {
            added.append(writesFail(cannot, mode: mode, quorumClaimed: report.quorum))
        } else {
            added += cannot.map {
                memberCannotWrite($0, mode: mode, completedByOthers: completed.count, deniedOthers: denied.count)
            }
        }
        added += denied.map { writeProbeDenied($0, mode: mode) }
        if !ownTrouble.isEmpty {
            let names = ownTrouble.map(\.address).joined(separator: ", ")
            added.append(
                Checker.checkResources(
                    couldNot: "run the client probe through \(names)", problem(of: ownTrouble[0])))
        }
        if mode == .session, let note = localSessions(report.members) { added.append(note) }
        if !completed.isEmpty { followTheProbe(&report.findings, completed: completed) }
        report.findings += added
    }

    /// Rule 3: the four-letter words' critical findings of an outage become warnings, and `servers-view-lags`,
    /// placed just before the first of them, heads the report (and the Nagios status line).
    static func followTheProbe(_ findings: inout [Finding], completed: [MemberReport]) {
        let lagging = findings.indices.filter {
            findings[$0].severity == .critical && inferredOutage.contains(findings[$0].code)
        }
        guard let first = lagging.first else { return }
        let codes = lagging.map { findings[$0].code.rawValue }.joined(separator: ", ")
        for i in lagging {
            let f = findings[i]
            findings[i] = Finding(
                .warning, f.code, member: f.member,
                f.text + "; yet clients completed the probe, so this is the servers' view only (servers-view-lags)")
        }
        let names = completed.map(\.address).joined(separator: ", ")
        findings.insert(
            Finding(
                .serversViewLags,
                "the four-letter words say \(codes), but clients completed the probe through \(names): the servers' "
                    + "view lags what clients get; the verdict follows the probe"),
            at: first)
    }

    static func writesFail(_ members: [MemberReport], mode: ClientProbe.Mode, quorumClaimed: Bool) -> Finding {
        let what = mode == .session ? "open a session (a transaction of the quorum)" : "write"
        let claim =
            quorumClaimed ? " although the four-letter words show a quorum serving (measured beats inferred)" : ""
        let errors = members.map { "\($0.address): \(problem(of: $0))" }.joined(separator: "; ")
        return Finding(
            .writesFail, "no member completed the \(name(mode)): clients cannot \(what) now\(claim): \(errors)")
    }

    static func memberCannotWrite(
        _ m: MemberReport, mode: ClientProbe.Mode, completedByOthers: Int, deniedOthers: Int
    ) -> Finding {
        let others =
            completedByOthers > 0
            ? "that \(completedByOthers) other member(s) completed"
            : deniedOthers > 0
                ? "while the others' sessions were established"
                : "(what clients get through the other members is not known)"
        return Finding(
            .memberCannotWrite, member: m.address,
            "\(m.address) failed the \(name(mode)) \(others): \(problem(of: m)); its clients cannot write through it")
    }

    static func writeProbeDenied(_ m: MemberReport, mode: ClientProbe.Mode) -> Finding {
        let advice: HintedText
        if case .write(let path) = mode {
            advice =
                "give the probe's identity (\(hint: .authFile)) create and delete on \(path) (and create on its "
                + "parent while \(path) is missing), or choose another path"
        } else {
            advice = "check the probe's \(hint: .authFile)"
        }
        return Finding(
            .writeProbeDenied, member: m.address,
            "\(m.address) denied the \(name(mode)): \(problem(of: m)); its session was established, so this is the "
                + "probe's setup, not an outage: " + advice)
    }

    /// Rule 4: members reporting local sessions (`zk_local_sessions` > 0) open the session probe's session
    /// locally, which proves no quorum; only a write does.
    static func localSessions(_ members: [MemberReport]) -> Finding? {
        let local = members.filter { (MonitorMetric.localSessions.value(in: $0.monitorValues) ?? 0) > 0 }
        guard !local.isEmpty else { return nil }
        let names = local.map(\.address).joined(separator: ", ")
        return Finding(
            .localSessions, member: local.count == 1 ? local[0].address : nil,
            "\(names) report local sessions (localSessionsEnabled): a session there is local until it creates an "
                + "ephemeral node, so the session probe does not prove the write path; \(hint: .writeProbe) does"
                as HintedText)
    }

    static func name(_ mode: ClientProbe.Mode) -> String { mode.word + " probe" }

    /// The member's probe error without its address in front (the message names the member already).
    static func problem(of m: MemberReport) -> String {
        guard let error = m.client?.error else { return "no error given" }
        return error.hasPrefix(m.address + ": ") ? String(error.dropFirst(m.address.count + 2)) : error
    }
}
