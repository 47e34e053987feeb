import Glibc

/// The live ensemble as `zkprobe check --format json` saw it, with each member placed in a zone, and what it
/// can still take before the members that are down come back.
public struct LiveEnsemble: Sendable, Equatable {
    /// One voter as the check saw it, placed in its zone.
    public struct Member: Sendable, Equatable {
        /// `host:port` as `zkprobe check` reported it.
        public var address: String
        /// The zone the zone map puts it in.
        public var zone: String
        /// In the quorum now (leader or follower).
        public var up: Bool
    }

    /// The voters seen, observers left out, in the check's order.
    public var members: [Member]
    /// Voters the ensemble is configured with (may exceed the members listed).
    public var votersConfigured: Int
    /// Voters a quorum needs: a strict majority of the voters the configuration names.
    public var majority: Int

    /// An ensemble as given; nothing is checked or derived.
    public init(members: [Member], votersConfigured: Int, majority: Int) {
        self.members = members
        self.votersConfigured = votersConfigured
        self.majority = majority
    }

    /// The ensemble from what `zkprobe check` saw: each member's address and state (`leader`, `follower`,
    /// `observer`, `unreachable`, …), the voters it is configured with, and the zone map (each member by its
    /// address or its host, ``ZoneMap/zone(ofAddress:)``). Observers are left out: they never vote.
    /// - Throws: `AdviceError` naming a member that has no zone.
    public init(
        observed: [(address: String, state: String)], votersConfigured voters: Int, zones: ZoneMap,
        observers: Set<String> = [], reported: Reported? = nil
    ) throws(AdviceError) {
        var members: [Member] = []
        for (i, m) in observed.enumerated() where m.state != "observer" && !observers.contains(m.address) {
            guard let zone = zones.zone(ofAddress: m.address) else {
                let known = zones.entries.map(\.host).sorted().joined(separator: ", ")
                throw AdviceError(
                    "members[\(i)] \(m.address) has no zone in the zone map (it has: \(known.isEmpty ? "nothing" : known)); add \(m.address)=ZONE")
            }
            members.append(Member(address: m.address, zone: zone, up: m.state == "leader" || m.state == "follower"))
        }
        self.init(members: members, votersConfigured: max(voters, members.count), majority: max(voters, 0) / 2 + 1)
        self.reported = reported
    }

    /// What `zkprobe check` itself concluded: it counts members the leader reports synced and never counts one
    /// it saw down, which the member states alone cannot tell. `live` starts from it and adds only the zones.
    public struct Reported: Sendable, Equatable {
        public var quorum: Bool
        public var votersServing: Int
        public var failureTolerance: Int

        public init(quorum: Bool, votersServing: Int, failureTolerance: Int) {
            self.quorum = quorum
            self.votersServing = votersServing
            self.failureTolerance = failureTolerance
        }
    }

    /// The check's own conclusion, when the ensemble was read from its report.
    public var reported: Reported?

    /// Voters in the quorum now (leader or follower).
    public var upVoters: Int { reported.map { $0.quorum ? $0.votersServing : min($0.votersServing, seenUp) } ?? seenUp }

    /// Voters seen in the quorum (leader or follower) among the members listed.
    var seenUp: Int { members.filter(\.up).count }

    /// Voters that can still be lost before quorum is lost now; -1 when it is lost already.
    public var failureTolerance: Int {
        if let reported { return reported.quorum ? reported.failureTolerance : -1 }
        return upVoters >= majority ? upVoters - majority : -1
    }

    /// For each zone with members: whether losing it now leaves no quorum (always, when the quorum is lost
    /// already: a lost quorum does not come back by losing a zone, whatever the counts say).
    public var zoneLossLosesQuorum: [(zone: String, losesQuorum: Bool, upVotersInZone: Int)] {
        let zones = Array(Set(members.map(\.zone))).sorted()
        return zones.map { z in
            let inZone = members.filter { $0.zone == z && $0.up }.count
            return (z, failureTolerance < 0 || upVoters - inZone < majority, inZone)
        }
    }

    /// The chance that the quorum is lost before the members that are down come back, `window` hours from now,
    /// when each up voter fails at rate 1/`serverMTTF` and each zone at rate 1/`zoneMTTF[zone]`
    /// (exponential; no repair within the window, so the figure errs on the side of caution).
    public func probabilityOfLosingQuorum(
        window: Double, serverMTTF: Double, zoneMTTF: [String: Double]
    ) -> Double {
        if failureTolerance < 0 || upVoters < majority { return 1 }
        let zones = Array(Set(members.filter(\.up).map(\.zone))).sorted()
        let qServer = -expm1(-window / serverMTTF)  // P(an up server fails in the window)
        // Sum P(zone states) × P(fewer than `majority` survivors | zone states), exactly.
        var lost = 0.0
        for mask in 0..<(1 << zones.count) {
            var p = 1.0
            var survivorsPossible = 0
            for (i, z) in zones.enumerated() {
                let qZone = zoneMTTF[z].map { -expm1(-window / $0) } ?? 0
                if mask & (1 << i) != 0 {
                    p *= 1 - qZone
                    survivorsPossible += members.filter { $0.zone == z && $0.up }.count
                } else {
                    p *= qZone
                }
            }
            if p == 0 { continue }
            // P(Binomial(survivorsPossible, 1 - qServer) < majority)
            var tail = 0.0
            for k in 0..<min(majority, survivorsPossible + 1) {
                tail += binomial(survivorsPossible, k) * pow(1 - qServer, Double(k))
                    * pow(qServer, Double(survivorsPossible - k))
            }
            lost += p * tail
        }
        return min(max(lost, 0), 1)
    }

    private func binomial(_ n: Int, _ k: Int) -> Double {
        var r = 1.0
        for i in 0..<k { r = r * Double(n - i) / Double(i + 1) }
        return r
    }
}

/// Bad input to `quorumsim recommend` or `quorumsim live`; the message says what to change.
public struct AdviceError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What went wrong: the request or its data, or a simulation the advice needed.
    public enum Kind: Sendable, Equatable { case request, simulationFailed }

    public var description: String
    public var kind: Kind
    /// An error whose message is `description`, one line.
    public init(_ description: String, kind: Kind = .request) {
        self.description = description
        self.kind = kind
    }
}
