extension RandomNumberGenerator {
    /// A uniform double in [0, 1): the top 53 bits of `next()`, so the value depends
    /// only on the generator's output, never on the standard library's algorithm.
    @inlinable @inline(__always)
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform double in (0, 1], safe to take the logarithm of.
    @inlinable @inline(__always)
    public mutating func nextOpenUnit() -> Double {
        Double((next() >> 11) + 1) * 0x1p-53
    }

    /// A standard normal deviate (ziggurat method).
    @inlinable
    public mutating func nextStandardNormal() -> Double {
        Ziggurat.normal.nextNormal(using: &self)
    }

    /// An exponential deviate with mean 1 (ziggurat method).
    @inlinable @inline(__always)
    public mutating func nextStandardExponential() -> Double {
        Ziggurat.exponential.nextExponential(using: &self)
    }
}
