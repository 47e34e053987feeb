/// Blackman and Vigna's xoshiro256** generator: fast, 256 bits of state, period 2^256 − 1.
///
/// `init(seed:stream:)` gives replication `stream` its own sequence, derived from
/// `(seed, stream)` only: both are hashed with SplitMix64's mixing function into a key
/// that seeds the state, so each stream starts at its own pseudo-random point of the
/// 2^256 − 1 period (an overlap within any feasible run is vanishingly unlikely).
/// `jump()` is there for callers that want provably disjoint streams.
struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    var s0: UInt64
    var s1: UInt64
    var s2: UInt64
    var s3: UInt64

    /// A generator whose state is expanded from `seed` with SplitMix64.
    init(seed: UInt64) {
        var mixer = SplitMix64(seed: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }  // the all-zero state is the one fixed point
    }

    /// A generator with exactly this state (not all zero).
    init(state: (UInt64, UInt64, UInt64, UInt64)) {
        precondition(state.0 | state.1 | state.2 | state.3 != 0, "the all-zero state is not allowed")
        (s0, s1, s2, s3) = state
    }

    /// Stream `stream` of `seed`, in constant time.
    init(seed: UInt64, stream: Int) {
        precondition(stream >= 0, "stream must not be negative")
        let key = SplitMix64.mix(SplitMix64.mix(seed) ^ UInt64(stream))
        self.init(seed: key)
    }

    @inlinable @inline(__always)
    mutating func next() -> UInt64 {
        let result = (s1 &* 5).rotatedLeft(by: 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3.rotatedLeft(by: 45)
        return result
    }

    /// Advances the state by 2^128 outputs (the published jump polynomial).
    mutating func jump() {
        let polynomial: [UInt64] = [
            0x180E_C6D3_3CFD_0ABA, 0xD5A6_1266_F0C9_392C, 0xA958_2618_E03F_C9AA, 0x39AB_DC45_29B1_661C,
        ]
        var t0: UInt64 = 0
        var t1: UInt64 = 0
        var t2: UInt64 = 0
        var t3: UInt64 = 0
        for word in polynomial {
            for bit in 0..<64 {
                if word & (1 << UInt64(bit)) != 0 {
                    t0 ^= s0
                    t1 ^= s1
                    t2 ^= s2
                    t3 ^= s3
                }
                _ = next()
            }
        }
        s0 = t0
        s1 = t1
        s2 = t2
        s3 = t3
    }
}

extension UInt64 {
    @inlinable @inline(__always)
    func rotatedLeft(by k: UInt64) -> UInt64 {
        (self << k) | (self >> (64 - k))
    }
}
