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
                "ENSEMBLE",
                [
                    HelpSection.row("--zoo-cfg", "FILE", "the ensemble's zoo.cfg (its dynamicConfigFile is read too)"),
                    HelpSection.row("--connect", "HOSTS", "Kafka's zookeeper.connect, such as zk1:2181,zk2:2181,zk3:2181/kafka"),
                    HelpSection.row("--zones", "HOST=ZONE,...", "the zone of each host, such as zk1=a,zk2=b,zk3=c"),
                    HelpSection.row("--zone-map", "FILE", "the same, one host=zone (or host zone) a line, # comments"),
                    HelpSection.row("--name", "NAME", "the scenario's name (default deployment)"),
                ]),
            HelpSection(
                "FAILURE FIGURES (durations such as 4380h, 30m, 200ms)",
                [
                    HelpSection.row(
                        "--server-mttf", "D",
                        "mean time to an unplanned server loss (default \(ModelDefaults.serverMTTF))"),
                    HelpSection.row(
                        "--server-mttr", "D",
                        "mean time to bring a server back (default \(ModelDefaults.serverMTTR))"),
                    HelpSection.row(
                        "--zone-mttf", "D",
                        "mean time between outages of a zone (default \(ModelDefaults.zoneMTTF))"),
                    HelpSection.row("--zone-mttr", "D", "mean length of a zone outage (default \(ModelDefaults.zoneMTTR))"),
                    HelpSection.row("--no-zone-outages", nil, "zones never fail"),
                    HelpSection.row("--detection", "D", "time to notice a lost leader (default: syncLimit x tickTime, \(ModelDefaults.detection))"),
                    HelpSection.row("--election", "D", "the election once started (default \(ModelDefaults.election))"),
                    HelpSection.row("--maintenance-period", "D", "rolling restarts every D ..."),
                    HelpSection.row("--maintenance-duration", "D", "... each server down for D"),
                    HelpSection.row(
                        "--procedure", "P", "naive or safe (default safe; docs/scenario-format.md)",
                        choices: MaintenanceProcedure.allCases.map(\.rawValue)),
                ]),
            HelpSection(
                "OUTPUT",
                [
                    .option(
                        OptionSpec(
                            "--output", "FILE", alias: "-o",
                            help: "write the scenario to FILE (atomically) instead of standard output")),
                    HelpSection.row("--years", "N", "run.years of the file (default \(NumberText.compact(defaultRun.years)))"),
                    HelpSection.row("--replications", "N", "run.replications, 1 to 1000000 (default \(defaultRun.replications))"),
                    HelpSection.row("--seed", "N", "run.seed (default \(defaultRun.seed))"),
                    .option(CommandSpec.wallClockTimeoutOption), .option(CommandSpec.helpOption),
                ]),
        ],
        epilogue: """
            EXIT CODES: 0 written, 1 the file could not be written, 2 the zoo.cfg or zone map is unreadable,
            invalid or leaves hosts without a zone, 64 wrong command line.
            """)

    /// The `run` settings of the file when no flag changes them.
    private static let defaultRun = ModelDefaults.scenarioRun

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
