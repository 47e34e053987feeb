import ToolkitSupport
import Foundation

/// Starts a program with a time limit and collects what it printed: the one process runner of the integration
/// tests, under `EnsembleScript` and `ExternalTool`.
///
/// Output goes to temporary files rather than pipes: nothing can fill a pipe and stall the child, and a grandchild
/// that outlives it (a ZooKeeper member the script started) cannot keep the test waiting for end-of-file.
package enum ChildProcess {
    /// How a run ended.
    package struct Finished: Sendable {
        package let status: Int32
        package let standardOutput: String
        package let standardError: String
        /// From launch until the process exited (or was killed).
        package let elapsed: Duration
        /// The run outlived its time limit and was stopped.
        package let timedOut: Bool
    }

    /// Why the program could not be started at all.
    package struct LaunchFailure: Error {
        package let reason: String
    }

    /// Runs `executable` with `arguments` and waits for it to exit, or for `timeout`.
    ///
    /// - Parameters:
    ///   - environment: the child's whole environment; `nil` inherits the test process's.
    ///   - standardInput: a file to read standard input from; `/dev/null` when `nil`.
    ///   - terminateGrace: on timeout, SIGTERM first and SIGKILL only after this long (so that a script's traps
    ///     can stop what it started); `nil` sends SIGKILL at once.
    package static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        standardInput: String? = nil, currentDirectory: URL? = nil, timeout: Duration,
        terminateGrace: Duration? = nil
    ) throws(LaunchFailure) -> Finished {
        let scratch = FileManager.default.temporaryDirectory
        let token = UUID().uuidString
        let stdoutURL = scratch.appendingPathComponent("it-child-\(token).out")
        let stderrURL = scratch.appendingPathComponent("it-child-\(token).err")
        defer {
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
        }
        guard FileManager.default.createFile(atPath: stdoutURL.path, contents: nil),
            FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        else {
            throw LaunchFailure(reason: "cannot create output files in \(scratch.path)")
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        let start = ContinuousClock.now
        do {
            let stdoutHandle = try FileHandle(forWritingTo: stdoutURL)
            let stderrHandle = try FileHandle(forWritingTo: stderrURL)
            let inputHandle =
                try standardInput.map { try FileHandle(forReadingFrom: URL(fileURLWithPath: $0)) }
                ?? FileHandle.nullDevice
            defer {
                try? stdoutHandle.close()
                try? stderrHandle.close()
                if standardInput != nil { try? inputHandle.close() }
            }
            process.standardOutput = stdoutHandle
            process.standardError = stderrHandle
            process.standardInput = inputHandle
            try process.run()
        } catch {
            throw LaunchFailure(reason: "\(error)")
        }

        var timedOut = false
        if exited.wait(timeout: .now() + timeout.seconds) == .timedOut {
            timedOut = true
            if let terminateGrace {
                process.terminate()
                if exited.wait(timeout: .now() + terminateGrace.seconds) == .timedOut {
                    kill(process.processIdentifier, SIGKILL)
                    _ = exited.wait(timeout: .now() + 5)
                }
            } else {
                kill(process.processIdentifier, SIGKILL)
                _ = exited.wait(timeout: .now() + 10)
            }
        }
        return Finished(
            status: timedOut ? -1 : process.terminationStatus,
            standardOutput: (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "",
            elapsed: ContinuousClock.now - start, timedOut: timedOut)
    }

    /// `word` as a shell would need it to stay one word.
    package static func quoted(_ word: String) -> String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:,=+@%")
        return !word.isEmpty && word.allSatisfy(plain.contains)
            ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
