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
    /// Runs the check within `limits`; `zkprobe serve` passes `zkprobe check`'s own pipeline here.
    public var check: @Sendable (CheckLimits) -> Result<CheckReport, TargetError>

    /// A target named `name` checked by `check`.
    public init(
        name: String, includeMonitorValues: Bool = false,
        check: @escaping @Sendable (CheckLimits) -> Result<CheckReport, TargetError>
    ) {
        self.name = name
        self.includeMonitorValues = includeMonitorValues
        self.check = check
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
