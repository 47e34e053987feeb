import CommandLineSupport
import Foundation
import Synchronization
import Testing

@testable import QuorumSim
@testable import QuorumSimCommands

/// Whole outputs of `quorumsim` for every shipped scenario, compared byte for byte with the files under
/// `Snapshots/golden` (fixed seed; wall-clock figures masked). `QUORUMSIM_RECORD_GOLDEN=1` re-records them.
struct GoldenOutputTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let snapshots = root.appendingPathComponent("Snapshots/golden")
    static let scenarioFolder = root.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scenarios")

    static var scenarios: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: scenarioFolder.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
    }

    /// Replaces what depends on the machine (wall time, events per second, where the clone lives) with `#`.
    static func masked(_ text: String, csv: Bool = false) -> String {
        var out = text.replacingOccurrences(of: scenarioFolder.path, with: "scenarios")
        let patterns = [
            #"("wallSeconds": )[^,\n}]+"#, #"("eventsPerSecond": )[^,\n}]+"#, #"("seconds": )[^,\n}]+"#,
            #"(?m)^((?:wall time \(s\)|events/s|rare-event wall)\s+).*$"#,
        ]
        for p in patterns {
            out = out.replacingOccurrences(of: p, with: "$1#", options: .regularExpression)
        }
        return csv ? maskedColumns(out) : out
    }

    /// The CSV with the cells of the wall-clock columns (found by name in the header) replaced by `#`.
    static func maskedColumns(_ csv: String) -> String {
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let header = lines.first else { return csv }
        let names = header.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let masked = Set(["wall_seconds", "events_per_second", "rare_wall_seconds"].compactMap { names.firstIndex(of: $0) })
        for i in lines.indices.dropFirst() where !lines[i].isEmpty {
            var cells = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            for column in masked where column < cells.count { cells[column] = "#" }
            lines[i] = cells.joined(separator: ",")
        }
        return lines.joined(separator: "\n")
    }

    static func run(_ arguments: [String]) -> (Int32, String, String) {
        let outcome = QuorumSimTool.run(arguments)
        return (outcome.status, outcome.outputText, outcome.standardError)
    }

    static func compare(_ name: String, _ arguments: [String]) throws {
        let (code, stdout, stderr) = run(arguments)
        #expect(code == ExitStatus.success, "\(arguments): \(stderr)")
        let text = masked(stdout, csv: name.hasSuffix(".csv"))
        let file = snapshots.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["QUORUMSIM_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: snapshots, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(text == expected, "\(name) differs from the recording")
    }

    @Test(arguments: ["text", "json", "csv"])
    func runOutputOfEveryShippedScenario(_ format: String) throws {
        let files = Self.scenarios.map { Self.scenarioFolder.appendingPathComponent($0).path }
        #expect(files.count >= 11)
        for (name, path) in zip(Self.scenarios, files) {
            try Self.compare(
                "run-\(name.dropLast(5)).\(format)",
                ["run", path, "--format", format, "--seed", "7", "--years", "40", "--replications", "4",
                 "--threads", "2"])
        }
    }

    @Test(arguments: ["text", "json"])
    func toleranceOfEveryShippedScenario(_ format: String) throws {
        for name in Self.scenarios {
            let path = Self.scenarioFolder.appendingPathComponent(name).path
            try Self.compare("tolerance-\(name.dropLast(5)).\(format)", ["tolerance", path, "--format", format])
        }
    }

    @Test(arguments: ["text", "json"])
    func recommendOutput(_ format: String) throws {
        try Self.compare(
            "recommend.\(format)",
            ["recommend", "--zones", "a,b,c", "--target-downtime", "30", "--years", "200", "--replications", "4",
             "--threads", "2", "--format", format])
    }

    /// `recommend --kafka` over 3 zones and over 2 zones, the samples of docs/kafka.md.
    @Test(arguments: [("recommend-kafka-3z.text", ["--target-downtime", "60"]),
                      ("recommend-kafka-2z.text", ["--zones", "2", "--target-downtime", "200"]),
                      ("recommend-kafka-3z.json", ["--target-downtime", "60", "--format", "json"])])
    func recommendKafkaOutput(_ name: String, _ flags: [String]) throws {
        try Self.compare(name, ["recommend", "--kafka"] + flags)
    }
}
