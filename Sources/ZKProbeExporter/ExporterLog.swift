import Synchronization
import SystemSupport
import ToolkitSupport

import Glibc

/// One line per event, logfmt: `ts=2026-11-30T01:02:03.456Z level=info msg="listening" address=127.0.0.1:9141`.
///
/// Values with spaces, quotes or `=` are quoted; control characters are escaped (`\n`, `\u{1b}`), so a name
/// or an error from outside cannot forge a second line. Scrape errors are rate-limited (``scrapeError(_:_:)``).
public final class ExporterLog: Sendable {
    /// Where each finished line goes (with its line feed); `zkprobe serve` writes it to standard error.
    let sink: @Sendable (String) -> Void
    private let budget = Mutex(ErrorBudget())

    /// Scrape-error lines allowed per ``errorWindow``; the rest are counted and reported with the next line.
    static let errorsPerWindow = 5
    static let errorWindow: Duration = .seconds(10)

    private struct ErrorBudget {
        var windowStart = ContinuousClock.now
        var used = 0
        var suppressed = 0
    }

    /// A log writing each line to `sink`.
    public init(sink: @escaping @Sendable (String) -> Void) { self.sink = sink }

    /// Logs `message` at `level` with `fields` in order.
    public func log(_ level: String, _ message: String, _ fields: [(String, String)] = []) {
        var line = "ts=\(Self.timestamp()) level=\(level) msg=\(Self.value(message))"
        for (key, value) in fields { line += " \(key)=\(Self.value(value))" }
        sink(line + "\n")
    }

    /// Logs a scrape error unless more than ``errorsPerWindow`` were logged in the last ``errorWindow``; the
    /// next line logged says how many were left out (`suppressed=N`).
    func scrapeError(_ message: String, _ fields: [(String, String)]) {
        let suppressed = budget.withLock { b -> Int? in
            let now = ContinuousClock.now
            if now - b.windowStart >= Self.errorWindow {
                b.windowStart = now
                b.used = 0
            }
            guard b.used < Self.errorsPerWindow else {
                b.suppressed += 1
                return nil
            }
            b.used += 1
            defer { b.suppressed = 0 }
            return b.suppressed
        }
        guard let suppressed else { return }
        log("warn", message, fields + (suppressed > 0 ? [("suppressed", String(suppressed))] : []))
    }

    /// A logfmt value: bare when it is plain, else quoted with `\"`, `\\` and control characters escaped.
    static func value(_ text: String) -> String {
        var escaped = ""
        var plain = !text.isEmpty
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"":
                escaped += "\\\""
                plain = false
            case "\\":
                escaped += "\\\\"
                plain = false
            case "\n":
                escaped += "\\n"
                plain = false
            case "\r":
                escaped += "\\r"
                plain = false
            case "\t":
                escaped += "\\t"
                plain = false
            case " ", "=":
                escaped.unicodeScalars.append(scalar)
                plain = false
            case let c where actsOnOutput(c):
                escaped += "\\u{\(String(c.value, radix: 16))}"
                plain = false
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return plain ? escaped : "\"\(escaped)\""
    }

    /// UTC, milliseconds: `2026-11-30T01:02:03.456Z`.
    static func timestamp() -> String {
        let now = Syscalls.wallClock()
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let millis = Int(now.tv_nsec / 1_000_000)
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):"
            + "\(two(parts.tm_min)):\(two(parts.tm_sec)).\(ms)Z"
    }
}
