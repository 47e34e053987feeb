import CommandLineSupport
import Foundation
import Synchronization
import Testing
import TestSupport

@testable import QuorumSim
@testable import QuorumSimCommands

/// What a command printed, as text.
struct Capture {
    var stdout: String
    var stderr: String

    init(_ outcome: CommandOutcome) {
        stdout = outcome.outputText
        stderr = outcome.standardError
    }
}

/// Runs `quorumsim` with `arguments` (standard input `stdin`) and returns its status and what it printed.
func runQuorumSim(_ arguments: [String], stdin: String = "") -> (Int32, Capture) {
    let context = CommandContext(readStandardInput: TextFile.memoryStandardInput(stdin))
    let outcome = QuorumSimTool.run(arguments, context: context)
    return (outcome.status, Capture(outcome))
}

struct CommandTests {
    static let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quorumsim-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    static func file(_ name: String, _ text: String) -> String {
        let url = folder.appendingPathComponent(name)
        try? Data(text.utf8).write(to: url)
        return url.path
    }

    static let good = file(
        "good.json",
        """
        {"name": "three-in-one", "zones": [{"name": "a"}],
         "servers": [{"id": 1, "zone": "a"}, {"id": 2, "zone": "a"}, {"id": 3, "zone": "a"}],
         "serverFaults": {"timeToFailure": {"exponential": {"mean": "100h"}},
                          "timeToRepair": {"exponential": {"mean": "20h"}}},
         "run": {"years": 10, "replications": 4, "seed": 3}}
        """)
    static let other = file(
        "other.json",
        """
        {"name": "one, \\"quoted\\"", "zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a"}],
         "serverFaults": {"timeToFailure": {"exponential": {"mean": "100h"}},
                          "timeToRepair": {"exponential": {"mean": "20h"}}},
         "election": {"detection": "10s"}}
        """)
    static let bad = file("bad.json", #"{"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "d"}]}"#)

    func run(_ arguments: [String], exact: (@Sendable (Scenario) -> ExactFigures?)? = nil) -> (Int32, Capture) {
        if let exact {
            do {
                let options = try RunOptions(arguments: Array(arguments.dropFirst()))
                let outcome = RunCommand(options: options, exact: exact).execute()
                return (outcome.status, Capture(outcome))
            } catch {
                Issue.record("\(error)")
            }
        }
        return runQuorumSim(arguments)
    }

    // MARK: Help and usage

    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Snapshots")

    /// Compares with a golden file; `RECORD_SNAPSHOTS=1` rewrites it.
    func expectSnapshot(_ text: String, _ name: String) throws {
        let url = Self.snapshots.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try Data(text.utf8).write(to: url)
            return
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(text == golden, "differs from Snapshots/\(name); RECORD_SNAPSHOTS=1 re-records it")
    }

    @Test func helpGoesToStandardOutput() throws {
        let (code, capture) = run(["--help"])
        #expect(code == ExitStatus.success)
        #expect(capture.stderr.isEmpty)
        try expectSnapshot(capture.stdout, "help.txt")
        let (runCode, runCapture) = run(["run", "--help"])
        #expect(runCode == ExitStatus.success)
        try expectSnapshot(runCapture.stdout, "run-help.txt")
    }

    @Test(arguments: [
        [], ["frobnicate"], ["--frobnicate"], ["run"], ["run", "--format", "xml", "x.json"],
        ["run", "x.json", "--years"],
        ["run", "x.json", "--years", "-1"], ["run", "x.json", "--replications", "0"],
        ["run", "x.json", "--seed", "abc"],
        ["run", "x.json", "--threads", "0"], ["run", "x.json", "--colour"],
    ])
    func usageErrorsAreOneLineWithAPointerToHelp(arguments: [String]) {
        let (code, capture) = run(arguments)
        #expect(code == ExitStatus.usage)
        #expect(code == 64)
        #expect(capture.stdout.isEmpty)
        #expect(capture.stderr.hasSuffix("\n"))
        #expect(capture.stderr.dropLast().contains("\n") == false)
        #expect(capture.stderr.contains("--help"))
    }

    @Test func optionsAcceptBothSpellingsAndOverrideTheFile() throws {
        let options = try RunOptions(arguments: [
            "a.json", "--years=7", "--replications", "3", "--seed=0", "b.json",
            "--threads", "2", "--format=csv", "--", "--c.json",
        ])
        #expect(options.files == ["a.json", "b.json", "--c.json"])
        #expect(options.format == .csv)
        #expect(options.threads == 2)
        let settings = options.apply(to: RunSettings(years: 1000, replications: 16, seed: 5))
        #expect(settings == RunSettings(years: 7, replications: 3, seed: 0))
    }

    // MARK: Bad files

    @Test func aBadFileStopsEverythingWithExitTwo() {
        let (code, capture) = run(["run", Self.good, Self.bad, "/nonexistent/x.json"])
        #expect(code == ExitStatus.badScenario)
        #expect(code == 2)
        #expect(capture.stdout.isEmpty, "nothing simulated")
        let lines = capture.stderr.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first == "\(Self.bad): servers[0].zone: unknown zone \"d\" (zones are a)")
        #expect(lines.last == "/nonexistent/x.json: no such file")
    }

