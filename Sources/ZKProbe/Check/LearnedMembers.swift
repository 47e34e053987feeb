/// Which members a check may ask that it learned from the members' own `conf` rather than from its operator (the
/// members given, or a zoo.cfg's `server.N` lines).
///
/// `zkprobe check` asks every member the membership lists: the verdict is the same from any vantage point.
/// `zkprobe serve` takes its targets from a file and never connects where that file does not say, so a member
/// whose `conf` lists `server.2=evil:2888:3888;10.0.0.9:2181` cannot steer the exporter's connections
/// (docs/zkprobe-serve.md, "Why unknown targets are refused").
public enum LearnedMembers: Sendable, Equatable {
    /// Ask every member the membership lists.
    case ask
    /// Ask a learned member only when its client endpoint is one of these (or one of the members given); the others
    /// are reported as `member-not-asked` with the address the members' `conf` gave.
    case askOnly(Set<Endpoint>)

    /// Whether a member the members' `conf` listed at `endpoint` may be asked, `given` the members named.
    func allows(_ endpoint: Endpoint, given: [Endpoint]) -> Bool {
        switch self {
        case .ask: return true
        case .askOnly(let allowed): return allowed.contains(endpoint) || given.contains(endpoint)
        }
    }
}
