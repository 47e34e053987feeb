import Foundation
import Testing

@testable import ToolkitSupport

/// `FileBytes`: a small file's bytes read whole (quorumsim's scenario files), as Foundation's
/// `FileManager.contents(atPath:)` read them, with each refusal told apart.
struct FileBytesTests {
    static func file(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "file-bytes-\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: [0, 1, 4095, 65536, 65537, 200_000])
    func readsTheSameBytesAsFoundation(count: Int) throws {
        // Not UTF-8 (0xFF), NULs and newlines: the bytes come back as they are, across chunk boundaries.
        let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) }
        let path = try Self.file(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let read = try FileBytes.read(path, limit: count)
        #expect(read == [UInt8](FileManager.default.contents(atPath: path) ?? Data()))
        #expect(read.count == count)
    }

    @Test func aFileOverTheLimitIsRefusedWithItsSize() throws {
        let path = try Self.file([UInt8](repeating: 65, count: 1001))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: FileBytes.Problem.tooLarge(bytes: 1001)) { try FileBytes.read(path, limit: 1000) }
        #expect(try FileBytes.read(path, limit: 1001).count == 1001)
    }

    @Test func aDeviceWithoutEndIsRefusedOnceItPassesTheLimit() {
        // /dev/zero has no size: the reader stops after the chunk that passes the limit.
        #expect(throws: FileBytes.Problem.tooLarge(bytes: FileBytes.chunkBytes)) {
            try FileBytes.read("/dev/zero", limit: 1000)
        }
    }

    @Test func missingPathsAndFoldersAreToldApart() throws {
        #expect(throws: FileBytes.Problem.missing) { try FileBytes.read("/nonexistent/x.json", limit: 10) }
        let path = try Self.file([1, 2, 3])
        defer { try? FileManager.default.removeItem(atPath: path) }
        // A file where a folder is expected on the way (ENOTDIR) is missing too, as FileManager.fileExists says.
        #expect(throws: FileBytes.Problem.missing) { try FileBytes.read(path + "/x.json", limit: 10) }
        #expect(!FileManager.default.fileExists(atPath: path + "/x.json"))
        #expect(throws: FileBytes.Problem.folder) { try FileBytes.read(NSTemporaryDirectory(), limit: 10) }
    }

    @Test func aFIFOWithoutWriterReadsAsEmptyAtOnce() throws {
        let path = NSTemporaryDirectory() + "file-bytes-fifo-\(UUID().uuidString)"
        #expect(mkfifo(path, 0o600) == 0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try FileBytes.read(path, limit: 10) == [])
    }
}
