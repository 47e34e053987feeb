import CommandLineSupport
import Foundation
import Testing
import TestSupport

@testable import ZKProbe
@testable import ZKProbeCommands

/// Seeded random command lines: no argument may trap either subcommand's parser, every refusal is one line that
/// names the command and points at its help, and whatever is accepted is within the documented ranges.
struct ArgumentFuzzTests {
    static let operands = [
        "127.0.0.1:2181", "[::1]:2181", "zk1", "::1", "[::1", "host:99999", "ruok", "mntr", "MNTR", "http://zk1",
    ]

    static func names(_ spec: CommandSpec) -> [String] {
        spec.options.flatMap { [$0.name] + ($0.alias.map { [$0] } ?? []) }.filter { $0 != "--help" && $0 != "-h" }
            + ["--bogus", "-x", "--", "-vv", "-vvv", "-Vv", "-vt", "-t5", "-vx"]
    }

    /// Threshold ranges, good and bad, beside the shared hostile values.
    static let rangeValues = ["10:", "~:20", "@10:20", "10:20", "20:10", "~:", "@", "@~:5", "1:2:3", "0x10", "1e3:"]
    /// Znode paths, good and bad, for `--write-probe`.
    static let pathValues = ["/zkprobe", "/a/b", "/", "/a//b", "/a/", "/a/..", "/a/.", "//"]

    static func expectOneUsageLine(_ error: UsageError, _ command: String, _ arguments: [String]) {
        let line = error.description
        #expect(!line.contains("\n"), "\(arguments)")
        #expect(line.hasPrefix("\(command): ") && line.hasSuffix("(see '\(command) --help')"), "\(arguments)")
    }

    @Test func checkNeverTrapsAndKeepsEveryValueInRange() {
        var rng = SeededRandom(seed: 0x2181_0001)
        let names = Self.names(CheckCommand.spec)
        var accepted = 0
        var writeProbes = 0
        for _ in 0..<4000 {
            let arguments = ArgumentFuzz.arguments(
                &rng, optionNames: names, values: ArgumentFuzz.hostileValues + Self.rangeValues + Self.pathValues,
                operands: Self.operands)
            do {
                guard let options = try CheckCommand.parse(arguments) else { continue }
                accepted += 1
                #expect(options.timeout >= .milliseconds(1) && options.timeout <= .seconds(3600), "\(arguments)")
                // Every range's finite ends lie within its flag's bounds, and a warning covers its critical.
                let t = options.policy.thresholds
                for (warning, critical) in CheckCommand.thresholdFlags {
                    for flag in [warning] + (critical.map { [$0] } ?? []) {
                        guard let range = t[keyPath: flag.keyPath] else { continue }
                        let ends = [range.start, range.end].filter(\.isFinite)
                        #expect(ends.allSatisfy(flag.bounds.contains) && !range.start.isNaN, "\(arguments)")
                    }
                    if let critical, let w = t[keyPath: warning.keyPath], let c = t[keyPath: critical.keyPath] {
                        #expect(w.alertsWheneverAlerts(c), "\(arguments)")
                    }
                }
                // Credentials only with a probe to send them, and only a path ZooKeeper takes for the write probe.
                #expect(options.authFile == nil || options.clientProbe != nil, "\(arguments)")
                if case .write(let path)? = options.clientProbe {
                    writeProbes += 1
                    #expect(["/zkprobe", "/a/b"].contains(path), "\(arguments)")
                }
                // The members go through the endpoint parser before anything is sent; it refuses, never traps.
                _ = try? options.sources.gather(readFile: TextFile.memory())
            } catch {
                Self.expectOneUsageLine(error, "zkprobe check", arguments)
            }
        }
        #expect(accepted > 50, "the fuzzer should also reach accepted command lines")
        #expect(writeProbes > 0, "the fuzzer should also reach accepted write probes")
    }

