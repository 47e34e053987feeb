import Testing

@testable import QuorumSim

struct EventQueueTests {
    @Test func popsInTimeOrder() {
        var queue = EventQueue(slotCount: 5)
        let times = [3.5, 0.25, 9, 1, 2]
        for (slot, time) in times.enumerated() { queue.schedule(slot, at: time) }
        var popped: [Int] = []
        while let event = queue.pop() { popped.append(event.slot) }
        #expect(popped == [1, 3, 4, 0, 2])
        let empty = queue.isEmpty
        #expect(empty)
    }

    @Test func tiesComeOutInSchedulingOrder() {
        var queue = EventQueue(slotCount: 8)
        let order = [6, 2, 7, 0, 5, 1, 3, 4]
        for slot in order { queue.schedule(slot, at: 10) }
        var popped: [Int] = []
        while let event = queue.pop() { popped.append(event.slot) }
        #expect(popped == order)
    }

    /// The matches compare the times' bit patterns (`EventQueue.replay`): −0 must tie with +0, and the
    /// smallest subnormal and the largest finite time must keep their order by value, before an empty slot.
    @Test func bitPatternOrderAgreesWithValuesAtTheEdges() {
        var queue = EventQueue(slotCount: 6)
        let times: [Double] = [.greatestFiniteMagnitude, 0, .leastNonzeroMagnitude, -0.0, 1]
        for (slot, time) in times.enumerated() { queue.schedule(slot, at: time) }
        var popped: [Int] = []
        while let event = queue.pop() { popped.append(event.slot) }
        #expect(popped == [1, 3, 2, 4, 0])
    }

    @Test func reschedulingTakesANewSequenceNumber() {
        var queue = EventQueue(slotCount: 3)
        queue.schedule(0, at: 5)
        queue.schedule(1, at: 5)
        queue.schedule(2, at: 5)
        queue.schedule(0, at: 5)  // now after 1 and 2
        let popped = [queue.pop()?.slot, queue.pop()?.slot, queue.pop()?.slot]
        #expect(popped == [1, 2, 0])
    }

    @Test func cancelAndReplace() {
        var queue = EventQueue(slotCount: 4)
        queue.schedule(0, at: 1)
        queue.schedule(1, at: 2)
        queue.schedule(2, at: 3)
        queue.cancel(0)
        queue.schedule(1, at: 4)
        let cancelled = queue.time(of: 0)
        let (slot, time) = (queue.firstSlot, queue.firstTime)
        #expect(cancelled == .infinity)
        #expect(slot == 2 && time == 3)
        let first = queue.pop()!
        let second = queue.pop()!
        let none = queue.pop()
        #expect(first == (2, 3))
        #expect(second == (1, 4))
        #expect(none == nil)
    }

    @Test func matchesASortOfRandomSchedules() {
        var generator = Xoshiro256StarStar(seed: 11)
        for slotCount in [1, 2, 3, 7, 16, 33] {
            var queue = EventQueue(slotCount: slotCount)
            var pending: [Int: (Double, Int)] = [:]
            var sequence = 0
            for _ in 0..<500 {
                let slot = Int(generator.next() % UInt64(slotCount))
                if generator.next() % 4 == 0 {
                    queue.cancel(slot)
                    pending[slot] = nil
                } else {
                    // Coarse times so that ties happen.
                    let time = Double(generator.next() % 8)
                    queue.schedule(slot, at: time)
                    pending[slot] = (time, sequence)
                    sequence += 1
                }
                let expected = pending.min { ($0.value.0, $0.value.1) < ($1.value.0, $1.value.1) }
                let (empty, first, firstTime) = (queue.isEmpty, queue.firstSlot, queue.firstTime)
                #expect(empty == (expected == nil))
                if let expected {
                    #expect(first == expected.key)
                    #expect(firstTime == expected.value.0)
                }
            }
        }
    }
}
