import CommandLineSupport

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
                [
                    .option(
                        OptionSpec(
                            "--config", "FILE",
                            help: "The ensembles, one per line: NAME = ARGUMENTS OF zkprobe check\n"
                                + "(docs/zkprobe-serve.md); required")),
                    .option(
                        OptionSpec(
                            "--listen", "HOST:PORT",
                            help: "Address to listen on (default 127.0.0.1:9141; [::]:9141 for every\n"
                                + "address, IPv6 and IPv4)")),
                    .option(
                        OptionSpec(
                            "--metrics-ensembles",
                            help: "/metrics also checks every ensemble of the file, in parallel, within\n"
                                + "one scrape's deadline (default: only the exporter's own health)")),
                    .option(
                        OptionSpec(
                            "--check-config",
                            help: "Read the file, print the ensembles and exit (0 good, 1 bad)")),
                ]),
            HelpSection("LIMITS", limitRows),
        ],
        epilogue: """
            EXIT STATUS:
              0 stopped by SIGTERM or SIGINT (or --check-config found the file good)
              1 the configuration is bad or the address cannot be listened on
              3 usage error
            """)

    static let limitRows: [HelpSection.Row] = [
        (
            "--max-connections", "N",
            "Client connections at once; beyond, the longest idle one is closed\n(default 1024)"
        ),
        ("--max-concurrent-checks", "N", "Checks running at once over all scrapes (default 16)"),
        ("--max-check-connections", "N", "Sockets to members at once over all checks, shared equally (default 1024)"),
        ("--max-request-bytes", "N", "Request line and headers at most (default 8192; larger: 431)"),
        ("--request-timeout", "SECONDS", "To send a whole request, and to read the answer (default 10)"),
        ("--idle-timeout", "SECONDS", "A connection without a request is closed after this (default 60)"),
        (
            "--default-scrape-timeout", "SECONDS",
            "When a request has no X-Prometheus-Scrape-Timeout-Seconds (default 10)"
        ),
        ("--max-scrape-timeout", "SECONDS", "A larger header is capped to this (default 120)"),
        ("--timeout-offset", "SECONDS", "Taken off the scrape timeout to answer in time (default 0.5)"),
        ("--shutdown-grace", "SECONDS", "On SIGTERM, in-flight scrapes get this long (default 5)"),
    ].map { .option(OptionSpec($0.0, $0.1, help: $0.2)) }
}
