extension Replication {
    /// Length of one clock epoch, hours (2^16 h ≈ 7.5 years): times within an epoch are below
    /// 2^17 h, where a `Double` resolves about 0.05 µs, so a 10 s election keeps its length to
    /// about 1e-8 however long the horizon (absolute hours at 1e9 years resolve only ~7 s).
    static var epochHours: Double { 65_536 }

    /// Runs every event before `end` (absolute hours), moving the clock's epoch forward by
    /// whole epochs so that the times the loop works with stay small.
    mutating func runEvents(untilAbsolute end: Double) {
        // The event loop is inlined (`@inline(__always)`) at each call site.
        while true {
            let last = end - epoch <= Self.epochHours
            // Two pastes of the loop: without Kafka it has no check for it at all (one branch per event cost 3 %).
            let through = last ? end - epoch : Self.epochHours
            if model.kafka != nil {
                runEvents(through: through, withKafka: true)
            } else {
                runEvents(through: through, withKafka: false)
            }
            if last { return }
            rebase(by: Self.epochHours)
        }
    }

    /// Moves the epoch forward by `shift` hours: every time held relative to it (the clock, the
    /// queued events, the starts of the current unavailability, quorum loss and episode) drops by
    /// `shift`. A new field holding a time must be shifted here too; the maintenance schedule's times
    /// are absolute (`MaintenanceClock`) and do not move.
    mutating func rebase(by shift: Double) {
        queue.shiftTimes(by: shift)
        epoch += shift
        now -= shift
        unavailableSince -= shift
        noQuorumSince -= shift
        episodeStart -= shift
        kafka?.rebase(by: shift)
    }
}

extension EventQueue {
    /// Subtracts `shift` from every pending event's time (a clock rebase) and replays every match, so the
    /// order is that of the shifted times. O(slots).
    mutating func shiftTimes(by shift: Double) {
        for node in leafCount..<(2 * leafCount) where nodes[node].time != .infinity {
            nodes[node].time -= shift
        }
        var node = leafCount - 1
        while node >= 1 {
            let left = nodes[2 * node]
            let right = nodes[2 * node + 1]
            let rightFirst = right.time < left.time || (right.time == left.time && right.tag < left.tag)
            nodes[node] = rightFirst ? right : left
            node -= 1
        }
    }
}
