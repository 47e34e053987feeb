/// What one batch of regenerative cycles measured; batches merge in batch order.
struct RareEventBatch: Sendable, Equatable {
    /// Likelihood-weighted hours without a quorum per biased cycle.
    var downHours = CycleTally()
    /// Likelihood-weighted quorum losses per biased cycle.
    var losses = CycleTally()
    /// Hours per unbiased cycle.
    var cycleHours = CycleTally()
    /// Biased cycles that visited a state without a quorum.
    var cyclesWithLoss = 0
    /// Transitions simulated, biased and unbiased.
    var steps: UInt64 = 0

    mutating func merge(_ other: RareEventBatch) {
        downHours.merge(other.downHours)
        losses.merge(other.losses)
        cycleHours.merge(other.cycleHours)
        cyclesWithLoss += other.cyclesWithLoss
        steps += other.steps
    }
}
