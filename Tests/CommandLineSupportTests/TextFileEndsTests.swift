import Foundation
import Testing

@testable import CommandLineSupport

/// `TextFile.ends`: the first line and the last complete lines of a file, read from its two ends.
struct TextFileEndsTests {
    private func file(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "textfile-ends-\(UUID().uuidString)"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    @Test(
        arguments: [
            ("a\nb\nc\nd\n", "a", ["c", "d"]),
            ("a\nb\nc\nd\npartial", "a", ["c", "d"]),
            ("only\n", "only", ["only"]),
            ("only", "only", []),
            ("", "", []),
            ("a\n\nb\n", "a", ["", "b"]),
        ] as [(String, String, [String])])
    func firstAndLastCompleteLines(_ text: String, _ first: String, _ last: [String]) throws {
        let path = try file(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ends = try TextFile.ends(of: path, lastLines: 2, lineLimit: 100)
        #expect(ends.first == first)
        #expect(ends.last == last)
    }

    /// Lines across many chunks: the backward read joins them in order.
    @Test func linesLongerThanAChunkAreWhole() throws {
        let long = String(repeating: "x", count: TextFile.chunkBytes * 2 + 17)
        let tail = String(repeating: "y", count: TextFile.chunkBytes + 3)
        let path = try file("head\n" + long + "\n" + String(repeating: "z\n", count: 5000) + long + "\n" + tail + "\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ends = try TextFile.ends(of: path, lastLines: 2, lineLimit: 1 << 20)
        #expect(ends.first == "head")
        #expect(ends.last == [long, tail])
    }

    @Test func aLineOverTheLimitIsRefused() throws {
        let path = try file(String(repeating: "x", count: 300) + "\nshort\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: TextFileError(path: path, what: "timeline", problem: .lineTooLong(limit: 100))) {
            try TextFile.ends(of: path, lastLines: 1, lineLimit: 100, what: "timeline")
        }
        let last = try file("short\n" + String(repeating: "x", count: TextFile.chunkBytes * 3) + "\n")
        defer { try? FileManager.default.removeItem(atPath: last) }
        #expect(throws: TextFileError(path: last, what: "file", problem: .lineTooLong(limit: 100))) {
            try TextFile.ends(of: last, lastLines: 1, lineLimit: 100)
        }
    }

    /// Only a regular file is read from its ends: `live` reads a FIFO whole, without opening it twice.
    @Test func onlyARegularFileCountsAsOne() throws {
        let path = try file("x\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(TextFile.isRegularFile(path))
        #expect(!TextFile.isRegularFile(NSTemporaryDirectory()))
        #expect(!TextFile.isRegularFile(path + ".missing"))
        let fifo = path + ".fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        #expect(!TextFile.isRegularFile(fifo))
    }
}
