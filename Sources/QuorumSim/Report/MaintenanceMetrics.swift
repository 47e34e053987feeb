import ToolkitSupport

/// What rolling maintenance did, per simulated year, over all replications.
public struct MaintenanceMetrics: Sendable, Equatable {
    /// Restarts begun per year.
    public var restartsPerYear: Estimate
    /// Restarts begun per year while another voter was down (never on purpose with the safe procedure).
    public var restartsWithVoterDownPerYear: Estimate
    /// Cycles abandoned per year because the ensemble was not healthy in time (safe procedure).
    public var cyclesAbandonedPerYear: Estimate

    /// The maintenance figures of `results`; `nil` when no replication began a restart or abandoned a cycle.
    public init?(replications results: [ReplicationResult]) {
        guard results.contains(where: { $0.maintenanceRestarts > 0 || $0.maintenanceCyclesAbandoned > 0 }) else {
            return nil
        }
        func perYear(_ value: (ReplicationResult) -> Int) -> Estimate {
            Estimate(samples: results.map { Double(value($0)) / $0.hours * hoursPerYear }, bounds: 0...Double.infinity)
        }
        restartsPerYear = perYear(\.maintenanceRestarts)
        restartsWithVoterDownPerYear = perYear(\.restartsWithVoterDown)
        cyclesAbandonedPerYear = perYear(\.maintenanceCyclesAbandoned)
    }

    /// The `maintenance` object of the JSON report.
    var json: JSONValue {
        .object([
            ("restartsPerYear", JSONReport.estimate(restartsPerYear)),
            ("restartsWithVoterDownPerYear", JSONReport.estimate(restartsWithVoterDownPerYear)),
            ("cyclesAbandonedPerYear", JSONReport.estimate(cyclesAbandonedPerYear)),
        ])
    }

    /// The text report's maintenance rows (label, cell), shown when some report has maintenance.
    static var textRows: [(String, (SimulationReport) -> String)] {
        [
            ("maintenance restarts/year", { cell($0.metrics.maintenance?.restartsPerYear) }),
            ("  begun with a voter down", { cell($0.metrics.maintenance?.restartsWithVoterDownPerYear) }),
            ("  cycles abandoned/year", { cell($0.metrics.maintenance?.cyclesAbandonedPerYear) }),
        ]
    }

    /// A count per year: `0` when none was seen, the mean alone when every replication saw the same rate (a
    /// fixed schedule), else mean ± half-width.
    private static func cell(_ estimate: Estimate?) -> String {
        guard let estimate else { return "-" }
        if estimate.mean == 0 { return "0" }
        if estimate.halfWidth <= 1e-9 * estimate.mean {
            return NumberText.fixed(estimate.mean, NumberText.decimals(forValue: estimate.mean, significant: 4))
        }
        return NumberText.estimate(estimate)
    }
}
