import Foundation

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

    /// A standard normal deviate by the Box-Muller transform (one of the pair is used,
    /// so that no state is kept between calls).
    @inlinable
    public mutating func nextStandardNormal() -> Double {
        let u1 = nextOpenUnit()
        let u2 = nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
