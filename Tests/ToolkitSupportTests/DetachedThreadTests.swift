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

    @Test func sleepWaitsAtLeastTheTimeAsked() {
        let start = ContinuousClock.now
        DetachedThread.sleep(seconds: 0.05)
        #expect(ContinuousClock.now - start >= .milliseconds(50))
        DetachedThread.sleep(seconds: -1)
        DetachedThread.sleep(seconds: .nan)
    }
}
