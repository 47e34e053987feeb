import Foundation
import Testing

@testable import QuorumSim

struct ScenarioFileTests {
    static let scenariosFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scenarios")

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

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
            // A zone without an outage process never fails, which overstates availability.
            #expect(scenario.zones.allSatisfy { $0.outage != nil }, "\(file): every zone needs an outage process")
        }
    }

    @Test func theIssueExampleReadsAsWritten() throws {
        let path = Self.scenariosFolder.appendingPathComponent("five-servers-three-zones.json").path
        let scenario = try ScenarioFile.load(path: path)
        #expect(scenario.zones.map(\.name) == ["a", "b", "c"])
        #expect(scenario.zones[0].outage?.timeToFailure == .exponential(mean: 17532))
        #expect(scenario.zones[0].outage?.timeToRepair == .exponential(mean: 4))
        // Every zone can fail, each with the same outage process (the flagship once modelled only zone a).
        #expect(scenario.zones.allSatisfy { $0.outage == scenario.zones[0].outage })
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
        #expect(
            scenario.partitions == [
                Partition(
                    zoneA: 0, zoneB: 2,
                    process: FaultProcess(
                        timeToFailure: .weibull(shape: 1.5, scale: 720),
                        timeToRepair: .lognormal(median: 1.5, sigma: 0.5)))
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

    @Test func maintenanceProcedureReadsAndDefaultsToNaive() throws {
        func parse(_ maintenance: String) throws(ScenarioFileError) -> Scenario {
            let text = """
                {"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a"}, {"id": 2, "zone": "a"}],
                 "maintenance": \(maintenance)}
                """
            return try ScenarioFile.parse(Data(text.utf8), file: "m.json")
        }
        let naive = try parse(#"{"period": "7d", "duration": "20m"}"#).maintenance
        #expect(naive?.procedure == .naive)
        let safe = try parse(#"{"period": "7d", "duration": "20m", "procedure": "safe", "healthWait": "30m"}"#)
        #expect(safe.maintenance?.procedure == .safe)
        #expect(safe.maintenance?.healthWait == 0.5)
        #expect(try parse(#"{"period": "7d", "duration": "20m", "procedure": "safe"}"#).maintenance?.healthWait == 1)
        let bad: [(String, String, String)] = [
            (#"{"period": "7d", "duration": "20m", "procedure": "careful"}"#, "maintenance.procedure", "unknown procedure"),
            (#"{"period": "7d", "duration": "20m", "healthWait": "1h"}"#, "maintenance.healthWait", "only to"),
            (#"{"period": "7d", "duration": "20m", "procedure": "safe", "healthWait": "-1h"}"#,
             "maintenance.healthWait", "zero or more"),
        ]
        for (text, field, fragment) in bad {
            do {
                _ = try parse(text)
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.field == field)
                #expect(error.message.contains(fragment), "\(error.message)")
            }
        }
    }

    static let durations: [(String, Double)] = [
        ("200ms", 0.2 / 3600), ("10s", 10.0 / 3600), ("30m", 0.5), ("1.5h", 1.5), ("7d", 168), ("2y", 2 * 8766),
        ("0.25y", 8766 / 4), ("4380h", 4380), ("1e3h", 1000), ("2.5E-1d", 6),
    ]

    @Test(arguments: durations)
    func durationsConvertToHours(text: String, hours: Double) throws {
        #expect(abs(try DurationText.hours(text) - hours) < 1e-12 * hours)
    }

    static let badDurations: [(String, DurationText.Problem)] = [
        ("24", .noUnit), ("5 h", .unknownUnit(" h")), ("5w", .unknownUnit("w")),
        ("h", .notANumber), ("", .notANumber), ("1.2.3h", .notANumber), ("-3h", .notPositive), ("0s", .notPositive),
        ("+3h", .notANumber), ("0x10h", .notANumber), ("5_0h", .notANumber), ("infh", .notANumber),
        ("--3h", .notANumber),
        (String(repeating: "9", count: 400) + "h", .tooLarge),
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
    /// A bad file in Fixtures/bad-scenarios, the field its error must name and a fragment
    /// of the message.
    static let badFiles: [(String, String, String)] = [
        ("zone-unknown-zone-d-zones-are-a", "servers[0].zone", "unknown zone \"d\" (zones are a)"),
        ("zonee-unknown-field", "servers[0].zonee", "unknown field"),
        ("extra-unknown-field", "extra", "unknown field"),
        ("id-expected-a-number-found-a-string", "servers[0].id", "expected a number, found a string"),
        ("id-expected-an-integer", "servers[0].id", "expected an integer"),
        ("id-found-a-boolean", "servers[0].id", "found a boolean"),
        ("id-duplicate-server-id-1", "servers[1].id", "duplicate server id 1"),
        ("name-duplicate-zone-name", "zones[1].name", "duplicate zone name"),
        ("servers-no-voters", "servers", "no voters"),
        ("role-unknown-role", "servers[0].role", "unknown role"),
        ("id-missing-required-field", "servers[0].id", "missing required field"),
        ("servers-missing-required-field", "servers", "missing required field"),
        ("zones-at-least-one-zone", "zones", "at least one zone"),
        ("zones-expected-an-array-found-an-objec", "zones", "expected an array, found an object"),
        ("mean-has-no-unit", "zones[0].outage.timeToFailure.exponential.mean", "has no unit"),
        ("mean-must-be-positive", "zones[0].outage.timeToFailure.exponential.mean", "must be positive"),
        ("mean-found-a-number", "zones[0].outage.timeToFailure.exponential.mean", "found a number"),
        ("fixed-must-be-positive", "zones[0].outage.timeToFailure.fixed", "must be positive"),
        ("gamma-unknown-field", "zones[0].outage.timeToFailure.gamma", "unknown field"),
        ("timetofailure-exactly-one-of", "zones[0].outage.timeToFailure", "exactly one of"),
        ("timetorepair-missing-required-field", "zones[0].outage.timeToRepair", "missing required field"),
        ("shape-must-be-positive", "serverFaults.timeToFailure.weibull.shape", "must be positive"),
        ("sigma-missing", "serverFaults.timeToFailure.lognormal.sigma", "missing"),
        ("group-every-participant-needs-one", "servers[1].group", "every participant needs one"),
        ("weight-hierarchical", "servers[0].weight", "hierarchical"),
        ("servers-no-quorum-can-ever-form", "servers", "no quorum can ever form"),
        ("zones1-unknown-zone-x", "partitions[0].zones[1]", "unknown zone \"x\""),
        ("zones1-two-different-zones", "partitions[0].zones[1]", "two different zones"),
        ("zones-expected-two-zone-names", "partitions[0].zones", "expected two zone names"),
        ("order1-unknown-server-id-4", "maintenance.order[1]", "unknown server id 4"),
        ("period-missing", "maintenance.period", "missing"),
        ("synclimit-at-least-1", "election.detection.syncLimit", "at least 1"),
        ("detection-expected-an-object-found-a-n", "election.detection", "expected an object, found a number"),
        ("years-positive", "run.years", "positive"),
        ("replications-at-least-1", "run.replications", "at least 1"),
        ("seed-non-negative", "run.seed", "non-negative"),
        ("yaers-unknown-field", "run.yaers", "unknown field"),
        ("top-expected-a-json-object-at-the-top", "", "expected a JSON object at the top"),
    ]

    @Test(arguments: badFiles)
    func badFilesNameTheField(name: String, field: String, fragment: String) {
        let path = Self.fixtures.appendingPathComponent("bad-scenarios/\(name).json").path
        do {
            _ = try ScenarioFile.load(path: path)
            Issue.record("accepted \(name).json")
        } catch {
            #expect(error.file == path)
            #expect(error.field == field)
            #expect(error.message.contains(fragment), "\(error.message)")
            #expect(error.description.hasPrefix(field.isEmpty ? "\(path): " : "\(path): \(field): "))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func everyBadFixtureIsInTheTable() throws {
        let names = try FileManager.default.contentsOfDirectory(
            atPath: Self.fixtures.appendingPathComponent("bad-scenarios").path)
        #expect(Set(names) == Set(Self.badFiles.map { "\($0.0).json" }))
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
        let path = Self.fixtures.appendingPathComponent("syntax-error.json").path
        #expect {
            try ScenarioFile.load(path: path)
        } throws: { error in
            (error as? ScenarioFileError)?.description.hasPrefix("\(path):3:") == true
        }
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

/// Keys written twice are refused with their path and position; Foundation alone would keep the last silently.
struct DuplicateKeyTests {
    static let base = """
        {"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a"}, {"id": 2, "zone": "a", "zone": "a"}],
         "serverFaults": {"timeToFailure": {"exponential": {"mean": "100h"}},
                          "timeToRepair": {"exponential": {"mean": "20h"}}}}
        """

    @Test func aKeyTwiceInANestedObjectIsNamedWithItsPath() {
        #expect {
            try ScenarioFile.parse(Data(Self.base.utf8), file: "x.json")
        } throws: { error in
            let text = "\(error)"
            return text.contains("servers[1].zone") && text.contains("written twice") && text.hasPrefix("x.json:1:")
        }
    }

    @Test func topLevelDuplicatesAfterNumbersAndNestedValuesAreFound() {
        let text = """
            {"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a"}], "run": {"years": 3, "seed": 1},
             "serverFaults": {"timeToFailure": {"exponential": {"mean": "1h"}}, "timeToRepair": {"fixed": "1h"}},
             "run": {"years": 4}}
            """
        #expect {
            try ScenarioFile.parse(Data(text.utf8), file: "y.json")
        } throws: { "\($0)".contains("y.json:3:") && "\($0)".contains(": run: written twice") }
    }

    @Test func theSameKeyInDifferentObjectsIsFine() throws {
        let text = """
            {"zones": [{"name": "a"}, {"name": "b"}], "servers": [{"id": 1, "zone": "a"}, {"id": 2, "zone": "b"}],
             "serverFaults": {"timeToFailure": {"exponential": {"mean": "100h"}},
                              "timeToRepair": {"exponential": {"mean": "20h"}}}}
            """
        #expect(try ScenarioFile.parse(Data(text.utf8), file: "z.json").servers.count == 2)
    }

    @Test(arguments: ["1e300", "1e10", "0", "-1"])
    func absurdYearsAreRefusedInsteadOfTrapping(_ years: String) {
        let text = """
            {"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a"}], "run": {"years": \(years)},
             "serverFaults": {"timeToFailure": {"exponential": {"mean": "100h"}},
                              "timeToRepair": {"exponential": {"mean": "20h"}}}}
            """
        #expect { try ScenarioFile.parse(Data(text.utf8), file: "w.json") } throws: { "\($0)".contains("run.years") }
    }
}
