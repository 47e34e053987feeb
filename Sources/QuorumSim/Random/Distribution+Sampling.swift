import Foundation

extension Distribution {
    /// One sample, in hours, drawn with `generator`.
    ///
    /// Exponential by inversion, Weibull by inversion, lognormal as
    /// `median × exp(sigma × Z)` with Z from Box-Muller. The hot loop uses the
    /// equivalent precomputed `Sampler`.
    @inlinable
    public func sample(using generator: inout some RandomNumberGenerator) -> Double {
        Sampler(self).sample(using: &generator)
    }
}
