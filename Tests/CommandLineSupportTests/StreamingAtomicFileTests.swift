import Foundation
import Glibc
import Testing

@testable import CommandLineSupport

/// `zkprobe watch`'s timeline: lines streamed to a temporary file, which replaces the destination only whole.
struct StreamingAtomicFileTests {
    private func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "zkprobe-streaming-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func entries(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    @Test(arguments: [true, false])
    func theDestinationChangesOnlyAtTheCommitAndWhole(unnamed: Bool) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/watch.jsonl"
        try AtomicFile.write("old\n", to: path)
        let file = try StreamingAtomicFile(path: path, unnamed: unnamed)
        try file.append("{\"round\":0}\n")
        try file.append("{\"round\":1}\n")
        // Mid-watch a reader still sees the previous file, whole.
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        try file.commit(last: "{\"end\":2}\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"round\":0}\n{\"round\":1}\n{\"end\":2}\n")
        #expect(try entries(folder) == ["watch.jsonl"])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o644)
    }

    @Test(arguments: [true, false])
    func abandoningLeavesThePreviousFileAndNoTemporary(unnamed: Bool) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/watch.jsonl"
        try AtomicFile.write("old\n", to: path)
        let file = try StreamingAtomicFile(path: path, unnamed: unnamed)
        try file.append("{\"round\":0}\n")
        file.abandon()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        #expect(try entries(folder) == ["watch.jsonl"])
        #expect(throws: FileWriteError.self) { try file.append("late\n") }
    }

    @Test func aFileDroppedWithoutACommitLeavesNoTemporary() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            let file = try StreamingAtomicFile(path: folder + "/watch.jsonl", unnamed: false)
            try file.append("x\n")
            #expect(try entries(folder).count == 1)  // the named temporary, while it is written
        }
        #expect(try entries(folder).isEmpty)
    }

    /// The folder is tried when the file is opened, before any line: a watch says so at its start. (The tests run
    /// as root, whom permissions do not stop: /proc takes no new files, and a missing folder none at all.)
    @Test(arguments: ["/proc", "/nonexistent-\(UUID().uuidString)"])
    func aFolderThatCannotTakeTheFileIsAnErrorAtOnce(folder: String) {
        #expect {
            _ = try StreamingAtomicFile(path: folder + "/watch.jsonl")
        } throws: { error in
            "\(error)".hasPrefix(folder + "/watch.jsonl: cannot ")
        }
    }
}
