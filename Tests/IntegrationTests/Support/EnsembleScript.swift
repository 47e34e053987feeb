import Foundation

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
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:,=")
        let quoted = arguments.map { argument in
            !argument.isEmpty && argument.allSatisfy(plain.contains)
                ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
        return (["scripts/zk-ensemble"] + quoted).joined(separator: " ")
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
        let scratch = FileManager.default.temporaryDirectory
        let token = UUID().uuidString
        let stdoutURL = scratch.appendingPathComponent("zk-ensemble-\(token).out")
        let stderrURL = scratch.appendingPathComponent("zk-ensemble-\(token).err")
        defer {
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
        }
        guard FileManager.default.createFile(atPath: stdoutURL.path, contents: nil),
            FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        else {
            throw EnsembleError.cannotRun(command: command, reason: "cannot create output files in \(scratch.path)")
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [scriptPath] + arguments
        process.currentDirectoryURL = repositoryRoot
        process.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            let stdoutHandle = try FileHandle(forWritingTo: stdoutURL)
            let stderrHandle = try FileHandle(forWritingTo: stderrURL)
            defer {
                try? stdoutHandle.close()
                try? stderrHandle.close()
            }
            process.standardOutput = stdoutHandle
            process.standardError = stderrHandle
            try process.run()
        } catch {
            throw EnsembleError.cannotRun(command: command, reason: "\(error)")
        }

        if exited.wait(timeout: .now() + timeout.timeInterval) == .timedOut {
            process.terminate()
            if exited.wait(timeout: .now() + 15) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                _ = exited.wait(timeout: .now() + 5)
            }
            let stderr = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
            throw EnsembleError.scriptTimedOut(command: command, after: timeout, stderr: stderr)
        }
        let stdout = (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
        return Output(arguments: arguments, status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }
}

extension Duration {
    /// Seconds as a `Double`, for Dispatch and `Process` APIs.
    var timeInterval: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// Whole seconds, rounded up, at least 1: the script takes whole seconds.
    var wholeSecondsRoundedUp: Int {
        max(1, Int(timeInterval.rounded(.up)))
    }
}