    @Test func sendNeverTrapsAndKeepsEveryValueInRange() {
        var rng = SeededRandom(seed: 0x2181_0002)
        let names = Self.names(SendCommand.spec)
        var accepted = 0
        for _ in 0..<4000 {
            let arguments = ArgumentFuzz.arguments(
                &rng, optionNames: names, values: ArgumentFuzz.hostileValues, operands: Self.operands, maxLength: 5)
            do {
                guard let request = try SendCommand.parse(arguments) else { continue }
                accepted += 1
                #expect(request.options.deadline > .zero && request.options.deadline <= .seconds(86_400))
                #expect((1...(1 << 30)).contains(request.options.maxReplyBytes))
                #expect(FourLetterClient.isFourLetterWord(request.word))
            } catch {
                Self.expectOneUsageLine(error, "zkprobe send", arguments)
            }
        }
        #expect(accepted > 10)
    }

    /// Durations with and without units, good and bad, for `--interval` and `--duration`.
    static let durationValues = [
        "250ms", "1s", "10m", "1h", "7d", "50ms", "49ms", "30d", "31d", "0s", "-1s", "1", "1.5s", "1e3ms", "1y", "s",
        "ms", "0x10s", "1_0s", "1.2.3s", "infs", "nans", "1 s",
    ]

    @Test func watchNeverTrapsAndKeepsEveryValueInRange() {
        var rng = SeededRandom(seed: 0x2181_0005)
        let names = Self.names(WatchCommand.spec)
        var accepted = 0
        var givenDurations = 0
        for _ in 0..<4000 {
            let arguments = ArgumentFuzz.arguments(
                &rng, optionNames: names, values: ArgumentFuzz.hostileValues + Self.durationValues,
                operands: Self.operands)
            do {
                guard let options = try WatchCommand.parse(arguments) else { continue }
                accepted += 1
                #expect(options.interval >= .milliseconds(50) && options.interval <= .seconds(3600), "\(arguments)")
                if let duration = options.duration {
                    givenDurations += 1
                    #expect(duration > .zero && duration <= .seconds(30 * 86_400), "\(arguments)")
                }
                #expect(options.check.timeout >= .milliseconds(1) && options.check.timeout <= .seconds(3600))
            } catch {
                Self.expectOneUsageLine(error, "zkprobe watch", arguments)
            }
        }
        #expect(accepted > 50, "the fuzzer should also reach accepted command lines")
        #expect(givenDurations > 0, "the fuzzer should also reach accepted durations")
    }

    @Test func serveNeverTrapsAndKeepsEveryLimitInRange() {
        var rng = SeededRandom(seed: 0x2181_0004)
        let names = Self.names(ServeCommand.spec)
        let values = ArgumentFuzz.hostileValues + ["127.0.0.1:9141", "[::1]:0", ":9141", "host:", "h:65536", "serve.conf"]
        var accepted = 0
        for _ in 0..<4000 {
            // --config first (the later, fuzzed one wins), so that the other limits are reached.
            let arguments =
                ["--config", "serve.conf"] + ArgumentFuzz.arguments(&rng, optionNames: names, values: values, operands: ["x"])
            do {
                guard let invocation = try ServeCommand.parse(arguments) else { continue }
                accepted += 1
                let s = invocation.settings
                #expect(ServeCommand.isListenAddress(s.listen), "\(arguments)")
                #expect((1...1_000_000).contains(s.maxConnections) && (1...1024).contains(s.maxConcurrentChecks))
                #expect((4...1_000_000).contains(s.maxCheckConnections) && s.connectionsPerCheck >= 4)
                #expect((1024...1_048_576).contains(s.maxRequestBytes))
                for d in [s.requestTimeout, s.idleTimeout, s.defaultScrapeTimeout, s.maxScrapeTimeout] {
                    #expect(d > .zero && d <= .seconds(86_400), "\(arguments)")
                }
                #expect(s.timeoutOffset >= .zero && s.shutdownGrace >= .zero)
                #expect(s.scrapeBudget(header: "1e308") > .zero)
            } catch {
                Self.expectOneUsageLine(error, "zkprobe serve", arguments)
            }
        }
        #expect(accepted > 100, "the fuzzer should also reach accepted command lines")
    }

