/// The model's figures where the operator gives none: the failure figures, ZooKeeper's election timing, the advice
/// target and the simulation settings of `recommend` and of the files `quorumsim scenario` writes.
///
/// Every command, the scenario reader and the help text take them from here, so that what help says is what runs.
/// They are starting points, to be replaced by the operator's own incident data; docs/scenario-format.md
/// ("Defaults of `quorumsim scenario`") gives the source of each.
public enum ModelDefaults {
    /// A default duration as the scenario format writes it (`"4380h"`), and its value in hours.
    public struct Duration: Sendable, Equatable, CustomStringConvertible {
        /// The duration text, as help shows it and generated scenario files hold it.
        public let text: String

        init(_ text: String) { self.text = text }

        /// The duration in hours, read by ``DurationText`` (the scenario format's own reader).
        public var hours: Double {
            guard let hours = try? DurationText.hours(text) else {
                preconditionFailure("ModelDefaults: \(text) is not a duration of the scenario format")
            }
            return hours
        }

        public var description: String { text }
    }

    /// Mean time to an unplanned loss of a server (host or ZooKeeper process): two a year.
    public static let serverMTTF = Duration("4380h")
    /// Mean time to bring a lost server back (replace or repair the host, resync).
    public static let serverMTTR = Duration("24h")
    /// Mean time between outages of one availability zone: one every two years.
    public static let zoneMTTF = Duration("17532h")
    /// Mean length of a zone outage.
    public static let zoneMTTR = Duration("4h")

    /// ZooKeeper's sample zoo.cfg: `tickTime` 2000 ms ...
    public static let tickTimeMilliseconds = 2000
    /// ... and `syncLimit` 5.
    public static let syncLimit = 5
    /// How long a lost leader goes unnoticed: `syncLimit × tickTime` of ZooKeeper's sample zoo.cfg.
    public static let detection = Duration("\(tickTimeMilliseconds * syncLimit / 1000)s")
    /// The election once started (`finalizeWait`, the ZooKeeper paper's "under 200 ms").
    public static let election = Duration("200ms")

    /// `quorumsim live`: how long until the members that are down are back.
    public static let repairWindow = Duration("24h")

    /// `quorumsim recommend`'s target: the fraction of time writes are possible.
    public static let targetAvailability = 0.99999
    /// The largest ensemble `quorumsim recommend` considers.
    public static let maxVoters = 9
    /// `quorumsim recommend`'s simulations: of the placements without an exact figure, and of the evidence.
    public static let recommendRun = RunSettings(years: 20000, replications: 16, seed: 1)
    /// The `run` settings of a scenario file `quorumsim scenario` writes.
    public static let scenarioRun = RunSettings(years: 10000, replications: 16, seed: 1)

    /// The server fault process of these defaults (both times exponential).
    public static var serverFaults: FaultProcess {
        FaultProcess(timeToFailure: .exponential(mean: serverMTTF.hours), timeToRepair: .exponential(mean: serverMTTR.hours))
    }

    /// The outage process of a zone of these defaults (both times exponential).
    public static var zoneOutage: FaultProcess {
        FaultProcess(timeToFailure: .exponential(mean: zoneMTTF.hours), timeToRepair: .exponential(mean: zoneMTTR.hours))
    }

    /// The election of these defaults.
    public static var electionTiming: Election {
        Election(detection: detection.hours, duration: .fixed(election.hours))
    }
}