    // MARK: Output formats

    @Test func jsonHasOneEntryPerScenarioWithTheDocumentedKeys() throws {
        let (code, capture) = run(["run", Self.good, Self.other, "--format", "json", "--years", "5", "--threads", "2"])
        #expect(code == ExitStatus.success)
        #expect(capture.stderr.isEmpty)
        let document = try JSONSerialization.jsonObject(with: Data(capture.stdout.utf8))
        let entries = try #require(document as? [[String: Any]])
        #expect(entries.count == 2)
        let first = entries[0]
        #expect(first["name"] as? String == "three-in-one")
        #expect(first["file"] as? String == Self.good)
        let availability = try #require(first["availability"] as? [String: Any])
        let mean = try #require(availability["mean"] as? Double)
        let interval = try #require(availability["ci95"] as? [Double])
        #expect(interval.count == 2 && interval[0] <= mean && mean <= interval[1])
        for key in [
            "downtimeMinutesPerYear", "quorumLossMinutesPerYear", "electionMinutesPerYear", "quorumLossEpisodesPerYear",
            "meanEpisodeMinutes", "electionsPerYear", "yearWithOutageProbability",
        ] {
            let estimate = try #require(first[key] as? [String: Any], "\(key)")
            #expect(estimate["mean"] is Double || estimate["mean"] is Int, "\(key)")
            #expect((estimate["ci95"] as? [Double])?.count == 2, "\(key)")
        }
        #expect(first["p99EpisodeMinutes"] is Double)
        // Three servers up 100 h, down 20 h, majority 2: quorum lost with two or three down.
        let exact = try #require(first["exact"] as? [String: Any])
        let q = 20.0 / 120.0
        let lost = 3 * q * q * (1 - q) + q * q * q
        #expect(abs((exact["quorumLossFraction"] as? Double ?? 0) - lost) < 1e-12)
        // Episodes start from two up servers: π(2 up) × 2 failure rates.
        let episodes = 3 * (1 - q) * (1 - q) * q * 2 / 100 * 8766
        #expect(abs((exact["quorumLossEpisodesPerYear"] as? Double ?? 0) - episodes) / episodes < 1e-9)
        #expect(first["events"] as? Int ?? 0 > 0)
        #expect(first["simulatedYears"] as? Double == 20)
        let settings = try #require(first["settings"] as? [String: Any])
        #expect(
            settings["years"] as? Int == 5 && settings["replications"] as? Int == 4 && settings["seed"] as? Int == 3)
        #expect((entries[1]["simulatedYears"] as? Double) == 80)
    }

    @Test func csvHasAHeaderAndOneRowPerScenario() throws {
        let (code, capture) = run(["run", Self.good, Self.other, "--format", "csv", "--years", "3"])
        #expect(code == ExitStatus.success)
        let lines = capture.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4 && lines[3].isEmpty)
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(header.contains("availability") && header.contains("availability_ci95_low"))
        #expect(header.contains("downtime_min_per_year") && header.contains("events"))
        #expect(lines[1].hasPrefix("three-in-one,"))
        #expect(lines[2].hasPrefix("\"one, \"\"quoted\"\"\","))
        // The quoted name holds one comma: the row has one more raw comma than the header.
        #expect(lines[2].filter { $0 == "," }.count == header.count)
        #expect(lines[1].filter { $0 == "," }.count == header.count - 1)
    }

    @Test func textPutsScenariosSideBySide() {
        let (code, capture) = run(["run", Self.good, Self.other, "--years", "3"])
        #expect(code == ExitStatus.success)
        let lines = capture.stdout.split(separator: "\n")
        #expect(lines[0].contains("three-in-one") && lines[0].contains("one, \"quoted\""))
        #expect(lines.contains { $0.hasPrefix("availability ") && $0.contains("%") && $0.contains("±") })
        #expect(lines.contains { $0.hasPrefix("downtime (min/year)") })
    }

    @Test func exactFiguresAppearWhenTheSolverGivesThem() throws {
        let (code, capture) = run(
            ["run", Self.good, "--format", "json", "--years", "2"], exact: { _ in ExactFigures(unavailability: 0.01) })
        #expect(code == ExitStatus.success)
        let entries = try #require(
            try JSONSerialization.jsonObject(with: Data(capture.stdout.utf8)) as? [[String: Any]])
        let exact = try #require(entries[0]["exact"] as? [String: Any])
        #expect(abs((exact["availability"] as? Double ?? 0) - 0.99) < 1e-12)
        #expect(abs((exact["quorumLossMinutesPerYear"] as? Double ?? 0) - 0.01 * 8766 * 60) < 1e-6)
    }

    @Test func theSameSeedPrintsTheSameFigures() {
        let a = run(["run", Self.good, "--format", "csv", "--threads", "1"]).1.stdout
        let b = run(["run", Self.good, "--format", "csv", "--threads", "2"]).1.stdout
        // Drop the columns that depend on the run: threads, wall time, events/s.
        func figures(_ csv: String) -> [String] {
            let lines = csv.split(separator: "\n")
            let header = lines[0].split(separator: ",").map(String.init)
            let row = lines[1].split(separator: ",", omittingEmptySubsequences: false)
            let skip = ["threads", "wall_seconds", "events_per_second"].compactMap { header.firstIndex(of: $0) }
            #expect(skip.count == 3)
            return row.enumerated().filter { !skip.contains($0.offset) }.map { String($0.element) }
        }
        #expect(figures(a) == figures(b))
    }
}

