import Foundation

/// Debian's `promtool` on text the tests make up (rule files, unit tests of rules).
enum Promtool {
    /// Runs `promtool ARGUMENTS FILE`, FILE a temporary `name` holding `text` (removed afterwards).
    /// - Throws: `ExternalTool.Failure` when promtool is not installed or cannot be run.
    static func run(_ arguments: [String], on text: String, named name: String) throws -> ExternalTool.Run {
        let promtool = try ExternalTool.locate("promtool", package: "prometheus")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("promtool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent(name).path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return try ExternalTool.run(promtool, arguments + [file])
    }
}
