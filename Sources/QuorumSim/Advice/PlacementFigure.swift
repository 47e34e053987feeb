import ToolkitSupport

/// The figure `quorumsim recommend` ranks a placement by, and how it was obtained.
///
/// Downtime = time without a quorum + elections after faults + elections maintenance causes, each a long-run
/// fraction of time (docs/quorumsim-advice.md, "The figure"):
/// - time without a quorum: exact, from the product form with maintenance conditioning and the partitions
///   (`ExactAvailability`); it depends only on the means of the fault times;
/// - elections after faults: the first-order estimate of `ExactAvailability.electionDowntimeEstimate`, a flow
///   rate between joint states, which for independent stationary renewal processes also depends only on the means,
///   so it is computed on the same scenario with exponential times of the same means;
/// - elections maintenance causes: `MaintenanceElections.perCycle` × (detection + mean election) / period.
///
/// Where the exact figure does not apply (periodic processes in step, too many states, maintenance rounds that may
/// overrun their period), the placement is simulated instead and the simulated mean is the figure.
public struct PlacementFigure: Sendable, Equatable {
    /// Long-run fraction of time without a quorum.
    public var quorumLoss: Double
    /// Fraction of time lost to elections that faults (servers, zones, cuts) start.
    public var faultElections: Double
    /// Fraction of time lost to elections that rolling maintenance starts.
    public var maintenanceElections: Double
    /// The simulated downtime, minutes per year with its 95% interval, when the figure is simulated; `nil` if exact.
    public var simulated: Estimate?

    /// The ranked fraction of time writes are impossible, 0 … 1: the simulated mean when simulated, else the sum.
    public var unavailability: Double {
        if let simulated { return Fraction.clamped(simulated.mean / (hoursPerYear * 60)) }
        return Fraction.clamped(quorumLoss + faultElections + maintenanceElections)
    }

    /// A figure whose parts fit in the time: each part within 0 … 1, and the elections within the time a quorum
    /// exists. The election parts are first-order rates × durations, which outgrow the time left when faults come
    /// faster than elections end (a zone failing every millisecond): cut there, never past a whole year.
    init(quorumLoss: Double, faultElections: Double, maintenanceElections: Double, simulated: Estimate? = nil) {
        self.quorumLoss = Fraction.clamped(quorumLoss)
        self.faultElections = Fraction.clamped(faultElections, atMost: 1 - self.quorumLoss)
        self.maintenanceElections = Fraction.clamped(
            maintenanceElections, atMost: 1 - self.quorumLoss - self.faultElections)
        self.simulated = simulated
    }
}

/// Computes `PlacementFigure`s.
enum PlacementFigures {
    /// Largest accepted probability (Cantelli's bound) that one maintenance round with random durations overruns
    /// its period; above it the means-only figure is not trusted and the placement is simulated.
    static let overrunBound = 1e-3

    /// Why a placement of this size cannot be evaluated at all (maintenance never fits the period), or `nil`.
    static func exclusion(voters: Int, maintenance: Maintenance?) -> String? {
        guard let m = maintenance, !MaintenanceClock(m).fits(voters, restartsOf: m.duration.mean) else { return nil }
        let round = m.duration.mean * Double(voters)
        return "maintenance of \(voters) servers takes \(hours(round)) per round, longer than the period of "
            + "\(hours(m.period))"
    }

    /// Why the exact figure does not apply to `scenario` (a placement), or `nil` when it does.
    static func inexactReason(_ scenario: Scenario) -> String? {
        var check = scenario
        check.election = nil
        if let m = scenario.maintenance {
            check.maintenance?.duration = .fixed(m.duration.mean)
            if let q = overrunProbabilityBound(m), q > overrunBound {
                return "a maintenance round may overrun its period (probability up to \(NumberText.printf("%.2g", q)))"
            }
        }
        if let reason = ExactAvailability.applicability(of: check).reason { return reason }
        let (model, _) = ProductForm.make(meansOnly(scenario))
        if let model, model.allComponents.count > ComponentChain.partLimit {
            return "\(model.allComponents.count) random parts: the election estimate handles at most "
                + "\(ComponentChain.partLimit)"
        }
        return nil
    }

