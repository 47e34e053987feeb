/// How `ImportanceSampling` runs: the change of measure, the stopping rule and the budgets.
///
/// The run is a sequence of rounds of `batchesPerRound` batches; batch b draws from
/// `Xoshiro256StarStar(seed: seed, stream: b)` and simulates `cyclesPerBatch` biased cycles and
/// `plainCyclesPerBatch` unbiased ones. The stopping rule is checked after each round on all
/// batches so far, in batch order, so the figures do not depend on the thread count.
public struct RareEventSettings: Sendable, Equatable {
    /// Total probability of a failure transition in every state other than all-up (balanced failure
    /// biasing), in (0, 1); `nil` simulates the chain without any change of measure (plain Monte
    /// Carlo on the same regenerative cycles, for comparison).
    public var failureBias: Double?
    /// Keep biasing failures after the quorum is lost. Off by default: once the quorum is gone the
    /// quantity of interest is the time until it comes back, which the unbiased chain gives with
    /// a likelihood ratio that no longer changes, so the variance is lower.
    public var biasWhileDown: Bool
    /// Stop once the 95 % half-width is at most this fraction of the estimate, in (0, 1).
    public var targetRelativeHalfWidth: Double
    /// Stop once this many biased cycles have run (rounded up to whole batches).
    public var maxCycles: Int
    /// Stop once this many seconds of wall time have passed; `nil`: no time limit. Workers check
    /// the clock every 64 cycles; batches not finished by then are dropped and the estimate uses the
    /// finished ones in batch order (batch 0 always finishes). A stop for time depends on the
    /// machine, so only the other two stops are reproducible.
    public var maxSeconds: Double?
    /// The stopping rule needs at least this many biased cycles that lost the quorum, so that
    /// the variance is not judged from a handful of values.
    public var minimumCyclesWithLoss: Int
    /// A cycle longer than this many transitions stops the run with `RareEventError.cycleTooLong`
    /// (a bias so strong that the chain drifts away from all-up).
    public var maxStepsPerCycle: Int
    /// Biased cycles per batch (one random stream each).
    public var cyclesPerBatch: Int
    /// Unbiased cycles per batch, for the mean cycle length (not rare: a few suffice).
    public var plainCyclesPerBatch: Int
    /// Batches between two checks of the stopping rule.
    public var batchesPerRound: Int
    /// The random seed (0 … 2⁶⁴−1); batch b uses stream b of it, so a seed gives the same figures on any thread count.
    public var seed: UInt64

    /// Settings; the defaults are those of `quorumsim run --rare` (bias 0.5, 5 % target, 60 s budget), which passes
    /// the scenario's run seed.
    public init(
        failureBias: Double? = 0.5, biasWhileDown: Bool = false, targetRelativeHalfWidth: Double = 0.05,
        maxCycles: Int = 100_000_000, maxSeconds: Double? = 60, minimumCyclesWithLoss: Int = 100,
        maxStepsPerCycle: Int = 1_000_000, cyclesPerBatch: Int = 2048, plainCyclesPerBatch: Int = 512,
        batchesPerRound: Int = 16, seed: UInt64 = 1
    ) {
        self.failureBias = failureBias
        self.biasWhileDown = biasWhileDown
        self.targetRelativeHalfWidth = targetRelativeHalfWidth
        self.maxCycles = maxCycles
        self.maxSeconds = maxSeconds
        self.minimumCyclesWithLoss = minimumCyclesWithLoss
        self.maxStepsPerCycle = maxStepsPerCycle
        self.cyclesPerBatch = cyclesPerBatch
        self.plainCyclesPerBatch = plainCyclesPerBatch
        self.batchesPerRound = batchesPerRound
        self.seed = seed
    }

    /// Throws when a setting is out of range.
    func validate() throws(RareEventError) {
        if let bias = failureBias, !(bias > 0 && bias < 1) {
            throw .invalidSetting("the failure bias must be between 0 and 1 (exclusive), not \(bias)")
        }
        if !(targetRelativeHalfWidth > 0 && targetRelativeHalfWidth < 1) {
            throw .invalidSetting(
                "the target relative half-width must be between 0 and 1 (exclusive), not \(targetRelativeHalfWidth)")
        }
        if maxCycles < 1 { throw .invalidSetting("the cycle budget must be at least 1, not \(maxCycles)") }
        if let seconds = maxSeconds, !(seconds > 0) {
            throw .invalidSetting("the time budget must be positive, not \(seconds)")
        }
        if minimumCyclesWithLoss < 0 {
            throw .invalidSetting("the minimum number of cycles with a loss must not be negative")
        }
        if maxStepsPerCycle < 1 {
            throw .invalidSetting("the step limit per cycle must be at least 1, not \(maxStepsPerCycle)")
        }
        if cyclesPerBatch < 2 { throw .invalidSetting("a batch needs at least 2 cycles, not \(cyclesPerBatch)") }
        if plainCyclesPerBatch < 2 {
            throw .invalidSetting("a batch needs at least 2 plain cycles, not \(plainCyclesPerBatch)")
        }
        if batchesPerRound < 1 { throw .invalidSetting("a round needs at least 1 batch, not \(batchesPerRound)") }
    }
}
