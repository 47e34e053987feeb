/// The rules about the ensemble as a whole: roles, quorum, epochs and lag, versions and membership.
extension EnsembleAssessment.Evidence {
    /// Several members say they lead: the one with the newest zxid leads; an older one was paused or cut off
    /// and has not yet noticed (it is not counted serving). Two in the same epoch: an election is under way.
    mutating func chooseLeaderAmongSeveral() {
        guard leaders.count > 1 else { return }
        let ranked = leaders.sorted { (members[$0].zxid ?? 0) > (members[$1].zxid ?? 0) }
        let top = ranked[0]
        let names = ranked.map { "\(members[$0].address) (epoch \(members[$0].epoch.map(String.init) ?? "?"))" }
        guard let topEpoch = members[top].epoch, !ranked.dropFirst().contains(where: { members[$0].epoch == topEpoch })
        else {
            findings.append(
                Finding(
                    .electionInProgress,
                    "\(leaders.count) members say they lead in the same epoch: \(names.joined(separator: ", ")); "
                        + "an election is under way"))
            return
        }
        staleLeaders = Array(ranked.dropFirst())
        leaders = [top]
        for i in staleLeaders {
            findings.append(
                Finding(
                    .staleLeader, member: members[i].address,
                    "\(members[i].address) still says it leads epoch \(members[i].epoch.map(String.init) ?? "?") "
                        + "while \(members[top].address) leads epoch \(topEpoch): it was paused or cut off and is "
                        + "rejoining; not counted serving"))
        }
    }

    /// A leader with leaderServes=no answers "not serving" while its followers follow it. Only with evidence:
    /// every configured voter was asked, exactly one answers "not serving", and none is silent or unreachable
    /// (a silent one could be a hung leader, and the "not serving" one a member still electing).
    mutating func recogniseLeaderThatDoesNotServe() {
        let notServing = members.indices.filter { members[$0].state == .notServing && !members[$0].isObserver }
        let silent = members.indices.filter {
            [.unreachable, .unresponsive, .error].contains(members[$0].state) && !members[$0].isObserver
        }
        let asked = members.filter { !$0.isObserver }.count
        guard leaders.isEmpty, followersServe, notServing.count == 1, silent.isEmpty, asked >= configuredVoters
        else { return }
        let i = notServing[0]
        members[i].state = .leader
        members[i].servesClients = false
        leaders = [i]
        findings.append(
            Finding(
                .leaderServesNo, member: members[i].address,
                "\(members[i].address) answers \"not serving\" while \(followers.count) follower(s) serve and every "
                    + "other voter follows: taken as a leader with leaderServes=no, not an outage"))
    }

    var someMemberAnswered: Bool {
        members.contains { ![.unreachable, .unresponsive].contains($0.state) }
    }

    /// Nothing answered. From one member given and no configuration, the ensemble's state is unknown (the others
    /// may serve): UNKNOWN, and `--expect-mode` is how a per-host check makes that member's absence CRITICAL.
    mutating func ruleSomeMemberAnswered() {
        guard !someMemberAnswered, !members.isEmpty else { return }
        let alone = members.count == 1 && expectation.voters == nil && !expectation.standalone
        let unknown: HintedText = "; the other members' state is unknown (name them, or use \(hint: .config))"
        findings.append(
            Finding(
                alone ? .unknown : .critical, .noMemberAnswered,
                "no member answered: \(problems())" + (alone ? unknown : "")))
    }

    private func problems() -> String {
        members.map { m in
            let problem = m.problem ?? m.state.rawValue
            return problem.hasPrefix(m.address + ": ") ? problem : "\(m.address): \(problem)"
        }.joined(separator: "; ")
    }

    /// Whether the configured voters are known (a membership, or the leader's `zk_quorum_size`), so that members
    /// not seen can be reasoned about.
    var membershipKnown: Bool {
        expectation.voters != nil || expectation.standalone || members.contains { $0.quorumSize != nil }
    }

