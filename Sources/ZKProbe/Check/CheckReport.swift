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
    /// The operator's name for the ensemble (`--ensemble`, a `zkprobe serve` target), or `nil`: labels every
    /// Prometheus series `ensemble="NAME"`, fills the JSON `ensemble` key, heads the text and Nagios outputs.
    public var ensemble: String? = nil

    /// Members counted as serving in the summary and the `members_serving` perfdata: in a serving state, or saying
    /// they do not serve clients while their state claims it (what the check reports as such).
    var membersServing: Int { members.filter { $0.state.isServing || $0.servesClients == false }.count }

    /// One line: verdict words and the key figures.
    public var summary: String {
        var parts: [String] = []
        parts.append("\(membersServing)/\(members.count) members serving")
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

extension Severity {
    /// The verdict `findings` give: the worst of their severities, OK when there are none.
    public static func verdict(of findings: [Finding]) -> Severity { findings.map(\.severity).reduce(.ok, worst) }
}
