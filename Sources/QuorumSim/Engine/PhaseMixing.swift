import ToolkitSupport

/// Whether near-fixed renewal processes keep each replication's phases for the whole horizon.
///
/// A process whose cycle (up + down) has mean m and standard deviation s drifts in phase by about s per
/// cycle, so its phase relative to another process wanders over a whole cycle only after about (m/s)²
/// cycles: m³/s² hours. When that is longer than the horizon while a cycle is shorter than half of it,
/// each replication keeps the phases it started with (drawn at random by the stationary start): the
/// replication, not the year, is the independent sample. Over 1000 years, time to failure fixed 1000 h
/// with repair lognormal sigma 0.01 takes ~1e11 h to mix; most replications then never see two servers
/// down together, a few see it every cycle. Intervals over replications are still valid (with enough
/// replications); a Poisson bound over years when nothing was seen is not, and is withheld.
public enum PhaseMixing {
    /// The field of the first process that does not mix within `scenario`'s horizon, with its mixing time
    /// in hours; `nil` when every process mixes (exponential ones always do).
    public static func slowest(in scenario: Scenario) -> (field: String, hours: Double)? {
        let horizon = scenario.run.years * hoursPerYear
        var processes: [(String, FaultProcess)] = []
        if let faults = scenario.serverFaults { processes.append(("serverFaults", faults)) }
        for (i, server) in scenario.servers.enumerated() {
            if let faults = server.faults { processes.append(("servers[\(i)].faults", faults)) }
        }
        for (z, zone) in scenario.zones.enumerated() {
            if let outage = zone.outage { processes.append(("zones[\(z)].outage", outage)) }
        }
        for (k, partition) in scenario.partitions.enumerated() { processes.append(("partitions[\(k)]", partition.process)) }
        for (field, process) in processes {
            let mean = process.timeToFailure.mean + process.timeToRepair.mean
            let variance = process.timeToFailure.variance + process.timeToRepair.variance
            guard mean > 0, mean < horizon / 2 else { continue }
            let mixing = variance > 0 ? mean * mean * mean / variance : .infinity
            if mixing > horizon { return (field, mixing) }
        }
        return nil
    }

    /// The note printed under a report whose phases do not mix, one sentence.
    static func note(field: String, hours: Double, horizon: Double) -> String {
        let mixing = hours.isFinite ? "~\(NumberText.printf("%.0e", hours)) h" : "for ever"
        return "the near-fixed times of \(field) keep each replication's phases \(mixing) (the horizon is "
            + "\(NumberText.printf("%.1e", horizon)) h): replications, not years, are the independent samples: intervals need many of them, and no "
            + "bound over years is given (e.g. --replications 10000 --years 1)"
    }
}
