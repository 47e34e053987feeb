import Synchronization

/// Shared progress of a running simulation, safe to read from another thread.
///
/// Each replication reports 64 steps; `fraction` is the share of all steps done.
public final class SimulationProgress: Sendable {
    let done = Atomic<Int>(0)
    let total = Atomic<Int>(1)

    public init() {}

    /// Done so far, from 0 to 1.
    public var fraction: Double {
        let total = total.load(ordering: .relaxed)
        return min(1, Double(done.load(ordering: .relaxed)) / Double(max(total, 1)))
    }

    func start(replications: Int) {
        done.store(0, ordering: .relaxed)
        total.store(64 * replications, ordering: .relaxed)
    }

    func advance() {
        done.add(1, ordering: .relaxed)
    }
}
