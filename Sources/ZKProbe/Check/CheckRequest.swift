/// Everything one check of an ensemble needs: what `zkprobe check` reads from its command line, and what
/// `zkprobe serve` reads from a line of its configuration. ``Checker/check(_:)`` runs it.
public struct CheckRequest: Sendable, Equatable {
    /// The members to ask and what the configuration says of the membership, gathered from the operator's
    /// ``TargetSources`` once (a zoo.cfg is read when the request is made, as `zkprobe serve` reads it at load).
    public var targets: EnsembleTargets
    /// How the members are judged.
    public var policy: CheckPolicy
    /// Ask each member's AdminServer too, for what the four-letter-word whitelist refuses.
    public var admin: AdminTarget?
    /// The probes' deadline (the whole check stays within about one), reply cap and sockets at once.
    public var probe: ProbeOptions
    /// The operator's name for the ensemble, carried into the report (``CheckReport/ensemble``).
    public var ensemble: String?
    /// The client probe to run through every member (`--session-probe`, `--write-probe`), or `nil`: four-letter
    /// words (and the AdminServer) only, read-only.
    public var clientProbe: ClientProbe?
    /// Whether members learned from the members' `conf` (not from ``targets``) are asked; ``LearnedMembers/ask``
    /// for `zkprobe check`.
    public var learnedMembers: LearnedMembers = .ask

    /// A request to check `targets`.
    public init(
        targets: EnsembleTargets, policy: CheckPolicy = CheckPolicy(), admin: AdminTarget? = nil,
        probe: ProbeOptions = ProbeOptions(), ensemble: String? = nil, clientProbe: ClientProbe? = nil
    ) {
        self.clientProbe = clientProbe
        self.targets = targets
        self.policy = policy
        self.admin = admin
        self.probe = probe
        self.ensemble = ensemble
    }
}

extension CheckRequest {
    /// This request within a scrape's limits: each exchange's deadline at most `deadline` (none left: zero), and
    /// at most `maxConnections` sockets at once (at least one), never more than the request itself allows.
    package func limited(deadline: Duration, maxConnections: Int) -> CheckRequest {
        var limited = self
        limited.probe.deadline = min(probe.deadline, max(.zero, deadline))
        limited.probe.maxInFlight = min(probe.maxInFlight, max(1, maxConnections))
        return limited
    }
}

/// How a check judges what the members say.
public struct CheckPolicy: Sendable, Equatable {
    /// The limits of the figure rules.
    public var thresholds: CheckThresholds
    /// Four-letter words whose refusal is a warning rather than an OK-level note.
    public var requiredWords: Set<String>
    /// The mode every member given must be in (a check per host), or `nil`.
    public var expectedMode: ExpectedMode?

    /// A policy; the defaults judge as `zkprobe check` without flags.
    public init(
        thresholds: CheckThresholds = CheckThresholds(), requiredWords: Set<String> = [],
        expectedMode: ExpectedMode? = nil
    ) {
        self.thresholds = thresholds
        self.requiredWords = requiredWords
        self.expectedMode = expectedMode
    }
}
