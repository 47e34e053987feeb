import Testing

@testable import QuorumSim
@testable import QuorumSimCommands

/// The defaults help states are `ModelDefaults`' values (the option rows' defaults): what help says is what runs.
struct HelpDefaultsTests {
    /// The failure-figure rows `recommend` and `scenario` share, with the text each must hold.
    static let failureFigures: [(String, String)] = [
        ("--server-mttf", "default \(ModelDefaults.serverMTTF.text)"),
        ("--server-mttr", "default \(ModelDefaults.serverMTTR.text)"),
        ("--zone-mttf", "default \(ModelDefaults.zoneMTTF.text)"),
        ("--zone-mttr", "default \(ModelDefaults.zoneMTTR.text)"),
        ("--election", "default \(ModelDefaults.election.text)"),
    ]

    /// The rows of the run settings `run` gives.
    static func runRows(_ run: RunSettings) -> [(String, String)] {
        [
            ("--years", "default \(Int(run.years))"), ("--replications", "default \(run.replications)"),
            ("--seed", "default \(run.seed)"),
        ]
    }

    /// Each option's help row (its line and the indented lines under it) says "default" and holds its text, in
    /// either help layout: "(default 4380h)" or "(RANGE; default 4380h)" on a line of its own.
    static func check(_ help: String, _ rows: [(String, String)]) throws {
        let lines: [(indent: Int, text: String)] = help.split(separator: "\n").map { line in
            let text = String(line.drop(while: { $0 == " " }))
            return (line.count - text.count, text)
        }
        for (option, text) in rows {
            let start = try #require(lines.firstIndex { $0.text.hasPrefix(option + " ") }, "\(option) in the help")
            let rest = lines[(start + 1)...].prefix { $0.indent > lines[start].indent && !$0.text.hasPrefix("-") }
            let row = ([lines[start]] + rest).map(\.text).joined(separator: " ")
            #expect(row.contains("default") && row.contains(text), "\(row)")
        }
    }

    @Test func recommendHelpShowsTheModelDefaults() throws {
        try Self.check(
            RecommendCommand.spec.help,
            Self.failureFigures + Self.runRows(ModelDefaults.recommendRun) + [
                ("--detection", "default \(ModelDefaults.detection.text)"),
                ("--target-availability", "\(ModelDefaults.targetAvailability)"),
                ("--max-voters", "default \(ModelDefaults.maxVoters)"),
            ])
    }

    @Test func liveHelpShowsTheModelDefaults() throws {
        try Self.check(
            LiveCommand.spec.help,
            [
                ("--server-mttf", "default \(ModelDefaults.serverMTTF.text)"),
                ("--zone-mttf", "default \(ModelDefaults.zoneMTTF.text)"),
                ("--repair", "default \(ModelDefaults.repairWindow.text)"),
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
