/// One independent alternating up/down process in its long-run (stationary) state.
///
/// `up` and `down` are both computed from the means directly, never one as `1 − other`,
/// so a tiny down probability such as 1e-7 keeps its full relative precision.
struct TwoStateComponent: Sendable, Equatable {
    /// Long-run fraction of time up (intact): MTTF / (MTTF + MTTR).
    var up: Double
    /// Long-run fraction of time down (cut): MTTR / (MTTF + MTTR).
    var down: Double
    /// 1 / MTTF, per hour: the up → down rate when times are exponential.
    var failureRate: Double
    /// 1 / MTTR, per hour (infinite for instant repair).
    var repairRate: Double
    /// Fixed up time and fixed down time: a periodic process.
    var isPeriodic: Bool
    var isExponential: Bool
    /// Names the part in messages, e.g. `zone "a" outage`.
    var label: String

    /// `nil` when the means do not make a valid process (non-positive or non-finite MTTF, negative MTTR).
    init?(_ process: FaultProcess, label: String) {
        let mttf = process.timeToFailure.mean
        let mttr = process.timeToRepair.mean
        guard mttf > 0, mttf.isFinite, mttr >= 0, mttr.isFinite else { return nil }
        let cycle = mttf + mttr
        up = mttf / cycle
        down = mttr / cycle
        failureRate = 1 / mttf
        repairRate = 1 / mttr
        isPeriodic = {
            if case .fixed = process.timeToFailure, case .fixed = process.timeToRepair { return true }
            return false
        }()
        isExponential = process.timeToFailure.isExponential && process.timeToRepair.isExponential
        self.label = label
    }

    /// Probability of the given state (`bad` = down or cut).
    @inline(__always)
    func probability(bad: Bool) -> Double { bad ? down : up }

    /// Neither always up nor always down: both states have a positive long-run probability.
    var isRandom: Bool { up > 0 && down > 0 }
}

/// Neumaier's compensated sum: adds many small positive terms without losing digits.
struct CompensatedSum {
    private(set) var sum = 0.0
    private var compensation = 0.0

    mutating func add(_ x: Double) {
        let t = sum + x
        if abs(sum) >= abs(x) {
            compensation += (sum - t) + x
        } else {
            compensation += (x - t) + sum
        }
        sum = t
    }

    var value: Double { sum + compensation }
}
