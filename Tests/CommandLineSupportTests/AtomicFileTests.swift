import Foundation
import Testing

@testable import CommandLineSupport

struct AtomicFileTests {
    private func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "zkprobe-atomic-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func replacesTheFileAndLeavesNoTemporary() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/zookeeper.prom"
        try AtomicFile.write("old\n", to: path)
        try AtomicFile.write("new\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["zookeeper.prom"])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o644)
    }

    @Test func aMissingFolderIsAnErrorNamingThePath() {
        #expect {
            try AtomicFile.write("x", to: "/nonexistent-\(UUID().uuidString)/x.prom")
        } throws: { error in
            "\(error)".contains("/x.prom") && "\(error)".contains("No such file")
        }
    }

    @Test func concurrentWritersNeverLeaveAMixedFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/out.prom"
        let bodies = (0..<8).map { String(repeating: "\($0)", count: 200_000) }
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            try? AtomicFile.write(bodies[i % 8], to: path)
            if let read = try? String(contentsOfFile: path, encoding: .utf8) {
                #expect(bodies.contains(read), "a reader saw a partial or mixed file")
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.prom"])
    }
}
