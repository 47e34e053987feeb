import TestSupport
import Testing

@testable import ZKProbe

/// The jute primitives and the framing: exact bytes written by hand from the jute rules, round trips, and
/// every bad length a server can send ending in a ``JuteError``, never a trap or an allocation.
struct JuteCodecTests {
    @Test func primitivesAreBigEndianAndLengthPrefixed() {
        var w = JuteWriter()
        w.int(-2)
        w.long(0x0102_0304_0506_0708)
        w.bool(true)
        w.bool(false)
        w.buffer(nil)
        w.buffer([])
        w.string("zk")
        w.vector([Int32(1), 2]) { $0.int($1) }
        w.vector(nil as [Int32]?) { $0.int($1) }
        #expect(
            w.bytes == [
                0xFF, 0xFF, 0xFF, 0xFE,
                1, 2, 3, 4, 5, 6, 7, 8,
                1, 0,
                0xFF, 0xFF, 0xFF, 0xFF,
                0, 0, 0, 0,
                0, 0, 0, 2, 0x7A, 0x6B,
                0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2,
                0xFF, 0xFF, 0xFF, 0xFF,
            ])
    }

    @Test func seededValuesReadBackAsWritten() throws {
        var random = SeededRandom(seed: 18)
        for _ in 0..<500 {
            let int = Int32(truncatingIfNeeded: random.next())
            let long = Int64(bitPattern: random.next())
            let bool = random.next() & 1 == 1
            let buffer = (0..<random.below(40)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let text = String(
                (0..<random.below(12)).map { _ in Character(Unicode.Scalar(UInt8(97 + random.below(26)))) })
            let items = (0..<random.below(5)).map { _ in Int64(bitPattern: random.next()) }
            var w = JuteWriter()
            w.int(int)
            w.long(long)
            w.bool(bool)
            w.buffer(buffer)
            w.string(text)
            w.vector(items) { $0.long($1) }
            var r = JuteReader(w.bytes)
            #expect(try r.int("i") == int)
            #expect(try r.long("l") == long)
            #expect(try r.bool("b") == bool)
            #expect(try r.buffer("buf") == buffer)
            #expect(try r.string("s") == text)
            #expect(try r.vector("v") { (r: inout JuteReader) throws(JuteError) in try r.long("item") } == items)
            #expect(r.remaining == 0)
        }
    }

    @Test func shortAndBadLengthsAreTypedErrors() throws {
        var short = JuteReader([0, 0, 1])
        #expect(throws: JuteError.truncated(field: "x", offset: 0, needed: 1)) { try short.int("x") }
        var negative = JuteReader([0xFF, 0xFF, 0xFF, 0xFE])
        #expect(throws: JuteError.negativeLength(field: "b", length: -2)) { try negative.buffer("b") }
        // A 2 GiB buffer in a 6-byte packet: refused by the bounds, not allocated.
        var huge = JuteReader([0x7F, 0xFF, 0xFF, 0xFF, 1, 2])
        #expect(throws: JuteError.truncated(field: "b", offset: 4, needed: 0x7FFF_FFFF - 2)) { try huge.buffer("b") }
        var manyItems = JuteReader([0x7F, 0xFF, 0xFF, 0xFF])
        #expect(throws: JuteError.self) {
            try manyItems.vector("v") { (r: inout JuteReader) throws(JuteError) in try r.bool("item") }
        }
        var null = JuteReader([0xFF, 0xFF, 0xFF, 0xFF])
        #expect(try null.string("s") == nil)
    }

    @Test func framingHandsOutWholePacketsOnly() throws {
        #expect(PacketFramer.frame([9, 8]) == [0, 0, 0, 2, 9, 8])
        var framer = PacketFramer()
        let stream: [UInt8] = [0, 0, 0, 2, 9, 8, 0, 0, 0, 0, 0, 0, 0, 1]
        var packets: [[UInt8]] = []
        for byte in stream {
            framer.append([byte])
            while let packet = try framer.next() { packets.append(packet) }
        }
        #expect(packets == [[9, 8], []])
        #expect(framer.buffered == 4)
        framer.append([7])
        #expect(try framer.next() == [7])
    }

    @Test func framingSplitsAReadFullOfSmallPacketsAndKeepsTheRest() throws {
        var framer = PacketFramer()
        let ping: [UInt8] = [0, 0, 0, 16] + [0xFF, 0xFF, 0xFF, 0xFE] + [UInt8](repeating: 0, count: 12)
        framer.append(Array([[UInt8]](repeating: ping, count: 4000).joined()) + [0, 0, 0, 3, 1])
        var count = 0
        while let packet = try framer.next() {
            #expect(packet == Array(ping.dropFirst(4)))
            count += 1
        }
        #expect(count == 4000)
        #expect(framer.buffered == 5)
        framer.append([2, 3])
        #expect(try framer.next() == [1, 2, 3])
        #expect(framer.buffered == 0)
    }

    @Test func framingRefusesLengthsOverTheCapAndNegativeOnes() throws {
        var atCap = PacketFramer()
        atCap.append([0x00, 0x0F, 0xFF, 0xFF])
        #expect(try atCap.next() == nil)  // 0xfffff is allowed: waits for the bytes
        var over = PacketFramer()
        over.append([0x00, 0x10, 0x00, 0x00])
        #expect(throws: JuteError.oversized(field: "packet length", length: 0x10_0000, limit: 0xfffff)) {
            try over.next()
        }
        var negative = PacketFramer()
        negative.append([0x80, 0, 0, 0])
        #expect(throws: JuteError.negativeLength(field: "packet length", length: Int(Int32.min))) {
            try negative.next()
        }
    }

    /// Random packets fed to every decoder: errors are fine, traps are not (the test process would crash).
    @Test func randomBytesNeverTrapADecoder() {
        var random = SeededRandom(seed: 1804)
        var failures = 0
        for _ in 0..<5000 {
            let bytes = (0..<random.below(80)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            if (try? ConnectResponse(payload: bytes)) == nil { failures += 1 }
            var r = JuteReader(bytes)
            _ = try? ReplyHeader(from: &r)
            _ = try? WatcherEvent(from: &r)
            _ = try? Stat(from: &r)
            _ = try? r.vector("v") { (r: inout JuteReader) throws(JuteError) in try r.string("s") }
        }
        #expect(failures > 4000, "random bytes are mostly not a ConnectResponse")
    }
}
