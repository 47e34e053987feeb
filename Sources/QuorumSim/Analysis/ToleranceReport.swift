/// What a placement survives, for `quorumsim tolerance`.
///
/// Every server is counted up unless the field says otherwise; no probabilities are
/// involved. Encodes to JSON with these field names (see `docs/exact-availability.md`).
public struct ToleranceReport: Sendable, Equatable, Codable {
    /// Scenario name.
    public var scenario: String
    /// `"majority"` (ZooKeeper `QuorumMaj`) or `"hierarchical"` (`QuorumHierarchical`).
    public var rule: String
    /// Participant ids.
    public var voters: [Int]
    /// Observer ids: they never count toward a quorum.
    public var observers: [Int]
    /// Plain majority only: voters that make a quorum.
    public var majority: Int?
    /// Hierarchical only: groups with non-zero weight.
    public var groups: Int?
    /// Fewest server failures that lose the quorum.
    public var failuresToLoseQuorum: Int
    /// Server failures the ensemble survives (`failuresToLoseQuorum − 1`).
    public var failuresTolerated: Int
    /// One smallest set of server ids whose failure loses the quorum.
    public var smallestLosingSet: [Int]
    /// One entry per zone, in scenario order.
    public var zones: [ZoneTolerance]
    /// One entry per server, in scenario order: what remains while it is in maintenance.
    public var maintenance: [MaintenanceTolerance]
    /// True when the loss of any one zone (each taken alone) keeps a quorum.
    public var survivesAnySingleZoneLoss: Bool
    /// True when cutting any one zone off from all the others leaves a side that serves.
    public var survivesAnyZoneIsolation: Bool

    /// Builds a report from figures computed by `ToleranceAnalysis`; nothing is checked or derived.
    public init(
        scenario: String, rule: String, voters: [Int], observers: [Int], majority: Int?, groups: Int?,
        failuresToLoseQuorum: Int, failuresTolerated: Int, smallestLosingSet: [Int], zones: [ZoneTolerance],
        maintenance: [MaintenanceTolerance], survivesAnySingleZoneLoss: Bool, survivesAnyZoneIsolation: Bool
    ) {
        self.scenario = scenario
        self.rule = rule
        self.voters = voters
        self.observers = observers
        self.majority = majority
        self.groups = groups
        self.failuresToLoseQuorum = failuresToLoseQuorum
        self.failuresTolerated = failuresTolerated
        self.smallestLosingSet = smallestLosingSet
        self.zones = zones
        self.maintenance = maintenance
        self.survivesAnySingleZoneLoss = survivesAnySingleZoneLoss
        self.survivesAnyZoneIsolation = survivesAnyZoneIsolation
    }
}

/// Which side of a cut still serves.
public enum ServingSide: String, Sendable, Equatable, Codable {
    /// The zone that was cut off.
    case zone
    /// The other zones together.
    case rest
    /// Neither side holds a quorum.
    case neither
}

/// What the loss or isolation of one zone does.
public struct ZoneTolerance: Sendable, Equatable, Codable {
    /// Zone name.
    public var zone: String
    /// Ids of the servers in the zone.
    public var servers: [Int]
    /// Participants in the zone.
    public var voters: Int
    /// The zone's loss alone loses the quorum.
    public var lossLosesQuorum: Bool
    /// Fewest further server failures that lose the quorum once the zone is lost (0 when its loss alone does).
    public var failuresToLoseQuorumAfterLoss: Int
    /// One such smallest set of server ids (empty when the zone's loss alone loses the quorum).
    public var losingSetAfterLoss: [Int]
    /// The zone's loss plus one more server failure can lose the quorum.
    public var zonePlusOneServerLosesQuorum: Bool
    /// Which side serves when this zone is cut off from all the others, every server up.
    public var isolatedServingSide: ServingSide

    /// Builds an entry from figures computed by `ToleranceAnalysis`; nothing is checked.
    public init(
        zone: String, servers: [Int], voters: Int, lossLosesQuorum: Bool, failuresToLoseQuorumAfterLoss: Int,
        losingSetAfterLoss: [Int], zonePlusOneServerLosesQuorum: Bool, isolatedServingSide: ServingSide
    ) {
        self.zone = zone
        self.servers = servers
        self.voters = voters
        self.lossLosesQuorum = lossLosesQuorum
        self.failuresToLoseQuorumAfterLoss = failuresToLoseQuorumAfterLoss
        self.losingSetAfterLoss = losingSetAfterLoss
        self.zonePlusOneServerLosesQuorum = zonePlusOneServerLosesQuorum
        self.isolatedServingSide = isolatedServingSide
    }
}

/// What remains while one server is down for maintenance.
public struct MaintenanceTolerance: Sendable, Equatable, Codable {
    /// Server id.
    public var server: Int
    /// `"participant"` or `"observer"`.
    public var role: String
    /// Taking this server down alone loses the quorum.
    public var downLosesQuorum: Bool
    /// Fewest further server failures that lose the quorum while it is down (0 when its absence alone does).
    public var failuresToLoseQuorum: Int
    /// Further failures survived while it is down (`max(0, failuresToLoseQuorum − 1)`).
    public var failuresTolerated: Int

    /// Builds an entry; `failuresTolerated` is expected to be `max(0, failuresToLoseQuorum − 1)`.
    public init(server: Int, role: String, downLosesQuorum: Bool, failuresToLoseQuorum: Int, failuresTolerated: Int) {
        self.server = server
        self.role = role
        self.downLosesQuorum = downLosesQuorum
        self.failuresToLoseQuorum = failuresToLoseQuorum
        self.failuresTolerated = failuresTolerated
    }
}
