/// The importance-sampling estimate of the time without a quorum, with what it cost.
///
/// Intervals are 95 % (delta method for the ratio of two independent means, Student t).
public struct RareEventEstimate: Sendable, Equatable {
    /// Why the run stopped.
    public enum Stop: String, Sendable, Equatable {
        /// The relative half-width reached the target.
        case target
        /// The cycle budget ran out first.
        case cycleBudget
        /// The time budget ran out first (depends on the machine).
        case timeBudget
        /// Nothing can fail, or no quorum even with every part up: the figure is exact (0 or 1).
        case deterministic
    }

    /// Long-run fraction of time without a serving quorum (elections instant).
    public var unavailability: Estimate
    /// Half-width of the interval over the estimate (the "relative error" at 95 %); infinite when
    /// the estimate is 0.
    public var relativeHalfWidth: Double
    /// Quorum-loss episodes per hour (transitions from a state that serves to one that does not).
    public var episodesPerHour: Estimate
    /// Mean regeneration cycle (all-up to all-up) in hours, from the unbiased cycles; `nil` when
    /// nothing can fail.
    public var meanCycleHours: Estimate?
    /// Biased cycles simulated (unbiased ones with `failureBias` = `nil`).
    public var cycles: Int
    /// Unbiased cycles simulated for the mean cycle length.
    public var plainCycles: Int
    /// Cycles (of `cycles`) that lost the quorum at least once.
    public var cyclesWithLoss: Int
    /// Transitions simulated.
    public var steps: UInt64
    /// Why the run stopped; only `.timeBudget` depends on the machine.
    public var stop: Stop
    /// The failure bias used; `nil` for plain Monte Carlo.
    public var failureBias: Double?
    /// The seed the batches' random streams came from; rerunning with it reproduces the figures
    /// (unless the run stopped for time).
    public var seed: UInt64
    /// Wall-clock seconds.
    public var wallSeconds: Double
    /// Worker threads used.
    public var threads: Int
    /// Why the interval is not to be trusted even though the run reached its target, one sentence; `nil`
    /// when nothing argues against it (see `RareEventCaution`).
    public var caution: String?

    /// Builds an estimate from its parts; `ImportanceSampling` makes them, tests build expected values.
    public init(
        unavailability: Estimate, relativeHalfWidth: Double, episodesPerHour: Estimate, meanCycleHours: Estimate?,
        cycles: Int, plainCycles: Int, cyclesWithLoss: Int, steps: UInt64, stop: Stop, failureBias: Double?,
        seed: UInt64, wallSeconds: Double, threads: Int
    ) {
        self.unavailability = unavailability
        self.relativeHalfWidth = relativeHalfWidth
        self.episodesPerHour = episodesPerHour
        self.meanCycleHours = meanCycleHours
        self.cycles = cycles
        self.plainCycles = plainCycles
        self.cyclesWithLoss = cyclesWithLoss
        self.steps = steps
        self.stop = stop
        self.failureBias = failureBias
        self.seed = seed
        self.wallSeconds = wallSeconds
        self.threads = threads
    }

    /// Minutes per year without a quorum.
    public var quorumLossMinutesPerYear: Estimate { unavailability.scaled(by: hoursPerYear * 60) }

    /// Quorum-loss episodes per year.
    public var episodesPerYear: Estimate { episodesPerHour.scaled(by: hoursPerYear) }

    /// The same figures, ignoring wall time and thread count (which never change the figures).
    public func hasSameFigures(as other: RareEventEstimate) -> Bool {
        var a = self
        var b = other
        a.wallSeconds = 0
        b.wallSeconds = 0
        a.threads = 0
        b.threads = 0
        return a == b
    }
}

extension Estimate {
    /// The estimate and its interval multiplied by `factor` (> 0).
    func scaled(by factor: Double) -> Estimate {
        Estimate(mean: mean * factor, ci95: ci95.map { ($0.lowerBound * factor)...($0.upperBound * factor) })
    }
}
