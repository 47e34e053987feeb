import CommandLineSupport
import QuorumSim
import QuorumSimDeployment
import ToolkitSupport

/// `quorumsim scenario`: a scenario file describing a real deployment, from its zoo.cfg (or Kafka's
/// `zookeeper.connect`) and a map of hosts to zones, with documented default failure figures.
package enum ScenarioCommand {
    package static let spec = CommandSpec(
        name: "quorumsim scenario",
        synopsis: [
            "quorumsim scenario (--zoo-cfg FILE | --connect HOSTS) (--zones HOST=ZONE,... | --zone-map FILE)",
            "                   [-o FILE] [--server-mttf D] [--zone-mttf D] [--maintenance-period D] ...",
            "                   [--elections-from TIMELINE...]",
        ],
        abstract: """
            Writes a scenario file for `quorumsim run` describing your ensemble: the servers of a zoo.cfg
            (participants, observers, hierarchical groups and weights, and tickTime x syncLimit as the
            election's detection time) or of Kafka's zookeeper.connect (all participants, numbered 1, 2, ...),
            each in the zone the map gives its host. Failure figures are documented defaults
            (docs/scenario-format.md gives their sources); replace them with your own.
            """,
        sections: [
            HelpSection(
                "ENSEMBLE", [zooCfgOption.row, connectOption.row, zonesOption.row, zoneMapOption.row, nameOption.row]),
            HelpSection(
                "FAILURE FIGURES (durations such as 4380h, 30m, 200ms)",
                [
                    QuorumSimOptions.serverMTTF.row, QuorumSimOptions.serverMTTR.row, QuorumSimOptions.zoneMTTF.row,
                    QuorumSimOptions.zoneMTTR.row, QuorumSimOptions.noZoneOutages.row, detectionOption.row,
                    electionOption.row, electionsFromOption.row, QuorumSimOptions.maintenancePeriod.row,
                    QuorumSimOptions.maintenanceDuration.row, procedureOption.row,
                ]),
            HelpSection(
                "OUTPUT",
                [
                    outputOption.row, years.row, replications.row, seed.row, CommandSpec.wallClockTimeout.row,
                    .option(CommandSpec.helpOption),
                ]),
        ],
        epilogue: """
            EXIT CODES: 0 written, 1 the file could not be written, 2 the zoo.cfg, zone map or a timeline is
            unreadable or invalid, or hosts are left without a zone, 64 wrong command line.
            """)

    static let zooCfgOption = Option<String>(
        "--zoo-cfg", "FILE", help: "the ensemble's zoo.cfg (its dynamicConfigFile is read too)")
    static let connectOption = Option<String>(
        "--connect", "HOSTS", help: "Kafka's zookeeper.connect, such as zk1:2181,zk2:2181,zk3:2181/kafka")
    static let zonesOption = Option<String>(
        "--zones", "HOST=ZONE,...", help: "the zone of each host, such as zk1=a,zk2=b,zk3=c")
    static let zoneMapOption = Option<String>(
        "--zone-map", "FILE", help: "the same, one host=zone (or host zone) a line, # comments")
    static let nameOption = Option<String>("--name", "NAME", help: "the scenario's name (default deployment)")
    /// Positive, unlike `recommend`'s: a scenario file has no zero detection time.
    static let detectionOption = Option<Double>(
        "--detection", "D", .duration(), default: .note("syncLimit x tickTime, \(ModelDefaults.detection)"),
        help: "time to notice a lost leader")
    static let electionOption = Option<Double>(
        "--election", "D", .duration(), default: .value(ModelDefaults.election.text),
        help: "the election once started")
    static let electionsFromOption = Option<String>(
        "--elections-from", "TIMELINE",
        help: "elections measured by zkprobe watch: its timelines (this file and any after the options), "
            + "instead of --detection/--election")
    static let procedureOption = Option<MaintenanceProcedure>(
        "--procedure", "P", .choice, default: "safe", help: "how maintenance restarts (docs/scenario-format.md)")
    static let outputOption = Option<String>(
        "--output", "FILE", alias: "-o", help: "write the scenario to FILE (atomically) instead of standard output")
    static let years = QuorumSimOptions.years.defaulting(.value(NumberText.compact(ModelDefaults.scenarioRun.years)))
    static let replications = QuorumSimOptions.replications.defaulting(
        .value("\(ModelDefaults.scenarioRun.replications)"))
    static let seed = QuorumSimOptions.seed.defaulting(.value("\(ModelDefaults.scenarioRun.seed)"))

    /// What the command line asks for.
    struct Invocation {
        /// Where the members come from: a zoo.cfg path or a connect string.
        enum Source {
            case zooConfig(String)
            case connect(String)
        }
        /// Where the zones come from: `--zones` text or a `--zone-map` path.
        enum Zones {
            /// `--zones`, read while parsing (a malformed pair is a usage error).
            case flag(ZoneMap)
            case file(String)
        }
        var source: Source
        var zones: Zones
        var settings = DeploymentSettings()
        var detectionGiven = false
        var output: String?
        /// `--elections-from` and the operands after it: the timelines whose elections the scenario takes.
        var timelines: [String] = []
    }

    package static func run(_ arguments: [String]) -> CommandOutcome {
        spec.run(arguments, usageStatus: ExitStatus.usage, parse: parse, write)
    }

    static func write(_ invocation: Invocation) -> CommandOutcome {
        let text: String
        do { text = try document(invocation) } catch {
            return .failure("\(spec.name): \(error)", status: ExitStatus.badScenario)
        }
        guard let output = invocation.output else { return CommandOutcome(output: text) }
        do { try AtomicFile.write(text, to: output) } catch {
            return .failure("\(spec.name): --output \(output): \(error)", status: ExitStatus.failure)
        }
        return CommandOutcome(output: "")
    }

    /// Reads the inputs and builds the scenario text.
    static func document(_ invocation: Invocation) throws(DeploymentError) -> String {
        var settings = invocation.settings
        let members: [DeploymentMember]
        let source: String
        switch invocation.source {
        case .zooConfig(let path):
            let text = try readInput(path, what: "zoo.cfg")
            members = try DeploymentMember.fromZooConfig(text, path: path) { try? readInput($0, what: "file") }
            let timing = try ZooConfigTiming.read(text, path: path)
            if !invocation.detectionGiven {
                settings.detection = .ticks(
                    tickTimeMilliseconds: timing.tickTime ?? ModelDefaults.tickTimeMilliseconds,
                    syncLimit: timing.syncLimit ?? ModelDefaults.syncLimit)
            }
            source = oneLine(path, limit: 200)
        case .connect(let text):
            members = try DeploymentMember.fromConnectString(text)
            source = "a zookeeper.connect string"
        }
        if !invocation.timelines.isEmpty {
            do { settings.measuredElections = try TimelineInput.measuredElections(invocation.timelines) } catch {
                throw DeploymentError(error.description)
            }
            settings.overridden = true
        }
        let zoneMap: ZoneMap
        switch invocation.zones {
        case .flag(let map): zoneMap = map
        case .file(let path):
            let text = try readInput(path, what: "zone map")
            do { zoneMap = try ZoneMap.parse(text, from: .file(path)) } catch { throw DeploymentError(error.description) }
        }
        return try DeploymentScenario(members: members, zoneMap: zoneMap, settings: settings, source: source)
            .document()
    }

    /// A whole input file as UTF-8, at most `TextFile.configurationLimit` (zoo.cfg files and zone maps), read by
    /// ``TextFile``.
    static func readInput(_ path: String, what: String) throws(DeploymentError) -> String {
        do {
            return try TextFile.read(path, limit: TextFile.configurationLimit, what: what)
        } catch {
            throw DeploymentError(error.description)
        }
    }
}
