/// The rules about the ensemble as a whole: roles, quorum, epochs and lag, versions and membership.
extension EnsembleAssessment.Evidence {
    /// A leader with leaderServes=no answers "not serving" while its followers follow it.
    mutating func recogniseLeaderThatDoesNotServe() {
        let notServing = members.indices.filter { members[$0].state == .notServing }
        guard leaders.isEmpty, followersServe, notServing.count == 1 else { return }
        let i = notServing[0]
        members[i].state = .leader
        members[i].servesClients = false
        leaders = [i]
        findings.append(
            Finding(
                .ok, "leader-serves-no", member: members[i].address,
                "\(members[i].address) answers \"not serving\" while \(followers.count) follower(s) serve: "
                    + "taken as a leader with leaderServes=no, not an outage"))
    }

    var someMemberAnswered: Bool {
        members.contains { ![.unreachable, .unresponsive].contains($0.state) }
    }

    mutating func ruleSomeMemberAnswered() {
        guard !someMemberAnswered else { return }
        findings.append(Finding(.critical, "no-member-answered", "no member answered: \(problems())"))
    }

    private func problems() -> String {
        members.map { m in
            let problem = m.problem ?? m.state.rawValue
            return problem.hasPrefix(m.address + ": ") ? problem : "\(m.address): \(problem)"
        }.joined(separator: "; ")
    }

    /// Quorum: the voters we see serving, or the leader's own count of synced followers.
    func countQuorum() -> EnsembleAssessment.Quorum {
        var servingVoters = leaders.count + followers.count
        if let l = leaderIndex, let synced = members[l].syncedFollowers {
            // A member that accepts connections but answers nothing (a hung or paused JVM) stays in the leader's
            // synced count until syncLimit × tickTime passes: do not count on it.
            let hung = members.filter { $0.state == .unresponsive }.count
            servingVoters = max(servingVoters, Int(synced) + 1 - hung)
        }
        let holds = (!leaders.isEmpty || followersServe) && (servingVoters >= majority || followersServe)
        if holds { servingVoters = max(servingVoters, majority) }
        return EnsembleAssessment.Quorum(
            holds: holds, servingVoters: servingVoters, tolerance: holds ? servingVoters - majority : -1)
    }

    mutating func ruleOneLeader() {
        guard leaders.count > 1 else { return }
        let names = leaders.map { members[$0].address }.joined(separator: ", ")
        findings.append(Finding(.critical, "several-leaders", "\(leaders.count) members say they lead: \(names)"))
    }

    mutating func ruleQuorumAndTolerance(_ quorum: EnsembleAssessment.Quorum) {
        if !quorum.holds && someMemberAnswered {
            findings.append(
                Finding(
                    .critical, "no-quorum",
                    "no quorum: \(quorum.servingVoters) of \(configuredVoters) voters serving, \(majority) needed; "
                        + "writes and most reads fail"))
            let fooled = members.filter { $0.imok == true && !$0.state.isServing }.map(\.address)
            if !fooled.isEmpty {
                findings.append(
                    Finding(
                        .ok, "imok-not-serving",
                        "\(fooled.joined(separator: ", ")) answer ruok with imok but are not serving: "
                            + "imok only means the process is up"))
            }
        } else if quorum.holds && quorum.tolerance == 0 && configuredVoters > 1 {
            findings.append(
                Finding(
                    .warning, "no-failure-tolerance",
                    "quorum holds with \(quorum.servingVoters) of \(configuredVoters) voters: "
                        + "losing one more voter loses it"))
        }
    }

    mutating func ruleLeaderKnown() {
        guard leaders.isEmpty && followersServe else { return }
        findings.append(
            Finding(.warning, "leader-unknown", "followers serve but no member could be identified as the leader"))
    }

    /// Epochs and lag against the leader.
    mutating func ruleEpochsAndLag() {
        // A follower's zxid is the last transaction it applied: until the first write of a new epoch it keeps
        // the old epoch, so an older epoch than the leader's is normal and means "behind by at least the
        // leader's counter". A newer one cannot be: that member does not follow this leader.
        if let l = leaderIndex, let leaderZxid = members[l].zxid {
            let servingWithZxid = members.indices.filter {
                members[$0].state.isServing && members[$0].state != .standalone && members[$0].zxid != nil
            }
            let ahead = ruleNoneAheadOfLeader(l, leaderZxid: leaderZxid, among: servingWithZxid)
            for i in servingWithZxid where i != l && !ahead.contains(i) {
                ruleLag(i, leaderZxid: leaderZxid)
            }
        } else if leaders.count > 1 {
            ruleLeadersShareEpoch()
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
                    .critical, "epochs-disagree",
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
        let severity: Severity
        let at: UInt64
        if behind >= thresholds.lagCritical {
            (severity, at) = (.critical, thresholds.lagCritical)
        } else if behind >= thresholds.lagWarning {
            (severity, at) = (.warning, thresholds.lagWarning)
        } else {
            return
        }
        let address = members[i].address
        findings.append(
            Finding(
                severity, "follower-lag", member: address,
                "\(address) is \(behind) transactions behind the leader (\(severity.word) at \(at))"))
    }

    private mutating func ruleLeadersShareEpoch() {
        let epochs = Set(leaders.compactMap { members[$0].epoch })
        guard epochs.count > 1 else { return }
        let listing = leaders.map { "\(members[$0].address) epoch \(members[$0].epoch.map(String.init) ?? "?")" }
        findings.append(
            Finding(.critical, "epochs-disagree", "leaders in different epochs: \(listing.joined(separator: ", "))"))
    }

    /// The leader's view of its followers.
    mutating func ruleLeadersViewOfFollowers() {
        guard let l = leaderIndex else { return }
        let leader = members[l]
        if let synced = leader.syncedFollowers, configuredVoters > 1, Int(synced) + 1 < configuredVoters {
            findings.append(
                Finding(
                    .warning, "followers-not-synced", member: leader.address,
                    "the leader \(leader.address) has \(synced) synced follower(s) of \(configuredVoters - 1) "
                        + "configured"))
        }
        if let pending = leader.pendingSyncs, pending >= thresholds.pendingSyncsWarning {
            findings.append(
                Finding(
                    .warning, "pending-syncs", member: leader.address,
                    "the leader \(leader.address) has \(pending) pending syncs "
                        + "(warning at \(thresholds.pendingSyncsWarning))"))
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
                .warning, "version-skew",
                "members run different versions (\(listing.joined(separator: ", "))); finish the rolling upgrade"))
    }

    mutating func ruleNoMembershipDrift() {
        let memberships = members.compactMap { m in m.membership.map { (m.address, $0.sorted()) } }
        guard let first = memberships.first, memberships.contains(where: { $0.1 != first.1 }) else { return }
        let differing = memberships.filter { $0.1 != first.1 }.map(\.0)
        findings.append(
            Finding(
                .warning, "membership-differs",
                "conf membership on \(differing.joined(separator: ", ")) differs from \(first.0)'s; "
                    + "compare the server.N lines of their zoo.cfg"))
    }

    mutating func ruleOddVoters() {
        guard configuredVoters > 1 && configuredVoters % 2 == 0 else { return }
        findings.append(
            Finding(
                .warning, "even-voters",
                "\(configuredVoters) voters tolerate \((configuredVoters - 1) / 2) failure(s), as "
                    + "\(configuredVoters - 1) do: an even count adds a server that can fail but no tolerance"))
    }
}
