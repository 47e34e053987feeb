/// The pending events of a simulation, one slot per component, ordered by
/// (time, sequence number).
///
/// Every component (a server's fault process, a zone's outage process, a partition,
/// the maintenance schedule, the election in progress) has at most one pending event,
/// so the queue is a tournament tree over a fixed number of slots: each node holds the
/// earliest event below it. Scheduling or cancelling replays the matches from the
/// slot's leaf to the root, comparing with each sibling's stored winner, so the loads
/// along the path do not depend on each other; finding the first event reads the root.
/// Each schedule takes the next sequence number, so events at the same time come out
/// in the order they were scheduled, the same way on every run.
///
/// The storage is one allocation owned by the queue (which is therefore not copyable),
/// so the simulation loop touches it without reference counting or uniqueness checks.
struct EventQueue: ~Copyable {
    /// A node: the earliest event below it. `tag` is the sequence number shifted left by
    /// `slotBits`, or-ed with the slot, so comparing tags compares sequence numbers.
    @usableFromInline struct Node {
        @usableFromInline var time: Double
        @usableFromInline var tag: UInt64

        @inlinable init(time: Double, tag: UInt64) {
            self.time = time
            self.tag = tag
        }
    }

    @usableFromInline static var slotBits: UInt64 { 20 }
    @usableFromInline static var slotMask: UInt64 { (1 << slotBits) - 1 }
    /// The tag of an empty slot: after every real one.
    @usableFromInline static var emptyTag: UInt64 { .max }

    /// Leaf count: the slot count rounded up to a power of two (at least 2).
    @usableFromInline let leafCount: Int
    let slotCount: Int
    /// Nodes 1..<leafCount are matches, leafCount..<2 × leafCount the slots.
    @usableFromInline let nodes: UnsafeMutablePointer<Node>
    @usableFromInline var nextSequence: UInt64 = 0

    /// An empty queue with `slotCount` slots, numbered from 0 (at most 2^20).
    init(slotCount: Int) {
        precondition(slotCount >= 0 && slotCount <= 1 << 20, "slot count out of range")
        var leaves = 2
        while leaves < slotCount { leaves *= 2 }
        leafCount = leaves
        self.slotCount = slotCount
        nodes = .allocate(capacity: 2 * leaves)
        nodes.initialize(repeating: Node(time: .infinity, tag: Self.emptyTag), count: 2 * leaves)
    }

    deinit {
        nodes.deallocate()
    }

    /// Whether the queue holds no event.
    @inlinable
    var isEmpty: Bool { nodes[1].time == .infinity }

    /// The slot whose event comes first (meaningless when `isEmpty`).
    @inlinable @inline(__always)
    var firstSlot: Int { Int(truncatingIfNeeded: nodes[1].tag & Self.slotMask) }

    /// The time of the first event (`.infinity` when empty).
    @inlinable @inline(__always)
    var firstTime: Double { nodes[1].time }

    /// The time of `slot`'s pending event, `.infinity` when none.
    @inlinable
    func time(of slot: Int) -> Double {
        precondition(slot >= 0 && slot < slotCount, "no such slot")
        return nodes[leafCount + slot].time
    }

    /// Sets `slot`'s pending event to `time`, replacing any it had.
    @inlinable @inline(__always)
    mutating func schedule(_ slot: Int, at time: Double) {
        precondition(slot >= 0 && slot < slotCount, "no such slot")
        precondition(nextSequence < 1 << (64 - Self.slotBits), "sequence numbers exhausted")
        let tag = nextSequence << Self.slotBits | UInt64(truncatingIfNeeded: slot)
        nextSequence &+= 1
        replay(slot, Node(time: time, tag: tag))
    }

    /// Removes `slot`'s pending event, if any.
    @inlinable @inline(__always)
    mutating func cancel(_ slot: Int) {
        precondition(slot >= 0 && slot < slotCount, "no such slot")
        replay(slot, Node(time: .infinity, tag: Self.emptyTag))
    }

    /// Removes and returns the first event (slot and time); `nil` when empty.
    @inlinable
    mutating func pop() -> (slot: Int, time: Double)? {
        let slot = firstSlot
        let time = firstTime
        if time == .infinity { return nil }
        cancel(slot)
        return (slot, time)
    }

    /// Stores `leaf` at `slot` and replays the matches up to the root. The time
    /// comparison is a select (nothing to mispredict); tags decide only on a tie.
    @inlinable @inline(__always)
    mutating func replay(_ slot: Int, _ leaf: Node) {
        var node = leafCount + slot
        var time = leaf.time
        var tag = leaf.tag
        nodes[node] = leaf
        while node > 1 {
            let sibling = nodes[node ^ 1]
            let siblingFirst = sibling.time < time
            tag = siblingFirst ? sibling.tag : tag
            time = siblingFirst ? sibling.time : time
            if sibling.time == time && sibling.tag < tag { tag = sibling.tag }
            node >>= 1
            nodes[node] = Node(time: time, tag: tag)
        }
    }
}
