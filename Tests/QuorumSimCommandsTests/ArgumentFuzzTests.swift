import CommandLineSupport
import Foundation
import Testing
import TestSupport

@testable import QuorumSim
@testable import QuorumSimCommands

/// Seeded random command lines for every `quorumsim` subcommand: no argument may trap a parser, every refusal is
/// one line naming the command, and what is accepted is within the documented ranges.
struct QuorumSimArgumentFuzzTests {
    static let scenario = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios/three-servers-one-zone.json").path

    static func names(_ spec: CommandSpec) -> [String] {
        spec.options.flatMap { [$0.name] + ($0.alias.map { [$0] } ?? []) }.filter { $0 != "--help" && $0 != "-h" }
            + ["--bogus", "--", "-vv", "-vvv", "-Vv", "-t5", "-vx"]
    }

    static func fuzz(_ spec: CommandSpec, seed: UInt64, count: Int = 3000, check: ([String]) throws -> Void) -> Int {
        var rng = SeededRandom(seed: seed)
        var accepted = 0
        for _ in 0..<count {
            let arguments = ArgumentFuzz.arguments(
                &rng, optionNames: names(spec), values: ArgumentFuzz.hostileValues,
                operands: [scenario, "/nonexistent.json", "-"])
            do {
                try check(arguments)
                accepted += 1
            } catch let error as UsageError {
                #expect(!error.description.contains("\n"), "\(arguments)")
                #expect(error.description.hasPrefix(spec.name + ": "), "\(arguments)")
            } catch {
                // A --from file that cannot be read is a scenario error, reported on its own line.
                #expect(error is ScenarioFileError, "\(arguments): \(error)")
            }
        }
        return accepted
    }

