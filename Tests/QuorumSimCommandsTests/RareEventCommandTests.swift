import CommandLineSupport
import Foundation
import Testing

@testable import QuorumSim
@testable import QuorumSimCommands

/// `quorumsim run --rare`: the importance-sampling figures in each report format.
struct RareEventCommandTests {
    /// 7 voters 3/2/2, realistic rates, all exponential: the exact figure and IS both apply.
    static let rare = CommandTests.file(
        "rare-322.json",
        """
        {"name": "three-two-two",
         "zones": [
          {"name": "a", "outage": {"timeToFailure": {"exponential": {"mean": "17532h"}},
                                   "timeToRepair": {"exponential": {"mean": "4h"}}}},
          {"name": "b", "outage": {"timeToFailure": {"exponential": {"mean": "17532h"}},
                                   "timeToRepair": {"exponential": {"mean": "4h"}}}},
          {"name": "c", "outage": {"timeToFailure": {"exponential": {"mean": "17532h"}},
                                   "timeToRepair": {"exponential": {"mean": "4h"}}}}],
         "servers": [{"id": 1, "zone": "a"}, {"id": 2, "zone": "a"}, {"id": 3, "zone": "a"},
                     {"id": 4, "zone": "b"}, {"id": 5, "zone": "b"}, {"id": 6, "zone": "c"}, {"id": 7, "zone": "c"}],
         "serverFaults": {"timeToFailure": {"exponential": {"mean": "4380h"}},
                          "timeToRepair": {"exponential": {"mean": "24h"}}},
         "election": {"detection": "10s", "duration": {"fixed": "200ms"}},
         "run": {"years": 2, "replications": 2, "seed": 5}}
        """)
    /// Lognormal repairs: no IS.
    static let lognormal = CommandTests.file(
        "rare-lognormal.json",
        """
        {"name": "lognormal", "zones": [{"name": "a"}],
         "servers": [{"id": 1, "zone": "a"}, {"id": 2, "zone": "a"}, {"id": 3, "zone": "a"}],
         "serverFaults": {"timeToFailure": {"exponential": {"mean": "4380h"}},
                          "timeToRepair": {"lognormal": {"median": "8h", "sigma": 0.8}}},
         "run": {"years": 2, "replications": 2, "seed": 5}}
        """)

    func run(_ arguments: [String]) -> (Int32, Capture) {
        runQuorumSim(arguments)
    }

    @Test func jsonCarriesTheEstimateBesideTheExactFigure() throws {
        let (code, capture) = run(["run", Self.rare, Self.lognormal, "--rare", "--format", "json", "--threads", "2"])
        #expect(code == ExitStatus.success)
        let entries = try #require(
            try JSONSerialization.jsonObject(with: Data(capture.stdout.utf8)) as? [[String: Any]])
        let exact = try #require(entries[0]["exact"] as? [String: Any])
        let exactFraction = try #require(exact["quorumLossFraction"] as? Double)
        let rare = try #require(entries[0]["rareEvent"] as? [String: Any])
        let fraction = try #require(rare["quorumLossFraction"] as? [String: Any])
        let interval = try #require(fraction["ci95"] as? [Double])
        #expect(interval[0] <= exactFraction && exactFraction <= interval[1])
        let relative = try #require(rare["relativeHalfWidth"] as? Double)
        #expect(relative > 0 && relative <= 0.05)
        #expect(rare["stop"] as? String == "target")
        #expect(rare["seed"] as? Int == 5)
        #expect((rare["cycles"] as? Int ?? 0) > 0)
        #expect(rare["reason"] is NSNull)
        let refused = try #require(entries[1]["rareEvent"] as? [String: Any])
        #expect(refused["quorumLossFraction"] is NSNull)
        #expect((refused["reason"] as? String)?.contains("not exponential") == true)
    }

    /// Importance sampling leaves a Kafka cluster out: the text says the estimate is the metadata quorum's alone.
    @Test func aKafkaScenarioSaysTheEstimateIsTheMetadataQuorumsOnly() throws {
        let file = GoldenOutputTests.scenarioFolder.appendingPathComponent("kafka-six-brokers-three-zones-kraft.json")
        let (code, text) = run(["run", file.path, "--years", "5", "--replications", "2", "--rare", "--threads", "1"])
        #expect(code == ExitStatus.success)
        #expect(
            text.stdout.contains(
                "IS for kafka-six-brokers-three-zones-kraft: estimates the time without a quorum of the KRaft "
                    + "controllers only; the Kafka figures are the plain simulation's"), "\(text.stdout)")
        let (_, plain) = run(["run", Self.rare, "--rare", "--years", "1"])
        #expect(!plain.stdout.contains("Kafka figures"))
    }

    @Test func textAndCsvShowTheEstimateOnlyWhenAskedFor() throws {
        let (_, plain) = run(["run", Self.rare, "--years", "1"])
        #expect(!plain.stdout.contains("IS "))
        let (code, text) = run(["run", Self.rare, Self.lognormal, "--rare-target", "0.1"])
        #expect(code == ExitStatus.success)
        let row = try #require(text.stdout.split(separator: "\n").first { $0.hasPrefix("  IS fraction") })
        #expect(row.contains("e-06 ± ") && row.contains("%"))
        #expect(text.stdout.contains("IS for lognormal: server 1 faults is not exponential"))

        let (_, csv) = run(["run", Self.rare, Self.lognormal, "--rare", "--format", "csv"])
        let lines = csv.stdout.split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        let column = try #require(header.firstIndex(of: "rare_quorum_loss_fraction"))
        let cells = lines[1].split(separator: ",", omittingEmptySubsequences: false)
        let value = try #require(Double(cells[column]))
        #expect(value > 1e-6 && value < 1e-5)
        #expect(lines[2].hasSuffix("\","), "the reason is the quoted cell before the (empty) caution")
        let (_, plainCsv) = run(["run", Self.rare, "--format", "csv", "--years", "1"])
        #expect(!plainCsv.stdout.contains("rare_"))
    }

    @Test(arguments: [
        ["run", "x.json", "--rare-target", "0"], ["run", "x.json", "--rare-target", "1.5"],
        ["run", "x.json", "--rare-seconds", "-3"], ["run", "x.json", "--rare=yes"],
    ])
    func badRareOptionsAreUsageErrors(arguments: [String]) {
        let (code, capture) = run(arguments)
        #expect(code == ExitStatus.usage)
        #expect(capture.stderr.contains("--help"))
        #expect(capture.stdout.isEmpty)
    }

    @Test func rareOptionsParse() throws {
        let options = try RunOptions(arguments: ["a.json", "--rare-target=0.02", "--rare-seconds", "5"])
        #expect(options.rare)
        let settings = options.rareSettings(seed: 9)
        #expect(settings.targetRelativeHalfWidth == 0.02 && settings.maxSeconds == 5 && settings.seed == 9)
        #expect(try RunOptions(arguments: ["a.json", "--rare"]).rareSettings(seed: 1) == RareEventSettings(seed: 1))
        #expect(try RunOptions(arguments: ["a.json"]).rare == false)
    }
}
