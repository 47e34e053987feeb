import CommandLineSupport
import Foundation
import Synchronization
import TestSupport
import Testing

@testable import QuorumSim
@testable import QuorumSimCommands

/// `recommend` at the edges of its inputs: figures past a year, durations past the bound, long runs.
struct AdviceEdgeCommandTests {
    static let minutesPerYear = hoursPerYear * 60
    static let quick = ["recommend", "--years", "1", "--replications", "2", "--max-voters", "3"]

    /// A zone failing every millisecond (or repairs lasting ages) drives the first-order election estimate past the
    /// time left: every per-year figure stays within a year and every availability within 0 … 100%.
    @Test(arguments: [
        ["--zone-mttf", "1ms"], ["--zone-mttf", "1ms", "--zone-mttr", "1000000000000h"], ["--server-mttr", "1000000000000h"],
        ["--server-mttf", "1ms", "--zone-mttf", "1ms"],
        ["--detection", "1000000000000h", "--election", "1000000000000h"],
        ["--maintenance-period", "1000000000000h", "--maintenance-duration", "100000000000h"],
    ])
    func everyFigureStaysWithinAYear(_ flags: [String]) throws {
        let (_, capture) = runQuorumSim(Self.quick + flags + ["--format", "json"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(capture.stdout.utf8)) as? [String: Any], "\(capture.stderr)")
        var placements = try #require(object["bestBySize"] as? [[String: Any]])
        placements += [object["best"], object["recommended"]].compactMap { $0 as? [String: Any] }
        let evidence = try #require(object["evidence"] as? [[String: Any]])
        placements += evidence.compactMap { $0["placement"] as? [String: Any] }
        #expect(!placements.isEmpty)
        for p in placements {
            let minutes = try #require(p["downtimeMinutesPerYear"] as? Double)
            #expect((0...Self.minutesPerYear).contains(minutes), "\(flags): \(p)")
            let parts = ["quorumLossFraction", "faultElectionFraction", "maintenanceElectionFraction"]
                .map { p[$0] as? Double ?? .nan }
            #expect(parts.allSatisfy { (0...1).contains($0) }, "\(flags): \(parts)")
            #expect(parts.reduce(0, +) <= 1 + 1e-12, "\(flags): \(parts)")
        }
        for e in evidence {
            for key in ["availability", "downtimeMinutesPerYear", "simulatedDowntimeMinutesPerYear"] {
                let estimate = try #require(e[key] as? [String: Any])
                let bound = key == "availability" ? 1 : Self.minutesPerYear
                var values = [try #require(estimate["mean"] as? Double)]
                values += (estimate["ci95"] as? [Double]) ?? []
                #expect(values.allSatisfy { (0...bound).contains($0) }, "\(flags) \(key): \(values)")
            }
        }

        let (_, text) = runQuorumSim(Self.quick + flags)
        #expect(!text.stdout.contains("-0.0"), "\(flags): \(text.stdout)")
        let percentages = text.stdout.matches(of: /(-?[0-9][0-9.]*)%/).compactMap { Double($0.output.1) }
        #expect(percentages.allSatisfy { (0...100).contains($0) }, "\(flags): \(percentages)")
        // Every "N min/yr" the text quotes is at most a year.
        let quoted = text.stdout.matches(of: /([0-9][0-9.e+]*) min\/yr/).compactMap { Double($0.output.1) }
        #expect(!quoted.isEmpty)
        #expect(quoted.allSatisfy { $0 <= Self.minutesPerYear }, "\(flags): \(quoted)")
    }

    /// Every duration flag of every subcommand reads through one getter: a duration past the bound of a scenario
    /// file's means is a usage error (64) naming the flag, not a simulation that fails later (exit 1).
    @Test(arguments: [
        ("recommend", "--server-mttf"), ("recommend", "--server-mttr"), ("recommend", "--zone-mttf"),
        ("recommend", "--zone-mttr"), ("recommend", "--maintenance-period"), ("recommend", "--maintenance-duration"),
        ("recommend", "--detection"), ("recommend", "--election"), ("live", "--repair"), ("live", "--server-mttf"),
        ("live", "--zone-mttf"), ("scenario", "--server-mttf"), ("scenario", "--server-mttr"),
        ("scenario", "--zone-mttf"), ("scenario", "--zone-mttr"), ("scenario", "--detection"),
        ("scenario", "--election"), ("scenario", "--maintenance-period"), ("scenario", "--maintenance-duration"),
    ])
    func aDurationPastTheBoundIsAUsageError(_ command: String, _ flag: String) {
        let base: [String]
        switch command {
        case "live": base = ["live", "-", "--zones", "zk1:2181=a"]
        case "scenario": base = ["scenario", "--connect", "zk1:2181", "--zones", "zk1:2181=a"]
        default: base = Self.quick
        }
        let partner = ["--maintenance-period": "--maintenance-duration", "--maintenance-duration": "--maintenance-period"]
        for value in ["99999999999999999999h", "1000000000001h", "200000000y"] {
            var arguments = base + [flag, value]
            if let other = partner[flag] { arguments += [other, "1h"] }
            let (code, capture) = runQuorumSim(arguments)
            #expect(code == ExitStatus.usage, "\(arguments): \(capture.stderr)")
            #expect(capture.stderr.contains(flag) && capture.stderr.contains("up to 1000000000000h"), "\(capture.stderr)")
            #expect(capture.stderr.filter { $0 == "\n" }.count == 1)
        }
    }

    /// The largest duration accepted is the bound itself.
    @Test func theBoundItselfIsAccepted() throws {
        let (code, capture) = runQuorumSim(["live", "-", "--zones", "zk1:2181=a", "--repair", "1000000000000h"])
        // Past parsing: the empty standard input is the problem now, not the flag.
        #expect(code == ExitStatus.badScenario, "\(capture.stderr)")
    }

    /// `recommend` announces simulations estimated to take minutes on standard error before it starts them, as
    /// `run` does (the placements without an exact figure, then the evidence), and stays quiet for short ones.
    @Test func aShortRecommendAnnouncesNothing() {
        let notes = Mutex<[String]>([])
        let context = CommandContext(writeNote: { line in notes.withLock { $0.append(line) } })
        let outcome = QuorumSimTool.run(Self.quick, context: context)
        #expect(outcome.status == ExitStatus.noPlacement || outcome.status == ExitStatus.success)
        #expect(notes.withLock { $0 }.isEmpty)
    }

    /// On the binary, stopped by `--timeout` once the announced simulation has started: the announcement is the
    /// first line on standard error, the timeout line the last.
    @Test(arguments: [
        (["--zones", "1", "--years", "1e8"], "quorumsim: recommend: the evidence, 1 simulation(s): about "),
        (["--from", AdviceEdgeCommandTests.overrunningMaintenance, "--years", "1e7"],
         "quorumsim: recommend: 1 placement(s) without an exact figure, simulated: about "),
    ])
    func aLongRecommendIsAnnouncedFirst(_ extra: [String], _ announcement: String) throws {
        let binary = try #require(BuiltProducts.executable("quorumsim"), "build the quorumsim product first")
        let finished = try ChildProcess.run(
            binary,
            ["recommend", "-t", "2", "--max-voters", "1", "--replications", "2", "--threads", "1"] + extra,
            timeout: .seconds(60))
        #expect(finished.status == 1, "\(finished.standardError)")
        let lines = finished.standardError.split(separator: "\n").map(String.init)
        #expect(lines.count == 2 && lines[0].hasPrefix(announcement), "\(lines)")
        #expect(lines.last?.hasPrefix("quorumsim recommend: stopped after --timeout 2") == true, "\(lines)")
    }

    /// One zone whose lognormal restarts may overrun their period: no exact figure, so every placement is simulated.
    static let overrunningMaintenance = CommandTests.file(
        "overrunning-maintenance.json",
        """
        {"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a"}],
         "maintenance": {"period": "2h", "duration": {"lognormal": {"median": "20m", "sigma": 1}}, "order": [1]}}
        """)
}
