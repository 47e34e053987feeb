import ToolkitSupport

extension Distribution {
    /// The largest lognormal sigma: the mean is then e^(9/2) ≈ 90 times the median and the coefficient
    /// of variation about 90. Beyond it the mean and variance come from samples too rare to simulate.
    public static let maxLognormalSigma = 3.0
    /// The smallest Weibull shape: the mean is then Γ(6) = 120 times the scale and the coefficient of
    /// variation about 16 (at shape 0.001 the mean is 10^2564 times the scale).
    public static let minWeibullShape = 0.2
    /// The largest mean of any duration, hours (about 114 million years).
    public static let maxMeanHours = 1e12

    /// Why the distribution's mean or variance is out of bounds for simulation, as a phrase naming
    /// the parameter and the bound; `nil` when it is within them (docs/scenario-format.md).
    public var boundProblem: String? {
        switch self {
        case .lognormal(_, let sigma) where sigma > Self.maxLognormalSigma:
            return "lognormal sigma \(NumberText.compact(sigma)) is above \(NumberText.compact(Self.maxLognormalSigma))"
                + " (the mean and variance would be dominated by samples too rare to simulate)"
        case .weibull(let shape, _) where shape < Self.minWeibullShape:
            return "Weibull shape \(NumberText.compact(shape)) is below \(NumberText.compact(Self.minWeibullShape))"
                + " (the mean and variance would be dominated by samples too rare to simulate)"
        default:
            let mean = self.mean
            guard mean.isFinite, mean <= Self.maxMeanHours else {
                return "the mean \(NumberText.compact(mean)) h is above \(NumberText.compact(Self.maxMeanHours)) h"
            }
            return nil
        }
    }
}
