import Foundation
import Testing

/// One way to start threads, one worker pool, one lock pattern (docs/architecture.md, "Threads and locks"): the
/// shipped modules start threads only through `PosixThread`, wait only on `WaitableMutex`, and use neither
/// Dispatch nor Foundation's locks, nor sleep in a loop to look again.
struct ThreadsAndLocksTests {
    /// A name, and the one file allowed to use it (`nil`: none).
    static var rules: [(pattern: Regex<Substring>, text: String, onlyIn: String?)] {
        [
            (/\bpthread_create\b/, "pthread_create", "ToolkitSupport/PosixThread.swift"),
            (
                /\bpthread_(?:mutex|cond)(?:attr)?_/, "a pthread mutex or condition",
                "ToolkitSupport/WaitableMutex.swift"
            ),
            (/\bDispatch\w*/, "Dispatch", nil),
            (/\b(?:NSLock|NSRecursiveLock|NSCondition|NSConditionLock|os_unfair_lock)\b/, "a Foundation lock", nil),
            (/\busleep\b/, "usleep", nil),
        ]
    }

    @Test(arguments: LeanImportsTests.shippedModules)
    func threadsAndLocksGoThroughToolkitSupport(_ module: String) throws {
        for (file, text) in try LeanImportsTests.swiftFiles(of: module) {
            for rule in Self.rules where "\(module)/\(file)" != rule.onlyIn {
                let uses = text.split(separator: "\n").filter { line in
                    !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") && line.contains(rule.pattern)
                }
                #expect(uses.isEmpty, "\(module)/\(file) uses \(rule.text): \(uses.joined(separator: "; "))")
            }
        }
    }
}