    /// Quorum: the voters seen serving, or the leader's own count of synced followers for those not asked, never
    /// counting a voter seen down (a hung JVM stays in the leader's synced count until syncLimit × tickTime).
    func countQuorum() -> EnsembleAssessment.Quorum {
        if configuredVoters == 1, members.contains(where: { $0.state == .standalone }) {
            return EnsembleAssessment.Quorum(holds: true, servingVoters: 1, tolerance: 0, leaderGone: false)
        }
        let possible = max(configuredVoters - votersDown.count, 0)
        var serving = 0
        var leaderGone = false
        if let l = leaderIndex {
            let seen = 1 + followers.count
            let leaderView = members[l].syncedFollowers.map { Int(min(max($0, 0), 100_000)) + 1 } ?? 0
            serving = max(seen, min(leaderView, possible))
        } else if learnersServe {
            let asked = members.filter { !$0.isObserver }.count
            // Every voter was asked, in full time, and none leads: the leader is among those down or silent, and
            // writes fail. A voter cut short by the second batch may be a slow leader, not a gone one.
            let cutShort = members.contains { !$0.isObserver && $0.cutShort }
            leaderGone = leaders.isEmpty && membershipKnown && asked >= configuredVoters && !cutShort
            // A serving learner follows a leader that a majority acknowledges: at least a majority serves, as far
            // as the voters seen down allow.
            serving = leaderGone ? 0 : max(followers.count, min(max(followers.count + 1, majority), possible))
        }
        if let hierarchical = hierarchicalQuorum(leaderGone: leaderGone) { return hierarchical }
        let holds = !leaderGone && (leaderIndex != nil || learnersServe) && serving >= majority
        return EnsembleAssessment.Quorum(
            holds: holds, servingVoters: serving, tolerance: holds ? serving - majority : -1, leaderGone: leaderGone)
    }

    /// Under a hierarchical quorum (groups and weights) a majority of voters is not the rule: the quorum needs more
    /// than half the weight in more than half of the groups. Judged on the ids of the voters seen serving, when
    /// every voter was asked (a voter not asked has no known id to place in its group).
    func hierarchicalQuorum(leaderGone: Bool) -> EnsembleAssessment.Quorum? {
        guard let hierarchy = expectation.hierarchy else { return nil }
        let voters = members.filter { !$0.isObserver }
        guard voters.count >= configuredVoters, voters.allSatisfy({ $0.serverId != nil }) else { return nil }
        let serving = Set(
            members.indices.filter { leaders.contains($0) || followers.contains($0) }
                .compactMap { members[$0].serverId.map { Int(clamping: $0) } })
        let holds = !leaderGone && (leaderIndex != nil || followersServe) && hierarchy.hasQuorum(serving: serving)
        return EnsembleAssessment.Quorum(
            holds: holds, servingVoters: serving.count,
            tolerance: holds ? hierarchy.failuresTolerated(serving: serving) : -1, leaderGone: leaderGone)
    }

    /// Configured servers the check could not ask, and why; and a membership nobody told.
    mutating func ruleUnaskedMembers() {
        for unasked in expectation.unasked {
            findings.append(
                Finding(
                    .memberNotAsked, member: "server.\(unasked.entry.id)",
                    unasked.reason ?? "server.\(unasked.entry.id) was not asked"))
        }
        if !membershipKnown && someMemberAnswered && configuredVoters > 1 {
            findings.append(
                Finding(
                    .membershipUnknown,
                    "no member told the configured membership (no conf membership, no zk_quorum_size, no "
                        + "\(hint: .config)): judged on the \(members.count) member(s) given" as HintedText))
        }
    }

    mutating func ruleQuorumAndTolerance(_ quorum: EnsembleAssessment.Quorum) {
        if quorum.leaderGone {
            let observers = servingObservers.isEmpty ? "" : " and \(servingObservers.count) observer(s)"
            findings.append(
                Finding(
                    .leaderUnreachable,
                    "no member leads: \(followers.count) follower(s)\(observers) still serve reads, but every voter "
                        + "that could lead is down or silent (a hung or dead leader); writes fail until a new leader "
                        + "is elected"))
        } else if !quorum.holds && someMemberAnswered && members.count == 1 && !membershipKnown {
            // One member that does not serve, and nothing known about the others: they may well serve.
            findings.append(
                Finding(
                    .ensembleUnknown, member: members[0].address,
                    "\(members[0].address) does not serve and is the only member given; the ensemble's state is "
                        + "unknown (name the other members, use \(hint: .config), or \(hint: .expectMode) for a "
                        + "check of this host)" as HintedText))
        } else if !quorum.holds && someMemberAnswered {
            findings.append(
                Finding(
                    .noQuorum,
                    "no quorum: \(quorum.servingVoters) of \(configuredVoters) voters serving, \(majority) needed; "
                        + "writes and most reads fail"))
            let fooled = members.filter { $0.imok == true && !$0.state.isServing }.map(\.address)
            if !fooled.isEmpty {
                findings.append(
                    Finding(
                        .imokNotServing,
                        "\(fooled.joined(separator: ", ")) answer ruok with imok but are not serving: "
                            + "imok only means the process is up"))
            }
        } else if quorum.holds && quorum.tolerance == 0 && configuredVoters > 1 {
            findings.append(
                Finding(
                    .noFailureTolerance,
                    "quorum holds with \(quorum.servingVoters) of \(configuredVoters) voters: "
                        + "losing one more voter loses it"))
        }
    }

    mutating func ruleLeaderKnown(_ quorum: EnsembleAssessment.Quorum) {
        guard leaders.isEmpty && learnersServe && !quorum.leaderGone else { return }
        let who = followersServe ? "followers" : "observers"
        findings.append(
            Finding(.leaderUnknown, "\(who) serve but no member could be identified as the leader"))
    }

