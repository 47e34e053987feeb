import Foundation
import Testing

@testable import CommandLineSupport

/// `TextFile.ends`: ToolkitSupport's `FileEnds` (whose tests cover the reading) as text, with `TextFile`'s errors.
struct TextFileEndsTests {
    /// A fresh file holding `bytes` (text or not), removed by the caller.
    private func file(_ bytes: some Sequence<UInt8>) throws -> String {
        let path = NSTemporaryDirectory() + "textfile-ends-\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func theFirstAndTheLastCompleteLinesAfterItAreText() throws {
        let path = try file("é\nb\nc\nd ü\npartial".utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ends = try TextFile.ends(of: path, lastLines: 2, lineLimit: 100)
        #expect(ends.first == "é")
        #expect(ends.last == ["c", "d ü"])
    }

    @Test func aLineOverTheLimitIsRefusedNamingWhatTheFileShouldBe() throws {
        let path = try file((String(repeating: "x", count: 300) + "\nshort\n").utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: TextFileError(path: path, what: "timeline", problem: .lineTooLong(limit: 100))) {
            try TextFile.ends(of: path, lastLines: 1, lineLimit: 100, what: "timeline")
        }
    }

    /// A NUL byte is reported at its offset in the file, whichever end it was read from.
    @Test(arguments: [("a\u{0}b\nc\n", 1), ("head\nline\nx\u{0}\nlast\n", 11), ("head\nx\u{0}\n", 6)])
    func binaryIsRefusedAtItsOffset(_ text: String, _ offset: Int) throws {
        let path = try file(text.utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: TextFileError(path: path, what: "timeline", problem: .binary(offset: offset))) {
            try TextFile.ends(of: path, lastLines: 2, lineLimit: 100, what: "timeline")
        }
    }

    @Test func notUTF8AFolderAndAFIFOAreRefused() throws {
        let path = try file([0x68, 0x0A, 0xFF, 0xFE, 0x0A])
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: TextFileError(path: path, what: "timeline", problem: .notUTF8)) {
            try TextFile.ends(of: path, lastLines: 2, lineLimit: 100, what: "timeline")
        }
        let folder = NSTemporaryDirectory()
        #expect(throws: TextFileError(path: folder, what: "timeline", problem: .folder)) {
            try TextFile.ends(of: folder, lastLines: 2, lineLimit: 100, what: "timeline")
        }
        let fifo = path + ".fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        let error = TextFileError(path: fifo, what: "timeline", problem: .notAFile)
        #expect(throws: error) { try TextFile.ends(of: fifo, lastLines: 2, lineLimit: 100, what: "timeline") }
        #expect(
            error.description.hasSuffix(
                "is not a regular file (a pipe or a device cannot be read from its end); give the timeline itself"))
    }
}
