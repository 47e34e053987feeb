import Foundation
import Testing

@testable import QuorumSim

/// `ModelDefaults`: every duration reads in the scenario format, and the reader's own defaults are these.
struct ModelDefaultsTests {
    static let durations = [
        ModelDefaults.serverMTTF, ModelDefaults.serverMTTR, ModelDefaults.zoneMTTF, ModelDefaults.zoneMTTR,
        ModelDefaults.detection, ModelDefaults.election, ModelDefaults.repairWindow,
    ]

    @Test func everyDurationIsAPositiveDurationOfTheScenarioFormat() throws {
        for duration in Self.durations {
            let hours = try DurationText.hours(duration.text)
            #expect(hours > 0 && hours <= Distribution.maxMeanHours, "\(duration)")
        }
    }

    /// Detection is `syncLimit × tickTime` of the same sample zoo.cfg `quorumsim scenario` falls back to.
    @Test func detectionIsSyncLimitTicks() throws {
        let ticks = Double(ModelDefaults.syncLimit) * Double(ModelDefaults.tickTimeMilliseconds) / 3_600_000
        #expect(abs(try DurationText.hours(ModelDefaults.detection.text) - ticks) <= 1e-15)
    }

    /// An `election` section without keys takes the detection and duration of `ModelDefaults`.
    @Test func anEmptyElectionSectionReadsAsTheDefaults() throws {
        let text = """
            {"name": "d", "zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a"}],
             "serverFaults": {"timeToFailure": {"exponential": {"mean": "100h"}},
                              "timeToRepair": {"exponential": {"mean": "1h"}}},
             "election": {}}
            """
        let scenario = try ScenarioFile.parse(Data(text.utf8), file: "d.json")
        #expect(scenario.election == ModelDefaults.electionTiming)
    }
}
