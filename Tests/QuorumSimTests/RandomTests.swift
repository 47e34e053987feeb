import Testing

@testable import QuorumSim

struct RandomTests {
    @Test func splitMix64MatchesTheReferenceOutput() {
        // First outputs of the reference splitmix64.c seeded with 0.
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func xoshiroMatchesTheReferenceOutput() {
        // xoshiro256** from the state {1, 2, 3, 4}, as in the reference implementation.
        var generator = Xoshiro256StarStar(state: (1, 2, 3, 4))
        #expect(generator.next() == 11520)
        #expect(generator.next() == 0)
        #expect(generator.next() == 1_509_978_240)
        #expect(generator.next() == 1_215_971_899_390_074_240)
    }

    @Test func sameSeedAndStreamGiveTheSameSequence() {
        var a = Xoshiro256StarStar(seed: 42, stream: 7)
        var b = Xoshiro256StarStar(seed: 42, stream: 7)
        for _ in 0..<1000 { #expect(a.next() == b.next()) }
    }

    @Test(arguments: [(1, 0, 1, 1), (1, 0, 2, 0), (1, 5, 2, 5)] as [(UInt64, Int, UInt64, Int)])
    func otherSeedsOrStreamsGiveOtherSequences(seedA: UInt64, streamA: Int, seedB: UInt64, streamB: Int) {
        var a = Xoshiro256StarStar(seed: seedA, stream: streamA)
        var b = Xoshiro256StarStar(seed: seedB, stream: streamB)
        let first = (0..<64).map { _ in a.next() }
        let second = (0..<64).map { _ in b.next() }
        #expect(Set(first).isDisjoint(with: second))
    }

    @Test func jumpLeavesTheSequence() {
        var a = Xoshiro256StarStar(seed: 3)
        var b = a
        b.jump()
        let ahead = Set((0..<1000).map { _ in b.next() })
        #expect((0..<1000).allSatisfy { _ in !ahead.contains(a.next()) })
    }

    @Test func unitDoublesStayInRangeAndUseTheTopBits() {
        var zero = ConstantGenerator(value: 0)
        #expect(zero.nextUnit() == 0)
        #expect(zero.nextOpenUnit() == 0x1p-53)
        var ones = ConstantGenerator(value: .max)
        #expect(ones.nextUnit() == 1 - 0x1p-53)
        #expect(ones.nextOpenUnit() == 1)
        var generator = Xoshiro256StarStar(seed: 9)
        for _ in 0..<10_000 {
            let u = generator.nextUnit()
            #expect(u >= 0 && u < 1)
        }
    }
}

/// Returns the same word every time.
struct ConstantGenerator: RandomNumberGenerator {
    var value: UInt64
    mutating func next() -> UInt64 { value }
}