    /// The exact figure; `nil` when `inexactReason` is not `nil`.
    static func exact(_ scenario: Scenario) -> PlacementFigure? {
        guard inexactReason(scenario) == nil else { return nil }
        var quorumOnly = meansOnly(scenario)
        quorumOnly.election = nil
        guard let quorum = ExactAvailability.unavailability(of: quorumOnly) else { return nil }
        var faultsOnly = meansOnly(scenario)
        faultsOnly.maintenance = nil
        guard let faults = ExactAvailability.electionDowntimeEstimate(of: faultsOnly) else { return nil }
        return PlacementFigure(
            quorumLoss: quorum, faultElections: faults, maintenanceElections: maintenanceElections(scenario))
    }

    /// The simulated figure: the simulator's downtime with its interval, split into quorum loss and elections.
    /// - Returns: the figure and the simulation it comes from (kept, so the evidence does not run it again).
    static func simulated(
        _ scenario: Scenario, threads: Int
    ) throws(SimulationError) -> (figure: PlacementFigure, report: SimulationReport) {
        let report = try Simulator.run(scenario, threads: threads)
        let scale = 1 / (hoursPerYear * 60)
        let elections = report.metrics.electionMinutesPerYear.mean * scale
        let maintenance = min(maintenanceElections(scenario), elections)
        let figure = PlacementFigure(
            quorumLoss: report.metrics.quorumLossMinutesPerYear.mean * scale,
            faultElections: elections - maintenance, maintenanceElections: maintenance,
            simulated: report.metrics.downtimeMinutesPerYear)
        return (figure, report)
    }

    /// Elections per cycle × (detection + mean election) / period; 0 without maintenance or elections.
    static func maintenanceElections(_ scenario: Scenario) -> Double {
        guard let m = scenario.maintenance, let e = scenario.election, m.period > 0 else { return 0 }
        let voters = scenario.servers.filter { $0.role == .participant }.map(\.id)
        return MaintenanceElections.perCycle(ids: voters, order: m.order) * (e.detection + e.duration.mean) / m.period
    }

    /// The scenario with every fault time exponential of the same mean and a fixed maintenance duration of the
    /// same mean: the figures above depend only on the means.
    static func meansOnly(_ scenario: Scenario) -> Scenario {
        func exponential(_ p: FaultProcess) -> FaultProcess {
            FaultProcess(
                timeToFailure: .exponential(mean: p.timeToFailure.mean),
                timeToRepair: .exponential(mean: p.timeToRepair.mean))
        }
        var s = scenario
        s.zones = s.zones.map { Zone(name: $0.name, outage: $0.outage.map(exponential)) }
        s.serverFaults = s.serverFaults.map(exponential)
        s.servers = s.servers.map { var v = $0; v.faults = v.faults.map(exponential); return v }
        s.partitions = s.partitions.map { Partition(zoneA: $0.zoneA, zoneB: $0.zoneB, process: exponential($0.process)) }
        if let m = s.maintenance { s.maintenance?.duration = .fixed(m.duration.mean) }
        return s
    }

    /// Cantelli's bound on P(sum of one round's durations > period); `nil` for fixed durations (no randomness).
    static func overrunProbabilityBound(_ m: Maintenance) -> Double? {
        if case .fixed = m.duration { return nil }
        let k = Double(m.order.count)
        let slack = m.period - k * m.duration.mean
        guard slack > 0 else { return 1 }
        let variance = k * m.duration.variance
        guard variance.isFinite else { return 1 }
        return variance / (variance + slack * slack)
    }

    static func hours(_ h: Double) -> String {
        h >= 1 ? NumberText.printf("%.4gh", h) : NumberText.printf("%.4gm", h * 60)
    }
}

