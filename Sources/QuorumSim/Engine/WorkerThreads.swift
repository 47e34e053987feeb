import Dispatch
import ToolkitSupport

/// Runs the same work loop on several threads and waits for all of them.
///
/// The work pulls its own items (replications, batches) from a shared board, so results never depend on which
/// thread ran what. One worker runs on the calling thread.
enum WorkerThreads {
    static func run(_ workers: Int, _ work: @escaping @Sendable () -> Void) {
        guard workers > 1 else {
            work()
            return
        }
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            DetachedThread.start(stackSize: 1 << 20) {
                work()
                group.leave()
            }
        }
        group.wait()
    }
}
