import CommandLineSupport
import QuorumSim
import ToolkitSupport

/// `quorumsim recommend`: how many voters, in which zones, with the evidence.
package enum RecommendCommand {
    package static let spec = CommandSpec(
        name: "quorumsim recommend",
        synopsis: [
            "quorumsim recommend [--zones N|a,b,c] [--from FILE] [options]",
            "quorumsim recommend --kafka [--zones N|a,b,c] [--brokers LIST] [--replication-factors LIST] [options]",
        ],
        abstract: """
            Enumerates 1 to 9 voters and every placement over the zones, computes one downtime figure for each
            (time without a quorum, exact, plus the elections faults and rolling maintenance cause; simulated where
            no exact figure applies), and prints the smallest ensemble whose figure meets the target, with its
            evidence and why the alternatives lose. Exit 3 when no placement meets the target.

            With --kafka: enumerates broker counts (spread evenly over the zones), replication factors and
            min.insync.replicas for one rack-aware topic, and KRaft controller counts in every placement; ranks the
            clusters by their exact time with some partition unwritable and the controllers by their exact time
            without a quorum; prints the fewest brokers and controllers that meet the target, both tables and why.
            Exit 3 when no cluster or no controller count meets it.
            """,
        sections: [
            HelpSection(
                "ZONES AND FAULTS",
                [
                    zonesOption.row, fromOption.row, QuorumSimOptions.serverMTTF.row, QuorumSimOptions.serverMTTR.row,
                    QuorumSimOptions.zoneMTTF.row, QuorumSimOptions.zoneMTTR.row, QuorumSimOptions.noZoneOutages.row,
                    QuorumSimOptions.maintenancePeriod.row, QuorumSimOptions.maintenanceDuration.row,
                    detectionOption.row, electionOption.row,
                ]),
            HelpSection(
                "TARGET",
                [targetAvailability.row, QuorumSimOptions.targetDowntime.row, maxVotersOption.row]),
            HelpSection(
                "KAFKA (with --kafka; --server-mttf/--server-mttr are every broker's and controller's)",
                [
                    kafkaOption.row, brokersOption.row, replicationFactorsOption.row, minISROption.row,
                    partitionsOption.row, controllersOption.row,
                ]),
            HelpSection(
                "OUTPUT",
                [
                    formatOption.row, CommandSpec.wallClockTimeout.row, svgOption.row, years.row, replications.row,
                    seed.row, QuorumSimOptions.threads.row, .option(CommandSpec.helpOption),
                ]),
        ],
        epilogue: "The same options and seed give the same advice.\n")

    enum Format: String, CaseIterable { case text, json }

    static let zonesOption = Option<String>(
        "--zones", "N|NAMES", .text, default: "3", help: "zones available: a count (1 to 8) or up to 8 names (a,b,c)")
    static let fromOption = Option<String>(
        "--from", "FILE",
        help: "take the zones (with their outage processes), partitions, server faults,\n"
            + "maintenance and election settings from a scenario file (its servers are\n"
            + "ignored; --zones and the zone flags conflict with it)")
    /// Zero is allowed here: `--detection 0s --election 0s` models instant elections (no election at all),
    /// which a scenario file (and so `quorumsim scenario`) cannot say.
    static let detectionOption = Option<Double>(
        "--detection", "D", .duration(allowZero: true), default: .value(ModelDefaults.detection.text),
        help: "time to notice a lost leader, syncLimit x tickTime")
    static let electionOption = Option<Double>(
        "--election", "D", .duration(allowZero: true), default: .value(ModelDefaults.election.text),
        help: "election duration; --detection 0s --election 0s: instant")
    static let targetAvailability = QuorumSimOptions.targetAvailability.defaulting(
        .value("\(ModelDefaults.targetAvailability)"))
    static let maxVotersOption = Option<Int>(
        "--max-voters", "N", .integer(in: 1...9), default: .value("\(ModelDefaults.maxVoters)"),
        help: "largest ensemble considered")
    static let formatOption = Option<Format>("--format", "F", .choice, default: "text", help: "the advice's format")
    static let svgOption = Option<String>(
        "--svg", "FILE", help: "draw downtime per year against voter count, one line per zone layout")
    static let years = QuorumSimOptions.years.defaulting(.value(NumberText.compact(ModelDefaults.recommendRun.years)))
    static let replications = QuorumSimOptions.replications.defaulting(
        .value("\(ModelDefaults.recommendRun.replications)"))
    static let seed = QuorumSimOptions.seed.defaulting(.value("\(ModelDefaults.recommendRun.seed)"))

    /// What the command line asks for.
    struct Invocation {
        /// The request, with the simulation settings (`--years`, `--replications`, `--seed`, `--threads`) that
        /// serve both the placements without an exact figure and the evidence.
        var request: RecommendRequest
        var format = Format.text
        var svg: String?
        /// The `--from` file, whose problems are scenario errors rather than command-line errors.
        var from: String?
        /// With `--kafka`: the Kafka request, which replaces `request`.
        var kafka: KafkaRecommendRequest?
    }

    package static func run(_ arguments: [String], context: CommandContext = .quiet) -> CommandOutcome {
        spec.run(arguments, usageStatus: ExitStatus.usage, parse: parse, otherError: failure) {
            execute($0, context: context)
        }
    }

    /// A bad `--from` file is a scenario error (exit 2).
    static func failure(_ error: any Error) -> CommandOutcome {
        if let error = error as? ScenarioFileError { return .failure(error.description, status: ExitStatus.badScenario) }
        return .failure("\(spec.name): \(error)", status: ExitStatus.usage)
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
        if parsed.has(kafkaOption) {
            let kafka = try makeKafkaRequest(parsed)
            var invocation = Invocation(
                request: RecommendRequest(zones: kafka.zones, serverFaults: kafka.brokerFaults, target: kafka.target))
            invocation.format = try parsed.value(of: formatOption)!
            invocation.kafka = kafka
            return invocation
        }
        try refuseKafkaOptions(parsed)
        var request = try makeRequest(parsed)
        request.simulation = RunSettings(
            years: try parsed.value(of: years)!, replications: try parsed.value(of: replications)!,
            seed: try parsed.value(of: seed)!)
        request.threads =
            try parsed.value(of: QuorumSimOptions.threads) ?? Simulator.defaultThreads
        var invocation = Invocation(request: request)
        invocation.format = try parsed.value(of: formatOption)!
        invocation.svg = parsed.text(of: svgOption)
        invocation.from = parsed.text(of: fromOption)
        return invocation
    }

    static func execute(_ invocation: Invocation, context: CommandContext = .quiet) -> CommandOutcome {
        if let kafka = invocation.kafka { return executeKafka(kafka, format: invocation.format) }
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
        if let file = scan.text(of: fromOption) {
            let zoneRows = [
                zonesOption.spec, QuorumSimOptions.zoneMTTF.spec, QuorumSimOptions.zoneMTTR.spec,
                QuorumSimOptions.noZoneOutages.spec,
            ]
            for row in zoneRows where scan.has(row) {
                throw scan.error("\(row.name) conflicts with --from (the file gives the zones and their outages): drop one")
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
        serverFaults = try self.serverFaults(scan, otherwise: serverFaults)
        if let period = try scan.value(of: QuorumSimOptions.maintenancePeriod) {
            guard let duration = try scan.value(of: QuorumSimOptions.maintenanceDuration) else {
                throw scan.error("--maintenance-period needs --maintenance-duration")
            }
            maintenance = Maintenance(period: period, duration: .fixed(duration), order: [])
        } else if scan.has(QuorumSimOptions.maintenanceDuration) {
            throw scan.error("--maintenance-duration needs --maintenance-period")
        }
        if scan.has(detectionOption) || scan.has(electionOption) {
            let detection = try scan.value(of: detectionOption)!
            let duration = try scan.value(of: electionOption)!
            election = detection == 0 && duration == 0 ? nil : Election(detection: detection, duration: .fixed(duration))
        }
        return RecommendRequest(
            zones: zones, serverFaults: serverFaults, partitions: partitions, maintenance: maintenance,
            election: election,
            target: try target(scan), maxVoters: try scan.value(of: maxVotersOption)!)
    }

    /// The servers' (or brokers') fault process: exponential with the means of `--server-mttf`/`--server-mttr`
    /// (each at its default when only the other is given) when either is given, else `fallback` unchanged.
    static func serverFaults(_ scan: ParsedArguments, otherwise fallback: FaultProcess) throws(UsageError)
        -> FaultProcess
    {
        guard scan.has(QuorumSimOptions.serverMTTF) || scan.has(QuorumSimOptions.serverMTTR) else { return fallback }
        return FaultProcess(
            timeToFailure: .exponential(mean: try scan.value(of: QuorumSimOptions.serverMTTF)!),
            timeToRepair: .exponential(mean: try scan.value(of: QuorumSimOptions.serverMTTR)!))
    }

    /// `--zones N` or `--zones a,b,c`, each with the outage process of `--zone-mttf`/`--zone-mttr`.
    static func zones(_ scan: ParsedArguments) throws(UsageError) -> [Zone] {
        let zoneOutage =
            scan.has(QuorumSimOptions.noZoneOutages)
            ? nil
            : FaultProcess(
                timeToFailure: .exponential(mean: try scan.value(of: QuorumSimOptions.zoneMTTF)!),
                timeToRepair: .exponential(mean: try scan.value(of: QuorumSimOptions.zoneMTTR)!))
        let spec = try scan.value(of: zonesOption)!
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
        if let given = try optionalTarget(scan) { return given }
        return .availability(try scan.value(of: targetAvailability)!)
    }

    /// `--target-availability` or `--target-downtime` (not both); nil when neither is given.
    static func optionalTarget(_ scan: ParsedArguments) throws(UsageError) -> RecommendRequest.Target? {
        let a = try scan.value(of: QuorumSimOptions.targetAvailability)
        let d = try scan.value(of: QuorumSimOptions.targetDowntime)
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
