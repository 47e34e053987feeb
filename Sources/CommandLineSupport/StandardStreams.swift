import SystemSupport
import ToolkitSupport

import Glibc

/// The process's own streams and settings: the only place a tool's `main` touches them.
package enum StandardStreams {
    /// Writes the outcome's bytes to standard output and standard error, unbuffered. A closed pipe
    /// (`zkprobe send mntr zk1 | head -c 10`) drops the rest (``ProcessSettings/prepare()`` ignores `SIGPIPE`).
    package static func write(_ outcome: CommandOutcome) {
        writeAll(outcome.standardOutput, to: STDOUT_FILENO)
        writeAll(Array(outcome.standardError.utf8), to: STDERR_FILENO)
    }

    /// Writes `text` to standard error now (progress lines while a command runs).
    package static func writeError(_ text: String) {
        writeAll(Array(text.utf8), to: STDERR_FILENO)
    }

    /// Writes `text` to standard output now (a long-running command's lines as they happen).
    package static func writeOutput(_ text: String) {
        writeAll(Array(text.utf8), to: STDOUT_FILENO)
    }

    /// Whether `descriptor` is a terminal that takes escape sequences (TERM is not `dumb`).
    package static func isTerminal(_ descriptor: Int32) -> Bool {
        isatty(descriptor) == 1 && environment("TERM") != "dumb"
    }

    /// The process environment's `name`, `nil` when it is not set (C's `getenv`).
    package static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Writes all of `bytes`; a failure (a closed pipe) drops the rest, as there is nowhere left to report it.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        try? Syscalls.writeAll(bytes, to: descriptor)
    }
}

/// Process-wide settings that only `main` decides; the libraries never change them behind the caller's back.
package enum ProcessSettings {
    /// Ends the process with `status` after `seconds` of wall-clock time, writing `line` to standard error first:
    /// `-t`/`--timeout` for a command with no deadline of its own. Only `main` arms it, since it ends the process
    /// from a second thread whatever the command is doing (a simulation has no cancellation point to stop at).
    package static func armWatchdog(seconds: Double, line: String, status: Int32) {
        let message = Array((line.hasSuffix("\n") ? line : line + "\n").utf8)
        DetachedThread.start(name: "watchdog") {
            DetachedThread.sleep(seconds: seconds)
            try? Syscalls.writeAll(message, to: STDERR_FILENO)
            _exit(status)
        }
    }

    /// Ignores `SIGPIPE` (a peer or reader that goes away is an error return, not death: Linux has no
    /// `SO_NOSIGPIPE`) and raises the soft open-file limit to the hard one, so that a check of many members
    /// can hold one socket per exchange. Returns the open-file limit in force.
    @discardableResult
    package static func prepare() -> Int {
        Syscalls.ignoreBrokenPipe()
        return Syscalls.raiseOpenFileLimit()
    }
}
