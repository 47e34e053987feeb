import Foundation

/// `zkprobe check`: one verdict on a whole ensemble, for cron, Nagios and Prometheus.
public enum CheckCommand {
    public static let name = "check"
    public static let summary = "Check a whole ensemble: quorum, leader, lag, failure tolerance (exit 0/1/2/3)"

    public static let help = """
        USAGE: zkprobe check [HOST[:PORT]...] [--connect CONNECT] [--config ZOO_CFG] [--discover] [options]

        Asks every member at once (srvr, mntr, conf, ruok) and decides: serving members, the leader, quorum,
        how many more voter failures the ensemble can take, lag, latency, versions and membership.

        MEMBERS (at least one source):
          HOST[:PORT]            A member; port 2181 when omitted; IPv6 as [::1]:2181
          --connect CONNECT      Kafka's zookeeper.connect, e.g. "zk1:2181,zk2:2181,zk3:2181/kafka"
          --config ZOO_CFG       The server.N lines of a zoo.cfg (and its dynamicConfigFile)
          --discover             Ask the first member that answers for the membership in its conf

        OUTPUT:
          --format FORMAT        text (default), json, prometheus or nagios
          --output FILE          Write the report to FILE atomically (temporary file, then rename)
          --all-mntr             With prometheus: also every numeric mntr value as zkprobe_mntr{key=...}
          --no-color             No colour in text output (colour is used only on a terminal anyway)

        THRESHOLDS:
          --timeout SECONDS                 Deadline for each member: connect, send and read (default 5)
          --latency-avg-warning MS          Average latency (default 100; critical 1000)
          --latency-avg-critical MS
          --latency-max-warning MS          Maximum latency (default 2000; critical 10000)
          --latency-max-critical MS
          --outstanding-warning N           Queued requests (default 10; critical 100)
          --outstanding-critical N
          --fd-warning PERCENT              Open file descriptors of the limit (default 80; critical 95)
          --fd-critical PERCENT
          --lag-warning N                   Transactions behind the leader (default 1000; critical 100000)
          --lag-critical N
          --pending-syncs-warning N         Syncs pending on the leader (default 10)

        EXIT STATUS:
          0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (usage error, unreadable config, srvr not whitelisted)

        """

    enum Format: String { case text, json, prometheus, nagios }

    struct Options {
        var addresses: [String] = []
        var connect: String?
        var config: String?
        var discover = false
        var format = Format.text
        var output: String?
        var allMntr = false
        var colour = true
        var timeout = 5.0
        var thresholds = CheckThresholds()
    }

    /// Runs the check with `arguments` (without the subcommand's name).
    public static func run(_ arguments: [String]) -> CommandOutcome {
        run(arguments, terminal: isatty(STDOUT_FILENO) == 1, readFile: { try? String(contentsOfFile: $0, encoding: .utf8) })
    }

    static func run(_ arguments: [String], terminal: Bool, readFile: (String) -> String?) -> CommandOutcome {
        let options: Options
        switch parse(arguments) {
        case .failure(let message): return .usageError(message, command: "zkprobe check")
        case .success(nil): return .printing(help)
        case .success(let parsed?): options = parsed
        }
        let targets: EnsembleTargets
        do {
            targets = try gatherTargets(options, readFile: readFile)
        } catch {
            return CommandOutcome(status: ExitStatus.usage, standardError: "zkprobe check: \(error)\n")
        }
        let client = FourLetterClient(options: ProbeOptions(deadline: .milliseconds(Int64(options.timeout * 1000))))
        let checker = Checker(client: client, assessment: EnsembleAssessment(thresholds: options.thresholds))
        let report: CheckReport
        do {
            report = try checker.check(targets, discover: options.discover)
        } catch {
            return CommandOutcome(status: ExitStatus.usage, standardError: "zkprobe check: \(error)\n")
        }
        let environment = ProcessInfo.processInfo.environment
        let colour = options.colour && terminal && options.output == nil && environment["TERM"] != "dumb"
            && environment["NO_COLOR"] == nil
        let text: String
        switch options.format {
        case .text: text = report.text(colour: colour)
        case .json: text = report.json().serialized() + "\n"
        case .prometheus: text = report.prometheus(includeMonitorValues: options.allMntr)
        case .nagios: text = report.nagios(thresholds: options.thresholds)
        }
        if let path = options.output {
            do {
                try AtomicFile.write(text, to: path)
            } catch {
                return CommandOutcome(status: ExitStatus.usage, standardError: "zkprobe check: \(error)\n")
            }
            return CommandOutcome(status: report.verdict.exitCode)
        }
        return CommandOutcome(status: report.verdict.exitCode, standardOutput: Array(text.utf8))
    }

