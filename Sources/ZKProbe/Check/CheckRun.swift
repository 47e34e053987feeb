import ToolkitSupport

/// One check as a state machine of batches: ``start()`` gives the first batch to run, ``resume(_:)`` takes its
/// outcomes and gives the next batch or the final report. A ``ProbeLoop`` runs the batches: a private one on the
/// calling thread (``runHere()``, `zkprobe check` and `watch`), or a ``CheckReactor``'s shared by many checks.
///
/// The batches: the words, AdminServer requests and client sessions to every member given; `stat` where `srvr`
/// is refused; then the members learned from the membership (with their own `stat` retry), on what is left of
/// the deadline (``Checker/remainingClient(since:)``). The report is then assessed and its findings completed
/// as ``Checker/check(_:)`` says.
final class CheckRun {
    enum Step {
        case batch(ProbeBatch)
        case done(CheckReport)
    }

    /// The members one probe asks (those given, or those learned), and where it stands.
    private struct Probe {
        var endpoints: [Endpoint]
        var batch: ProbeBatch
        /// Whether the probe runs on what is left of the check's deadline: running out of that proves less.
        var cutShort: Bool
        var members: [MemberReport] = []
        var statRetry: [Int] = []
        /// Whether the batch under way is the `stat` retry.
        var askingStat = false
    }

    private let checker: Checker
    private let request: CheckRequest
    private var targets: EnsembleTargets { request.targets }
    private var started = ContinuousClock.now
    private var probe: Probe?
    /// The learned members being asked, once the members given have answered.
    private var learned: [(unasked: EnsembleMembership.Unasked, endpoint: Endpoint)]?
    private var members: [MemberReport] = []
    private var findings: [Finding] = []
    private var adminFindings: [Finding] = []
    private var membership: EnsembleMembership?
    private var unasked: [EnsembleMembership.Unasked] = []

    /// The check `request` asks for.
    init(_ request: CheckRequest) {
        checker = Checker(request: request)
        self.request = request
    }

    /// Starts the check's clock and gives its first batch.
    func start() -> Step {
        started = ContinuousClock.now
        return ask(targets.endpoints, using: checker.client)
    }

    /// Takes the outcomes of the batch the last step gave, in its order, and gives the next step.
    func resume(_ results: [Result<Exchange, ProbeError>]) -> Step {
        guard var probe else { preconditionFailure("CheckRun.resume before start") }
        if !probe.askingStat {
            let batch = checker.batchResults(results, of: probe.batch, endpoints: probe.endpoints)
            (probe.members, probe.statRetry) = checker.members(
                of: probe.endpoints, from: batch, cutShort: probe.cutShort, adminFindings: &adminFindings)
            if !probe.statRetry.isEmpty {
                let stat = ProbeBatch(
                    options: probe.batch.options,
                    requests: probe.statRetry.map { WireRequest(word: "stat", endpoint: probe.endpoints[$0]) })
                probe.askingStat = true
                self.probe = probe
                return .batch(stat)
            }
        } else {
            Checker.apply(statRetries: results, at: probe.statRetry, to: &probe.members)
        }
        self.probe = nil
        return learned == nil ? answeredGiven(probe.members) : answeredLearned(probe.members)
    }

    /// Runs the check to its report on a private loop on the calling thread.
    func runHere() -> CheckReport {
        let loop = ProbeLoop(budget: Int.max)
        var report: CheckReport?
        run(start(), on: loop, owner: 0, until: nil) { report = $0 }
        while !loop.isIdle { loop.turn() }
        return report!
    }

    /// Puts `step`'s batch on `loop` as check `owner`, and each next batch as the one before finishes, until the
    /// report, which goes to `done` (on the loop's thread).
    func run(
        _ step: Step, on loop: ProbeLoop, owner: Int, until cap: ContinuousClock.Instant?,
        done: @escaping (CheckReport) -> Void
    ) {
        switch step {
        case .done(let report):
            done(report)
        case .batch(let batch):
            loop.add(batch, owner: owner, until: cap) { [self] results in
                run(resume(results), on: loop, owner: owner, until: cap, done: done)
            }
        }
    }

    // MARK: Steps

    private func ask(_ endpoints: [Endpoint], using client: FourLetterClient) -> Step {
        let batch = checker.probeBatch(endpoints, using: client)
        probe = Probe(
            endpoints: endpoints, batch: batch, cutShort: batch.options.deadline < checker.client.options.deadline)
        return .batch(batch)
    }

    /// The members given have answered: asks the members the membership lists that were not given, or finishes.
    private func answeredGiven(_ given: [MemberReport]) -> Step {
        members = given
        findings = Checker.setAsideLocalTrouble(&members)
        findings += Checker.dropDuplicates(&members)
        membership = EnsembleMembership.reconcile(targets: targets, members: members)
        if let membership {
            unasked = membership.unasked(by: members)
            if targets.membership?.isEmpty ?? true {
                unasked = unasked.map {
                    Checker.refuseUnlisted($0, policy: checker.learnedMembers, given: targets.endpoints)
                }
            }
            let reachable = unasked.compactMap { u in u.endpoint.map { (unasked: u, endpoint: $0) } }
            if !reachable.isEmpty {
                learned = reachable
                return ask(reachable.map(\.endpoint), using: checker.remainingClient(since: started))
            }
        }
        return finish()
    }

    private func answeredLearned(_ answered: [MemberReport]) -> Step {
        var answered = answered
        for i in answered.indices {
            answered[i].serverId = answered[i].serverId ?? Int64(learned![i].unasked.entry.id)
        }
        findings += Checker.setAsideLocalTrouble(&answered)
        members += answered
        findings += Checker.dropDuplicates(&members)
        return finish()
    }

    private func finish() -> Step {
        var expectation = EnsembleExpectation(
            membership: membership, unasked: unasked.filter { $0.endpoint == nil }, standalone: targets.standalone)
        expectation.hierarchy = targets.hierarchy ?? Checker.hierarchy(reportedBy: members)
        var report = checker.assessment.assess(
            members, expectation: expectation, durationSeconds: (ContinuousClock.now - started).seconds)
        report.findings = findings + adminFindings + report.findings
        report.ensemble = request.ensemble
        ClientVerdict.apply(request.clientProbe?.mode, to: &report)
        if let mode = request.policy.expectedMode {
            report.findings += mode.findings(of: report.members, given: targets.endpoints)
        }
        return .done(report)
    }
}
