import Foundation
import Glibc
import SystemSupport
import Testing

@testable import CommandLineSupport

/// `TextFile`: a small text file read in bounded chunks, refused with what is wrong with it.
struct TextFileTests {
    private func folder() throws -> String {
        let path = NSTemporaryDirectory() + "zkprobe-textfile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func problem(_ path: String, limit: Int = TextFile.configurationLimit) -> TextFileError.Problem? {
        do {
            _ = try TextFile.read(path, limit: limit, what: "zoo.cfg")
            return nil
        } catch {
            return error.problem
        }
    }

    @Test func aSmallTextFileIsReadWhole() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = "server.1=zk1:2888:3888\r\nclientPort=2181\n# é\n"
        try text.write(toFile: dir + "/zoo.cfg", atomically: false, encoding: .utf8)
        #expect(try TextFile.read(dir + "/zoo.cfg", limit: 1 << 20) == text)
        #expect(try TextFile.read(dir + "/zoo.cfg", limit: text.utf8.count) == text)
    }

    @Test func oneByteOverTheLimitIsTooLarge() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try String(repeating: "x", count: 1000).write(toFile: dir + "/a", atomically: false, encoding: .utf8)
        #expect(problem(dir + "/a", limit: 999) == .tooLarge(limit: 999))
        #expect(problem(dir + "/a", limit: 1000) == nil)
    }

    @Test func theReasonSaysWhatIsWrong() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data([0x61, 0x00, 0x62]).write(to: URL(fileURLWithPath: dir + "/nul"))
        try Data([0x61, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: dir + "/latin"))
        #expect(problem(dir + "/nul") == .binary(offset: 1))
        #expect(problem(dir + "/latin") == .notUTF8)
        #expect(problem(dir) == .folder)
        #expect(problem(dir + "/missing") == .cannotOpen(errno: Errno(ENOENT)))
        let lines = [
            TextFileError(path: "a\nb", what: "zoo.cfg", problem: .tooLarge(limit: 1 << 20)).description,
            TextFileError(path: "x", problem: .binary(offset: 7)).description,
            TextFileError(path: "x", problem: .cannotOpen(errno: Errno(EACCES))).description,
        ]
        #expect(lines[0] == "a\\u{a}b: the zoo.cfg is larger than 1 MiB, the most read; is this the right file?")
        #expect(lines[1] == "x: not a text file: it holds a NUL byte (at byte 7); is this the right file?")
        #expect(lines[2].contains("Permission denied"))
    }

    /// An endless source stops at the first chunk with a NUL (random bytes) or at the limit (text): quickly, and
    /// with at most one chunk beyond the limit in memory.
    @Test func endlessSourcesStopQuickly() throws {
        let start = ContinuousClock.now
        // 64 KiB of random bytes hold no NUL with probability (255/256)^65536, about e^-256: the first chunk ends it.
        guard case .binary(let offset)? = problem("/dev/urandom") else {
            Issue.record("/dev/urandom was not refused as binary")
            return
        }
        #expect(offset < TextFile.chunkBytes)
        #expect(problem("/dev/zero") == .binary(offset: 0))
        #expect(ContinuousClock.now - start < .seconds(20))
    }

    /// A FIFO: nobody writing reads as empty at once (no hang); a writer that never stops is cut at the limit.
    @Test func aFIFOIsReadWithoutHangingAndCutAtTheLimit() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fifo = dir + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(try TextFile.read(fifo, limit: 1 << 20) == "")
        signal(SIGPIPE, SIG_IGN)
        let opened = DispatchSemaphore(value: 0)
        let writer = Thread {
            let fd = open(fifo, O_WRONLY)  // waits for the reader below
            opened.signal()
            guard fd >= 0 else { return }
            let line = Array("server.1=zk1:2888:3888\n".utf8)
            // Until the last reader is gone (EPIPE).
            while line.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
            close(fd)
        }
        writer.start()
        // A reader that never reads lets the writer open, so the read below finds a writer already there.
        let keeper = open(fifo, O_RDONLY | O_NONBLOCK)
        defer { close(keeper) }
        opened.wait()
        #expect(problem(fifo, limit: 1 << 20) == .tooLarge(limit: 1 << 20))
    }
}
