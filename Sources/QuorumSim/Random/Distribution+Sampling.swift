extension Distribution {
    /// One sample, in hours, drawn with `generator`.
    ///
    /// Exponential as `mean × E` and Weibull as `scale × E^(1/shape)` with E a standard
    /// exponential, lognormal as `median × exp(sigma × Z)` with Z a standard normal; E and
    /// Z come from the ziggurat method. The hot loop uses the same precomputed `Sampler`.
    @inlinable
    public func sample(using generator: inout some RandomNumberGenerator) -> Double {
        Sampler(self).sample(using: &generator)
    }
}
