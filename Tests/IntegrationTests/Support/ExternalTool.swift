import ToolkitSupport
import Foundation
import Synchronization
import CommandLineSupport
import TestSupport

/// Runs the programs an operator runs beside ZooKeeper (`zkprobe`, `promtool`, `/bin/sh -c '<a cron line>'`) with a
/// time limit, and collects what they printed.
///
/// The running itself is `ChildProcess`'s.
enum ExternalTool {
    /// What one run printed and how it ended.
    struct Run: Sendable {
        let commandLine: String
        let status: Int32
        let standardOutput: String
        let standardError: String
        /// From launch until the process exited.
        let elapsed: Duration

        /// The lines of standard output, without the final empty one.
        var outputLines: [String] {
            standardOutput.split(separator: "\n", omittingEmptySubsequences: false).dropLast(
                standardOutput.hasSuffix("\n") ? 1 : 0
            ).map(String.init)
        }

        /// Everything a failing `#expect` should show.
        var transcript: String {
            "$ \(commandLine)\n(exit \(status) after \(elapsed))\n--- stdout ---\n\(standardOutput)"
                + "--- stderr ---\n\(standardError)"
        }
    }

    /// Why a program could not be run at all.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The built `zkprobe` beside the test bundle: SwiftPM puts every product of a build in one directory.
    ///
    /// - Throws: `Failure` when it is missing, so that the test fails (it never skips).
    static func zkprobe() throws -> String {
        if let path = BuiltProducts.executable("zkprobe") { return path }
        throw Failure(description: "zkprobe was not built beside the tests; run `swift build` first")
    }

    /// The absolute path of `name` on `PATH` (or in `/usr/bin`, `/usr/sbin`).
    ///
    /// - Throws: `Failure` naming the Debian package to install: `scripts/test` installs them, and a test that
    ///   needs one fails rather than skips when it is missing.
    static func locate(_ name: String, package: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/sbin", "/usr/local/bin"]
        for folder in folders {
            let candidate = folder + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Failure(
            description: "\(name) is not installed; install the Debian package '\(package)' (scripts/test does)")
    }

    /// Runs `executable` with `arguments` and waits for it to exit.
    ///
    /// - Parameters:
    ///   - environment: the child's whole environment; `nil` inherits the test process's.
    ///   - standardInput: a file to read standard input from; `/dev/null` when `nil`.
    ///   - timeout: after this the child gets SIGKILL and the run throws.
    /// - Throws: `Failure` when the program cannot be started or outlives `timeout`.
    static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        standardInput: String? = nil,
        timeout: Duration = .seconds(30)
    ) throws -> Run {
        let commandLine = ([executable] + arguments).map(ChildProcess.quoted).joined(separator: " ")
        let finished: ChildProcess.Finished
        do {
            finished = try ChildProcess.run(
                executable, arguments, environment: environment, standardInput: standardInput, timeout: timeout)
        } catch {
            throw Failure(description: "\(commandLine): cannot start: \(error.reason)")
        }
        if finished.timedOut {
            throw Failure(description: "\(commandLine): still running after \(timeout); killed it")
        }
        return Run(
            commandLine: commandLine, status: finished.status, standardOutput: finished.standardOutput,
            standardError: finished.standardError, elapsed: finished.elapsed)
    }

    /// Runs `command` with `/bin/sh -c`, as cron and Nagios do.
    static func shell(
        _ command: String, environment: [String: String]? = nil, timeout: Duration = .seconds(30)
    ) throws -> Run {
        try run("/bin/sh", ["-c", command], environment: environment, timeout: timeout)
    }

    /// How `stop(_:grace:)` ended a process.
    enum Stopped {
        /// It exited (by itself or on SIGTERM) with this status.
        case exited(Int32)
        /// It outlived `grace` after SIGTERM and got SIGKILL.
        case killed

        /// The exit status; `nil` when it had to be killed.
        var status: Int32? {
            if case .exited(let status) = self { status } else { nil }
        }
    }

    /// Takes the process out of `slot` (so that only the first caller stops it), sends SIGTERM, waits at most
    /// `grace` for it to exit, then sends SIGKILL and waits for that. `nil` when `slot` was already empty.
    static func stop(_ slot: borrowing Mutex<Process?>, grace: Duration) -> Stopped? {
        guard
            let running = slot.withLock({ current -> Process? in
                defer { current = nil }
                return current
            })
        else { return nil }
        guard running.isRunning else { return .exited(running.terminationStatus) }
        kill(running.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while running.isRunning, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.02) }
        guard running.isRunning else { return .exited(running.terminationStatus) }
        kill(running.processIdentifier, SIGKILL)
        running.waitUntilExit()
        return .killed
    }
}
