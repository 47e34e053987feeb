import Foundation
import CommandLineSupport
import TestSupport

/// Why the test ensemble could not do what a test asked, written for the person reading the test log.
///
/// Failures of the script carry its standard error (which names what went wrong) and the end of every
/// member's log, so that a CI failure can be understood without the ensemble's directory.
enum EnsembleError: Error, CustomStringConvertible {
    /// bash or `scripts/zk-ensemble` could not be started at all.
    case cannotRun(command: String, reason: String)
    /// The script exited non-zero.
    case scriptFailed(command: String, status: Int32, stderr: String, logs: String)
    /// The script outlived its time limit and was stopped.
    case scriptTimedOut(command: String, after: Duration, stderr: String, logs: String = "")
    /// The script succeeded but printed or wrote something the harness cannot read.
    case unexpectedOutput(command: String, detail: String)

    var description: String {
        switch self {
        case .cannotRun(let command, let reason):
            return "cannot run \(command): \(reason)"
        case .scriptFailed(let command, let status, let stderr, let logs):
            return "\(command) failed (exit \(status)):\n\(stderr.trimmed)\(Self.appending(logs, to: stderr))"
        case .scriptTimedOut(let command, let after, let stderr, let logs):
            return "\(command) did not finish within \(after) and was stopped:\n\(stderr.trimmed)"
                + Self.appending(logs, to: stderr)
        case .unexpectedOutput(let command, let detail):
            return "\(command): unexpected output: \(detail)"
        }
    }

    /// The same error with the member logs of `directory` attached (unless the script already showed them).
    func withLogs(from directory: String) -> EnsembleError {
        switch self {
        case .scriptFailed(let command, let status, let stderr, _):
            return .scriptFailed(command: command, status: status, stderr: stderr, logs: Self.logTails(in: directory))
        case .scriptTimedOut(let command, let after, let stderr, _):
            return .scriptTimedOut(command: command, after: after, stderr: stderr, logs: Self.logTails(in: directory))
        case .cannotRun, .unexpectedOutput:
            return self
        }
    }

    /// The last `lines` lines of every `zooN.log` in `directory`, Java stack frames left out.
    static func logTails(in directory: String, lines: Int = 15) -> String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let logs = names.filter { $0.hasPrefix("zoo") && $0.hasSuffix(".log") }.sorted()
        return logs.map { name in
            let path = directory + "/" + name
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            let kept = text.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("\tat ") && !$0.hasPrefix("\t... ") }
                .suffix(lines + 1)
            return "  --- end of \(path) ---\n" + kept.map { "  | " + $0 }.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    private static func appending(_ logs: String, to stderr: String) -> String {
        // The script's own wait failures already print the tails of the members that matter.
        logs.isEmpty || stderr.contains("--- last ") ? "" : "\nmember logs:\n" + logs
    }
}

extension String {
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