    @Test func runOptionsStayInRange() {
        let accepted = Self.fuzz(RunOptions.spec, seed: 0x64_0001) { arguments in
            let o = try RunOptions(arguments: arguments)
            if let years = o.years { #expect(years > 0 && years <= 1e9, "\(arguments)") }
            if let r = o.replications { #expect((1...1_000_000).contains(r), "\(arguments)") }
            if let t = o.threads { #expect((1...1024).contains(t), "\(arguments)") }
            if let f = o.rareTarget { #expect(f > 0 && f < 1, "\(arguments)") }
            if let s = o.rareSeconds { #expect(s > 0 && s.isFinite, "\(arguments)") }
        }
        #expect(accepted > 50)
    }

    @Test func recommendOptionsStayInRange() {
        let accepted = Self.fuzz(RecommendCommand.spec, seed: 0x64_0002) { arguments in
            guard let invocation = try RecommendCommand.parse(arguments) else { return }
            #expect(invocation.request.simulation.years > 0 && invocation.request.simulation.years <= 1e9, "\(arguments)")
            #expect((1...1_000_000).contains(invocation.request.simulation.replications), "\(arguments)")
            #expect((1...9).contains(invocation.request.maxVoters), "\(arguments)")
            #expect((1...8).contains(invocation.request.zones.count), "\(arguments)")
            if let kafka = invocation.kafka {
                let counts = kafka.brokerCounts + kafka.replicationFactors + (kafka.minInsyncReplicas ?? [])
                #expect(counts.allSatisfy { (1...KafkaRecommender.maxBrokers).contains($0) }, "\(arguments)")
                #expect(kafka.controllerCounts.allSatisfy { (1...KafkaRecommender.maxControllers).contains($0) })
                #expect((1...KafkaRecommender.maxPartitions).contains(kafka.partitions), "\(arguments)")
            }
        }
        #expect(accepted > 20)
    }

    @Test func scenarioOptionsStayInRange() {
        let accepted = Self.fuzz(ScenarioCommand.spec, seed: 0x64_0006) { arguments in
            // An ensemble and a zone map first, so that many lines get as far as the figures.
            guard let invocation = try ScenarioCommand.parse(["--connect", "a", "--zones", "a=x"] + arguments)
            else { return }
            let s = invocation.settings
            #expect(s.years > 0 && s.years <= 1e9, "\(arguments)")
            #expect((1...1_000_000).contains(s.replications), "\(arguments)")
            for text in [s.serverMTTF, s.serverMTTR, s.election] + [s.zoneMTTF, s.zoneMTTR].compactMap({ $0 }) {
                #expect((try? DurationText.hours(text)) != nil, "\(arguments): \(text)")
            }
        }
        #expect(accepted > 20)
    }

    /// `tolerance`, `live` and `scenario` are quick and local, so the whole command runs for each line.
    @Test(arguments: ["tolerance", "live", "scenario"])
    func quickSubcommandsAnswerEveryLineWithAStatus(_ name: String) {
        let specs = ["tolerance": ToleranceCommand.spec, "live": LiveCommand.spec, "scenario": ScenarioCommand.spec]
        let seeds: [String: UInt64] = ["tolerance": 0x64_0003, "live": 0x64_0004, "scenario": 0x64_0005]
        _ = Self.fuzz(specs[name]!, seed: seeds[name]!, count: 600) { arguments in
            let outcome = QuorumSimTool.run([name] + arguments)
            let allowed = [ExitStatus.success, ExitStatus.failure, ExitStatus.badScenario, ExitStatus.usage]
            #expect(allowed.contains(outcome.status), "\(arguments)")
            if outcome.status != ExitStatus.success {
                #expect(outcome.standardError.filter { $0 == "\n" }.count == 1, "\(arguments): \(outcome.standardError)")
            }
        }
    }

    @Test(arguments: [
        ["run", "x.json", "--years", "1e19"], ["run", "x.json", "--replications", "1000000000000"],
        ["run", "x.json", "--seed", "18446744073709551616"], ["recommend", "--replications", "1e30"],
        ["recommend", "--max-voters", "1e30"], ["run", "x.json", "--rare-seconds", "inf"],
    ])
    func valuesThatUsedToTrapOrRunAwayAreUsageErrors(_ arguments: [String]) {
        let outcome = QuorumSimTool.run(arguments)
        #expect(outcome.status == ExitStatus.usage)
        #expect(outcome.standardError.filter { $0 == "\n" }.count == 1)
    }

    /// Every number and duration flag of every quorumsim subcommand, with a value it accepts.
    static let numberFlags: [(command: String, flag: String, good: String)] = [
        ("run", "--years", "10"), ("run", "--replications", "4"), ("run", "--seed", "7"), ("run", "--threads", "2"),
        ("run", "--rare-target", "0.1"), ("run", "--rare-seconds", "5"), ("run", "-t", "5"),
        ("recommend", "--years", "10"), ("recommend", "--replications", "4"), ("recommend", "--seed", "3"),
        ("recommend", "--threads", "2"), ("recommend", "--max-voters", "5"), ("recommend", "--target-downtime", "5"),
        ("recommend", "--target-availability", "0.999"), ("recommend", "--server-mttf", "4380h"),
        ("recommend", "--server-mttr", "1.5d"), ("recommend", "--zone-mttf", "2y"), ("recommend", "--zone-mttr", "4h"),
        ("recommend", "--election", "200ms"), ("recommend", "--detection", "1e1s"), ("recommend", "--timeout", "9"),
        ("scenario", "--years", "10"), ("scenario", "--replications", "4"), ("scenario", "--seed", "2"),
        ("scenario", "--server-mttr", "24h"), ("scenario", "--election", "0.2s"), ("scenario", "-t", "3"),
        ("live", "--repair", "24h"), ("live", "--server-mttf", "4380h"), ("live", "--zone-mttf", "0h"),
        ("live", "-t", "1"), ("tolerance", "--timeout", "60"), ("tolerance", "--min-insync", "2"),
    ]

    /// Parses `quorumsim command ... flag value` as the subcommand does, up to the request.
    static func parse(_ command: String, _ flag: String, _ value: String) throws {
        switch command {
        case "run": _ = try RunOptions(arguments: ["x.json", flag, value])
        case "recommend": _ = try RecommendCommand.parse([flag, value])
        case "scenario": _ = try ScenarioCommand.parse(["--connect", "a", "--zones", "a=x", flag, value])
        case "live": _ = try LiveCommand.parse(["check.json", "--zones", "a=x", flag, value])
        default: _ = try ToleranceCommand.parse(["--kafka-describe", "x.txt", "--racks", "1=a", flag, value])
        }
    }

    /// One number grammar for every flag, durations' numbers included (issue 16: `--years 0x10` was 16 years,
    /// `-t inf` and `+5h` were taken): each refused form is a one-line usage error naming the flag, and the value
    /// it was made from is accepted, so the refusal is the grammar's.
    @Test func everyNumberFlagFollowsTheOneDecimalGrammar() {
        for (command, flag, good) in Self.numberFlags {
            #expect(throws: Never.self, "\(command) \(flag) \(good)") { try Self.parse(command, flag, good) }
            let shown = flag == "-t" ? "--timeout" : flag
            let unit = String(good.reversed().prefix(while: \.isLetter).reversed())
            let refused = [
                "0x10" + unit, "0X1F" + unit, "+" + good, "1_0" + unit, "inf" + unit, "nan" + unit, "Infinity", "",
                " ", " " + good, good + " ", "１２" + unit, "1e" + unit, "--" + good, "1.2.3" + unit,
            ]
            for bad in refused {
                do {
                    try Self.parse(command, flag, bad)
                    Issue.record("quorumsim \(command) \(flag) \"\(bad)\" was accepted")
                } catch let error as UsageError {
                    #expect(!error.description.contains("\n") && error.description.contains(shown), "\(error)")
                    #expect(error.description.hasPrefix("quorumsim \(command): "), "\(error)")
                } catch {
                    Issue.record("quorumsim \(command) \(flag) \"\(bad)\": not a usage error: \(error)")
                }
            }
        }
    }

    /// The number inside a duration follows the same grammar; its unit grammar is unchanged.
    @Test(arguments: [("1e3h", 1000.0), ("1.5d", 36.0), (".5h", 0.5), ("90m", 1.5), ("2E-1h", 0.2), ("0s", 0.0)])
    func durationNumbersAreDecimal(_ text: String, _ hours: Double) throws {
        #expect(abs(try DurationText.hours(text, allowZero: true) - hours) < 1e-12)
    }

    @Test(arguments: ["0x10h", "+5h", "5_0h", "infh", "nanh", " 5h", "5h ", "5 h", "1e400h", "h", "5"])
    func durationNumbersOutsideTheGrammarAreRefused(_ text: String) {
        #expect(throws: DurationText.Problem.self) { try DurationText.hours(text) }
    }
}
