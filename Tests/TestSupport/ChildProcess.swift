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
        let running = try start(
            executable, arguments, environment: environment, standardInput: standardInput,
            currentDirectory: currentDirectory)
        guard running.waitForExit(timeout: timeout) else {
            return running.stop(grace: terminateGrace, timedOut: true)
        }
        return running.stop(grace: nil)
    }

    /// Starts `executable` with `arguments` and returns at once: the child runs until it exits or
    /// ``Running/stop(grace:timedOut:)`` stops it (`deinit` sends SIGKILL to one still running).
    ///
    /// - Parameters:
    ///   - environment: the child's whole environment; `nil` inherits the test process's.
    ///   - standardInput: a file to read standard input from; `/dev/null` when `nil`.
    package static func start(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        standardInput: String? = nil, currentDirectory: URL? = nil
    ) throws(LaunchFailure) -> Running {
        let scratch = FileManager.default.temporaryDirectory
        let token = UUID().uuidString
        let stdoutURL = scratch.appendingPathComponent("it-child-\(token).out")
        let stderrURL = scratch.appendingPathComponent("it-child-\(token).err")
        guard FileManager.default.createFile(atPath: stdoutURL.path, contents: nil),
            FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        else {
            try? FileManager.default.removeItem(at: stdoutURL)
            throw LaunchFailure(reason: "cannot create output files in \(scratch.path)")
        }
        let running = Running(process: Process(), standardOutput: stdoutURL, standardError: stderrURL)
        let process = running.process
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
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
        return running
    }

    /// A child started by ``ChildProcess/start(_:_:environment:standardInput:currentDirectory:)``, its output
    /// going to temporary files that ``stop(grace:timedOut:)`` reads and removes.
    package final class Running {
        fileprivate let process: Process
        private let exited = DispatchSemaphore(value: 0)
        private var exitSeen = false
        private let stdoutURL: URL
        private let stderrURL: URL
        private let started = ContinuousClock.now
        private var finished: Finished?

        fileprivate init(process: Process, standardOutput: URL, standardError: URL) {
            self.process = process
            stdoutURL = standardOutput
            stderrURL = standardError
            process.terminationHandler = { [exited] _ in exited.signal() }
        }

        deinit {
            if finished == nil { _ = stop(grace: nil) }
        }

        /// The process id.
        package var pid: Int32 { process.processIdentifier }

        /// What the child has printed on standard output so far.
        package var standardOutput: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }

        /// Waits at most `timeout` for the child to exit; `true` when it has.
        package func waitForExit(timeout: Duration) -> Bool {
            if !exitSeen { exitSeen = exited.wait(timeout: .now() + timeout.seconds) == .success }
            return exitSeen
        }

        /// Stops the child if it still runs — SIGTERM and at most `grace` to exit, else (or with `grace` `nil`)
        /// SIGKILL — and returns what it printed. Once stopped, returns the same `Finished` again.
        ///
        /// - Parameter timedOut: the caller stops it for outliving its time limit: the status is then -1.
        package func stop(grace: Duration?, timedOut: Bool = false) -> Finished {
            if let finished { return finished }
            if let grace, !waitForExit(timeout: .zero) {
                kill(process.processIdentifier, SIGTERM)
                _ = waitForExit(timeout: grace)
            }
            if !waitForExit(timeout: .zero) {
                kill(process.processIdentifier, SIGKILL)
                _ = waitForExit(timeout: .seconds(10))
            }
            let elapsed = ContinuousClock.now - started
            let result = Finished(
                status: timedOut || !exitSeen ? -1 : process.terminationStatus,
                standardOutput: standardOutput,
                standardError: (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "",
                elapsed: elapsed, timedOut: timedOut)
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
            finished = result
            return result
        }
    }

    /// `word` as a shell would need it to stay one word.
    package static func quoted(_ word: String) -> String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:,=+@%")
        return !word.isEmpty && word.allSatisfy(plain.contains)
            ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
