import Foundation
import Testing

@testable import ToolkitSupport

/// `FileEnds`: the first line and the last complete lines after it, read from a regular file's two ends (ZKProbe's
/// `TimelineFile` and quorumsim's `TextFile.ends` read through it).
struct FileEndsTests {
    static func file(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "file-ends-\(UUID().uuidString)"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    private static func ends(_ text: String, lastLines: Int = 2, lineLimit: Int = 100) throws -> (String, [String]) {
        let path = try file(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ends = try FileEnds.read(path, lastLines: lastLines, lineLimit: lineLimit)
        return (String(decoding: ends.first, as: UTF8.self), ends.last.map { String(decoding: $0, as: UTF8.self) })
    }

    /// A last fragment without `\n` is a line still being written: left out of the last lines, not of the first.
    @Test(
        arguments: [
            ("a\nb\nc\nd\n", "a", ["c", "d"]),
            ("a\nb\nc\nd\npartial", "a", ["c", "d"]),
            ("a\nb\n", "a", ["b"]),
            ("a\nb", "a", []),
            ("only\n", "only", []),
            ("only", "only", []),
            ("", "", []),
            ("a\n\nb\n", "a", ["", "b"]),
            ("\nb\n", "", ["b"]),
        ] as [(String, String, [String])])
    func firstAndLastCompleteLines(_ text: String, _ first: String, _ last: [String]) throws {
        let (head, tail) = try Self.ends(text)
        #expect(head == first)
        #expect(tail == last)
    }

    /// `lastStart` is where the first of the last lines begins in the file.
    @Test(arguments: ["a\nb\nc\nd\n", "a\nb\nc\nd\npartial", "head\nx\n", "head\n", "head"])
    func theLastLinesStartWhereTheFileSays(_ text: String) throws {
        let path = try Self.file(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ends = try FileEnds.read(path, lastLines: 2, lineLimit: 100)
        let bytes = Array(text.utf8)
        let joined = ends.last.map { $0 + [UInt8(ascii: "\n")] }.joined()
        #expect(Array(bytes[ends.lastStart..<(ends.lastStart + joined.count)]) == Array(joined))
    }

    /// Lines across many chunks: the forward and the backward reads join them in order.
    @Test func linesLongerThanAChunkAreWhole() throws {
        let long = String(repeating: "x", count: FileEnds.chunkBytes * 2 + 17)
        let tail = String(repeating: "y", count: FileEnds.chunkBytes + 3)
        let text = long + "\n" + long + "\n" + String(repeating: "z\n", count: 5000) + long + "\n" + tail + "\n"
        let (head, last) = try Self.ends(text, lineLimit: 1 << 20)
        #expect(head == long)
        #expect(last == [long, tail])
    }

    /// A line over the limit is refused wherever it is read: the first line, a last line, a fragment being written.
    @Test(arguments: [
        String(repeating: "x", count: 300) + "\nshort\n",
        String(repeating: "x", count: 300),
        "short\n" + String(repeating: "x", count: FileEnds.chunkBytes * 3) + "\n",
        "short\n" + String(repeating: "x", count: FileEnds.chunkBytes * 3),
        "short\nshort\n" + String(repeating: "x", count: 101) + "\nshort\n",
    ])
    func aLineOverTheLimitIsRefused(_ text: String) throws {
        #expect(throws: FileEnds.Problem.lineTooLong(limit: 100)) { try Self.ends(text) }
    }

    /// A line over the limit that is not among those read does not matter: the middle is never read.
    @Test func aLongLineInTheMiddleIsNotRead() throws {
        let middle = String(repeating: "m", count: FileEnds.chunkBytes * 4)
        let (head, last) = try Self.ends("head\n" + middle + "\n" + String(repeating: "z\n", count: 200))
        #expect(head == "head")
        #expect(last == ["z", "z"])
    }

    @Test func aFolderAFIFOAndAMissingFileAreRefused() throws {
        #expect(throws: FileEnds.Problem.folder) {
            try FileEnds.read(NSTemporaryDirectory(), lastLines: 2, lineLimit: 100)
        }
        #expect(throws: FileEnds.Problem.notAFile) { try FileEnds.read("/dev/null", lastLines: 2, lineLimit: 100) }
        // A FIFO without a writer is refused at once, not waited on.
        let fifo = NSTemporaryDirectory() + "file-ends-\(UUID().uuidString).fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        #expect(throws: FileEnds.Problem.notAFile) { try FileEnds.read(fifo, lastLines: 2, lineLimit: 100) }
        let missing = #expect(throws: FileEnds.Problem.self) {
            try FileEnds.read(fifo + ".missing", lastLines: 2, lineLimit: 100)
        }
        guard case .cannotOpen(let code) = missing else {
            Issue.record("expected cannotOpen, got \(String(describing: missing))")
            return
        }
        #expect(code.code == ENOENT)
    }

    /// Only a regular file is read from its ends: `quorumsim live` reads a FIFO whole, without opening it twice.
    @Test func onlyARegularFileCountsAsOne() throws {
        let path = try Self.file("x\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileEnds.isRegularFile(path))
        #expect(!FileEnds.isRegularFile(NSTemporaryDirectory()))
        #expect(!FileEnds.isRegularFile(path + ".missing"))
        let fifo = path + ".fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        #expect(!FileEnds.isRegularFile(fifo))
    }
}
