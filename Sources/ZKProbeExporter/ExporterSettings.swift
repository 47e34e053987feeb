import ToolkitSupport

/// The limits and choices of one exporter; `zkprobe serve`'s flags set them (docs/zkprobe-serve.md).
///
/// Every limit is a bound on what the exporter holds at once, whatever its clients or its ensembles do.
public struct ExporterSettings: Sendable, Equatable {
    /// `HOST:PORT` or `[V6]:PORT` to listen on; port 0 lets the kernel pick (tests).
    public var listen = "127.0.0.1:9141"
    /// Client connections open at once; beyond it the longest-idle connection is closed, else one still sending
    /// its head after ``limitHeadTimeout``, else the new one is answered 503 once its head is read.
    public var maxConnections = 1024
    /// Checks under way at once over every scrape, on the reactors together; more wait in the queue.
    public var maxConcurrentChecks = 64
    /// Sockets to ZooKeeper members open at once over every check; each check gets an equal share.
    public var maxCheckConnections = 4096
    /// Bytes a request line and its headers may take (431 beyond).
    public var maxRequestBytes = 8192
    /// Seconds a client has to send a whole request once it started, and to read the response (slow clients).
    public var requestTimeout: Duration = .seconds(10)
    /// Seconds a connection may sit without a request before it is closed (keep-alive and silent clients).
    public var idleTimeout: Duration = .seconds(60)
    /// The scrape timeout assumed when a request has no `X-Prometheus-Scrape-Timeout-Seconds` header.
    public var defaultScrapeTimeout: Duration = .seconds(10)
    /// The longest scrape timeout taken from the header; a larger one is capped to it.
    public var maxScrapeTimeout: Duration = .seconds(120)
    /// Taken off the scrape timeout so that the answer reaches Prometheus before it gives up.
    public var timeoutOffset: Duration = .milliseconds(500)
    /// `/metrics` also checks every configured ensemble, in parallel, within one deadline.
    public var metricsIncludeEnsembles = false
    /// On stop, how long in-flight scrapes may take to be answered before their connections are closed.
    public var shutdownGrace: Duration = .seconds(5)
    /// Checks waiting for room to run at most; beyond it a scrape is answered 503.
    public var maxQueuedChecks = 10_000
    /// Scrapes waiting for their checks at once from one client address; beyond it a scrape is answered 503
    /// with `Retry-After`. One Prometheus sends every target of a fleet at once after a restart.
    public var maxScrapesPerClient = 1000
    /// At the connection limit: a connection still sending its head after this long is dropped to make room
    /// (`slow`), and a connection over the limit has this long to send its head before it is answered 503.
    public var limitHeadTimeout: Duration = .seconds(1)
    /// Connections over the limit being answered 503 at once; beyond it a new one is closed at once.
    public var maxOverLimitAnswers = 64

    /// The defaults of `zkprobe serve`.
    public init() {}

    /// Sockets one check may hold: an equal share of ``maxCheckConnections``, at least 4 (one member's words).
    public var connectionsPerCheck: Int { max(4, maxCheckConnections / max(1, maxConcurrentChecks)) }

    /// The time a scrape may take: the scrape timeout (`header`, else ``defaultScrapeTimeout``; capped at
    /// ``maxScrapeTimeout``) minus ``timeoutOffset``, or half of it when it is not above twice the offset.
    /// A header that is not a positive finite number counts as absent.
    public func scrapeBudget(header: String?) -> Duration {
        var timeout = defaultScrapeTimeout
        if let header, let seconds = Double(header.trimmingCharacters(in: [" ", "\t"])), seconds.isFinite,
            seconds > 0
        {
            timeout = seconds >= maxScrapeTimeout.seconds ? maxScrapeTimeout : Duration.seconds(seconds)
        }
        timeout = min(timeout, maxScrapeTimeout)
        return timeout > timeoutOffset * 2 ? timeout - timeoutOffset : timeout / 2
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> Substring {
        var s = Substring(self)
        while let first = s.first, set.contains(first) { s.removeFirst() }
        while let last = s.last, set.contains(last) { s.removeLast() }
        return s
    }
}
