/// The pending events of a simulation, one slot per component, ordered by
/// (time, sequence number).
///
/// Every component (a server's fault process, a zone's outage process, a partition,
/// the maintenance schedule, the election in progress) has at most one pending event,
/// so the queue is a winner tree over a fixed number of slots: scheduling, cancelling
/// and finding the earliest event all take O(log slots) comparisons, with no allocation
/// after `init`. Each schedule takes the next sequence number, so events at the same
/// time come out in the order they were scheduled, the same way on every run.
public struct EventQueue: Sendable {
    /// Leaf count: `slotCount` rounded up to a power of two (at least 2).
    @usableFromInline let leafCount: Int
    @usableFromInline var times: ContiguousArray<Double>
    @usableFromInline var sequences: ContiguousArray<UInt64>
    /// `winners[node]` is the slot with the earliest event under `node`; nodes
    /// `leafCount..<2 × leafCount` are the slots themselves.
    @usableFromInline var winners: ContiguousArray<Int32>
    @usableFromInline var nextSequence: UInt64 = 0

    /// An empty queue with `slotCount` slots, numbered from 0.
    public init(slotCount: Int) {
        precondition(slotCount >= 0 && slotCount < Int(Int32.max) / 2, "slot count out of range")
        var leaves = 2
        while leaves < slotCount { leaves *= 2 }
        leafCount = leaves
        times = ContiguousArray(repeating: .infinity, count: leaves)
        sequences = ContiguousArray(repeating: .max, count: leaves)
        winners = ContiguousArray(repeating: 0, count: 2 * leaves)
        for leaf in 0..<leaves { winners[leaves + leaf] = Int32(leaf) }
        for node in stride(from: leaves - 1, through: 1, by: -1) { winners[node] = winners[2 * node] }
    }

    /// Whether the queue holds no event.
    @inlinable
    public var isEmpty: Bool { times[Int(winners[1])] == .infinity }

    /// The slot whose event comes first (meaningless when `isEmpty`).
    @inlinable @inline(__always)
    public var firstSlot: Int { Int(winners[1]) }

    /// The time of the first event (`.infinity` when empty).
    @inlinable @inline(__always)
    public var firstTime: Double { times[Int(winners[1])] }

    /// The time of `slot`'s pending event, `.infinity` when none.
    @inlinable
    public func time(of slot: Int) -> Double { times[slot] }

    /// Sets `slot`'s pending event to `time`, replacing any it had.
    @inlinable @inline(__always)
    public mutating func schedule(_ slot: Int, at time: Double) {
        times[slot] = time
        sequences[slot] = nextSequence
        nextSequence &+= 1
        update(slot)
    }

    /// Removes `slot`'s pending event, if any.
    @inlinable
    public mutating func cancel(_ slot: Int) {
        times[slot] = .infinity
        sequences[slot] = .max
        update(slot)
    }

    /// Removes and returns the first event (slot and time); `nil` when empty.
    @inlinable
    public mutating func pop() -> (slot: Int, time: Double)? {
        let slot = firstSlot
        let time = times[slot]
        if time == .infinity { return nil }
        cancel(slot)
        return (slot, time)
    }

    @inlinable @inline(__always)
    mutating func update(_ slot: Int) {
        var node = (leafCount + slot) >> 1
        while node > 0 {
            let left = Int(winners[2 * node])
            let right = Int(winners[2 * node + 1])
            let tl = times[left]
            let tr = times[right]
            let leftFirst = tl < tr || (tl == tr && sequences[left] < sequences[right])
            winners[node] = Int32(leftFirst ? left : right)
            node >>= 1
        }
    }
}
