import Dispatch
import Synchronization
import Testing
import ToolkitSupport
import ZKProbe

@testable import ZKProbeExporter

/// The exporter's worker pool, on its own: every queued job reaches a worker once, dropped jobs cost no check,
/// and `stop` returns as soon as the workers are gone rather than after its grace.
struct CheckPoolTests {
    final class Record: Sendable {
        let done = Mutex<[Int: Bool]>([:])  // id → whether the check ran
        let checks = Atomic(0)
        let finished = DispatchSemaphore(value: 0)
    }

    static func job(
        _ id: Int, _ record: Record, deadline: Duration = .seconds(30), gate: WaitableMutex<Bool>? = nil
    ) -> CheckPool.Job {
        var target = ProbeTarget(
            name: "t", request: CheckRequest(targets: EnsembleTargets(endpoints: [], source: "fake")))
        target.run = { request in
            record.checks.add(1, ordering: .relaxed)
            _ = gate?.wait(timeout: .seconds(30)) { $0 ? true : nil }
            return EnsembleAssessment().assess([])
        }
        return CheckPool.Job(
            id: id, target: target, deadline: ContinuousClock.now + deadline, connectionsPerCheck: 1,
            done: { id, result in
                record.done.withLock { $0[id] = result != nil }
                record.finished.signal()
            })
    }

    @Test func everyJobRunsOnceAndExpiredOnesAreDroppedUnrun() {
        let pool = CheckPool(workers: 3, maxQueued: 100)
        let record = Record()
        let live = (0..<40).map { Self.job($0, record) }
        let expired = (40..<50).map { Self.job($0, record, deadline: .seconds(-1)) }
        #expect(pool.submit(live))
        #expect(pool.submit(expired))
        for _ in 0..<50 { #expect(record.finished.wait(timeout: .now() + 10) == .success) }
        let done = record.done.withLock { $0 }
        #expect(done.count == 50)
        #expect((0..<40).allSatisfy { done[$0] == true })
        #expect((40..<50).allSatisfy { done[$0] == false })
        #expect(record.checks.load(ordering: .relaxed) == 40)
        pool.stop(grace: .seconds(5))
    }

    @Test func aFullQueueRefusesTheWholeBatch() {
        let pool = CheckPool(workers: 1, maxQueued: 2)
        pool.stop(grace: .seconds(5))
        let record = Record()
        #expect(!pool.submit([Self.job(1, record)]), "a stopped pool takes nothing")
        let open = CheckPool(workers: 1, maxQueued: 2)
        #expect(!open.submit((0..<3).map { Self.job($0, record) }))
        open.stop(grace: .seconds(5))
    }

    @Test func stopReturnsOnceIdleWorkersHaveLeft() {
        let pool = CheckPool(workers: 4, maxQueued: 10)
        let start = ContinuousClock.now
        pool.stop(grace: .seconds(20))
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func aCancelledJobIsDroppedUnrunAndUnanswered() {
        let pool = CheckPool(workers: 1, maxQueued: 10)
        let record = Record()
        let gate = WaitableMutex(false)
        #expect(pool.submit([Self.job(1, record, gate: gate)]))
        #expect(pool.submit((2...4).map { Self.job($0, record) }))
        pool.cancel([3, 99])
        gate.withLock { $0 = true }
        for _ in 0..<3 { #expect(record.finished.wait(timeout: .now() + 10) == .success) }
        pool.stop(grace: .seconds(5))
        #expect(record.done.withLock { $0 } == [1: true, 2: true, 4: true])
        #expect(record.checks.load(ordering: .relaxed) == 3)
    }

    @Test func stopWaitsForARunningCheckNoLongerThanItsGrace() {
        let pool = CheckPool(workers: 1, maxQueued: 10)
        let record = Record()
        let gate = WaitableMutex(false)
        #expect(pool.submit([Self.job(1, record, gate: gate), Self.job(2, record)]))
        for _ in 0..<10_000 where pool.load.running == 0 { DetachedThread.sleep(seconds: 0.001) }
        let start = ContinuousClock.now
        pool.stop(grace: .milliseconds(200))
        let waited = ContinuousClock.now - start
        #expect(waited >= .milliseconds(200) && waited < .seconds(10))
        gate.withLock { $0 = true }
        #expect(record.finished.wait(timeout: .now() + 10) == .success)
        #expect(record.done.withLock { $0 } == [1: true], "the queued job was dropped at stop")
    }
}