    /// The top level, without a subcommand that would touch the network: help, version, unknown words.
    @Test func theTopLevelAnswersEveryWordWithAStatusAndNoTrap() {
        var rng = SeededRandom(seed: 0x2181_0003)
        for _ in 0..<500 {
            let arguments = ArgumentFuzz.arguments(
                &rng, optionNames: ["--help", "--version", "-h", "help", "bogus", "--bogus"],
                values: ArgumentFuzz.hostileValues, operands: ["check", "send"], maxLength: 3)
            guard !["check", "send"].contains(arguments.first ?? "") else { continue }
            let outcome = ZKProbeTool.run(arguments)
            #expect([ExitStatus.ok, ExitStatus.unknown].contains(outcome.status), "\(arguments)")
            if outcome.status != ExitStatus.ok {
                #expect(outcome.standardError.filter { $0 == "\n" }.count == 1, "\(arguments)")
            }
        }
    }

    @Test(arguments: [
        ["--lag-warning", "1e30", "zk1"], ["--timeout", "1e30", "zk1"], ["--outstanding-warning", "1e19", "zk1"],
        ["--lag-critical", "18446744073709551616", "zk1"], ["--timeout", "nan", "zk1"], ["--fd-warning", "101", "zk1"],
    ])
    func valuesThatUsedToTrapAreUsageErrors(_ arguments: [String]) {
        let outcome = CheckCommand.run(arguments, terminal: false, readFile: TextFile.memory())
        #expect(outcome.status == ExitStatus.unknown)
        #expect(outcome.standardError.filter { $0 == "\n" }.count == 1)
        #expect(outcome.standardError.contains(arguments[0]))
    }

    /// Forms the one number grammar (``DecimalText``) refuses, made from a value `good` that is accepted: hexadecimal,
    /// a leading `+`, `_` between digits, words, spaces, empty, and digits that are not ASCII.
    static func refusedForms(of good: String) -> [String] {
        let unit = String(good.reversed().prefix(while: \.isLetter).reversed())
        return [
            "0x10" + unit, "0X1F" + unit, "+" + good, "1_0" + unit, "inf" + unit, "nan" + unit, "Infinity", "",
            " ", " " + good, good + " ", good + "\t", "１２" + unit, "0b101", "1e" + unit, "--" + good,
        ]
    }

    typealias NumberFlag = (command: String, flag: String, good: String)

    /// Every number flag of every zkprobe subcommand, with a value it accepts.
    static var numberFlags: [NumberFlag] {
        let check: [NumberFlag] = [
            ("check", "--timeout", "5"), ("check", "-t", "0.5"), ("check", "--admin-port", "8080"),
            ("check", "--admin-port", "+300"), ("check", "--fd-warning", "50"), ("check", "--fd-critical", "90"),
            ("check", "--lag-warning", "~:1e3"), ("check", "--latency-avg-critical", "@1000:2000"),
        ]
        // A warning of 1 covers every default critical range; a critical of 20000 lies inside every default warning.
        var thresholds: [NumberFlag] = []
        for pair in CheckCommand.thresholdFlags where !pair.warning.name.hasPrefix("--fd-") {
            thresholds.append(("check", pair.warning.name, "1"))
            if let critical = pair.critical { thresholds.append(("check", critical.name, "20000")) }
        }
        let send: [NumberFlag] = [("send", "--timeout", "2"), ("send", "-t", "1.5"), ("send", "--max-bytes", "4096")]
        let serve: [NumberFlag] = [
            ("serve", "--max-connections", "10"), ("serve", "--max-concurrent-checks", "4"),
            ("serve", "--max-check-connections", "8"), ("serve", "--max-request-bytes", "2048"),
            ("serve", "--request-timeout", "5"), ("serve", "--idle-timeout", "5"),
            ("serve", "--default-scrape-timeout", "5"), ("serve", "--max-scrape-timeout", "60"),
            ("serve", "--timeout-offset", "0.5"), ("serve", "--shutdown-grace", "1"),
        ]
        return check + thresholds + send + serve
    }

