import Foundation

/// Runs the programs an operator runs beside ZooKeeper (`zkprobe`, `promtool`, `/bin/sh -c '<a cron line>'`) with a
/// time limit, and collects what they printed.
///
/// Output goes to temporary files rather than pipes, as in `EnsembleScript`: nothing can fill a pipe and stall the
/// child, and a grandchild that outlives it cannot keep the test waiting for end-of-file.
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
        let here = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = here.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("zkprobe").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw Failure(description: "zkprobe was not built beside the tests (\(here.path)); run `swift build` first")
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
        let commandLine = ([executable] + arguments).map(quoted).joined(separator: " ")
        let scratch = FileManager.default.temporaryDirectory
        let token = UUID().uuidString
        let stdoutURL = scratch.appendingPathComponent("zkprobe-it-\(token).out")
        let stderrURL = scratch.appendingPathComponent("zkprobe-it-\(token).err")
        defer {
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
        }
        guard FileManager.default.createFile(atPath: stdoutURL.path, contents: nil),
            FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        else {
            throw Failure(description: "\(commandLine): cannot create output files in \(scratch.path)")
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
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
            throw Failure(description: "\(commandLine): cannot start: \(error)")
        }
        if exited.wait(timeout: .now() + timeout.timeInterval) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            _ = exited.wait(timeout: .now() + 10)
            throw Failure(description: "\(commandLine): still running after \(timeout); killed it")
        }
        let elapsed = ContinuousClock.now - start
        return Run(
            commandLine: commandLine,
            status: process.terminationStatus,
            standardOutput: (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "",
            elapsed: elapsed)
    }

    /// Runs `command` with `/bin/sh -c`, as cron and Nagios do.
    static func shell(
        _ command: String, environment: [String: String]? = nil, timeout: Duration = .seconds(30)
    ) throws -> Run {
        try run("/bin/sh", ["-c", command], environment: environment, timeout: timeout)
    }

    /// `word` as a shell would need it to stay one word.
    static func quoted(_ word: String) -> String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:,=+@%")
        return !word.isEmpty && word.allSatisfy(plain.contains)
            ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
