import CommandLineSupport
import QuorumSim

/// The option rows more than one `quorumsim` subcommand offers: one row, one range, one help text wherever the
/// option appears (a subcommand may give it another default with ``Option/defaulting(_:)``).
package enum QuorumSimOptions {
    package static let years = Option<Double>(
        "--years", "N", .number(in: 0...RunSettings.maxYears, aboveLowerBound: true),
        help: "simulated years per replication (a scenario's run.years)")
    /// The scenario files' own bound (`run.replications`).
    package static let replications = Option<Int>(
        "--replications", "N", .integer(in: 1...RunSettings.maxReplications),
        help: "independent replications (a scenario's run.replications)")
    package static let seed = Option<UInt64>("--seed", "N", .unsigned, help: "random seed (a scenario's run.seed)")
    /// One bound for a count of worker threads in both tools (`zkprobe serve --max-concurrent-checks` too):
    /// the simulator uses at most one per replication, and no machine this runs on has more cores.
    package static let threads = Option<Int>(
        "--threads", "N", .integer(in: 1...1024), default: .note("one per active processor"),
        help: "worker threads; the figures do not depend on it")

    package static let targetAvailability = Option<Double>(
        "--target-availability", "A", .number(in: 0...1), help: "the target as availability, such as 0.99999")
    /// A year of minutes: 365.25 × 24 × 60.
    package static let targetDowntime = Option<Double>(
        "--target-downtime", "MINUTES", .number(in: 0...525_960), help: "the target in minutes of write downtime a year")

    package static let serverMTTF = Option<Double>(
        "--server-mttf", "D", .duration(), default: .value(ModelDefaults.serverMTTF.text),
        help: "mean time to an unplanned server loss")
    package static let serverMTTR = Option<Double>(
        "--server-mttr", "D", .duration(), default: .value(ModelDefaults.serverMTTR.text),
        help: "mean time to bring a server back")
    package static let zoneMTTF = Option<Double>(
        "--zone-mttf", "D", .duration(), default: .value(ModelDefaults.zoneMTTF.text),
        help: "mean time between outages of a zone")
    package static let zoneMTTR = Option<Double>(
        "--zone-mttr", "D", .duration(), default: .value(ModelDefaults.zoneMTTR.text),
        help: "mean length of a zone outage")
    package static let noZoneOutages = Option<Bool>(flag: "--no-zone-outages", help: "zones never fail")
    package static let maintenancePeriod = Option<Double>(
        "--maintenance-period", "D", .duration(), help: "rolling maintenance: every D, each server down in turn ...")
    package static let maintenanceDuration = Option<Double>(
        "--maintenance-duration", "D", .duration(), help: "... for D (fixed)")
}
