extension Distribution {
    /// One sample, in hours, drawn with `generator`.
    ///
    /// Exponential as `mean × E` and Weibull as `scale × E^(1/shape)` with E a standard
    /// exponential, lognormal as `median × exp(sigma × Z)` with Z a standard normal; E and
    /// Z come from the ziggurat method; measured intervals as one picked uniformly, then a uniform point within
    /// it. The hot loop uses the same precomputed `Sampler` (`DurationSampler` for an election).
    @inlinable
    public func sample(using generator: inout some RandomNumberGenerator) -> Double {
        DurationSampler(self).sample(using: &generator)
    }
}
