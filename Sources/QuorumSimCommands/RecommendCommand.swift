import FoundationEssentials
import CommandLineSupport
import QuorumSim
import ToolkitSupport

/// `quorumsim recommend`: how many voters, in which zones, with the evidence.
package enum RecommendCommand {
    package static let spec = CommandSpec(
        name: "quorumsim recommend", synopsis: ["quorumsim recommend [--zones N|a,b,c] [--from FILE] [options]"],
        abstract: """
            Enumerates 1 to 9 voters and every placement over the zones, computes one downtime figure for each
            (time without a quorum, exact, plus the elections faults and rolling maintenance cause; simulated where
            no exact figure applies), and prints the smallest ensemble whose figure meets the target, with its
            evidence and why the alternatives lose. Exit 3 when no placement meets the target.
            """,
        sections: [
            HelpSection(
                "ZONES AND FAULTS",
                [
                    HelpSection.row("--zones", "N|NAMES", "zones available: a count (3) or names (a,b,c); default 3"),
                    HelpSection.row(
                        "--from", "FILE",
                        "take the zones (with their outage processes), partitions, server faults,\n"
                            + "maintenance and election settings from a scenario file (its servers are\n"
                            + "ignored; --zones and the zone flags conflict with it)"),
                    HelpSection.row("--server-mttf", "D", "mean time to a server failure (default \(ModelDefaults.serverMTTF))"),
                    HelpSection.row("--server-mttr", "D", "mean time to repair a server (default \(ModelDefaults.serverMTTR))"),
                    HelpSection.row("--zone-mttf", "D", "mean time between outages of a zone (default \(ModelDefaults.zoneMTTF))"),
                    HelpSection.row("--zone-mttr", "D", "mean length of a zone outage (default \(ModelDefaults.zoneMTTR))"),
                    HelpSection.row("--no-zone-outages", nil, "zones never fail"),
                    HelpSection.row("--maintenance-period", "D", "rolling maintenance: every D, each server down in turn ..."),
                    HelpSection.row("--maintenance-duration", "D", "... for D (fixed)"),
                    HelpSection.row(
                        "--detection", "D",
                        "time to notice a lost leader, syncLimit x tickTime (default \(ModelDefaults.detection))"),
                    HelpSection.row(
                        "--election", "D",
                        "election duration (default \(ModelDefaults.election)); --detection 0s --election 0s: instant"),
                ]),
            HelpSection(
                "TARGET",
                [
                    HelpSection.row("--target-availability", "A", "e.g. \(ModelDefaults.targetAvailability) (default)"),
                    HelpSection.row("--target-downtime", "MINUTES", "minutes of write downtime a year"),
                    HelpSection.row("--max-voters", "N", "largest ensemble considered, 1-9 (default \(ModelDefaults.maxVoters))"),
                ]),
            HelpSection(
                "OUTPUT",
                [
                    HelpSection.row("--format", "F", "text (default) or json", choices: Format.allCases.map(\.rawValue)),
                    .option(CommandSpec.wallClockTimeoutOption),
                    HelpSection.row("--svg", "FILE", "draw downtime per year against voter count, one line per zone layout"),
                    HelpSection.row(
                        "--years", "N",
                        "simulated years per replication for the evidence (default \(NumberText.compact(defaultRun.years)))"),
                    HelpSection.row("--replications", "N", "2 to 100000 (default \(defaultRun.replications))"),
                    HelpSection.row("--seed", "N", "(default \(defaultRun.seed))"),
                    HelpSection.row("--threads", "N", "1 to 1024 (default: one per core)"),
                    .option(CommandSpec.helpOption),
                ]),
        ],
        epilogue: "The same options and seed give the same advice.\n")

    /// `recommend`'s simulation settings when no flag changes them.
    private static let defaultRun = ModelDefaults.recommendRun

    enum Format: String, CaseIterable { case text, json }

    /// What the command line asks for.
    struct Invocation {
        /// The request, with the simulation settings (`--years`, `--replications`, `--seed`, `--threads`) that
        /// serve both the placements without an exact figure and the evidence.
        var request: RecommendRequest
        var format = Format.text
        var svg: String?
        /// The `--from` file, whose problems are scenario errors rather than command-line errors.
        var from: String?
    }

    package static func run(_ arguments: [String], context: CommandContext = .quiet) -> CommandOutcome {
        let invocation: Invocation
        do {
            guard let parsed = try parse(arguments) else {
                return .printing((try? spec.parse(arguments))?.versionRequested == true ? spec.versionLine : spec.help)
            }
            invocation = parsed
        } catch let error as UsageError {
            return .usage(error, status: ExitStatus.usage)
        } catch let error as ScenarioFileError {
            return .failure(error.description, status: ExitStatus.badScenario)
        } catch {
            return .failure("\(spec.name): \(error)", status: ExitStatus.usage)
        }
        return execute(invocation, context: context)
    }

    /// The invocation, or `nil` when help was asked for.
    /// - Throws: `UsageError`, or `ScenarioFileError` for a bad `--from` file.
    static func parse(_ arguments: [String]) throws -> Invocation? {
        let parsed = try spec.parse(arguments)
        if parsed.stopsAfterParsing { return nil }
        _ = try parsed.wallClockTimeout()  // checked here, enforced by main
        guard parsed.operands.isEmpty else {
            throw parsed.error("unexpected argument '\(CommandSpec.shown(parsed.operands[0]))'")
        }
        var request = try makeRequest(parsed)
        request.simulation = ModelDefaults.recommendRun
        if let y = try parsed.number("--years", in: 1...RunSettings.maxYears) { request.simulation.years = y }
        if let r = try parsed.integer("--replications", in: 2...100_000) { request.simulation.replications = r }
        if let s = try parsed.unsigned("--seed") { request.simulation.seed = s }
        request.threads = try parsed.integer("--threads", in: 1...1024) ?? ProcessInfo.processInfo.activeProcessorCount
        var invocation = Invocation(request: request)
        invocation.format = try parsed.choice("--format", as: Format.self) ?? .text
        invocation.svg = parsed.string("--svg")
        invocation.from = parsed.string("--from")
        return invocation
    }

    static func execute(_ invocation: Invocation, context: CommandContext = .quiet) -> CommandOutcome {
        let recommendation: Recommendation
        let threads = invocation.request.threads
        do {
            recommendation = try Recommender.recommend(invocation.request, evidence: true) { step, scenarios in
                context.announceLongRun(announcement(step, scenarios.count), scenarios, threads: threads)
            }
        } catch {
            if error.kind == .simulationFailed {
                return .failure("\(spec.name): \(error.description)", status: ExitStatus.failure)
            }
            if let file = invocation.from {
                return .failure("\(file): \(error.description)", status: ExitStatus.badScenario)
            }
            return .failure("\(spec.name): \(error.description); see --help", status: ExitStatus.usage)
        }
        if let svg = invocation.svg {
            do {
                try AtomicFile.write(recommendation.plot().render(), to: svg)
            } catch {
                return .failure("\(spec.name): --svg \(svg): \(error)", status: ExitStatus.failure)
            }
        }
        let status = recommendation.chosen == nil ? ExitStatus.noPlacement : ExitStatus.success
        switch invocation.format {
        case .json: return CommandOutcome(status: status, output: recommendation.json() + "\n")
        case .text: return CommandOutcome(status: status, output: recommendation.text())
        }
    }

    /// What standard error says before a long step of `recommend` (`CommandContext.announceLongRun`).
    static func announcement(_ step: Recommender.SimulationStep, _ count: Int) -> String {
        switch step {
        case .placements: return "recommend: \(count) placement(s) without an exact figure, simulated"
        case .evidence: return "recommend: the evidence, \(count) simulation(s)"
        }
    }

    /// The zones, faults, maintenance, elections and target the options describe (`--from` first, flags over it).
    static func makeRequest(_ scan: ParsedArguments) throws -> RecommendRequest {
        var serverFaults = ModelDefaults.serverFaults
        var maintenance: Maintenance?
        var election: Election? = ModelDefaults.electionTiming
        var partitions: [Partition] = []
        let zones: [Zone]
        if let file = scan.string("--from") {
            for flag in ["--zones", "--zone-mttf", "--zone-mttr", "--no-zone-outages"] where scan.has(flag) {
                throw scan.error("\(flag) conflicts with --from (the file gives the zones and their outages): drop one")
            }
            let scenario = try ScenarioFile.load(path: file)
            zones = scenario.zones
            partitions = scenario.partitions
            if let f = scenario.serverFaults { serverFaults = f }
            maintenance = scenario.maintenance
            election = scenario.election
        } else {
            zones = try self.zones(scan)
        }
        if scan.has("--server-mttf") || scan.has("--server-mttr") {
            serverFaults = FaultProcess(
                timeToFailure: .exponential(mean: try scan.hours("--server-mttf", default: ModelDefaults.serverMTTF.hours)!),
                timeToRepair: .exponential(mean: try scan.hours("--server-mttr", default: ModelDefaults.serverMTTR.hours)!))
        }
        if let period = try scan.hours("--maintenance-period") {
            guard let duration = try scan.hours("--maintenance-duration") else {
                throw scan.error("--maintenance-period needs --maintenance-duration")
            }
            maintenance = Maintenance(period: period, duration: .fixed(duration), order: [])
        } else if scan.has("--maintenance-duration") {
            throw scan.error("--maintenance-duration needs --maintenance-period")
        }
        if scan.has("--detection") || scan.has("--election") {
            let detection = try scan.hours("--detection", default: ModelDefaults.detection.hours, allowZero: true)!
            let duration = try scan.hours("--election", default: ModelDefaults.election.hours, allowZero: true)!
            election = detection == 0 && duration == 0 ? nil : Election(detection: detection, duration: .fixed(duration))
        }
        return RecommendRequest(
            zones: zones, serverFaults: serverFaults, partitions: partitions, maintenance: maintenance,
            election: election,
            target: try target(scan), maxVoters: try scan.integer("--max-voters", in: 1...9) ?? ModelDefaults.maxVoters)
    }

    /// `--zones N` or `--zones a,b,c`, each with the outage process of `--zone-mttf`/`--zone-mttr`.
    static func zones(_ scan: ParsedArguments) throws(UsageError) -> [Zone] {
        let zoneOutage =
            scan.has("--no-zone-outages")
            ? nil
            : FaultProcess(
                timeToFailure: .exponential(mean: try scan.hours("--zone-mttf", default: ModelDefaults.zoneMTTF.hours)!),
                timeToRepair: .exponential(mean: try scan.hours("--zone-mttr", default: ModelDefaults.zoneMTTR.hours)!))
        let spec = scan.string("--zones") ?? "3"
        if let count = DecimalText.integer(spec, as: Int.self) {
            guard (1...8).contains(count) else {
                throw scan.error("--zones \(CommandSpec.shown(spec)): choose 1 to 8 zones")
            }
            return (0..<count).map { Zone(name: String(UnicodeScalar(UInt8(97 + $0))), outage: zoneOutage) }
        }
        let names = spec.split(separator: ",").map { $0.trimmingBlanks() }
        guard !names.isEmpty, !names.contains(where: \.isEmpty), Set(names).count == names.count, names.count <= 8 else {
            throw scan.error("--zones \(CommandSpec.shown(spec)): give a count or up to 8 distinct names, such as a,b,c")
        }
        return names.map { Zone(name: $0, outage: zoneOutage) }
    }

    /// `--target-availability` or `--target-downtime` (not both); `ModelDefaults.targetAvailability` when neither
    /// is given.
    static func target(_ scan: ParsedArguments) throws(UsageError) -> RecommendRequest.Target {
        try optionalTarget(scan) ?? .availability(ModelDefaults.targetAvailability)
    }

    /// `--target-availability` or `--target-downtime` (not both); nil when neither is given.
    static func optionalTarget(_ scan: ParsedArguments) throws(UsageError) -> RecommendRequest.Target? {
        let a = try scan.number("--target-availability", in: 0...1)
        let d = try scan.number("--target-downtime", in: 0...525_960)
        if a != nil && d != nil {
            throw scan.error("give --target-availability or --target-downtime, not both")
        }
        if let a {
            guard a < 1 else { throw scan.error("--target-availability 1: no ensemble is always available; try \(ModelDefaults.targetAvailability)") }
            return .availability(a)
        }
        if let d { return .downtimeMinutesPerYear(d) }
        return nil
    }
}
