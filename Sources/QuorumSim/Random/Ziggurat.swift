import Glibc

/// Marsaglia and Tsang's ziggurat method for exponential and normal deviates: 256
/// layers of equal area, so that about 99 % of samples cost one `next()`, a table
/// lookup, a multiplication and a comparison, with no logarithm.
///
/// The layout follows Marsaglia & Tsang (2000), "The Ziggurat Method for Generating
/// Random Variables": `x[0] = V / f(R)` is the base strip's width, `x[1] = R` the tail's
/// start, `x[i + 1] = f⁻¹(f(x[i]) + V / x[i])`, `x[256] = 0`. The tables are computed
/// once from R and V; samples are a fixed function of the generator's outputs.
///
/// The tables are read through plain pointers: the layer index is 8 bits, so `x[i + 1]` is within the 257
/// entries without a bounds check, and a copy of the value (two pointers and R) costs no reference counting.
/// They are allocated once for each of the two static tables and never freed or written after `init`,
/// so sharing them across threads is safe.
public struct Ziggurat: @unchecked Sendable {
    /// Entries in each table: one per layer edge.
    static let count = 257
    @usableFromInline let x: UnsafePointer<Double>
    @usableFromInline let f: UnsafePointer<Double>
    /// Where the tail starts.
    @usableFromInline let r: Double

    init(r: Double, v: Double, density: (Double) -> Double, inverse: (Double) -> Double) {
        let x = UnsafeMutablePointer<Double>.allocate(capacity: Self.count)
        let f = UnsafeMutablePointer<Double>.allocate(capacity: Self.count)
        x[0] = v / density(r)
        x[1] = r
        for i in 1..<256 {
            x[i + 1] = i == 255 ? 0 : inverse(density(x[i]) + v / x[i])
        }
        for i in 0..<Self.count { f[i] = density(x[i]) }
        self.x = UnsafePointer(x)
        self.f = UnsafePointer(f)
        self.r = r
    }

    /// Exponential with mean 1 (density e^−x).
    public static let exponential = Ziggurat(
        r: 7.697_117_470_131_049_72, v: 0.003_949_659_822_581_572,
        density: { exp(-$0) }, inverse: { -log($0) })

    /// Standard normal (density e^(−x²/2), sampled on both sides).
    public static let normal = Ziggurat(
        r: 3.654_152_885_361_008_8, v: 0.004_928_673_233_99,
        density: { exp(-$0 * $0 / 2) }, inverse: { (-2 * log($0)).squareRoot() })

    /// An exponential deviate with mean 1 (call on `Ziggurat.exponential`).
    @inlinable @inline(__always)
    public func nextExponential<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        while true {
            let bits = generator.next()
            let i = Int(truncatingIfNeeded: bits & 0xFF)
            let u = Double(bits >> 11) * 0x1p-53
            let value = u * x[i]
            if value < x[i + 1] { return value }
            if i == 0 { return r - log(generator.nextOpenUnit()) }
            if f[i + 1] + (f[i] - f[i + 1]) * generator.nextUnit() < exp(-value) { return value }
        }
    }

    /// A standard normal deviate (call on `Ziggurat.normal`).
    @inlinable
    public func nextNormal<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        while true {
            let bits = generator.next()
            let i = Int(truncatingIfNeeded: bits & 0xFF)
            let u = 2 * (Double(bits >> 11) * 0x1p-53) - 1
            let value = u * x[i]
            if abs(value) < x[i + 1] { return value }
            if i == 0 {
                // The tail beyond R, by Marsaglia's method.
                var t = 0.0
                var y = 0.0
                repeat {
                    t = log(generator.nextOpenUnit()) / r
                    y = log(generator.nextOpenUnit())
                } while -2 * y < t * t
                return u < 0 ? t - r : r - t
            }
            if f[i + 1] + (f[i] - f[i + 1]) * generator.nextUnit() < exp(-value * value / 2) { return value }
        }
    }
}