    static func gatherTargets(_ options: Options, readFile: (String) -> String?) throws(TargetError) -> EnsembleTargets {
        var addresses: [String] = []
        var membership: [MembershipEntry]?
        var sources: [String] = []
        if let path = options.config {
            guard let text = readFile(path) else {
                throw TargetError("--config \(path): cannot read the file (check the path and permissions)")
            }
            let fromConfig = try EnsembleTargets.fromZooConfig(text, path: path, readFile: readFile)
            addresses += fromConfig.addresses
            membership = fromConfig.membership
            sources.append(path)
        }
        if let connect = options.connect {
            addresses += try EnsembleTargets.fromConnectString(connect).addresses
            sources.append("--connect")
        }
        for a in options.addresses { addresses.append(EnsembleTargets.withPort(a, Endpoint.defaultPort)) }
        // The same member named twice (config and arguments) is asked once.
        var seen: Set<String> = []
        addresses = addresses.filter { seen.insert($0).inserted }
        guard !addresses.isEmpty else {
            throw TargetError("no members: give HOST[:PORT] arguments, --connect or --config (see 'zkprobe check --help')")
        }
        for a in addresses {
            do { _ = try Endpoint(parsing: a) } catch { throw TargetError("\(a): \(error)") }
        }
        return EnsembleTargets(addresses: addresses, membership: membership, source: sources.joined(separator: ", "))
    }

    /// `nil` on success means help was asked for.
    static func parse(_ arguments: [String]) -> Result<Options?, ParseFailure> {
        var o = Options()
        var i = 0
        func value(_ flag: String) -> Result<String, ParseFailure> {
            i += 1
            guard i < arguments.count else { return .failure(ParseFailure("\(flag) needs a value")) }
            return .success(arguments[i])
        }
        func number(_ flag: String, min: Double = 0) -> Result<Double, ParseFailure> {
            value(flag).flatMap { text in
                guard let v = Double(text), v.isFinite, v >= min else {
                    return .failure(ParseFailure("\(flag) \(text): expected a number of at least \(Self.show(min))"))
                }
                return .success(v)
            }
        }
        while i < arguments.count {
            let arg = arguments[i]
            var flag = arg
            var inline: String?
            if arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") {
                flag = String(arg[..<eq])
                inline = String(arg[arg.index(after: eq)...])
            }
            if let inline {
                var rewritten = arguments
                rewritten[i] = flag
                rewritten.insert(inline, at: i + 1)
                return parse(rewritten)
            }
            do {
                switch flag {
                case "-h", "--help": return .success(nil)
                case "--connect": o.connect = try value(flag).get()
                case "--config": o.config = try value(flag).get()
                case "--discover": o.discover = true
                case "--format":
                    let text = try value(flag).get()
                    guard let f = Format(rawValue: text) else {
                        throw ParseFailure("--format \(text): choose text, json, prometheus or nagios")
                    }
                    o.format = f
                case "--output", "-o": o.output = try value(flag).get()
                case "--all-mntr": o.allMntr = true
                case "--no-color", "--no-colour": o.colour = false
                case "--timeout":
                    let t = try number(flag, min: 0.001).get()
                    guard t <= 3600 else { throw ParseFailure("--timeout \(Self.show(t)): at most 3600 seconds") }
                    o.timeout = t
                case "--latency-avg-warning": o.thresholds.latencyAvgWarning = try number(flag).get()
                case "--latency-avg-critical": o.thresholds.latencyAvgCritical = try number(flag).get()
                case "--latency-max-warning": o.thresholds.latencyMaxWarning = try number(flag).get()
                case "--latency-max-critical": o.thresholds.latencyMaxCritical = try number(flag).get()
                case "--outstanding-warning": o.thresholds.outstandingWarning = Int(try number(flag).get())
                case "--outstanding-critical": o.thresholds.outstandingCritical = Int(try number(flag).get())
                case "--fd-warning": o.thresholds.fileDescriptorsWarningPercent = try number(flag).get()
                case "--fd-critical": o.thresholds.fileDescriptorsCriticalPercent = try number(flag).get()
                case "--lag-warning": o.thresholds.lagWarning = UInt64(try number(flag).get())
                case "--lag-critical": o.thresholds.lagCritical = UInt64(try number(flag).get())
                case "--pending-syncs-warning": o.thresholds.pendingSyncsWarning = Int(try number(flag).get())
                default:
                    if arg.hasPrefix("-") && arg != "-" { throw ParseFailure("unknown option \(arg)") }
                    o.addresses.append(arg)
                }
            } catch let failure as ParseFailure {
                return .failure(failure)
            } catch {
                return .failure(ParseFailure("\(error)"))
            }
            i += 1
        }
        if o.addresses.isEmpty && o.connect == nil && o.config == nil {
            return .failure(ParseFailure("no members: give HOST[:PORT] arguments, --connect or --config"))
        }
        return .success(o)
    }

    static func show(_ v: Double) -> String { v == v.rounded() ? String(Int64(v)) : String(v) }
}

struct ParseFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension CommandOutcome {
    static func usageError(_ failure: ParseFailure, command: String) -> CommandOutcome {
        usageError(failure.description, command: command)
    }
}
