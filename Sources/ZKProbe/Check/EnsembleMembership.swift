/// The ensemble's configured membership, from the best source there is: the operator's zoo.cfg (`--config`),
/// else the `conf` the members themselves answer (the one most of them agree on).
///
/// It is what makes the verdict the same from any vantage point: one member, a partial list or all of them, the
/// check judges the ensemble the membership describes, and asks the members it was not given.
public struct EnsembleMembership: Sendable, Equatable {
    /// Every configured server, voters and observers, by id.
    public var entries: [MembershipEntry]
    /// Where the entries came from, for messages: a zoo.cfg path or `conf of zk1:2181`.
    public var source: String
    /// The `clientPort` the members report for themselves when every member that answered reports the same one;
    /// used for servers whose `server.N` line has no `;clientPort`.
    public var commonClientPort: Int?

    /// Voters (participants) configured.
    public var voters: Int { entries.filter { !$0.observer }.count }

    /// A configured server nobody named, with the endpoint to ask it at, or `nil` with the reason it cannot be
    /// asked (its client port is unknown).
    public struct Unasked: Sendable, Equatable {
        public var entry: MembershipEntry
        public var endpoint: Endpoint?
        /// Why it is not asked, with what would change that.
        public var reason: HintedText?
    }

    /// The membership `targets` and the answering `members` describe; `nil` when no source lists one.
    static func reconcile(targets: EnsembleTargets, members: [MemberReport]) -> EnsembleMembership? {
        let ports = Set(members.compactMap(\.configuredClientPort))
        let common = ports.count == 1 ? ports.first : nil
        if let configured = targets.membership, !configured.isEmpty {
            return EnsembleMembership(entries: configured.sorted(), source: targets.source, commonClientPort: common)
        }
        // The membership most members report: one member with a stale conf does not decide.
        var counts: [[MembershipEntry]: (count: Int, first: String)] = [:]
        for m in members {
            guard let listed = m.membership, !listed.isEmpty else { continue }
            let key = listed.sorted()
            counts[key] = ((counts[key]?.count ?? 0) + 1, counts[key]?.first ?? m.address)
        }
        let ranked = counts.sorted {
            $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.value.first < $1.value.first
        }
        guard let best = ranked.first else { return nil }
        return EnsembleMembership(entries: best.key, source: "conf of \(best.value.first)", commonClientPort: common)
    }

    /// The configured servers none of `members` is: matched by the `serverId` a member reports, else by endpoint.
    func unasked(by members: [MemberReport]) -> [Unasked] {
        let ids = Set(members.compactMap(\.serverId))
        let endpoints = Set(members.compactMap(\.endpoint))
        return entries.compactMap { entry in
            guard !ids.contains(Int64(entry.id)) else { return nil }
            let endpoint = clientEndpoint(entry)
            if let endpoint, endpoints.contains(endpoint) { return nil }
            let reason =
                endpoint == nil
                ? HintedText(
                    "server.\(entry.id) (\(entry.host)) has no ;clientPort in \(source) and shares its host with "
                        + "another member, so its client port is unknown; name it on the command line or add "
                        + ";clientPort to its server line") : nil
            return Unasked(entry: entry, endpoint: endpoint, reason: reason)
        }
    }

    /// Where clients reach `entry`: its `;[host:]clientPort`, else its quorum host at the client port every member
    /// reports, when no other configured server shares that host (then the port cannot be told apart).
    func clientEndpoint(_ entry: MembershipEntry) -> Endpoint? {
        let sharesHost = entry.clientPort == nil && entries.contains { $0.id != entry.id && $0.host == entry.host }
        return try? EnsembleTargets.clientEndpoint(of: entry, defaultClientPort: sharesHost ? nil : commonClientPort)
    }
}