    /// Parses one command line of `command` with `flag value`, as the subcommand does.
    static func parse(_ command: String, _ flag: String, _ value: String) throws(UsageError) -> Bool {
        switch command {
        case "check": return try CheckCommand.parse(["zk1", flag, value]) != nil
        case "send": return try SendCommand.parse([flag, value, "ruok", "zk1"]) != nil
        default: return try ServeCommand.parse(["--config", "serve.conf", flag, value]) != nil
        }
    }

    /// One number grammar for every flag (issue 16): `-t 0x10` used to be read as 16 s, `-t inf` and
    /// `--listen h:+9141` too, while thresholds refused the same text. Each form is a one-line usage error naming
    /// the flag; the value it was made from is accepted, so the refusal is the grammar's.
    @Test func everyNumberFlagFollowsTheOneDecimalGrammar() throws {
        for (command, flag, good) in Self.numberFlags {
            #expect(try Self.parse(command, flag, good), "\(command) \(flag) \(good)")
            let shown = flag == "-t" ? "--timeout" : flag
            // `--admin-port +N` is the offset form: a plain port with a `+` is another valid value, not a refusal.
            for bad in Self.refusedForms(of: good) where !(flag == "--admin-port" && bad == "+" + good) {
                do {
                    _ = try Self.parse(command, flag, bad)
                    Issue.record("zkprobe \(command) \(flag) \"\(bad)\" was accepted")
                } catch {
                    Self.expectOneUsageLine(error, "zkprobe \(command)", [flag, bad])
                    #expect(error.description.contains(shown), "\(error)")
                }
            }
        }
    }

    /// `--listen HOST:PORT`: the port follows the same grammar (it took `+9141`).
    @Test(arguments: ["h:+9141", "h:0x10", "h:9_141", "h: 9141", "h:9141 ", "h:-0", "h:", "[::1]:+80", "h:６"])
    func theListenPortFollowsTheGrammar(_ listen: String) {
        #expect(throws: UsageError.self) { try ServeCommand.parse(["--config", "serve.conf", "--listen", listen]) }
        #expect(throws: Never.self) { try ServeCommand.parse(["--config", "serve.conf", "--listen", "h:9141"]) }
    }

    /// `--admin-url` is checked while parsing: a malformed URL is a usage error (exit 3) that says what is wrong.
    @Test(arguments: [
        ("http://[::1:8080", "closing ]"), ("http://::1:8080", "brackets"), ("http://[::1]x", ":PORT"),
        ("http://[zk1]:8080", "IPv6"), ("http://{host}:0", "port"), ("http://{host}:65536", "port"),
        ("http://{host}:+8080", "port"), ("http://{host}:0x1f90", "port"), ("http://{host}:", "port"),
        ("http://user@{host}:8080", "user"), ("http://{host}:8080/x?y=1", "query"), ("http://{h st}:8080", "spaces"),
        ("http://zk\u{1B}[31m:8080", "control"), ("ftp://{host}", "http"), ("http://", "no host"),
        ("http://zk!1:8080", "host"),
    ])
    func malformedAdminURLsAreUsageErrors(_ url: String, _ mention: String) {
        let outcome = CheckCommand.run(["zk1", "--admin-url", url], terminal: false, readFile: TextFile.memory())
        #expect(outcome.status == ExitStatus.unknown)
        #expect(outcome.standardError.filter { $0 == "\n" }.count == 1, "\(outcome.standardError)")
        #expect(
            outcome.standardError.contains("--admin-url") && outcome.standardError.contains(mention),
            "\(outcome.standardError)")
    }

    @Test(arguments: [
        ("http://[::1]:8080", "::1", 8080), ("http://[::1]", "::1", 8080),
        ("HTTP://{host}:8081/zk/commands", "{host}", 8081),
        ("http://zk-1.example.com:65535", "zk-1.example.com", 65535), ("http://admin-{host}", "admin-{host}", 8080),
    ])
    func wellFormedAdminURLsAreAccepted(_ url: String, _ host: String, _ port: Int) throws {
        let target = try AdminTarget(parsing: url)
        #expect(target.hostTemplate == host && target.port == port)
    }
}
