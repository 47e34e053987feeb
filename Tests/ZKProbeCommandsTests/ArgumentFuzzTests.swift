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

    static func expectOneUsageLine(_ error: UsageError, _ command: String, _ arguments: [String]) {
        let line = error.description
        #expect(!line.contains("\n"), "\(arguments)")
        #expect(line.hasPrefix("\(command): ") && line.hasSuffix("(see '\(command) --help')"), "\(arguments)")
    }

    @Test func checkNeverTrapsAndKeepsEveryValueInRange() {
        var rng = SeededRandom(seed: 0x2181_0001)
        let names = Self.names(CheckCommand.spec)
        var accepted = 0
        for _ in 0..<4000 {
            let arguments = ArgumentFuzz.arguments(
                &rng, optionNames: names, values: ArgumentFuzz.hostileValues + Self.rangeValues,
                operands: Self.operands)
            do {
                guard let options = try CheckCommand.parse(arguments) else { continue }
                accepted += 1
                #expect(options.timeout >= .milliseconds(1) && options.timeout <= .seconds(3600), "\(arguments)")
                // Every range's finite ends lie within its flag's bounds, and a warning covers its critical.
                let t = options.thresholds
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
                // The members go through the endpoint parser before anything is sent; it refuses, never traps.
                _ = try? CheckCommand.gatherTargets(options, readFile: TextFile.memory())
            } catch {
                Self.expectOneUsageLine(error, "zkprobe check", arguments)
            }
        }
        #expect(accepted > 50, "the fuzzer should also reach accepted command lines")
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
        let outcome = CheckCommand.run(arguments, terminal: false, readFile: { _ in nil })
        #expect(outcome.status == ExitStatus.unknown)
        #expect(outcome.standardError.filter { $0 == "\n" }.count == 1)
        #expect(outcome.standardError.contains(arguments[0]))
    }
}
