/// Steele, Lea and Flood's SplitMix64: a tiny generator used here only to expand a
/// 64-bit seed into the larger state of `Xoshiro256StarStar`.
///
/// Every output is a fixed function of the seed, so results are the same on every
/// platform and toolchain.
struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64

    init(seed: UInt64) {
        self.state = seed
    }

    @inlinable
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// SplitMix64's output function: a bijection of 64-bit words that mixes every
    /// input bit into every output bit.
    @inlinable
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
