import CommandLineSupport
import ToolkitSupport
import ZKProbe
import ZKProbeExporter

/// `zkprobe serve`: the Prometheus exporter (library `ZKProbeExporter`) over the ensembles of a file.
///
/// Unlike the other commands it runs until a signal and logs while it runs (one line per event on standard
/// error); its ``CommandOutcome`` is how it ended.
package enum ServeCommand {
    package static let name = "serve"
    package static let summary = "Serve checks to Prometheus: /probe?target=ENSEMBLE and /metrics"

    /// What the command line asks for.
    struct Invocation {
        var configPath: String
        var settings = ExporterSettings()
        var checkOnly = false
        /// Members learned from the members' `conf` that checks may ask (`--allow-learned-members`); the others
        /// are reported `member-not-asked`.
        var allowedLearned: Set<Endpoint> = []
    }

    /// Runs the exporter until SIGTERM or SIGINT.
    package static func run(_ arguments: [String]) -> CommandOutcome {
        spec.run(arguments, usageStatus: ExitStatus.unknown, parse: parse) { invocation in
            serve(invocation, log: ExporterLog(sink: { StandardStreams.writeError($0) }), installSignals: true)
        }
    }

    /// The reader of `configPath` (4 MiB at most) and of the zoo.cfg files its lines name (1 MiB each).
    static func reader(for configPath: String) -> TextFile.Reader {
        { path throws(TextFileError) in
            try TextFile.read(
                path, limit: path == configPath ? ServeConfiguration.maxFileBytes : TextFile.configurationLimit)
        }
    }

    /// Loads the configuration as `invocation` asks, at start and on every SIGHUP alike: the file, the zoo.cfg
    /// and auth files its lines name, and `--allow-learned-members`.
    static func loader(
        for invocation: Invocation
    ) -> @Sendable () -> Result<ExporterConfiguration, ExporterConfigurationError> {
        let path = invocation.configPath
        let allowed = invocation.allowedLearned
        return { ServeConfiguration.load(path, readFile: reader(for: path), allowedLearned: allowed) }
    }

    /// Loads the configuration, binds, serves until stopped. `installSignals` wires SIGTERM/SIGINT/SIGHUP.
    static func serve(_ invocation: Invocation, log: ExporterLog, installSignals: Bool) -> CommandOutcome {
        let path = invocation.configPath
        let load = loader(for: invocation)
        let configuration: ExporterConfiguration
        switch load() {
        case .success(let loaded): configuration = loaded
        case .failure(let error): return .failure("zkprobe serve: \(error)", status: 1)
        }
        if invocation.checkOnly {
            let names = configuration.targets.map(\.name).joined(separator: ", ")
            return .printing("\(path): \(configuration.targets.count) ensembles: \(names)\n")
        }
        let exporter: Exporter
        do {
            exporter = try Exporter(
                settings: invocation.settings, configuration: configuration, version: ZKProbeTool.version, log: log,
                reload: load)
        } catch {
            return .failure("zkprobe serve: cannot listen: \(error)", status: 1)
        }
        if installSignals {
            do { try ServeSignals.forward(to: exporter) } catch {
                return .failure("zkprobe serve: cannot watch for signals: \(error)", status: 1)
            }
        }
        exporter.run()
        return CommandOutcome(status: ExitStatus.ok)
    }

    /// The invocation, or `nil` when help or the version was asked for.
    static func parse(_ arguments: [String]) throws(UsageError) -> Invocation? {
        let parsed = try spec.parse(arguments)
        if parsed.stopsAfterParsing { return nil }
        if let operand = parsed.operands.first {
            throw parsed.error(
                "unexpected argument \"\(CommandSpec.shown(operand))\": the ensembles go in --config FILE")
        }
        guard let path = parsed.text(of: configOption) else {
            throw parsed.error("--config FILE is required: the ensembles to serve, one per line (NAME = members...)")
        }
        var invocation = Invocation(configPath: path)
        invocation.checkOnly = parsed.has(checkConfig)
        invocation.allowedLearned = try allowedLearnedMembers(parsed)
        var s = ExporterSettings()
        if let listen = parsed.text(of: listenOption) {
            guard Self.isListenAddress(listen) else {
                throw parsed.invalid(listenOption, "HOST:PORT or [IPV6]:PORT, port 0 to 65535")
            }
            s.listen = listen
        }
        s.metricsIncludeEnsembles = parsed.has(metricsEnsembles)
        s.maxConnections = try parsed.value(of: maxConnections) ?? s.maxConnections
        s.maxScrapesPerClient = try parsed.value(of: maxScrapesPerClient) ?? s.maxScrapesPerClient
        s.maxConcurrentChecks = try parsed.value(of: maxConcurrentChecks) ?? s.maxConcurrentChecks
        s.maxCheckConnections = try parsed.value(of: maxCheckConnections) ?? s.maxCheckConnections
        s.maxRequestBytes = try parsed.value(of: maxRequestBytes) ?? s.maxRequestBytes
        s.requestTimeout = try parsed.value(of: requestTimeout) ?? s.requestTimeout
        s.idleTimeout = try parsed.value(of: idleTimeout) ?? s.idleTimeout
        s.defaultScrapeTimeout = try parsed.value(of: defaultScrapeTimeout) ?? s.defaultScrapeTimeout
        s.maxScrapeTimeout = try parsed.value(of: maxScrapeTimeout) ?? s.maxScrapeTimeout
        s.timeoutOffset = try parsed.value(of: timeoutOffset) ?? s.timeoutOffset
        s.shutdownGrace = try parsed.value(of: shutdownGrace) ?? s.shutdownGrace
        invocation.settings = s
        return invocation
    }

    /// Every endpoint of every `--allow-learned-members HOST:PORT[,HOST:PORT...]` given, read as members are.
    static func allowedLearnedMembers(_ parsed: ParsedArguments) throws(UsageError) -> Set<Endpoint> {
        var allowed: Set<Endpoint> = []
        for text in parsed.texts(of: allowLearnedMembers) {
            for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                do { allowed.insert(try Endpoint(parsing: String(part))) } catch {
                    throw parsed.error(
                        "\(allowLearnedMembers.name) \"\(CommandSpec.shown(text))\": expected HOST:PORT[,HOST:PORT...] "
                            + "(\(error))")
                }
            }
        }
        return allowed
    }

    /// `HOST:PORT` or `[V6]:PORT` with a port from 0 to 65535 and a printable host (the shape only, as the
    /// listener splits it; the name is resolved on bind).
    static func isListenAddress(_ text: String) -> Bool {
        guard let (host, _) = ListeningSocket.split(text) else { return false }
        return host.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F }
    }
}
