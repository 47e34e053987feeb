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
            if let t = o.threads { #expect((1...4096).contains(t), "\(arguments)") }
            if let f = o.rareTarget { #expect(f > 0 && f < 1, "\(arguments)") }
            if let s = o.rareSeconds { #expect(s > 0 && s.isFinite, "\(arguments)") }
        }
        #expect(accepted > 50)
    }

    @Test func recommendOptionsStayInRange() {
        let accepted = Self.fuzz(RecommendCommand.spec, seed: 0x64_0002) { arguments in
            guard let invocation = try RecommendCommand.parse(arguments) else { return }
            #expect(invocation.request.simulation.years >= 1 && invocation.request.simulation.years <= 1e9, "\(arguments)")
            #expect((2...100_000).contains(invocation.request.simulation.replications), "\(arguments)")
            #expect((1...9).contains(invocation.request.maxVoters), "\(arguments)")
            #expect((1...8).contains(invocation.request.zones.count), "\(arguments)")
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
}
