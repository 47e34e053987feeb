import ToolkitSupport
import Foundation
import CommandLineSupport
import TestSupport

/// Calls `body` every `interval` until `isDone` accepts its result or `timeout` passes; returns the last
/// result either way, so that the test's own `#expect` shows what the server said last.
///
/// Errors thrown by `body` count as "not yet" until the deadline; the last one is rethrown if no call ever
/// succeeded.
func eventually<T>(
    timeout: Duration,
    interval: Duration = .milliseconds(200),
    _ body: () throws -> T,
    until isDone: (T) -> Bool
) throws -> T {
    let deadline = ContinuousClock.now + timeout
    var lastValue: T?
    var lastError: (any Error)?
    while true {
        do {
            let value = try body()
            lastValue = value
            if isDone(value) { return value }
        } catch {
            lastError = error
        }
        if ContinuousClock.now >= deadline { break }
        Thread.sleep(forTimeInterval: interval.seconds)
    }
    if let lastValue { return lastValue }
    throw lastError ?? EnsembleError.unexpectedOutput(command: "eventually", detail: "no attempt finished")
}
