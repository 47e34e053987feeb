import Foundation
import CommandLineSupport
import TestSupport
import ToolkitSupport

/// Runs `scripts/zk-ensemble` with a time limit and collects what it printed.
///
/// The script is found from this file's location (`#filePath`), so tests work from any working directory.
/// Output goes to temporary files rather than pipes: the members the script starts in the background must
/// never hold a pipe that the harness waits on.
enum EnsembleScript {
    /// What one run printed and how it ended.
    struct Output: Sendable {
        let arguments: [String]
        let status: Int32
        let stdout: String
        let stderr: String

        /// The command as a person would type it, for error messages.
        var commandLine: String { EnsembleScript.commandLine(arguments) }
    }

    /// `scripts/zk-ensemble ARGS`, with arguments quoted where a shell would otherwise change them.
    static func commandLine(_ arguments: [String]) -> String {
        (["scripts/zk-ensemble"] + arguments.map(ChildProcess.quoted)).joined(separator: " ")
    }

    /// The repository root: this file is `<root>/Tests/IntegrationTests/Support/EnsembleScript.swift`.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // IntegrationTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `<root>/scripts/zk-ensemble`.
    static let scriptPath: String = repositoryRoot.appendingPathComponent("scripts/zk-ensemble").path

    /// Runs the script with `arguments` and returns its output, whatever its exit status.
    ///
    /// After `timeout` the script gets SIGTERM (its traps stop any member it started so far), and SIGKILL
    /// 15 seconds later.
    /// - Throws: `EnsembleError.cannotRun` when bash or the script cannot be started,
    ///   `EnsembleError.scriptTimedOut` when the run outlives `timeout`.
    static func run(_ arguments: [String], timeout: Duration) throws -> Output {
        let command = commandLine(arguments)
        guard FileManager.default.fileExists(atPath: scriptPath) else {
            throw EnsembleError.cannotRun(command: command, reason: "\(scriptPath) does not exist")
        }
        let finished: ChildProcess.Finished
        do {
            finished = try ChildProcess.run(
                "/bin/bash", [scriptPath] + arguments, currentDirectory: repositoryRoot, timeout: timeout,
                terminateGrace: .seconds(15))
        } catch {
            throw EnsembleError.cannotRun(command: command, reason: error.reason)
        }
        if finished.timedOut {
            throw EnsembleError.scriptTimedOut(command: command, after: timeout, stderr: finished.standardError)
        }
        return Output(
            arguments: arguments, status: finished.status, stdout: finished.standardOutput,
            stderr: finished.standardError)
    }
}

extension Duration {
    /// Whole seconds, rounded up, at least 1: the script takes whole seconds.
    var wholeSecondsRoundedUp: Int {
        max(1, Int(seconds.rounded(.up)))
    }
}
