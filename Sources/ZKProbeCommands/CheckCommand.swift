import CommandLineSupport
import Foundation
import ZKProbe

/// `zkprobe check`: one verdict on a whole ensemble, for cron, Nagios and Prometheus.
package enum CheckCommand {
    package static let name = "check"
    package static let summary = "Check a whole ensemble: quorum, leader, lag, failure tolerance (exit 0/1/2/3)"

    package enum Format: String, CaseIterable, Sendable { case text, json, prometheus, nagios }

    /// What the command line asks for.
    struct Options {
        var addresses: [String] = []
        var connect: String?
        var config: String?
        var discover = false
        var format = Format.text
        var output: String?
        var allMntr = false
        var colour = true
        var timeout: Duration = .seconds(5)
        var thresholds = CheckThresholds()
        var requiredWords: Set<String> = []
        var expectedMode: ExpectedMode?
        /// `--admin-port` or `--admin-url`: ask each member's AdminServer too.
        var admin: AdminTarget?
    }

    /// The mode `--expect-mode` asks of every member named on the command line.
    enum ExpectedMode: String, CaseIterable {
        case leader, follower, observer, standalone, readOnly = "read-only", serving

        func accepts(_ state: MemberState) -> Bool {
            self == .serving ? state.isServing : state.rawValue == rawValue
        }
    }

    /// Runs the check with `arguments` (without the subcommand's name).
    package static func run(_ arguments: [String]) -> CommandOutcome {
        run(
            arguments, terminal: StandardStreams.isTerminal(1),
            readFile: { try? String(contentsOfFile: $0, encoding: .utf8) })
    }

    package static func run(_ arguments: [String], terminal: Bool, readFile: (String) -> String?) -> CommandOutcome {
        spec.run(arguments, usageStatus: ExitStatus.unknown, parse: parse) { check($0, terminal: terminal, readFile: readFile) }
    }

    static func check(_ options: Options, terminal: Bool, readFile: (String) -> String?) -> CommandOutcome {
        var report: CheckReport
        do {
            let targets = try gatherTargets(options, readFile: readFile)
            let client = FourLetterClient(options: ProbeOptions(deadline: options.timeout))
            let assessment = EnsembleAssessment(thresholds: options.thresholds, requiredWords: options.requiredWords)
            let checker = Checker(client: client, assessment: assessment, admin: options.admin)
            report = try checker.check(targets, discover: options.discover)
            if let mode = options.expectedMode { expect(mode, of: targets.endpoints, in: &report) }
        } catch {
            return .failure("zkprobe check: \(error)", status: ExitStatus.unknown)
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

    /// `--expect-mode`: each member given must be in `mode` (a check per host: "is this server what I expect").
    static func expect(_ mode: ExpectedMode, of given: [Endpoint], in report: inout CheckReport) {
        for member in report.members where member.endpoint.map(given.contains) == true {
            guard !mode.accepts(member.state) else { continue }
            report.findings.append(
                Finding(
                    .critical, "unexpected-mode", member: member.address,
                    "\(member.address) is \(member.state.rawValue), expected \(mode.rawValue) (--expect-mode)"))
        }
        report.verdict = report.findings.map(\.severity).max() ?? .ok
    }

    static func render(_ report: CheckReport, _ options: Options, terminal: Bool) -> String {
        let environment = ProcessInfo.processInfo.environment
        let colour =
            options.colour && terminal && options.output == nil && environment["TERM"] != "dumb"
            && environment["NO_COLOR"] == nil
        switch options.format {
        case .text: return report.text(colour: colour)
        case .json: return report.jsonText()
        case .prometheus: return report.prometheus(includeMonitorValues: options.allMntr)
        case .nagios: return report.nagios(thresholds: options.thresholds)
        }
    }

    /// The members to ask, from `--config`, `--connect` and the arguments, each once.
    static func gatherTargets(_ options: Options, readFile: (String) -> String?) throws(TargetError) -> EnsembleTargets {
        var endpoints: [Endpoint] = []
        var membership: [MembershipEntry]?
        var hierarchy: Hierarchy?
        var standalone = false
        var sources: [String] = []
        if let path = options.config {
            guard let text = readFile(path) else {
                throw TargetError("--config \(path): cannot read the file (check the path and permissions)")
            }
            let fromConfig = try EnsembleTargets.fromZooConfig(text, path: path, readFile: readFile)
            endpoints += fromConfig.endpoints
            membership = fromConfig.membership
            hierarchy = fromConfig.hierarchy
            standalone = fromConfig.standalone
            sources.append(path)
        }
        if let connect = options.connect {
            endpoints += try EnsembleTargets.fromConnectString(connect).endpoints
            sources.append("--connect")
        }
        for address in options.addresses { endpoints.append(try EnsembleTargets.endpoint(address)) }
        // The same member named twice (config and arguments) is asked once.
        var seen: Set<Endpoint> = []
        endpoints = endpoints.filter { seen.insert($0).inserted }
        guard !endpoints.isEmpty else {
            throw TargetError("no members: give HOST[:PORT] arguments, --connect or --config (see 'zkprobe check --help')")
        }
        return EnsembleTargets(
            endpoints: endpoints, membership: membership, source: sources.joined(separator: ", "), hierarchy: hierarchy,
            standalone: standalone)
    }

    /// The options, or `nil` when help was asked for.
    static func parse(_ arguments: [String]) throws(UsageError) -> Options? {
        let parsed = try spec.parse(arguments)
        if parsed.helpRequested { return nil }
        var o = Options()
        for operand in parsed.operands { o.addresses.append(operand) }
        o.connect = parsed.string("--connect")
        o.config = parsed.string("--config")
        o.discover = parsed.has("--discover")
        o.format = try parsed.choice("--format", as: Format.self) ?? .text
        o.output = parsed.string("--output")
        o.allMntr = parsed.has("--all-mntr")
        o.colour = !parsed.has("--no-color") && !parsed.has("--no-colour")
        if let timeout = try parsed.seconds("--timeout", in: 0.001...3600, aboveLowerBound: false) {
            o.timeout = timeout
        }
        o.thresholds = try thresholds(parsed)
        o.expectedMode = try parsed.choice("--expect-mode", as: ExpectedMode.self)
        if let words = parsed.string("--require") {
            let list = words.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard !list.isEmpty, list.allSatisfy(FourLetterClient.isFourLetterWord) else {
                throw parsed.invalid("--require", words, "four-letter words separated by commas, such as mntr,conf")
            }
            o.requiredWords = Set(list)
        }
        o.admin = try adminTarget(parsed)
        if o.addresses.isEmpty && o.connect == nil && o.config == nil {
            throw parsed.error("no members: give HOST[:PORT] arguments, --connect or --config")
        }
        return o
    }

    /// `--admin-port PORT` or `+OFFSET` (each member's own host) or `--admin-url URL-TEMPLATE`; not both.
    static func adminTarget(_ parsed: ParsedArguments) throws(UsageError) -> AdminTarget? {
        var port: AdminTarget?
        if let text = parsed.string("--admin-port") {
            let offset = text.hasPrefix("+")
            guard let number = Int(offset ? String(text.dropFirst()) : text), (1...65535).contains(number) else {
                throw parsed.invalid(
                    "--admin-port", text, "a port from 1 to 65535, or +N to add N to each member's client port")
            }
            port = AdminTarget(port: number, portIsOffset: offset)
        }
        guard let url = parsed.string("--admin-url") else { return port }
        if port != nil { throw parsed.error("give --admin-port or --admin-url, not both") }
        do {
            return try AdminTarget(parsing: url)
        } catch {
            throw parsed.invalid("--admin-url", url, "http://{host}:PORT[/PATH] (\(error.reason))")
        }
    }

    /// The largest threshold a flag takes: far above anything a server reports, and exact in a double.
    static let thresholdLimit = 1e15

    static func thresholds(_ parsed: ParsedArguments) throws(UsageError) -> CheckThresholds {
        var t = CheckThresholds()
        let range = 0...thresholdLimit
        let counts = 0...Int(thresholdLimit)
        if let v = try parsed.number("--latency-avg-warning", in: range) { t.latencyAvgWarning = v }
        if let v = try parsed.number("--latency-avg-critical", in: range) { t.latencyAvgCritical = v }
        if let v = try parsed.number("--latency-max-warning", in: range) { t.latencyMaxWarning = v }
        if let v = try parsed.number("--latency-max-critical", in: range) { t.latencyMaxCritical = v }
        if let v = try parsed.integer("--outstanding-warning", in: counts) { t.outstandingWarning = v }
        if let v = try parsed.integer("--outstanding-critical", in: counts) { t.outstandingCritical = v }
        if let v = try parsed.number("--round-trip-warning", in: range) { t.roundTripWarning = v }
        if let v = try parsed.number("--round-trip-critical", in: range) { t.roundTripCritical = v }
        if let v = try parsed.number("--fd-warning", in: 0...100) { t.fileDescriptorsWarningPercent = v }
        if let v = try parsed.number("--fd-critical", in: 0...100) { t.fileDescriptorsCriticalPercent = v }
        if let v = try parsed.integer("--lag-warning", in: counts) { t.lagWarning = UInt64(v) }
        if let v = try parsed.integer("--lag-critical", in: counts) { t.lagCritical = UInt64(v) }
        if let v = try parsed.integer("--pending-syncs-warning", in: counts) { t.pendingSyncsWarning = v }
        return t
    }
}
