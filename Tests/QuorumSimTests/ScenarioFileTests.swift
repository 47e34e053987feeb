import Foundation
import Testing

@testable import QuorumSim

struct ScenarioFileTests {
    static let scenariosFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scenarios")

    static var shippedFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: scenariosFolder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }

    @Test func everyShippedScenarioLoads() throws {
        let files = Self.shippedFiles
        #expect(files.count >= 11)
        for file in files {
            let path = Self.scenariosFolder.appendingPathComponent(file).path
            let scenario = try ScenarioFile.load(path: path)
            #expect(scenario.name + ".json" == file, "the name matches the file name")
            #expect(!scenario.servers.isEmpty)
        }
    }

    @Test func theIssueExampleReadsAsWritten() throws {
        let path = Self.scenariosFolder.appendingPathComponent("five-servers-three-zones.json").path
        let scenario = try ScenarioFile.load(path: path)
        #expect(scenario.zones.map(\.name) == ["a", "b", "c"])
        #expect(scenario.zones[0].outage?.timeToFailure == .exponential(mean: 17532))
        #expect(scenario.zones[0].outage?.timeToRepair == .exponential(mean: 4))
        #expect(scenario.zones[1].outage == nil)
        #expect(scenario.servers.map(\.zone) == [0, 0, 1, 1, 2])
        #expect(scenario.servers.map(\.id) == [1, 2, 3, 4, 5])
        #expect(scenario.serverFaults?.timeToRepair == .exponential(mean: 24))
        #expect(scenario.election?.detection == 10.0 / 3600)
        #expect(scenario.election?.duration == .fixed(200 / 3_600_000))
        #expect(scenario.run == RunSettings(years: 10000, replications: 16, seed: 1))
    }

    @Test func extensionsRead() throws {
        let text = """
            {"name": "x",
             "zones": [{"name": "a"}, {"name": "b"}, {"name": "c"}],
             "servers": [{"id": 1, "zone": "a", "group": 1, "weight": 2}, {"id": 2, "zone": "b", "group": 2},
                         {"id": 3, "zone": "c", "group": 3, "faults": {"timeToFailure": {"fixed": "1y"},
                                                                     "timeToRepair": {"fixed": "1.5h"}}},
                         {"id": 9, "zone": "c", "role": "observer"}],
             "partitions": [{"zones": ["a", "c"], "timeToFailure": {"weibull": {"shape": 1.5, "scale": "30d"}},
                             "timeToRepair": {"lognormal": {"median": "90m", "sigma": 0.5}}}],
             "maintenance": {"period": "7d", "duration": "20m", "start": "0s", "order": [3, 1]},
             "election": {"detection": {"tickTime": "2000ms", "syncLimit": 5}, "duration": {"fixed": "200ms"}},
             "run": {"years": 2.5, "replications": 3, "seed": 18446744073709551615}}
            """
        let scenario = try ScenarioFile.parse(Data(text.utf8), file: "x.json")
        #expect(scenario.servers[0].group == 1 && scenario.servers[0].weight == 2)
        #expect(scenario.servers[2].faults?.timeToFailure == .fixed(hoursPerYear))
        #expect(scenario.servers[2].faults?.timeToRepair == .fixed(1.5))
        #expect(scenario.servers[3].role == .observer)
        #expect(scenario.partitions == [
            Partition(zoneA: 0, zoneB: 2, process: FaultProcess(
                timeToFailure: .weibull(shape: 1.5, scale: 720), timeToRepair: .lognormal(median: 1.5, sigma: 0.5)))
        ])
        #expect(scenario.maintenance == Maintenance(period: 168, duration: .fixed(1.0 / 3), start: 0, order: [3, 1]))
        #expect(scenario.election?.detection == 10.0 / 3600)
        #expect(scenario.run == RunSettings(years: 2.5, replications: 3, seed: .max))
    }

    @Test func defaults() throws {
        let text = """
            {"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a"}, {"id": 2, "zone": "a"}],
             "maintenance": {"period": "1d", "duration": {"fixed": "1h"}}, "election": {}}
            """
        let scenario = try ScenarioFile.parse(Data(text.utf8), file: "d.json", defaultName: "d")
        #expect(scenario.name == "d")
        #expect(scenario.serverFaults == nil)
        #expect(scenario.maintenance?.order == [1, 2])
        #expect(scenario.maintenance?.start == 0)
        #expect(scenario.election == Election(detection: 10.0 / 3600, duration: .fixed(200 / 3_600_000)))
        #expect(scenario.run == RunSettings())
    }

    static let durations: [(String, Double)] = [
        ("200ms", 0.2 / 3600), ("10s", 10.0 / 3600), ("30m", 0.5), ("1.5h", 1.5), ("7d", 168), ("2y", 2 * 8766),
        ("0.25y", 8766 / 4), ("4380h", 4380),
    ]

    @Test(arguments: durations)
    func durationsConvertToHours(text: String, hours: Double) throws {
        #expect(abs(try DurationText.hours(text) - hours) < 1e-12 * hours)
    }

    static let badDurations: [(String, DurationText.Problem)] = [
        ("24", .noUnit), ("5 h", .unknownUnit(" h")), ("5w", .unknownUnit("w")),
        ("h", .notANumber), ("", .notANumber), ("1.2.3h", .notANumber), ("-3h", .notPositive), ("0s", .notPositive),
        ("1e3h", .unknownUnit("e3h")), ("--3h", .notANumber),
    ]

    @Test(arguments: badDurations)
    func badDurationsAreRejected(text: String, problem: DurationText.Problem) {
        #expect(throws: problem) { try DurationText.hours(text) }
    }

    static let valid = """
        {"zones": [{"name": "a"}, {"name": "b"}, {"name": "c"}],
         "servers": [{"id": 1, "zone": "a"}, {"id": 2, "zone": "b"}, {"id": 3, "zone": "c"}],
         "serverFaults": {"timeToFailure": {"exponential": {"mean": "100h"}},
                          "timeToRepair": {"exponential": {"mean": "2h"}}}}
        """

    /// A bad document, the field the error must name and a fragment of its message.
    static let badFiles: [(String, String, String)] = [
        (#"{"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "d"}]}"#, "servers[0].zone", #"unknown zone "d" (zones are a)"#),
        (#"{"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a", "zonee": "a"}]}"#, "servers[0].zonee", "unknown field"),
        (#"{"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a"}], "extra": 1}"#, "extra", "unknown field"),
        (#"{"zones": [{"name": "a"}], "servers": [{"id": "1", "zone": "a"}]}"#, "servers[0].id", "expected a number, found a string"),
        (#"{"zones": [{"name": "a"}], "servers": [{"id": 1.5, "zone": "a"}]}"#, "servers[0].id", "expected an integer"),
        (#"{"zones": [{"name": "a"}], "servers": [{"id": true, "zone": "a"}]}"#, "servers[0].id", "found a boolean"),
        (#"{"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a"}, {"id": 1, "zone": "a"}]}"#, "servers[1].id", "duplicate server id 1"),
        (#"{"zones": [{"name": "a"}, {"name": "a"}], "servers": [{"id": 1, "zone": "a"}]}"#, "zones[1].name", "duplicate zone name"),
        (#"{"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a", "role": "observer"}]}"#, "servers", "no voters"),
        (#"{"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a", "role": "leader"}]}"#, "servers[0].role", "unknown role"),
        (#"{"zones": [{"name": "a"}], "servers": [{"zone": "a"}]}"#, "servers[0].id", "missing required field"),
        (#"{"zones": [{"name": "a"}]}"#, "servers", "missing required field"),
        (#"{"zones": [], "servers": [{"id": 1, "zone": "a"}]}"#, "zones", "at least one zone"),
        (#"{"zones": {"name": "a"}, "servers": []}"#, "zones", "expected an array, found an object"),
        (#"{"zones": [{"name": "a", "outage": {"timeToFailure": {"exponential": {"mean": "4"}}, "timeToRepair": {"fixed": "1h"}}}], "servers": [{"id": 1, "zone": "a"}]}"#, "zones[0].outage.timeToFailure.exponential.mean", "has no unit"),
        (#"{"zones": [{"name": "a", "outage": {"timeToFailure": {"exponential": {"mean": "-4h"}}, "timeToRepair": {"fixed": "1h"}}}], "servers": [{"id": 1, "zone": "a"}]}"#, "zones[0].outage.timeToFailure.exponential.mean", "must be positive"),
        (#"{"zones": [{"name": "a", "outage": {"timeToFailure": {"exponential": {"mean": 4}}, "timeToRepair": {"fixed": "1h"}}}], "servers": [{"id": 1, "zone": "a"}]}"#, "zones[0].outage.timeToFailure.exponential.mean", "found a number"),
        (#"{"zones": [{"name": "a", "outage": {"timeToFailure": {"fixed": "0ms"}, "timeToRepair": {"fixed": "1h"}}}], "servers": [{"id": 1, "zone": "a"}]}"#, "zones[0].outage.timeToFailure.fixed", "must be positive"),
        (#"{"zones": [{"name": "a", "outage": {"timeToFailure": {"gamma": {}}, "timeToRepair": {"fixed": "1h"}}}], "servers": [{"id": 1, "zone": "a"}]}"#, "zones[0].outage.timeToFailure.gamma", "unknown field"),
        (#"{"zones": [{"name": "a", "outage": {"timeToFailure": {"fixed": "1h", "exponential": {"mean": "1h"}}, "timeToRepair": {"fixed": "1h"}}}], "servers": [{"id": 1, "zone": "a"}]}"#, "zones[0].outage.timeToFailure", "exactly one of"),
        (#"{"zones": [{"name": "a", "outage": {"timeToFailure": {"fixed": "1h"}}}], "servers": [{"id": 1, "zone": "a"}]}"#, "zones[0].outage.timeToRepair", "missing required field"),
        (#"{"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a"}], "serverFaults": {"timeToFailure": {"weibull": {"shape": 0, "scale": "1h"}}, "timeToRepair": {"fixed": "1h"}}}"#, "serverFaults.timeToFailure.weibull.shape", "must be positive"),
        (#"{"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a"}], "serverFaults": {"timeToFailure": {"lognormal": {"median": "1h"}}, "timeToRepair": {"fixed": "1h"}}}"#, "serverFaults.timeToFailure.lognormal.sigma", "missing"),
        (#"{"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a", "group": 1}, {"id": 2, "zone": "a"}]}"#, "servers[1].group", "every participant needs one"),
        (#"{"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a", "weight": 2}]}"#, "servers[0].weight", "hierarchical"),
        (#"{"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a", "group": 1, "weight": 0}]}"#, "servers", "no quorum can ever form"),
        (#"{"zones": [{"name": "a"}, {"name": "b"}], "servers": [{"id": 1, "zone": "a"}], "partitions": [{"zones": ["a", "x"], "timeToFailure": {"fixed": "1h"}, "timeToRepair": {"fixed": "1h"}}]}"#, "partitions[0].zones[1]", "unknown zone \"x\""),
        (#"{"zones": [{"name": "a"}, {"name": "b"}], "servers": [{"id": 1, "zone": "a"}], "partitions": [{"zones": ["a", "a"], "timeToFailure": {"fixed": "1h"}, "timeToRepair": {"fixed": "1h"}}]}"#, "partitions[0].zones[1]", "two different zones"),
        (#"{"zones": [{"name": "a"}, {"name": "b"}], "servers": [{"id": 1, "zone": "a"}], "partitions": [{"zones": ["a"], "timeToFailure": {"fixed": "1h"}, "timeToRepair": {"fixed": "1h"}}]}"#, "partitions[0].zones", "expected two zone names"),
        (#"{"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a"}], "maintenance": {"period": "1d", "duration": "1h", "order": [1, 4]}}"#, "maintenance.order[1]", "unknown server id 4"),
        (#"{"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a"}], "maintenance": {"duration": "1h"}}"#, "maintenance.period", "missing"),
        (#"{"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a"}], "election": {"detection": {"tickTime": "2s", "syncLimit": 0}}}"#, "election.detection.syncLimit", "at least 1"),
        (#"{"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a"}], "election": {"detection": 10}}"#, "election.detection", "expected an object, found a number"),
        (#"{"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a"}], "run": {"years": 0}}"#, "run.years", "positive"),
        (#"{"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a"}], "run": {"replications": 0}}"#, "run.replications", "at least 1"),
        (#"{"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a"}], "run": {"seed": -1}}"#, "run.seed", "non-negative"),
        (#"{"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a"}], "run": {"yaers": 10}}"#, "run.yaers", "unknown field"),
        (#"[1, 2]"#, "", "expected a JSON object at the top"),
    ]

    @Test(arguments: badFiles)
    func badFilesNameTheField(json: String, field: String, fragment: String) {
        do {
            _ = try ScenarioFile.parse(Data(json.utf8), file: "bad.json")
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.file == "bad.json")
            #expect(error.field == field)
            #expect(error.message.contains(fragment), "\(error.message)")
            #expect(error.description.hasPrefix(field.isEmpty ? "bad.json: " : "bad.json: \(field): "))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func syntaxErrorsGiveLineAndColumn() {
        let text = "{\n  \"zones\": [1, 2,,]\n}"
        #expect {
            try ScenarioFile.parse(Data(text.utf8), file: "s.json")
        } throws: { error in
            guard let error = error as? ScenarioFileError else { return false }
            return error.line == 2 && error.column != nil && error.description.hasPrefix("s.json:2:")
                && error.description.contains("invalid JSON")
        }
        #expect(throws: ScenarioFileError.self) { try ScenarioFile.parse(Data(), file: "empty.json") }
    }

    @Test func missingFilesAndFoldersAreReported() {
        #expect(throws: ScenarioFileError(file: "/nonexistent/x.json", field: "", message: "no such file")) {
            try ScenarioFile.load(path: "/nonexistent/x.json")
        }
        #expect(throws: ScenarioFileError.self) { try ScenarioFile.load(path: Self.scenariosFolder.path) }
    }

    @Test func errorMessageReadsLikeACompiler() {
        let error = ScenarioFileError(file: "scenarios/x.json", field: "servers[3].zone", message: "unknown zone \"d\"")
        #expect(error.description == "scenarios/x.json: servers[3].zone: unknown zone \"d\"")
    }
}
