import Foundation

/// ZooKeeper's own command-line client (Debian's `zkCli.sh`, the Java client of the package), for what a test must
/// do as an ordinary ZooKeeper client and the library under test must not do for it: create a znode with a digest
/// ACL, list a path's children.
enum ZkCli {
    static let path = "/usr/share/zookeeper/bin/zkCli.sh"

    /// Runs `commands` (one zkCli command each, fed on standard input, then `quit`) through `server`.
    /// - Throws: `ExternalTool.Failure` when zkCli is missing, fails, or prints a Java exception.
    @discardableResult
    static func run(_ commands: [String], server: String, timeout: Duration = .seconds(60)) throws -> ExternalTool.Run {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw ExternalTool.Failure(description: "\(path) is missing; install the Debian package 'zookeeper'")
        }
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("zkcli-\(UUID().uuidString).txt")
        try Data((commands + ["quit"]).map { $0 + "\n" }.joined().utf8).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let run = try ExternalTool.run(
            path, ["-server", server], standardInput: input.path, timeout: timeout)
        guard run.status == 0, !run.standardOutput.contains("Exception") else {
            throw ExternalTool.Failure(description: "zkCli.sh \(commands): \(run.transcript)")
        }
        return run
    }

    /// Creates `path` with an ACL that lets only `digest user:password` use it (`addauth`, then `auth::cdrwa`).
    static func createGuarded(_ path: String, user: String, password: String, server: String) throws {
        try run(["addauth digest \(user):\(password)", "create \(path) guarded auth::cdrwa"], server: server)
    }

    /// The names of `path`'s children (`ls PATH`), through `server`.
    static func children(of path: String, server: String) throws -> [String] {
        let run = try run(["ls \(path)"], server: server)
        guard let line = run.outputLines.last(where: { $0.hasPrefix("[") && $0.hasSuffix("]") }) else {
            throw ExternalTool.Failure(description: "zkCli.sh ls \(path): no list in\n\(run.transcript)")
        }
        return line.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