    /// Epochs and lag against the leader.
    mutating func ruleEpochsAndLag() {
        // A follower's zxid is the last transaction it applied: until the first write of a new epoch it keeps
        // the old epoch, so an older epoch than the leader's is normal and means "behind by at least the
        // leader's counter". A newer one cannot be: that member does not follow this leader.
        if let l = leaderIndex, let leaderZxid = members[l].zxid {
            let servingWithZxid = members.indices.filter {
                members[$0].state.isServing && members[$0].state != .standalone && members[$0].zxid != nil
                    && !staleLeaders.contains($0)
            }
            let ahead = ruleNoneAheadOfLeader(l, leaderZxid: leaderZxid, among: servingWithZxid)
            for i in servingWithZxid where i != l && !ahead.contains(i) {
                ruleLag(i, leaderZxid: leaderZxid)
            }
        }
    }

    /// Returns the members ahead of the leader's epoch, which have no lag to measure.
    private mutating func ruleNoneAheadOfLeader(_ l: Int, leaderZxid: UInt64, among serving: [Int]) -> [Int] {
        let leaderEpoch = leaderZxid >> 32
        let ahead = serving.filter { $0 != l && members[$0].zxid! >> 32 > leaderEpoch }
        if !ahead.isEmpty {
            let listing = ahead.map { "\(members[$0].address) epoch \(members[$0].epoch!)" }
            findings.append(
                Finding(
                    .epochsDisagree,
                    "\(listing.joined(separator: ", ")) ahead of the leader \(members[l].address) "
                        + "(epoch \(leaderEpoch)): it cannot be following this leader"))
        }
        return ahead
    }

    /// Records member `i`'s lag behind the leader, and finds it when it passes a threshold.
    private mutating func ruleLag(_ i: Int, leaderZxid: UInt64) {
        let z = members[i].zxid!
        let behind: UInt64 =
            z >> 32 == leaderZxid >> 32 ? (leaderZxid > z ? leaderZxid - z : 0) : leaderZxid & 0xffff_ffff
        members[i].lag = Int64(clamping: behind)
        guard let (severity, range) = CheckThresholds.judge(
            Double(behind), warning: thresholds.lagWarning, critical: thresholds.lagCritical)
        else { return }
        let address = members[i].address
        findings.append(
            Finding(
                severity, .followerLag, member: address,
                "\(address) is \(behind) transactions behind the leader (\(severity.word) \(range.explanation))"))
    }

    /// The leader's view of its followers.
    mutating func ruleLeadersViewOfFollowers() {
        guard let l = leaderIndex else { return }
        let leader = members[l]
        if let synced = leader.syncedFollowers, configuredVoters > 1, synced < Int64(configuredVoters - 1) {
            findings.append(
                Finding(
                    .followersNotSynced, member: leader.address,
                    "the leader \(leader.address) has \(synced) synced follower(s) of \(configuredVoters - 1) "
                        + "configured"))
        }
        if let pending = leader.pendingSyncs, let range = thresholds.pendingSyncsWarning,
            range.alerts(Double(pending))
        {
            findings.append(
                Finding(
                    .pendingSyncs, member: leader.address,
                    "the leader \(leader.address) has \(pending) pending syncs (warning \(range.explanation))"))
        }
    }

    mutating func ruleNoVersionSkew() {
        let versions = Set(members.compactMap { $0.version.map(EnsembleAssessment.releaseNumber) })
        guard versions.count > 1 else { return }
        let listing = members.compactMap { m in
            m.version.map { "\(m.address) \(EnsembleAssessment.releaseNumber($0))" }
        }
        findings.append(
            Finding(
                .versionSkew,
                "members run different versions (\(listing.joined(separator: ", "))); finish the rolling upgrade"))
    }

    mutating func ruleNoMembershipDrift() {
        let memberships = members.compactMap { m in m.membership.map { (m.address, $0.sorted()) } }
        guard let first = memberships.first, memberships.contains(where: { $0.1 != first.1 }) else { return }
        let differing = memberships.filter { $0.1 != first.1 }.map(\.0)
        findings.append(
            Finding(
                .membershipDiffers,
                "conf membership on \(differing.joined(separator: ", ")) differs from \(first.0)'s; "
                    + "compare the server.N lines of their zoo.cfg"))
    }

    mutating func ruleOddVoters() {
        guard configuredVoters > 1 && configuredVoters % 2 == 0 else { return }
        findings.append(
            Finding(
                .evenVoters,
                "\(configuredVoters) voters tolerate \((configuredVoters - 1) / 2) failure(s), as "
                    + "\(configuredVoters - 1) do: an even count adds a server that can fail but no tolerance"))
    }
}
