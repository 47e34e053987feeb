import ToolkitSupport
import Foundation

/// What the check knows about the ensemble's configured membership, before asking anyone.
public struct EnsembleExpectation: Sendable, Equatable {
    /// Configured voters (participants), when known from a zoo.cfg or a member's `conf`.
    public var voters: Int?
    /// Where `voters` came from, for messages: "zoo.cfg", "conf of zk1:2181", …
    public var source: String?

    public init(voters: Int? = nil, source: String? = nil) {
        self.voters = voters
        self.source = source
    }
}

/// The verdict on a whole ensemble, with the evidence.
public struct CheckReport: Sendable {
    public var verdict: Severity
    /// The leader's address, or `nil` when there is none (or more than one).
    public var leader: String?
    public var quorum: Bool
    /// Voters the ensemble is configured with.
    public var votersConfigured: Int
    /// Voters known to be in the quorum (serving, or counted synced by the leader).
    public var votersServing: Int
    /// Voters a quorum needs (a strict majority of `votersConfigured`).
    public var majority: Int
    /// How many more voters can be lost before quorum is lost; -1 when quorum is already lost.
    public var failureTolerance: Int
    public var members: [MemberReport]
    public var findings: [Finding]
    /// Seconds the whole check took.
    public var durationSeconds: Double
    /// Where `votersConfigured` came from.
    public var membershipSource: String

    /// One line: verdict words and the key figures.
    public var summary: String {
        var parts: [String] = []
        let serving = members.filter { $0.state.isServing || $0.servesClients == false }.count
        parts.append("\(serving)/\(members.count) members serving")
        if let leader { parts.append("leader \(leader)") } else { parts.append("no leader") }
        if quorum {
            parts.append("quorum \(votersServing)/\(votersConfigured) voters (needs \(majority))")
            let noun = failureTolerance == 1 ? "failure" : "failures"
            parts.append("tolerates \(failureTolerance) more \(noun)")
        } else {
            parts.append("NO QUORUM: \(votersServing)/\(votersConfigured) voters, needs \(majority)")
        }
        return parts.joined(separator: ", ")
    }
}

/// Turns what the members said into a verdict. Pure: no I/O, so every rule is testable with made-up members.
public struct EnsembleAssessment: Sendable {
    public var thresholds: CheckThresholds

    public init(thresholds: CheckThresholds = CheckThresholds()) {
        self.thresholds = thresholds
    }

