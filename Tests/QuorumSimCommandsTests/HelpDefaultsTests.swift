import Testing

@testable import QuorumSim
@testable import QuorumSimCommands

/// The defaults help states are `ModelDefaults`' values, interpolated: what help says is what runs.
struct HelpDefaultsTests {
    /// The failure-figure rows `recommend` and `scenario` share, with the text each must hold.
    static let failureFigures: [(String, String)] = [
        ("--server-mttf", "(default \(ModelDefaults.serverMTTF.text))"),
        ("--server-mttr", "(default \(ModelDefaults.serverMTTR.text))"),
        ("--zone-mttf", "(default \(ModelDefaults.zoneMTTF.text))"),
        ("--zone-mttr", "(default \(ModelDefaults.zoneMTTR.text))"),
        ("--election", "(default \(ModelDefaults.election.text))"),
    ]

    /// The rows of the run settings `run` gives.
    static func runRows(_ run: RunSettings) -> [(String, String)] {
        [
            ("--years", "(default \(Int(run.years)))"), ("--replications", "(default \(run.replications))"),
            ("--seed", "(default \(run.seed))"),
        ]
    }

    /// Each option's help line holds its text.
    static func check(_ help: String, _ rows: [(String, String)]) throws {
        for (option, text) in rows {
            let line = try #require(
                help.split(separator: "\n").first { $0.drop(while: { $0 == " " }).hasPrefix(option + " ") },
                "\(option) in the help")
            #expect(line.contains(text), "\(line)")
        }
    }

    @Test func recommendHelpShowsTheModelDefaults() throws {
        try Self.check(
            RecommendCommand.spec.help,
            Self.failureFigures + Self.runRows(ModelDefaults.recommendRun) + [
                ("--detection", "(default \(ModelDefaults.detection.text))"),
                ("--target-availability", "e.g. \(ModelDefaults.targetAvailability) (default)"),
                ("--max-voters", "(default \(ModelDefaults.maxVoters))"),
            ])
    }

    @Test func liveHelpShowsTheModelDefaults() throws {
        try Self.check(
            LiveCommand.spec.help,
            [
                ("--server-mttf", "(default \(ModelDefaults.serverMTTF.text))"),
                ("--zone-mttf", "(default \(ModelDefaults.zoneMTTF.text);"),
                ("--repair", "(default \(ModelDefaults.repairWindow.text))"),
            ])
    }

    @Test func scenarioHelpShowsTheModelDefaults() throws {
        try Self.check(
            ScenarioCommand.spec.help,
            Self.failureFigures + Self.runRows(ModelDefaults.scenarioRun) + [
                ("--detection", "syncLimit x tickTime, \(ModelDefaults.detection.text))")
            ])
    }

    /// And what runs is what help says: `recommend` without figure flags asks for `ModelDefaults`' model.
    @Test func recommendWithoutFlagsUsesTheModelDefaults() throws {
        let request = try #require(try RecommendCommand.parse([])).request
        #expect(request.serverFaults == ModelDefaults.serverFaults)
        #expect(request.election == ModelDefaults.electionTiming)
        #expect(request.target == .availability(ModelDefaults.targetAvailability))
        #expect(request.maxVoters == ModelDefaults.maxVoters)
        #expect(request.simulation == ModelDefaults.recommendRun)
        #expect(request.zones.allSatisfy { $0.outage == ModelDefaults.zoneOutage })
    }
}
