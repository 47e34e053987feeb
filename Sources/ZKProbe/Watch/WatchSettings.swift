/// What a `zkprobe watch` was asked to do; the first line of its timeline (docs/zkprobe-watch.md).
public struct WatchSettings: Sendable, Equatable {
    /// The wanted time between round starts; a round that overruns it delays the next one (rounds never overlap).
    public var interval: Duration
    /// How long to watch; `nil` until SIGINT or SIGTERM.
    public var duration: Duration?
    /// Each round's check deadline (`--timeout`).
    public var timeout: Duration
    /// The members as the command line gave them (operands, `--connect` or `--config`), resolved to addresses.
    public var members: [String]
    /// The client probe each round runs: `nil`, `.session` or `.write(path:)`.
    public var clientProbe: ClientProbe.Mode?
    /// `--ensemble NAME`, if given.
    public var ensemble: String?
    /// The zkprobe version that watched.
    public var version: String
    /// When the watch started, seconds since the Unix epoch.
    public var started: Double

    public init(
        interval: Duration, duration: Duration?, timeout: Duration, members: [String], clientProbe: ClientProbe.Mode?,
        ensemble: String?, version: String, started: Double
    ) {
        self.interval = interval
        self.duration = duration
        self.timeout = timeout
        self.members = members
        self.clientProbe = clientProbe
        self.ensemble = ensemble
        self.version = version
        self.started = started
    }
}
