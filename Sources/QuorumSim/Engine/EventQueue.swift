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
        /// The time's bit pattern: kept as an integer so that `replay` selects it with an integer move.
        @usableFromInline var bits: UInt64
        @usableFromInline var tag: UInt64

        @inlinable init(time: Double, tag: UInt64) {
            self.init(bits: time.bitPattern, tag: tag)
        }

        @inlinable init(bits: UInt64, tag: UInt64) {
            self.bits = bits
            self.tag = tag
        }

        @inlinable var time: Double {
            get { Double(bitPattern: bits) }
            set { bits = newValue.bitPattern }
        }
    }

    @usableFromInline static var slotBits: UInt64 { 20 }
    @usableFromInline static var slotMask: UInt64 { (1 << slotBits) - 1 }
    /// The tag of an empty slot: after every real one.
    @usableFromInline static var emptyTag: UInt64 { .max }

    /// Leaf count: the slot count (at least 2). It need not be a power of two: node i < leafCount matches
    /// nodes 2i and 2i + 1, so every leaf's path ends at the root, and the order being total, the root holds
    /// the first event whatever the shape; leaves numbered below the next power of two are a level nearer it
    /// (with 5 servers, 3 zones, maintenance and election: 3 matches for a server's event instead of 4).
    @usableFromInline let leafCount: Int
    let slotCount: Int
    /// Nodes 1..<leafCount are matches, leafCount..<2 × leafCount the slots.
    @usableFromInline let nodes: UnsafeMutablePointer<Node>
    @usableFromInline var nextSequence: UInt64 = 0

    /// An empty queue with `slotCount` slots, numbered from 0 (at most 2^20).
    init(slotCount: Int) {
        precondition(slotCount >= 0 && slotCount <= 1 << 20, "slot count out of range")
        let leaves = max(2, slotCount)
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

    /// Sets `slot`'s pending event to `time` (not negative), replacing any it had.
    @inlinable @inline(__always)
    mutating func schedule(_ slot: Int, at time: Double) {
        precondition(slot >= 0 && slot < slotCount, "no such slot")
        precondition(nextSequence < 1 << (64 - Self.slotBits), "sequence numbers exhausted")
        precondition(time >= 0, "an event time is negative")
        let tag = nextSequence << Self.slotBits | UInt64(truncatingIfNeeded: slot)
        nextSequence &+= 1
        // `magnitude` turns −0 into +0, so that every stored time has its sign bit clear (see `replay`).
        replay(slot, Node(time: time.magnitude, tag: tag))
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

    /// Stores `leaf` at `slot` and replays the matches up to the root.
    ///
    /// Every stored time is +0, positive or +∞ (`schedule`), and the bit patterns of such doubles order
    /// as their values do; so (time, tag) orders as the 128-bit integer (time's bits, tag), and each
    /// match is one wide subtraction and two masked merges, with no branch to mispredict.
    @inlinable @inline(__always)
    mutating func replay(_ slot: Int, _ leaf: Node) {
        let nodes = self.nodes
        var node = leafCount &+ slot
        var bits = leaf.bits
        var tag = leaf.tag
        nodes[node] = leaf
        while node > 1 {
            let sibling = nodes[node ^ 1]
            // All ones when the sibling comes first. Both keys are below 2^127 (sign bits clear), so the top
            // bit of their wrapping difference is the comparison; a mask, not a select, since LLVM turns
            // selects in a loop into a branch, which these matches would mispredict about half the time.
            // The difference's top half is enough: one subtraction with borrow (a wide subtraction made LLVM
            // negate and add, three instructions more per match).
            let (_, borrow) = sibling.tag.subtractingReportingOverflow(tag)
            let high = sibling.bits &- bits &- (borrow ? 1 : 0)
            let mask = 0 &- (high >> 63)
            bits ^= (bits ^ sibling.bits) & mask
            tag ^= (tag ^ sibling.tag) & mask
            node &>>= 1
            nodes[node] = Node(bits: bits, tag: tag)
        }
    }
}