/// `-V`/`--version` and `-v` come from the option table of every `quorumsim` command.
struct QuorumSimStandardOptionsTests {
    @Test(arguments: ["run", "tolerance", "recommend", "live"])
    func versionOnEveryCommand(_ command: String) {
        for flag in ["-V", "--version", "-vV"] {
            let outcome = QuorumSimTool.run([command, flag])
            #expect(outcome.status == 0, "\(command) \(flag): \(outcome.standardError)")
            #expect(outcome.outputText == "quorumsim 0.1.0\n", "\(command) \(flag)")
        }
    }

    @Test func verbosityIsCountedAndAccepted() {
        for spec in [RunOptions.spec, ToleranceCommand.spec, RecommendCommand.spec, LiveCommand.spec] {
            #expect((try? spec.parse(["-vvv"]))?.verbosity == 3, "\(spec.name)")
            #expect(spec.help.contains("-V, --version") && spec.help.contains("-v, --verbose"), "\(spec.name)")
        }
        let outcome = QuorumSimTool.run(["tolerance", "-vv", CommandTests.good])
        #expect(outcome.status == 0, "\(outcome.standardError)")
    }
}

/// `-t`/`--timeout` on `quorumsim`: a wall-clock limit that `main` enforces, so it is tested on the binary.
struct QuorumSimTimeoutTests {
    @Test func aRunPastItsTimeoutStopsWithOneLineAndStatusOne() throws {
        let binary = try #require(BuiltProducts.executable("quorumsim"), "build the quorumsim product first")
        // Far more simulated years than 0.3 s allows on any machine.
        let timed = try DeadlineBound.time(deadline: .milliseconds(300), startUpOf: "quorumsim") {
            try ChildProcess.run(
                binary,
                ["run", "-t", "0.3", "--years", "1e9", "--replications", "2", "--threads", "1", CommandTests.good],
                timeout: .seconds(60))
        }
        let finished = timed.value
        #expect(finished.status == 1, "\(finished.standardError)")
        // The run is announced first (an estimate of about 9e+11 events), then stopped.
        let lines = finished.standardError.split(separator: "\n").map(String.init)
        #expect(lines.count == 2 && lines[0].hasPrefix("quorumsim: three-in-one: about 9e+11 events"), "\(lines)")
        #expect(lines.last == "quorumsim run: stopped after --timeout 0.3 s of wall-clock time")
        #expect(timed.endedInTime, "\(timed)")
    }

    @Test(arguments: ["run", "tolerance", "recommend", "live", "scenario"])
    func aBadTimeoutIsAUsageError(_ command: String) {
        for value in ["0", "-1", "abc", "nan"] {
            let outcome = QuorumSimTool.run([command, "--timeout", value, "x.json"])
            #expect(outcome.status == 64, "\(command) --timeout \(value): \(outcome.standardError)")
            #expect(outcome.standardError.contains("--timeout"), "\(command) --timeout \(value)")
        }
    }
}

/// Issue 16: a path with a line end or ESC, quoted in an error, reached standard error raw (two lines, a repainted
/// terminal). The binary's standard error is one line with the characters escaped.
struct QuorumSimEscapingTests {
    @Test(arguments: [
        ["scenario", "--connect", "a", "--zones", "a=x", "--output", "/nonexistent/a\n\u{1B}[31mb.json"],
        ["scenario", "--zoo-cfg", "/nonexistent/zoo\u{85}\u{2028}.cfg", "--zones", "a=x"],
        ["run", "--years", "1\n0", "x.json"],
    ])
    func pathsAndValuesInErrorsAreEscaped(_ arguments: [String]) throws {
        let binary = try #require(BuiltProducts.executable("quorumsim"), "build the quorumsim product first")
        let finished = try ChildProcess.run(binary, arguments, timeout: .seconds(60))
        #expect(finished.status != 0)
        let error = finished.standardError
        #expect(error.hasSuffix("\n"), "\(error)")
        #expect(!error.dropLast().unicodeScalars.contains(where: isForbiddenInLine), "\(error)")
        #expect(error.contains("\\u{"), "\(error)")
    }
}
