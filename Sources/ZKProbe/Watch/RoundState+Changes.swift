extension RoundState {
    /// One line per change from `previous` to this round, without the time (the command prefixes the round's
    /// start): the verdict, the leader, the voters serving, the failure tolerance, whether writes work, then each
    /// member whose lane changed, in the members' order. No lines when there is no previous round.
    ///
    ///     verdict OK -> CRITICAL
    ///     leader 127.0.0.1:2181 -> none
    ///     voters serving 3/3 -> 2/3
    ///     tolerance 1 -> 0
    ///     writable yes -> no
    ///     member 127.0.0.1:2181 leader -> down
    public func changes(from previous: RoundState?) -> [String] {
        guard let previous else { return [] }
        var lines: [String] = []
        func note(_ what: String, _ before: String, _ now: String) {
            if before != now { lines.append("\(what) \(before) -> \(now)") }
        }
        note("verdict", previous.verdict.nagiosWord, verdict.nagiosWord)
        note("leader", previous.leader ?? "none", leader ?? "none")
        note("voters serving", previous.votersText, votersText)
        note("tolerance", Self.text(previous.failureTolerance), Self.text(failureTolerance))
        note("writable", Self.text(previous.writable), Self.text(writable))
        let lanesBefore = Dictionary(previous.members.map { ($0.address, $0.lane) }, uniquingKeysWith: { a, _ in a })
        let addresses = Set(members.map(\.address))
        for member in members {
            note("member \(member.address)", lanesBefore[member.address]?.rawValue ?? "absent", member.lane.rawValue)
        }
        for member in previous.members where !addresses.contains(member.address) {
            note("member \(member.address)", member.lane.rawValue, "absent")
        }
        return lines
    }

    /// `2/3`: voters serving of those configured.
    var votersText: String { "\(votersServing)/\(votersConfigured)" }

    static func text(_ tolerance: Int?) -> String { tolerance.map(String.init) ?? "unknown" }

    static func text(_ writable: Bool?) -> String { writable.map { $0 ? "yes" : "no" } ?? "unknown" }
}
