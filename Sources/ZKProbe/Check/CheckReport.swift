/// The verdict on a whole ensemble, with the evidence.
public struct CheckReport: Sendable {
    /// The worst severity of ``findings`` (``Severity/verdict(of:)``): always derived from the final findings,
    /// never stored, so a finding added by any step counts.
    public var verdict: Severity { .verdict(of: findings) }
    /// The leader's address, or `nil` when there is none (or more than one).
    public var leader: String?
    public var quorum: Bool
    /// Voters the ensemble is configured with.
    public var votersConfigured: Int
    /// Voters known to be in the quorum (serving, or counted synced by the leader).
    public var votersServing: Int
    /// Voters a quorum needs (a strict majority of `votersConfigured`).
    public var majority: Int
    /// How many more voters can be lost before quorum is lost; -1 when quorum is already lost (or, see
    /// ``ensembleStateUnknown``, none was seen).
    public var failureTolerance: Int
    public var members: [MemberReport]
    public var findings: [Finding]
    /// Seconds the whole check took.
    public var durationSeconds: Double
    /// Where `votersConfigured` came from.
    public var membershipSource: String
    /// The operator's name for the ensemble (`--ensemble`, a `zkprobe serve` target), or `nil`: labels every
    /// Prometheus series `ensemble="NAME"`, fills the JSON `ensemble` key, heads the text and Nagios outputs.
    public var ensemble: String? = nil
    /// The client probe the check ran (``CheckRequest/clientProbe``'s mode), or `nil` when it ran none.
    public var clientProbe: ClientProbe.Mode? = nil

    /// Whether a client could write through the ensemble now, as measured: some member completed the probe
    /// (``ClientMeasurement/completed``). `nil` when no probe ran.
    public var writable: Bool? {
        clientProbe == nil ? nil : members.contains { $0.client?.completed == true }
    }

    /// Members counted as serving in the summary and the `members_serving` perfdata: in a serving state, or saying
    /// they do not serve clients while their state claims it (what the check reports as such).
    var membersServing: Int { members.filter { $0.state.isServing || $0.servesClients == false }.count }

    /// The check could not tell the ensemble's state: one member given, nothing else known, and it does not
    /// answer (`no-member-answered`) or does not serve (`ensemble-unknown`). No quorum was seen, but none is
    /// known lost: the JSON's `failureTolerance` is then `null`, and the summary says "quorum unknown".
    public var ensembleStateUnknown: Bool {
        findings.contains { $0.severity == .unknown && [.noMemberAnswered, .ensembleUnknown].contains($0.code) }
    }

    /// ``failureTolerance`` where it is known; `nil` when ``ensembleStateUnknown``.
    public var knownFailureTolerance: Int? { ensembleStateUnknown ? nil : failureTolerance }

    /// One line: verdict words and the key figures (with a client probe, through how many members it completed).
    public var summary: String {
        var parts: [String] = []
        parts.append("\(membersServing)/\(members.count) members serving")
        if let leader { parts.append("leader \(leader)") } else { parts.append("no leader") }
        if ensembleStateUnknown {
            parts.append("quorum unknown: the other members' state is unknown")
        } else if quorum {
            parts.append("quorum \(votersServing)/\(votersConfigured) voters (needs \(majority))")
            let noun = failureTolerance == 1 ? "failure" : "failures"
            parts.append("tolerates \(failureTolerance) more \(noun)")
        } else {
            parts.append("NO QUORUM: \(votersServing)/\(votersConfigured) voters, needs \(majority)")
        }
        if let clientProbe {
            let probed = members.compactMap(\.client)
            let completed = probed.filter(\.completed).count
            parts.append("\(clientProbe.word) probe completed through \(completed)/\(probed.count) members")
        }
        return parts.joined(separator: ", ")
    }
}

extension CheckReport {
    /// `self` with the hints of its findings spelled by `spell` (``Finding/spellingHints(_:)``).
    public func spellingHints(_ spell: (CheckHint) -> String) -> CheckReport {
        var spelled = self
        spelled.findings = findings.map { $0.spellingHints(spell) }
        return spelled
    }
}

extension Severity {
    /// The verdict `findings` give: the worst of their severities, OK when there are none. The one place a
    /// verdict is decided (``CheckReport/verdict``).
    public static func verdict(of findings: [Finding]) -> Severity { findings.map(\.severity).reduce(.ok, worst) }
}
