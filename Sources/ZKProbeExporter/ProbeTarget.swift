import ZKProbe

/// What one check of a target may use: the time left of its scrape and its share of member sockets.
public struct CheckLimits: Sendable, Equatable {
    /// The deadline of each exchange of the check; the check itself stays within about this.
    public var deadline: Duration
    /// Exchanges (sockets) the check may have open at once.
    public var maxConnections: Int

    /// Limits for one check.
    public init(deadline: Duration, maxConnections: Int) {
        self.deadline = deadline
        self.maxConnections = maxConnections
    }
}

/// One ensemble the exporter may check, by name: the only thing a scrape can name, so the exporter never
/// connects anywhere its configuration does not say.
public struct ProbeTarget: Sendable {
    /// The name scrapes use (`/probe?target=NAME`) and the `ensemble` label of its series.
    public var name: String
    /// Also expose every numeric `mntr` value (`--all-mntr` on its line).
    public var includeMonitorValues: Bool
    /// The check, as `zkprobe check` would run it with the same arguments; a scrape's limits tighten its probes.
    public var request: CheckRequest
    /// Runs a request for ``check(_:)``: ``Checker/check(_:)``; tests put a fake here to see the request.
    var run: @Sendable (CheckRequest) -> CheckReport = Checker.check

    /// A target named `name` that runs `request`.
    public init(name: String, includeMonitorValues: Bool = false, request: CheckRequest) {
        self.name = name
        self.includeMonitorValues = includeMonitorValues
        self.request = request
    }

    /// Runs the check within `limits` on the calling thread: the request's deadline, at most what is left of the
    /// scrape, and the target's share of sockets. The exporter itself starts ``request`` on a `CheckReactor`
    /// (``CheckScheduler``), which tightens it the same way (`CheckRequest.limited(deadline:maxConnections:)`);
    /// this is the same check for a caller with a thread to spare (tests comparing serve with `zkprobe check`).
    /// The targets were gathered when the configuration was loaded, so nothing here fails: what a member does
    /// wrong is a finding of the report.
    func check(_ limits: CheckLimits) -> CheckReport {
        run(request.limited(deadline: limits.deadline, maxConnections: limits.maxConnections))
    }
}

/// The ensembles an exporter serves, in the order of its configuration file.
public struct ExporterConfiguration: Sendable {
    /// Every target, names unique.
    public var targets: [ProbeTarget]
    /// Where the configuration came from (the file's path), for messages.
    public var source: String

    /// A configuration of `targets` read from `source`.
    public init(targets: [ProbeTarget], source: String) {
        self.targets = targets
        self.source = source
    }

    /// The target named exactly `name`.
    public func target(named name: String) -> ProbeTarget? { targets.first { $0.name == name } }
}
