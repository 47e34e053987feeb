import Testing
import TestSupport

@testable import ZKProbe

/// Random and mutated replies through every parser: no crash, and every outcome is a value or a typed error whose
/// message is one line naming a line that exists.
struct FuzzTests {
    static let words = ["ruok", "srvr", "stat", "mntr", "conf", "isro", "cons", "envi"]
    static let fixtures = ReplyFixtures.all().filter { ReplyFixtures.parsedWords.contains($0.word) }

    /// Bytes that matter to the parsers, drawn more often than the rest.
    static let interesting: [UInt8] =
        Array("\n\r\t:=/[]{}(),;|\". -0123456789abcdefx_zkmntrsv".utf8) + [
            0x00, 0x7F, 0xC3, 0xA9, 0xE2, 0x80, 0xFF,
        ]

    static func byte(_ rng: inout SeededRandom) -> UInt8 {
        rng.below(3) == 0 ? UInt8(truncatingIfNeeded: rng.next()) : interesting[rng.below(interesting.count)]
    }

    /// One to three mutations of `bytes`: flip a bit, insert, delete, truncate, duplicate a line, swap two lines.
    static func mutate(_ bytes: [UInt8], _ rng: inout SeededRandom) -> [UInt8] {
        var bytes = bytes
        for _ in 0...rng.below(3) {
            switch rng.below(7) {
            case 0 where !bytes.isEmpty:
                bytes[rng.below(bytes.count)] ^= 1 << UInt8(rng.below(8))
            case 1:
                bytes.insert(byte(&rng), at: rng.below(bytes.count + 1))
            case 2 where !bytes.isEmpty:
                let start = rng.below(bytes.count)
                bytes.removeSubrange(start..<min(bytes.count, start + 1 + rng.below(8)))
            case 3:
                bytes = Array(bytes.prefix(rng.below(bytes.count + 1)))
            case 4, 5:
                var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                guard !lines.isEmpty else { break }
                let a = rng.below(lines.count)
                if rng.below(2) == 0 {
                    lines.insert(lines[a], at: a)
                } else {
                    lines.swapAt(a, rng.below(lines.count))
                }
                bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
            default:
                bytes.insert(contentsOf: [0xFF, 0xFE, 0xC3], at: rng.below(bytes.count + 1))
            }
        }
        return bytes
    }

    enum Outcome: Equatable {
        case answer
        case refused(Refusal)
        case error(String)
    }

    /// Parses and checks the invariants every outcome must hold.
    @discardableResult
    static func check(word: String, bytes: [UInt8]) -> Outcome {
        let text = String(decoding: bytes, as: UTF8.self)
        do {
            let reply = try parseReply(word: word, text: text, server: "fuzz:2181")
            if let refusal = reply.refusal { return .refused(refusal) }
            return .answer
        } catch {
            let lineCount = max(1, ReplyLines.split(text).count)
            #expect(error.server == "fuzz:2181" && error.command == word)
            #expect(!error.description.contains("\n") && !error.description.contains("\r"))
            #expect(error.description.hasPrefix("fuzz:2181: \(word) reply"))
            if let number = error.lineNumber {
                #expect((1...lineCount).contains(number), "line \(number) of \(lineCount): \(error)")
            }
            return .error(error.description)
        }
    }

    @Test func randomBytesGiveAValueOrATypedError() {
        var rng = SeededRandom(seed: 0x2181_2888_3888)
        var errors = 0
        for _ in 0..<2000 {
            let bytes = (0..<rng.below(200)).map { _ in Self.byte(&rng) }
            for word in Self.words {
                if case .error = Self.check(word: word, bytes: bytes) { errors += 1 }
            }
        }
        #expect(errors > 1000, "random bytes are mostly rejected")
    }

    @Test(arguments: fixtures)
    func mutatedRepliesGiveAValueOrATypedError(_ file: ReplyFixtures.File) {
        var rng = SeededRandom(seed: Self.seed(file.testDescription))
        let original = Array(file.text.utf8)
        var outcomes: [Outcome] = []
        for _ in 0..<150 {
            outcomes.append(Self.check(word: file.word, bytes: Self.mutate(original, &rng)))
        }
        // Also through a parser for another word: a reply to the wrong word must fail cleanly too.
        for word in Self.words where word != file.word {
            Self.check(word: word, bytes: original)
        }
        if original.count > 40 {
            #expect(outcomes.contains { if case .error = $0 { true } else { false } }, "mutations are caught")
        }
    }

    @Test func theSameSeedMutatesTheSameWayAndAnotherSeedDoesNot() {
        let original = Array(ReplyFixtures.text("captured-3.8.0", "leader-srvr").utf8)
        func run(_ seed: UInt64) -> [[UInt8]] {
            var rng = SeededRandom(seed: seed)
            return (0..<50).map { _ in Self.mutate(original, &rng) }
        }
        #expect(run(7) == run(7))
        #expect(run(7) != run(8))
    }

    /// FNV-1a of the name: a stable seed per fixture (`hashValue` changes between runs).
    static func seed(_ name: String) -> UInt64 {
        name.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }
}
