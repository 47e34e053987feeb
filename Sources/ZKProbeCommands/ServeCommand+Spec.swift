import CommandLineSupport
import ToolkitSupport
import ZKProbeExporter

extension ServeCommand {
    /// The options of `zkprobe serve`: parsed by ``parse(_:)`` and printed as its help. No `-v`: the log says
    /// every event already.
    package static let spec: CommandSpec = {
        var spec = table
        spec.takesVerbosity = false
        return spec
    }()

    private static let table = CommandSpec(
        name: "zkprobe serve",
        synopsis: ["zkprobe serve --config FILE [--listen HOST:PORT] [--metrics-ensembles] [limits]"],
        abstract: """
            A Prometheus exporter: /probe?target=NAME checks the ensemble NAME of the configuration file (the
            multi-target pattern; the deadline comes from X-Prometheus-Scrape-Timeout-Seconds), /metrics tells
            the exporter's own health. Only ensembles of the file can be checked. SIGHUP reloads the file (a bad
            one is logged and the old one kept), SIGTERM stops. Logs go to standard error, one line per event.
            """,
        sections: [
            HelpSection(
                "SERVING",
                [configOption.row, listenOption.row, metricsEnsembles.row, allowLearnedMembers.row, checkConfig.row]),
            HelpSection("LIMITS", limitRows),
        ],
        epilogue: """
            EXIT STATUS:
              0 stopped by SIGTERM or SIGINT (or --check-config found the file good)
              1 the configuration is bad or the address cannot be listened on
              3 usage error
            """)

    static let configOption = Option<String>(
        "--config", "FILE",
        help: "The ensembles, one per line: NAME = ARGUMENTS OF zkprobe check\n(docs/zkprobe-serve.md); required")
    static let listenOption = Option<String>(
        "--listen", "HOST:PORT", .text, default: .note(ExporterSettings().listen),
        help: "Address to listen on ([::]:9141 for every address, IPv6 and IPv4)")
    static let metricsEnsembles = Option<Bool>(
        flag: "--metrics-ensembles",
        help: "/metrics also checks every ensemble of the file, in parallel, within\n"
            + "one scrape's deadline (default: only the exporter's own health)")
    static let allowLearnedMembers = Option<String>(
        "--allow-learned-members", "HOST:PORT[,HOST:PORT...]",
        help: "Members the members' conf lists but no line names that checks may\n"
            + "still ask (repeatable); others are reported member-not-asked")
    static let checkConfig = Option<Bool>(
        flag: "--check-config", help: "Read the file, print the ensembles and exit (0 good, 1 bad)")

    /// A limit's row, its default the exporter's own (``ExporterSettings``).
    private static func limit(
        _ name: String, in range: ClosedRange<Int>, _ keyPath: KeyPath<ExporterSettings, Int>, _ help: String
    ) -> Option<Int> {
        Option(name, "N", .integer(in: range), default: .value("\(ExporterSettings()[keyPath: keyPath])"), help: help)
    }

    /// A time limit's row in seconds (by default above 0), its default the exporter's own.
    private static func limit(
        _ name: String, in range: ClosedRange<Double>, aboveLowerBound: Bool = true,
        _ keyPath: KeyPath<ExporterSettings, Duration>, _ help: String
    ) -> Option<Duration> {
        Option(
            name, "SECONDS", .seconds(in: range, aboveLowerBound: aboveLowerBound),
            default: .value(NumberText.compact(ExporterSettings()[keyPath: keyPath].seconds)), help: help)
    }

    static let maxConnections = limit(
        "--max-connections", in: 1...1_000_000, \.maxConnections,
        "Client connections at once; beyond, the longest idle one is closed, else 503")
    static let maxScrapesPerClient = limit(
        "--max-scrapes-per-client", in: 1...1_000_000, \.maxScrapesPerClient,
        "Scrapes waiting at once from one client address (beyond: 503)")
    static let maxConcurrentChecks = limit(
        "--max-concurrent-checks", in: 1...1024, \.maxConcurrentChecks, "Checks running at once over all scrapes")
    static let maxCheckConnections = limit(
        "--max-check-connections", in: 4...1_000_000, \.maxCheckConnections,
        "Sockets to members at once over all checks, shared equally")
    static let maxRequestBytes = limit(
        "--max-request-bytes", in: 1024...1_048_576, \.maxRequestBytes, "Request line and headers at most (larger: 431)")
    static let requestTimeout = limit(
        "--request-timeout", in: 0...3600, \.requestTimeout, "To send a whole request, and to read the answer")
    static let idleTimeout = limit(
        "--idle-timeout", in: 0...86_400, \.idleTimeout, "A connection without a request is closed after this")
    static let defaultScrapeTimeout = limit(
        "--default-scrape-timeout", in: 0...3600, \.defaultScrapeTimeout,
        "When a request has no X-Prometheus-Scrape-Timeout-Seconds")
    static let maxScrapeTimeout = limit(
        "--max-scrape-timeout", in: 0...3600, \.maxScrapeTimeout, "A larger header is capped to this")
    static let timeoutOffset = limit(
        "--timeout-offset", in: 0...60, aboveLowerBound: false, \.timeoutOffset,
        "Taken off the scrape timeout to answer in time")
    static let shutdownGrace = limit(
        "--shutdown-grace", in: 0...3600, aboveLowerBound: false, \.shutdownGrace,
        "On SIGTERM, in-flight scrapes get this long")

    static let limitRows: [HelpSection.Row] = [
        maxConnections.row, maxScrapesPerClient.row, maxConcurrentChecks.row, maxCheckConnections.row,
        maxRequestBytes.row, requestTimeout.row,
        idleTimeout.row, defaultScrapeTimeout.row, maxScrapeTimeout.row, timeoutOffset.row, shutdownGrace.row,
    ]
}
