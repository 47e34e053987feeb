import Foundation
import Synchronization
import Testing

@testable import ToolkitSupport

/// The one worker pool: every task once, results in submission order, no more at once than it has threads, a
/// failing task loses no other, and `shutdown` joins every thread, sleeping (not polling) until they end.
///
/// Threads are counted by name in `/proc/self/task/*/comm`, each test with a name of its own, since other tests of
/// this process run at the same time.
struct WorkerPoolTests {
    struct Refused: Error, Equatable {
        let index: Int
    }

    /// Counts by index, shared with the tasks.
    final class Tally: Sendable {
        let runs = Mutex<[Int: Int]>([:])
        func count(_ index: Int) { runs.withLock { $0[index, default: 0] += 1 } }
        var snapshot: [Int: Int] { runs.withLock { $0 } }
    }

    /// `i * i`, with every seventh task slower, so that tasks end out of submission order.
    static func square(_ i: Int) -> Int {
        if i % 7 == 0 { DetachedThread.sleep(seconds: 0.002) }
        return i * i
    }

    @Test(arguments: [1, 2, 3, 8])
    func mapRunsEveryTaskOnceAndKeepsSubmissionOrder(threads: Int) {
        let tally = Tally()
        let results = WorkerPool.map(300, threads: threads, name: "wp-map") { i in
            tally.count(i)
            return Self.square(i)
        }
        #expect(results.map { $0.get() } == (0..<300).map { $0 * $0 })
        #expect(tally.snapshot == Dictionary(uniqueKeysWithValues: (0..<300).map { ($0, 1) }))
    }