    public func assess(
        _ input: [MemberReport], expectation: EnsembleExpectation = EnsembleExpectation(), durationSeconds: Double = 0
    ) -> CheckReport {
        var members = input
        var findings: [Finding] = []

        let observerCount = members.filter { $0.state == .observer }.count
        let configuredVoters = max(expectation.voters ?? (members.count - observerCount), 0)
        let majority = configuredVoters / 2 + 1
        let source = expectation.source ?? "the \(members.count) members asked"

        var leaders = members.indices.filter { members[$0].state == .leader }
        let followers = members.indices.filter { members[$0].state == .follower }
        let notServing = members.indices.filter { members[$0].state == .notServing }

        // A leader with leaderServes=no answers "not serving" while its followers follow it.
        if leaders.isEmpty, !followers.isEmpty, notServing.count == 1 {
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

        let answered = members.filter { ![.unreachable, .unresponsive].contains($0.state) }
        if answered.isEmpty {
            findings.append(Finding(.critical, "no-member-answered", "no member answered: \(problems(members))"))
        }

        // Quorum: the voters we see serving, or the leader's own count of synced followers.
        var servingVoters = leaders.count + followers.count
        if leaders.count == 1, let synced = members[leaders[0]].syncedFollowers {
            // A member that accepts connections but answers nothing (a hung or paused JVM) stays in the leader's
            // synced count until syncLimit × tickTime passes: do not count on it.
            let hung = members.filter { $0.state == .unresponsive }.count
            servingVoters = max(servingVoters, Int(synced) + 1 - hung)
        }
        let followersServe = !followers.isEmpty
        let quorum = (leaders.count >= 1 || followersServe) && (servingVoters >= majority || followersServe)
        if quorum { servingVoters = max(servingVoters, majority) }
        let tolerance = quorum ? servingVoters - majority : -1

        if leaders.count > 1 {
            let names = leaders.map { members[$0].address }.joined(separator: ", ")
            findings.append(Finding(.critical, "several-leaders", "\(leaders.count) members say they lead: \(names)"))
        }
        if !quorum && !answered.isEmpty {
            findings.append(
                Finding(
                    .critical, "no-quorum",
                    "no quorum: \(servingVoters) of \(configuredVoters) voters serving, \(majority) needed; "
                        + "writes and most reads fail"))
            let fooled = members.filter { $0.imok == true && !$0.state.isServing }.map(\.address)
            if !fooled.isEmpty {
                findings.append(
                    Finding(
                        .ok, "imok-not-serving",
                        "\(fooled.joined(separator: ", ")) answer ruok with imok but are not serving: "
                            + "imok only means the process is up"))
            }
        } else if quorum && tolerance == 0 && configuredVoters > 1 {
            findings.append(
                Finding(
                    .warning, "no-failure-tolerance",
                    "quorum holds with \(servingVoters) of \(configuredVoters) voters: losing one more voter loses it"))
        }
        if leaders.isEmpty && followersServe {
            findings.append(
                Finding(.warning, "leader-unknown", "followers serve but no member could be identified as the leader"))
        }

        for i in members.indices {
            findings += memberFindings(members[i], quorum: quorum, configuredVoters: configuredVoters)
        }

        // Epochs and lag against the leader.
        let leaderIndex = leaders.count == 1 ? leaders[0] : nil
        let servingWithZxid = members.indices.filter {
            members[$0].state.isServing && members[$0].state != .standalone && members[$0].zxid != nil
        }
        // A follower's zxid is the last transaction it applied: until the first write of a new epoch it keeps
        // the old epoch, so an older epoch than the leader's is normal and means "behind by at least the
        // leader's counter". A newer one cannot be: that member does not follow this leader.
        if let l = leaderIndex, let leaderZxid = members[l].zxid {
            let leaderEpoch = leaderZxid >> 32
            let ahead = servingWithZxid.filter { $0 != l && members[$0].zxid! >> 32 > leaderEpoch }
            if !ahead.isEmpty {
                let listing = ahead.map { "\(members[$0].address) epoch \(members[$0].epoch!)" }
                findings.append(
                    Finding(
                        .critical, "epochs-disagree",
                        "\(listing.joined(separator: ", ")) ahead of the leader \(members[l].address) "
                            + "(epoch \(leaderEpoch)): it cannot be following this leader"))
            }
            for i in servingWithZxid where i != l && !ahead.contains(i) {
                let z = members[i].zxid!
                let behind: UInt64 = z >> 32 == leaderEpoch ? (leaderZxid > z ? leaderZxid - z : 0) : leaderZxid & 0xffff_ffff
                members[i].lag = Int64(clamping: behind)
                if behind >= thresholds.lagCritical {
                    findings.append(
                        Finding(
                            .critical, "follower-lag", member: members[i].address,
                            "\(members[i].address) is \(behind) transactions behind the leader (critical at \(thresholds.lagCritical))"
                        ))
                } else if behind >= thresholds.lagWarning {
                    findings.append(
                        Finding(
                            .warning, "follower-lag", member: members[i].address,
                            "\(members[i].address) is \(behind) transactions behind the leader (warning at \(thresholds.lagWarning))"
                        ))
                }
            }
        } else if leaders.count > 1 {
            let epochs = Set(leaders.compactMap { members[$0].epoch })
            if epochs.count > 1 {
                let listing = leaders.map { "\(members[$0].address) epoch \(members[$0].epoch.map(String.init) ?? "?")" }
                findings.append(
                    Finding(.critical, "epochs-disagree", "leaders in different epochs: \(listing.joined(separator: ", "))"))
            }
        }

        // The leader's view of its followers.
        if let l = leaderIndex {
            let leader = members[l]
            if let synced = leader.syncedFollowers, configuredVoters > 1, Int(synced) + 1 < configuredVoters {
                findings.append(
                    Finding(
                        .warning, "followers-not-synced", member: leader.address,
                        "the leader \(leader.address) has \(synced) synced follower(s) of \(configuredVoters - 1) configured"))
            }
            if let pending = leader.pendingSyncs, pending >= thresholds.pendingSyncsWarning {
                findings.append(
                    Finding(
                        .warning, "pending-syncs", member: leader.address,
                        "the leader \(leader.address) has \(pending) pending syncs (warning at \(thresholds.pendingSyncsWarning))"))
            }
        }

        // Versions and membership.
        let versions = Set(members.compactMap { $0.version.map(Self.releaseNumber) })
        if versions.count > 1 {
            let listing = members.compactMap { m in m.version.map { "\(m.address) \(Self.releaseNumber($0))" } }
            findings.append(
                Finding(
                    .warning, "version-skew",
                    "members run different versions (\(listing.joined(separator: ", "))); finish the rolling upgrade"))
        }
        let memberships = members.compactMap { m in m.membership.map { (m.address, $0.sorted()) } }
        if let first = memberships.first, memberships.contains(where: { $0.1 != first.1 }) {
            let differing = memberships.filter { $0.1 != first.1 }.map(\.0)
            findings.append(
                Finding(
                    .warning, "membership-differs",
                    "conf membership on \(differing.joined(separator: ", ")) differs from \(first.0)'s; "
                        + "compare the server.N lines of their zoo.cfg"))
        }
        if configuredVoters > 1 && configuredVoters % 2 == 0 {
            findings.append(
                Finding(
                    .warning, "even-voters",
                    "\(configuredVoters) voters tolerate \((configuredVoters - 1) / 2) failure(s), as "
                        + "\(configuredVoters - 1) do: an even count adds a server that can fail but no tolerance"))
        }

        let verdict = findings.map(\.severity).reduce(Severity.ok, Severity.worst)
        return CheckReport(
            verdict: verdict, leader: leaderIndex.map { members[$0].address }, quorum: quorum,
            votersConfigured: configuredVoters, votersServing: quorum ? servingVoters : leaders.count + followers.count,
            majority: majority, failureTolerance: tolerance, members: members, findings: findings,
            durationSeconds: durationSeconds, membershipSource: source)
    }

    private func memberFindings(_ m: MemberReport, quorum: Bool, configuredVoters: Int) -> [Finding] {
        var out: [Finding] = []
        let a = m.address
        // Problems from the wire start with the member's address already.
        let problem = m.problem.map { $0.hasPrefix(a + ": ") ? String($0.dropFirst(a.count + 2)) : $0 }
        switch m.state {
        case .unreachable:
            out.append(Finding(.warning, "member-unreachable", member: a, "\(a) is unreachable: \(problem ?? "no connection")"))
        case .unresponsive:
            out.append(
                Finding(
                    .warning, "member-unresponsive", member: a,
                    "\(a) accepts connections but does not answer: \(problem ?? "no reply")"))
        case .error:
            out.append(Finding(.warning, "member-error", member: a, "\(a) answered something unreadable: \(problem ?? "")"))
        case .notServing:
            out.append(
                Finding(
                    .warning, "member-not-serving", member: a,
                    "\(a) is up but not serving requests (not in the quorum, or still starting)"))
        case .readOnly:
            out.append(
                Finding(.warning, "member-read-only", member: a, "\(a) is in read-only mode: it has lost the quorum"))
        case .standalone where configuredVoters > 1:
            out.append(
                Finding(
                    .critical, "standalone-in-ensemble", member: a,
                    "\(a) runs standalone inside a \(configuredVoters)-voter ensemble: it serves its own data, "
                        + "not the ensemble's; check its zoo.cfg server.N lines"))
        default:
            break
        }
        if !m.notWhitelisted.isEmpty {
            let words = m.notWhitelisted
            let list = words.joined(separator: ", ")
            let verb = words.count == 1 ? "is" : "are"
            // Without srvr the member's state is unknown; without the others the check sees less.
            let severity: Severity = words.contains("srvr") ? .unknown : .warning
            out.append(
                Finding(
                    severity, "not-whitelisted", member: a,
                    "\(list) \(verb) not in 4lw.commands.whitelist on \(a); add to its zoo.cfg "
                        + "4lw.commands.whitelist=srvr,stat,mntr,conf,ruok,isro (or *) and restart it"))
        }
        if let avg = m.latencyAvg {
            out += threshold(
                avg, warning: thresholds.latencyAvgWarning, critical: thresholds.latencyAvgCritical,
                code: "latency-avg", member: a, what: "average latency", unit: " ms")
        }
        if let max = m.latencyMax {
            out += threshold(
                max, warning: thresholds.latencyMaxWarning, critical: thresholds.latencyMaxCritical,
                code: "latency-max", member: a, what: "maximum latency", unit: " ms")
        }
        if let o = m.outstanding {
            out += threshold(
                Double(o), warning: Double(thresholds.outstandingWarning),
                critical: Double(thresholds.outstandingCritical), code: "outstanding", member: a,
                what: "outstanding requests", unit: "")
        }
        if let open = m.openFileDescriptors, let limit = m.maxFileDescriptors, limit > 0 {
            let percent = Double(open) * 100 / Double(limit)
            out += threshold(
                percent, warning: thresholds.fileDescriptorsWarningPercent,
                critical: thresholds.fileDescriptorsCriticalPercent, code: "file-descriptors", member: a,
                what: "open file descriptors (\(open) of \(limit))", unit: "%")
        }
        return out
    }

    private func threshold(
        _ value: Double, warning: Double, critical: Double, code: String, member: String, what: String, unit: String
    ) -> [Finding] {
        let shown = Self.format(value)
        if value >= critical {
            return [Finding(.critical, code, member: member, "\(member): \(what) \(shown)\(unit) (critical at \(Self.format(critical))\(unit))")]
        }
        if value >= warning {
            return [Finding(.warning, code, member: member, "\(member): \(what) \(shown)\(unit) (warning at \(Self.format(warning))\(unit))")]
        }
        return []
    }

    private func problems(_ members: [MemberReport]) -> String {
        members.map { m in
            let problem = m.problem ?? m.state.rawValue
            return problem.hasPrefix(m.address + ": ") ? problem : "\(m.address): \(problem)"
        }.joined(separator: "; ")
    }

    /// "3.8.0-5a02a05eddb59aee6ac762f7ea82e92a68eb9c0f, built on 2022-02-25 08:49 UTC" → "3.8.0".
    static func releaseNumber(_ version: String) -> String {
        let head = version.split(separator: ",", maxSplits: 1).first.map(String.init) ?? version
        return String(head.split(separator: "-", maxSplits: 1).first ?? Substring(head))
            .trimmingCharacters(in: .whitespaces)
    }

    static func format(_ v: Double) -> String {
        NumberText.compact(v, format: "%.1f")
    }
}
