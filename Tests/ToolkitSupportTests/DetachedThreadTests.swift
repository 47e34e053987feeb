import Dispatch
import Testing

@testable import ToolkitSupport

struct DetachedThreadTests {
    @Test(arguments: [nil, 1 << 20, 1] as [Int?])
    func runsEveryBody(stackSize: Int?) {
        let done = DispatchSemaphore(value: 0)
        for _ in 0..<4 { DetachedThread.start(stackSize: stackSize) { done.signal() } }
        for _ in 0..<4 { #expect(done.wait(timeout: .now() + 10) == .success) }
    }

    @Test func aThreadCarriesItsName() {
        let seen = WaitableMutex<[String]>([])
        DetachedThread.start(name: "dt-named") { seen.withLock { $0.append(WorkerPoolTests.currentThreadName()) } }
        DetachedThread.start { seen.withLock { $0.append(WorkerPoolTests.currentThreadName()) } }
        let names = seen.wait(timeout: .seconds(10)) { $0.count == 2 ? $0 : nil }
        #expect(names?.contains("dt-named") == true)
        // Unnamed, a thread keeps its creator's name.
        #expect(names?.contains(WorkerPoolTests.currentThreadName()) == true)
    }

    @Test func sleepWaitsAtLeastTheTimeAsked() {
        let start = ContinuousClock.now
        DetachedThread.sleep(seconds: 0.05)
        #expect(ContinuousClock.now - start >= .milliseconds(50))
        DetachedThread.sleep(seconds: -1)
        DetachedThread.sleep(seconds: .nan)
    }
}