    @Test func submittedTasksRunOnceEach() {
        let pool = WorkerPool(threads: 3, name: "wp-submit")
        let tally = Tally()
        let finished = WaitableMutex(0)
        for i in 0..<100 {
            #expect(
                pool.submit([
                    {
                        tally.count(i)
                        finished.withLock { $0 += 1 }
                    }
                ]))
        }
        #expect(finished.wait(timeout: .seconds(30)) { $0 == 100 ? true : nil } == true)
        #expect(tally.snapshot == Dictionary(uniqueKeysWithValues: (0..<100).map { ($0, 1) }))
        #expect(pool.shutdown())
    }

    @Test(arguments: [1, 2, 4])
    func noMoreTasksRunAtOnceThanThereAreThreads(threads: Int) {
        let active = WaitableMutex((now: 0, most: 0))
        _ = WorkerPool.map(40, threads: threads, name: "wp-bound") { _ in
            active.withLock {
                $0.now += 1
                $0.most = max($0.most, $0.now)
            }
            // Hold on until every thread has had a task at once (or a while has passed), then a little more.
            _ = active.wait(timeout: .seconds(2)) { $0.most >= threads ? true : nil }
            DetachedThread.sleep(seconds: 0.001)
            active.withLock { $0.now -= 1 }
        }
        #expect(active.withLock { $0.most } == threads)
    }

    @Test func aTaskThatThrowsLosesNoOther() {
        let results = WorkerPool.map(60, threads: 4, name: "wp-throw") { i throws(Refused) -> Int in
            if i % 5 == 3 { throw Refused(index: i) }
            return Self.square(i)
        }
        #expect(results.count == 60)
        for (i, result) in results.enumerated() {
            switch result {
            case .success(let value): #expect(i % 5 != 3 && value == i * i, "task \(i)")
            case .failure(let error): #expect(i % 5 == 3 && error.index == i, "task \(i)")
            }
        }
    }

    @Test func threadsCarryTheirNameAndShutdownJoinsThemAll() {
        let name = "wp-join-named"
        #expect(Self.threads(named: name) == 0)
        let pool = WorkerPool(threads: 5, name: name)
        // Each thread names itself first thing; five tasks that meet prove all five are up.
        let met = WaitableMutex(0)
        let names = pool.map(5) { _ in
            met.withLock { $0 += 1 }
            _ = met.wait(timeout: .seconds(10)) { $0 == 5 ? true : nil }
            return Self.currentThreadName()
        }
        #expect(names.map { $0.get() } == Array(repeating: name, count: 5))
        #expect(Self.threads(named: name) == 5)
        #expect(pool.shutdown())
        #expect(Self.threadsGone(named: name))
    }

    @Test func shutdownSleepsUntilTheLastTaskEnds() {
        let pool = WorkerPool(threads: 2, name: "wp-sleep")
        let task = WaitableMutex((started: false, open: false, ended: false))
        pool.submit([
            {
                task.withLock { $0.started = true }
                _ = task.wait(timeout: .seconds(30)) { $0.open ? true : nil }
                task.withLock { $0.ended = true }
            }
        ])
        _ = task.wait(timeout: .seconds(30)) { $0.started ? true : nil }
        DetachedThread.start {
            DetachedThread.sleep(seconds: 0.3)
            task.withLock { $0.open = true }
        }
        let switches = Self.voluntaryContextSwitches()
        let start = ContinuousClock.now
        #expect(pool.shutdown(grace: .seconds(30)))
        let elapsed = ContinuousClock.now - start
        let slept = Self.voluntaryContextSwitches() - switches
        #expect(switches >= 0, "no voluntary_ctxt_switches in /proc/thread-self/status")
        #expect(task.withLock { $0.ended }, "shutdown returned before the running task ended")
        #expect(elapsed >= .milliseconds(250))
        // Waking every 10 ms to look would be some 30 switches in 300 ms; sleeping until told is one or two.
        #expect(slept < 10, "the waiting thread woke \(slept) times in \(elapsed)")
        #expect(Self.threadsGone(named: "wp-sleep"))
    }

    @Test func aTaskStillRunningAfterTheGraceIsLeftToEndWithItsThread() {
        let name = "wp-grace"
        let pool = WorkerPool(threads: 1, name: name)
        let task = WaitableMutex((started: false, open: false))
        let ranLater = WaitableMutex(false)
        pool.submit([
            {
                task.withLock { $0.started = true }
                _ = task.wait(timeout: .seconds(30)) { $0.open ? true : nil }
            }
        ])
        pool.submit([{ ranLater.withLock { $0 = true } }])
        _ = task.wait(timeout: .seconds(30)) { $0.started ? true : nil }
        let start = ContinuousClock.now
        #expect(!pool.shutdown(grace: .milliseconds(100)), "the thread was still running a task")
        #expect(ContinuousClock.now - start >= .milliseconds(100))
        #expect(Self.threads(named: name) == 1)
        #expect(!pool.submit([{}]), "a pool shutting down takes nothing")
        task.withLock { $0.open = true }
        #expect(Self.threadsGone(named: name))
        #expect(!ranLater.withLock { $0 }, "a task queued at shutdown ran")
    }

    @Test func submitTakesAllOrNothingWithinTheQueueBound() {
        let pool = WorkerPool(threads: 1, name: "wp-bound-q")
        let gate = WaitableMutex((started: false, open: false))
        pool.submit([
            {
                gate.withLock { $0.started = true }
                _ = gate.wait(timeout: .seconds(30)) { $0.open ? true : nil }
            }
        ])
        _ = gate.wait(timeout: .seconds(30)) { $0.started ? true : nil }
        #expect(!pool.submit([{}, {}, {}], maxQueued: 2))
        #expect(pool.load == (running: 1, queued: 0))
        #expect(pool.submit([{}, {}], maxQueued: 2))
        #expect(pool.load == (running: 1, queued: 2))
        #expect(!pool.submit([{}], maxQueued: 2))
        gate.withLock { $0.open = true }
        #expect(pool.shutdown())
    }

    // MARK: - Threads as the kernel lists them

    static func currentThreadName() -> String {
        ((try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "")
            .trimmingCharacters(in: .newlines)
    }

    /// The threads of this process named `name`, from `/proc/self/task/*/comm`.
    static func threads(named name: String) -> Int {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.filter { task in
            // A thread may end between the listing and the read: it is not counted then.
            let comm = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)
            return comm?.trimmingCharacters(in: .newlines) == name
        }.count
    }

    /// Whether no thread is named `name`, allowing the kernel a moment to take a joined thread off the list:
    /// `pthread_join` returns when the thread has stopped running, a little before its entry goes.
    static func threadsGone(named name: String) -> Bool {
        let end = ContinuousClock.now + .seconds(2)
        while threads(named: name) > 0 {
            if ContinuousClock.now > end { return false }
            DetachedThread.sleep(seconds: 0.001)
        }
        return true
    }

    /// How often the calling thread has given up the processor to wait, from `/proc/thread-self/status`.
    static func voluntaryContextSwitches() -> Int {
        let status = (try? String(contentsOfFile: "/proc/thread-self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("voluntary_ctxt_switches:") }
        return line.flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? -1
    }
}
