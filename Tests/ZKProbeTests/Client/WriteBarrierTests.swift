import TestSupport
import Testing

@testable import ZKProbe

/// The write probe's barrier: when it opens, who writes the visibility node, who waits for it.
struct WriteBarrierTests {
    let start = ContinuousClock.now

    func barrier(_ participants: Int) -> WriteBarrier {
        WriteBarrier(node: "/p/v", participants: participants, releaseAt: start + .seconds(1))
    }

    @Test func opensWhenEverySessionHasArrivedAndTheFirstInRequestOrderWrites() {
        let b = barrier(3)
        b.arrive(2, now: start)
        b.arrive(1, now: start)
        #expect(b.nodeToCreate(for: 1, now: start) == nil)
        #expect(!b.isReleased)
        b.arrive(0, now: start)
        #expect(b.isReleased)
        #expect(b.nodeToCreate(for: 2, now: start) == "/p/v-2")
        #expect(b.nodeToCreate(for: 0, now: start) == "/p/v")
        #expect(b.nodeToCreate(for: 1, now: start) == "/p/v-1")
    }

    @Test func aSessionThatEndsIsNotWaitedFor() {
        let b = barrier(3)
        b.arrive(1, now: start)
        b.leave(0, now: start)
        #expect(!b.isReleased)
        b.leave(2, now: start)
        #expect(b.nodeToCreate(for: 1, now: start) == "/p/v")
    }

    @Test func opensAtItsTimeWithoutTheLateOnesAndALateArrivalNeverWritesTheNode() {
        let b = barrier(3)
        b.arrive(2, now: start)
        #expect(b.nodeToCreate(for: 2, now: start + .milliseconds(999)) == nil)
        #expect(b.nodeToCreate(for: 2, now: start + .seconds(1)) == "/p/v")
        b.arrive(0, now: start + .seconds(1))
        #expect(b.nodeToCreate(for: 0, now: start + .seconds(1)) == "/p/v-0")
    }

    @Test func withNobodyThereWhenItOpensTheFirstToArriveWrites() {
        let b = barrier(2)
        #expect(b.nodeToCreate(for: 0, now: start + .seconds(2)) == nil)
        #expect(b.isReleased)
        b.arrive(1, now: start + .seconds(2))
        #expect(b.nodeToCreate(for: 1, now: start + .seconds(2)) == "/p/v")
        b.arrive(0, now: start + .seconds(2))
        #expect(b.nodeToCreate(for: 0, now: start + .seconds(2)) == "/p/v-0")
    }

    @Test func theWriterEndingBeforeItsAcknowledgementFailsTheWrite() {
        let acked = barrier(2)
        acked.arrive(0, now: start)
        acked.arrive(1, now: start)
        _ = acked.nodeToCreate(for: 0, now: start)
        acked.written(at: start)
        acked.leave(0, now: start)
        #expect(!acked.writeFailed)
        #expect(acked.writeAckedAt == start)

        let lost = barrier(2)
        lost.arrive(0, now: start)
        lost.arrive(1, now: start)
        _ = lost.nodeToCreate(for: 0, now: start)
        lost.leave(1, now: start)
        #expect(!lost.writeFailed)
        lost.leave(0, now: start)
        #expect(lost.writeFailed)
    }
}

/// The visibility node's name: known before the write, different per host, process and run.
struct ProbeNodeNameTests {
    @Test func namesTheHostTheProcessAndEightHexDigits() {
        #expect(
            ProbeNodeName.make(under: "/zkprobe", host: "zk-probe.example", pid: 4242, random: 0xAB)
                == "/zkprobe/zkprobe-zk-probe.example-4242-000000ab")
        #expect(
            ProbeNodeName.make(under: "/a/b", host: "h", pid: 1, random: 0x1_DEAD_BEEF) == "/a/b/zkprobe-h-1-deadbeef")
    }

    @Test(arguments: [
        ("web_01", "web-01"), ("héte", "h-te"), ("a/b c", "a-b-c"), ("", "host"), ("A.b-9", "A.b-9"),
    ])
    func keepsOnlyLettersDigitsDotsAndDashesOfTheHost(host: String, kept: String) {
        #expect(ProbeNodeName.sanitised(host) == kept)
    }

    @Test func aSeedGivesTheSameNameAndAnotherSeedAnother() {
        var a = SeededRandom(seed: 1)
        var b = SeededRandom(seed: 1)
        var c = SeededRandom(seed: 2)
        let first = ProbeNodeName.make(under: "/p", using: &a)
        #expect(first == ProbeNodeName.make(under: "/p", using: &b))
        #expect(first != ProbeNodeName.make(under: "/p", using: &c))
        #expect(first.hasPrefix("/p/zkprobe-"))
    }
}
