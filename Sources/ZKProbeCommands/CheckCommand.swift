import CommandLineSupport
import ToolkitSupport
import ZKProbe

/// `zkprobe check`: one verdict on a whole ensemble, for cron, Nagios and Prometheus.
package enum CheckCommand {
    package static let name = "check"
    package static let summary = "Check a whole ensemble: quorum, leader, lag, failure tolerance (exit 0/1/2/3)"

    package enum Format: String, CaseIterable, Sendable { case text, json, prometheus, nagios }

    /// What the command line asks for.
    struct Options: Sendable {
        /// The members as given: operands, `--connect`, `--config`.
        var sources = TargetSources()
        var format = Format.text
        var output: String?
        var allMntr = false
        var ensemble: String?
        var colour = true
        var timeout: Duration = .seconds(5)
        /// The thresholds, `--require` and `--expect-mode`.
        var policy = CheckPolicy()
        /// `--admin-port` or `--admin-url`: ask each member's AdminServer too.
        var admin: AdminTarget?
        /// `-v` count: 0 is one status line for Nagios; see ``CheckReport/nagios(thresholds:verbosity:)``.
        var verbosity = 0
        /// `--session-probe` or `--write-probe PATH`: also ask every member as a ZooKeeper client.
        var clientProbe: ClientProbe.Mode?
        /// `--auth-file FILE`: the probe's credentials, read when the request is made.
        var authFile: String?
    }

    /// Runs the check with `arguments` (without the subcommand's name).
    package static func run(_ arguments: [String]) -> CommandOutcome {
        run(arguments, terminal: StandardStreams.isTerminal(1), readFile: TextFile.readConfiguration)
    }

    /// Runs the check; with `--format nagios`, every exit has a status line on standard output, UNKNOWN ones
    /// included, so the monitoring UI never shows an empty status.
    package static func run(_ arguments: [String], terminal: Bool, readFile: TextFile.Reader) -> CommandOutcome {
        let outcome = spec.run(arguments, usageStatus: ExitStatus.unknown, parse: parse) {
            check($0, terminal: terminal, readFile: readFile)
        }
        // A usage error stops before the format is known: read it from the raw arguments instead.
        guard outcome.status == ExitStatus.unknown, outcome.standardOutput.isEmpty, asksForNagios(arguments) else {
            return outcome
        }
        return unknownForNagios(outcome)
    }

    /// `outcome` (an UNKNOWN with its one line on standard error) with `ZOOKEEPER UNKNOWN - <that line>` on
    /// standard output too: Nagios shows standard output, the line on standard error stays for cron and people.
    static func unknownForNagios(_ outcome: CommandOutcome) -> CommandOutcome {
        var withStatus = outcome
        let reason = outcome.standardError.split(separator: "\n").first.map(String.init) ?? "zkprobe check failed"
        withStatus.standardOutput = Array(CheckReport.nagiosUnknown(reason).utf8)
        return withStatus
    }

    /// Whether the last `--format` before `--` says `nagios`, read without the table (which may have refused the
    /// line): `--format nagios` or `--format=nagios`.
    static func asksForNagios(_ arguments: [String]) -> Bool {
        var format: String?
        var index = 0
        let name = formatOption.name
        while index < arguments.count, arguments[index] != "--" {
            if arguments[index] == name, index + 1 < arguments.count {
                format = arguments[index + 1]
                index += 1
            } else if arguments[index].hasPrefix(name + "=") {
                format = String(arguments[index].dropFirst(name.count + 1))
            }
            index += 1
        }
        return format == Format.nagios.rawValue
    }

    static func check(_ options: Options, terminal: Bool, readFile: TextFile.Reader) -> CommandOutcome {
        let report: CheckReport
        do {
            let request = try request(options, readFile: readFile, probe: ProbeOptions(deadline: options.timeout))
            report = Checker.check(request).spellingHints(\.flag)
        } catch {
            let failure = CommandOutcome.failure("zkprobe check: \(error)", status: ExitStatus.unknown)
            return options.format == .nagios ? unknownForNagios(failure) : failure
        }
        let text = render(report, options, terminal: terminal)
        guard let path = options.output else {
            return CommandOutcome(status: report.verdict.exitCode, standardOutput: Array(text.utf8))
        }
        do {
            try AtomicFile.write(text, to: path)
        } catch {
            return .failure("zkprobe check: \(error)", status: ExitStatus.unknown)
        }
        return CommandOutcome(status: report.verdict.exitCode)
    }

    /// The request `options` make, its members gathered and its `--auth-file` read through `readFile` (in
    /// production ``TextFile/readConfiguration(_:)``: a zoo.cfg of 1 MiB at most), probing with `probe`: what
    /// `zkprobe check` runs, and what a `zkprobe serve` line becomes.
    static func request(
        _ options: Options, readFile: TextFile.Reader, probe: ProbeOptions
    ) throws(RequestError) -> CheckRequest {
        let targets: EnsembleTargets
        do { targets = try options.sources.gather(readFile: readFile) } catch {
            throw RequestError(description: error.text.spelled(\.flag))
        }
        var clientProbe: ClientProbe?
        if let mode = options.clientProbe {
            do {
                let credentials = try options.authFile.map { path throws(AuthFileError) in
                    try AuthFile.credentials(at: path, readFile: readFile)
                }
                clientProbe = ClientProbe(mode: mode, credentials: credentials ?? [])
            } catch {
                throw RequestError(description: error.description)
            }
        }
        return CheckRequest(
            targets: targets, policy: options.policy, admin: options.admin, probe: probe, ensemble: options.ensemble,
            clientProbe: clientProbe)
    }

    /// Why ``request(_:readFile:probe:)`` made no request: its members or its auth file; one line, with the
    /// command line's flags.
    struct RequestError: Error, CustomStringConvertible {
        var description: String
    }

    static func render(_ report: CheckReport, _ options: Options, terminal: Bool) -> String {
        let colour =
            options.colour && terminal && options.output == nil && StandardStreams.environment("TERM") != "dumb"
            && StandardStreams.environment("NO_COLOR") == nil
        switch options.format {
        case .text:
            // Text is for a person: the table and findings at every level; -vvv adds the debug lines.
            let thresholds = options.policy.thresholds
            let debug = options.verbosity >= 3 ? report.debugLines(thresholds).map { $0 + "\n" } : []
            return report.text(colour: colour) + debug.joined()
        case .json: return report.jsonText()
        case .prometheus: return report.prometheus(includeMonitorValues: options.allMntr)
        case .nagios: return report.nagios(thresholds: options.policy.thresholds, verbosity: options.verbosity)
        }
    }

    /// The options, or `nil` when help was asked for.
    static func parse(_ arguments: [String]) throws(UsageError) -> Options? {
        let parsed = try spec.parse(arguments)
        if parsed.stopsAfterParsing { return nil }
        return try options(parsed)
    }

    /// The options of a command line already parsed by `spec` (`zkprobe serve` checks its own rules first).
    static func options(_ parsed: ParsedArguments) throws(UsageError) -> Options {
        var o = Options()
        // --discover is accepted and does nothing: the membership members report is always used.
        o.sources = TargetSources(
            addresses: parsed.operands, connect: parsed.text(of: connectOption), config: parsed.text(of: configOption))
        o.format = try parsed.value(of: formatOption)!
        o.output = parsed.text(of: outputOption)
        o.allMntr = parsed.has(allMntrOption)
        if let name = parsed.text(of: ensembleOption) {
            if let problem = EnsembleName.problem(with: name) {
                throw parsed.invalid(
                    ensembleOption,
                    "1 to \(EnsembleName.maximumLength) printable characters, no spaces at either end (not \(problem))")
            }
            o.ensemble = name
        }
        o.verbosity = parsed.verbosity
        o.colour = !parsed.has(noColorOption) && !parsed.has(noColourOption)
        o.timeout = try parsed.value(of: ZKProbeOptions.timeout)!
        o.policy.thresholds = try thresholds(parsed)
        o.policy.expectedMode = try parsed.value(of: expectModeOption)
        if let words = parsed.text(of: requireOption) {
            let list = words.split(separator: ",").map { $0.trimmingBlanks() }
            guard !list.isEmpty, list.allSatisfy(FourLetterClient.isFourLetterWord) else {
                throw parsed.invalid(requireOption, "four-letter words separated by commas, such as mntr,conf")
            }
            o.policy.requiredWords = Set(list)
        }
        o.admin = try adminTarget(parsed)
        let probe = try clientProbe(parsed)
        o.clientProbe = probe.mode
        o.authFile = probe.authFile
        if o.sources.addresses.isEmpty && o.sources.connect == nil && o.sources.config == nil {
            throw parsed.error("no members: give HOST[:PORT] arguments, --connect or --config")
        }
        return o
    }

    /// `--admin-port PORT` or `+OFFSET` (each member's own host) or `--admin-url URL-TEMPLATE`; not both.
    static func adminTarget(_ parsed: ParsedArguments) throws(UsageError) -> AdminTarget? {
        var port: AdminTarget?
        if let text = parsed.text(of: adminPortOption) {
            let offset = text.hasPrefix("+")
            guard let number = DecimalText.integer(offset ? String(text.dropFirst()) : text, as: Int.self),
                (1...65535).contains(number)
            else {
                throw parsed.invalid(
                    adminPortOption, "a port from 1 to 65535, or +N to add N to each member's client port")
            }
            port = AdminTarget(port: number, portIsOffset: offset)
        }
        guard let url = parsed.text(of: adminURLOption) else { return port }
        if port != nil { throw parsed.error("give --admin-port or --admin-url, not both") }
        do {
            return try AdminTarget(parsing: url)
        } catch {
            throw parsed.invalid(adminURLOption, "http://{host}:PORT[/PATH] (\(error.reason))")
        }
    }

    /// `--write-probe PATH` (a path ``ClientProbe/pathProblem(_:)`` accepts) or `--session-probe`, and
    /// `--auth-file FILE`, which only a probe sends.
    static func clientProbe(
        _ parsed: ParsedArguments
    ) throws(UsageError) -> (mode: ClientProbe.Mode?, authFile: String?) {
        var mode: ClientProbe.Mode? = parsed.has(sessionProbeOption) ? .session : nil
        if let path = parsed.text(of: writeProbeOption) {
            if let problem = ClientProbe.pathProblem(path) {
                throw parsed.invalid(writeProbeOption, "an absolute znode path such as /zkprobe (not \(problem))")
            }
            mode = .write(path: path)
        }
        let authFile = parsed.text(of: authFileOption)
        if authFile != nil, mode == nil {
            throw parsed.error(
                "\(authFileOption.name) needs \(sessionProbeOption.name) or \(writeProbeOption.name) PATH: only the "
                    + "client probe sends credentials")
        }
        return (mode, authFile)
    }

    /// The largest threshold bound a flag takes: far above anything a server reports, and exact in a double.
    static let thresholdLimit = 1e15

    /// A threshold flag: its row (the bounds its range may use; its default the library's) and where it goes in
    /// ``CheckThresholds``.
    struct ThresholdFlag {
        var option: Option<ThresholdRange>
        var bounds: ClosedRange<Double>
        var keyPath: WritableKeyPath<CheckThresholds, ThresholdRange?>
        var name: String { option.name }

        init(
            _ name: String, _ placeholder: String, bounds: ClosedRange<Double>,
            _ keyPath: WritableKeyPath<CheckThresholds, ThresholdRange?>, help: String
        ) {
            let high = bounds.upperBound == thresholdLimit ? "10^15" : NumberText.compact(bounds.upperBound)
            let low = NumberText.compact(bounds.lowerBound)
            let kind = OptionValue<ThresholdRange>(
                expected: "a number from \(low) to \(high) (at or above it alerts) or a range such as 10:, ~:20, @10:20",
                range: "\(low) to \(high), or a range",
                ends: [low, NumberText.compact(bounds.upperBound)],
                pastEnds: ["-1", NumberText.compact(bounds.upperBound + 1)]
            ) { text in
                guard let range = ThresholdRange(flag: text) else { return nil }
                return [range.start, range.end].filter(\.isFinite).allSatisfy(bounds.contains) ? range : nil
            }
            let current = CheckThresholds()[keyPath: keyPath].map(Self.flagText) ?? "off"
            option = Option(name, placeholder, kind, default: .note(current), help: help)
            self.bounds = bounds
            self.keyPath = keyPath
        }

        /// `range` as the flag would be typed: a plain number for "at or above N" (`100`), else the range
        /// (`10:20`).
        static func flagText(_ range: ThresholdRange) -> String {
            let atOrAbove = range.alertsInside && range.end == .infinity && range.start.isFinite
            return atOrAbove ? NumberText.compact(range.start) : "\(range)"
        }
    }

    /// Every threshold flag, warning before critical; pairs share a figure and are checked against each other.
    static var thresholdFlags: [(warning: ThresholdFlag, critical: ThresholdFlag?)] {
        let all = 0...thresholdLimit
        func pair(
            _ stem: String, _ placeholder: String, _ help: String,
            _ w: WritableKeyPath<CheckThresholds, ThresholdRange?>,
            _ c: WritableKeyPath<CheckThresholds, ThresholdRange?>?, _ bounds: ClosedRange<Double> = all
        ) -> (ThresholdFlag, ThresholdFlag?) {
            (
                ThresholdFlag("--\(stem)-warning", placeholder, bounds: bounds, w, help: help),
                c.map { ThresholdFlag("--\(stem)-critical", placeholder, bounds: bounds, $0, help: "") }
            )
        }
        return [
            pair("latency-avg", "MS", "Average latency since server start", \.latencyAvgWarning, \.latencyAvgCritical),
            pair(
                "latency-max", "MS", "Maximum latency since server start (off by default: one old spike\n"
                    + "would page until a restart)", \.latencyMaxWarning, \.latencyMaxCritical),
            pair("round-trip", "MS", "The check's own srvr round trip, measured now", \.roundTripWarning, \.roundTripCritical),
            pair("outstanding", "N", "Queued requests", \.outstandingWarning, \.outstandingCritical),
            pair(
                "fd", "PERCENT", "Open file descriptors of the limit", \.fileDescriptorsWarningPercent,
                \.fileDescriptorsCriticalPercent, 0...100),
            pair("lag", "N", "Transactions behind the leader", \.lagWarning, \.lagCritical),
            pair("pending-syncs", "N", "Syncs pending on the leader", \.pendingSyncsWarning, nil),
        ]
    }

    /// The thresholds from the flags: each a range (``ThresholdRange/init(flag:)``: a plain number is "at or
    /// above N"), its finite bounds within the flag's limits; a warning range must alert whenever its critical
    /// range does, else a value could jump to CRITICAL without a WARNING and the pair is surely a typo.
    static func thresholds(_ parsed: ParsedArguments) throws(UsageError) -> CheckThresholds {
        var t = CheckThresholds()
        for (warning, critical) in thresholdFlags {
            for flag in [warning] + (critical.map { [$0] } ?? []) {
                if let range = try thresholdRange(parsed, flag) { t[keyPath: flag.keyPath] = range }
            }
            guard let critical, let w = t[keyPath: warning.keyPath], let c = t[keyPath: critical.keyPath],
                !w.alertsWheneverAlerts(c)
            else { continue }
            func shown(_ flag: ThresholdFlag, _ range: ThresholdRange) -> String {
                "\(flag.name) \(parsed.text(of: flag.option) ?? "\(range) (default)")"
            }
            throw parsed.error(
                "\(shown(warning, w)) does not lie inside \(shown(critical, c)): a value could be critical "
                    + "(\(c.explanation)) without being a warning (\(w.explanation))")
        }
        return t
    }

    /// One threshold flag's range, or `nil` when the flag is not given (the default is the library's).
    static func thresholdRange(_ parsed: ParsedArguments, _ flag: ThresholdFlag) throws(UsageError) -> ThresholdRange? {
        try parsed.value(of: flag.option)
    }
}
