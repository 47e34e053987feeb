/// The Kafka cluster in the event loop: brokers' fault processes, their replicas' catch-ups, and the partitions'
/// states (`KafkaPartitionStates`) kept in step with the brokers up and the metadata quorum after every event.
///
/// The metadata quorum is available while the ensemble is serving (`phase == .serving`: a leader that can serve
/// writes). A broker is up while its own fault process is up and its zone is up; in kraft-combined mode the broker
/// that is a server is up exactly while that server is (its slot drives both, maintenance included).
extension Replication {
    /// A broker's fault event or a catch-up event (slots after the election's).
    @inline(never)
    mutating func kafkaEvent(_ slot: Int) {
        let k = model.kafka.unsafelyUnwrapped
        if slot < k.catchUpSlotBase {
            let b = slot - k.brokerSlotBase
            let bit: UInt64 = 1 &<< UInt64(truncatingIfNeeded: b)
            brokerOwnUp ^= bit
            let sampler = brokerOwnUp & bit != 0 ? k.brokerFailure[b] : k.brokerRepair[b]
            queue.schedule(slot, at: now + draw(sampler))
        } else {
            queue.cancel(slot)
            kafka!.caughtUp(broker: slot - k.catchUpSlotBase, at: now)
        }
    }

    /// Brings the partitions' states to the brokers up and the quorum now (`KafkaPartitionStates.sync`), then
    /// queues the catch-ups that moved.
    @inline(never)
    mutating func syncKafka() {
        let k = model.kafka.unsafelyUnwrapped
        var zoneDown: UInt64 = 0
        var zones = zonesDown
        while zones != 0 {
            zoneDown |= k.zoneBrokers[zones.trailingZeroBitCount]
            zones &= zones - 1
        }
        let target = k.brokersUp(ownUp: brokerOwnUp, zoneDown: zoneDown, serversUp: up)
        var changed = kafka!.sync(brokersUp: target, quorum: phase == .serving, at: now)
        while changed != 0 {
            let b = changed.trailingZeroBitCount
            changed &= changed - 1
            let due = kafka!.due[b]
            if due == .infinity {
                queue.cancel(k.catchUpSlotBase + b)
            } else {
                queue.schedule(k.catchUpSlotBase + b, at: max(now, due))
            }
        }
    }

    /// Puts every broker with a fault process of its own in its stationary state (as `startInEquilibrium` does for
    /// servers), queues its first event, and brings the partitions to the brokers up and the phase at time 0.
    mutating func startKafkaInEquilibrium(states: inout some RandomNumberGenerator) {
        guard let k = model.kafka else { return }
        for b in 0..<k.brokerCount where k.ownSlot & (1 &<< UInt64(truncatingIfNeeded: b)) != 0 {
            let isUp = startsUp(k.brokerFailure[b], k.brokerRepair[b], states: &states)
            if !isUp { brokerOwnUp &= ~(1 &<< UInt64(truncatingIfNeeded: b)) }
            queue.schedule(k.brokerSlotBase + b, at: firstEvent(up: isUp, k.brokerFailure[b], k.brokerRepair[b]))
        }
        syncKafka()
    }
}
