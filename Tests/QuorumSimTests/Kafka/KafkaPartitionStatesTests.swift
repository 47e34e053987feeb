import Testing

@testable import QuorumSim

/// The partition state machine alone, on deterministic sequences of broker and quorum events
/// (docs/kafka.md, "Semantics"). Brokers are indices 0, 1, 2; the partition's replicas are [0, 1, 2] (0 the
/// preferred leader) with min.insync.replicas 2 unless said otherwise.
struct KafkaPartitionStatesTests {
    static func states(
        replicas: [[Int]] = [[0, 1, 2]], minISR: Int = 2, catchUp: Double = 0, brokers: Int = 3
    ) -> KafkaPartitionStates {
        let layout = KafkaLayout(
            brokerZones: Array(repeating: 0, count: brokers),
            topics: [KafkaLayout.Topic(name: "t", minInsyncReplicas: minISR, replicas: replicas)])
        return KafkaPartitionStates(layout: layout, catchUp: catchUp)
    }

    static func bit(_ b: Int...) -> UInt64 { b.reduce(0) { $0 | 1 << UInt64($1) } }

    @Test func followerFailsWithQuorum() {
        var s = Self.states()
        s.brokersDown(Self.bit(1), at: 1)
        #expect(s.isr(topic: 0, partition: 0) == [0, 2])
        #expect(s.leader(topic: 0, partition: 0) == 0)
        #expect(s.isWritable(topic: 0, partition: 0))
        s.brokersDown(Self.bit(2), at: 2)
        #expect(s.isr(topic: 0, partition: 0) == [0])
        #expect(!s.isWritable(topic: 0, partition: 0))
        #expect(!s.isOffline(topic: 0, partition: 0))
    }

    @Test func followerFailsWithoutQuorum() {
        var s = Self.states()
        s.quorumAvailable(false, at: 1)
        s.brokersDown(Self.bit(1), at: 2)
        // No ISR shrink without a controller: acks=all writes stall on the dead follower.
        #expect(s.isr(topic: 0, partition: 0) == [0, 1, 2])
        #expect(!s.isWritable(topic: 0, partition: 0))
        #expect(!s.isOffline(topic: 0, partition: 0))
        s.quorumAvailable(true, at: 3)
        #expect(s.isr(topic: 0, partition: 0) == [0, 2])
        #expect(s.isWritable(topic: 0, partition: 0))
    }

    @Test func leaderFailsWithQuorum() {
        var s = Self.states()
        s.brokersDown(Self.bit(0), at: 1)
        #expect(s.leader(topic: 0, partition: 0) == 1)
        #expect(s.isr(topic: 0, partition: 0) == [1, 2])
        #expect(s.isWritable(topic: 0, partition: 0))
    }

    @Test func leaderFailsWithoutQuorumThenReturns() {
        var s = Self.states()
        s.quorumAvailable(false, at: 1)
        s.brokersDown(Self.bit(0), at: 2)
        #expect(s.isOffline(topic: 0, partition: 0))
        #expect(s.leader(topic: 0, partition: 0) == 0)
        // The same leader back: it leads again, no election needed.
        s.brokersUp(Self.bit(0), at: 3)
        #expect(!s.isOffline(topic: 0, partition: 0))
        #expect(s.isWritable(topic: 0, partition: 0))
    }

    @Test func leaderFailsWithoutQuorumThenQuorumReturns() {
        var s = Self.states()
        s.quorumAvailable(false, at: 1)
        s.brokersDown(Self.bit(0), at: 2)
        s.brokersDown(Self.bit(1), at: 3)
        #expect(s.isOffline(topic: 0, partition: 0))
        // Every pending change at once: both dead members leave, the live one leads.
        s.quorumAvailable(true, at: 4)
        #expect(s.leader(topic: 0, partition: 0) == 2)
        #expect(s.isr(topic: 0, partition: 0) == [2])
        #expect(!s.isOffline(topic: 0, partition: 0))
        #expect(!s.isWritable(topic: 0, partition: 0))
    }

    @Test func lastInSyncReplicaReturnsFirst() {
        var s = Self.states()
        s.brokersDown(Self.bit(1), at: 1)
        s.brokersDown(Self.bit(2), at: 2)
        s.brokersDown(Self.bit(0), at: 3)
        #expect(s.isr(topic: 0, partition: 0) == [0])
        #expect(s.leader(topic: 0, partition: 0) == nil)
        #expect(s.isOffline(topic: 0, partition: 0))
        s.brokersUp(Self.bit(0), at: 4)
        #expect(s.leader(topic: 0, partition: 0) == 0)
        #expect(!s.isOffline(topic: 0, partition: 0))
        #expect(!s.isWritable(topic: 0, partition: 0))
    }

    @Test func anotherReplicaReturnsFirst() {
        var s = Self.states()
        s.brokersDown(Self.bit(1), at: 1)
        s.brokersDown(Self.bit(2), at: 2)
        s.brokersDown(Self.bit(0), at: 3)
        // Broker 1 is not in the ISR: it cannot lead (unclean election off), nor catch up without a leader.
        s.brokersUp(Self.bit(1), at: 4)
        #expect(s.isOffline(topic: 0, partition: 0))
        #expect(s.isr(topic: 0, partition: 0) == [0])
        s.brokersUp(Self.bit(0), at: 5)
        #expect(s.leader(topic: 0, partition: 0) == 0)
        #expect(s.isr(topic: 0, partition: 0) == [0, 1])
        #expect(s.isWritable(topic: 0, partition: 0))
    }

    @Test func severalFailingAtOnceAllStayInTheISR() {
        var s = Self.states()
        s.brokersDown(Self.bit(0, 1, 2), at: 1)
        #expect(s.isr(topic: 0, partition: 0) == [0, 1, 2])
        s.brokersUp(Self.bit(2), at: 2)
        #expect(s.leader(topic: 0, partition: 0) == 2)
        #expect(s.isr(topic: 0, partition: 0) == [2])
    }

    @Test func catchUpWithLeader() {
        var s = Self.states(catchUp: 1.5)
        s.brokersDown(Self.bit(1), at: 1)
        s.brokersUp(Self.bit(1), at: 10)
        #expect(s.isr(topic: 0, partition: 0) == [0, 2])
        #expect(s.takeDueChanges() & Self.bit(1) != 0)
        #expect(s.due[1] == 11.5)
        s.caughtUp(broker: 1, at: 11.5)
        #expect(s.isr(topic: 0, partition: 0) == [0, 1, 2])
        #expect(s.due[1] == .infinity)
    }

    @Test func catchUpWaitsForALeader() {
        var s = Self.states(replicas: [[0, 1]], minISR: 1, catchUp: 2, brokers: 2)
        s.brokersDown(Self.bit(1), at: 1)
        s.brokersDown(Self.bit(0), at: 2)
        s.brokersUp(Self.bit(1), at: 3)
        #expect(s.due[1] == .infinity)
        s.brokersUp(Self.bit(0), at: 7)
        // Catch-up runs from the moment there is a leader to fetch from.
        #expect(s.due[1] == 9)
        s.caughtUp(broker: 1, at: 9)
        #expect(s.isr(topic: 0, partition: 0) == [0, 1])
    }

    @Test func catchUpDoneWithoutQuorumJoinsWhenItReturns() {
        var s = Self.states(catchUp: 1)
        s.brokersDown(Self.bit(1), at: 1)
        s.brokersUp(Self.bit(1), at: 2)
        s.quorumAvailable(false, at: 2.5)
        s.caughtUp(broker: 1, at: 3)
        #expect(s.isr(topic: 0, partition: 0) == [0, 2])
        s.quorumAvailable(true, at: 4)
        #expect(s.isr(topic: 0, partition: 0) == [0, 1, 2])
    }

    @Test func downDuringCatchUpStartsAgain() {
        var s = Self.states(catchUp: 5)
        s.brokersDown(Self.bit(1), at: 1)
        s.brokersUp(Self.bit(1), at: 2)
        s.brokersDown(Self.bit(1), at: 3)
        #expect(s.due[1] == .infinity)
        s.brokersUp(Self.bit(1), at: 4)
        #expect(s.due[1] == 9)
        s.caughtUp(broker: 1, at: 9)
        #expect(s.isr(topic: 0, partition: 0) == [0, 1, 2])
    }

    /// Two topics, the second's partitions on the same replicas as the first's: the tallies count partitions.
    @Test func talliesCountTimeEpisodesAndPartitions() {
        let layout = KafkaLayout(
            brokerZones: [0, 0, 0],
            topics: [
                KafkaLayout.Topic(name: "a", minInsyncReplicas: 2, replicas: [[0, 1, 2], [1, 2, 0]]),
                KafkaLayout.Topic(name: "b", minInsyncReplicas: 2, replicas: [[0, 1, 2], [0, 1, 2], [0, 1, 2]]),
            ])
        var s = KafkaPartitionStates(layout: layout, catchUp: 0)
        s.wholeYears = 1
        s.startTallies(at: 0)
        s.brokersDown(Self.bit(1), at: 1)
        s.brokersDown(Self.bit(2), at: 2)  // every partition below min.insync.replicas from 2 to 5
        s.brokersUp(Self.bit(2), at: 5)
        s.brokersDown(Self.bit(0), at: 6)  // [0, 1, 2] partitions: leader 2, ISR [2]; [1, 2, 0]: the same
        s.brokersUp(Self.bit(0, 1), at: 8)
        let r = s.result(at: 10)
        #expect(r.topics[0].unwritableHours == 5)
        #expect(r.topics[0].unwritablePartitionHours == 10)
        #expect(r.topics[1].unwritablePartitionHours == 15)
        #expect(r.topics[1].unwritableEpisodes == 2)
        #expect(r.cluster.unwritablePartitionHours == 25)
        #expect(r.cluster.offlineHours == 0)
        #expect(r.cluster.yearsWithUnwritable == 1)
        #expect(r.cluster.yearsWithOffline == 0)
    }

    /// Kraft-combined: a server and the broker with its id are one node; the server's fault process is the
    /// broker's, and the broker is up exactly while the server is.
    @Test func combinedModeCouplesServerAndBroker() throws {
        let nodeFaults = FaultProcess(timeToFailure: .exponential(mean: 77), timeToRepair: .exponential(mean: 3))
        let scenario = Scenario(
            name: "combined", zones: [Zone(name: "a"), Zone(name: "b")],
            servers: [Server(id: 1, zone: 0), Server(id: 2, zone: 1), Server(id: 3, zone: 1)],
            serverFaults: FaultProcess(timeToFailure: .exponential(mean: 1000), timeToRepair: .exponential(mean: 1)),
            kafka: KafkaCluster(
                brokers: [KafkaBroker(id: 1, zone: 0), KafkaBroker(id: 2, zone: 1), KafkaBroker(id: 3, zone: 1),
                    KafkaBroker(id: 4, zone: 0)],
                brokerFaults: nodeFaults,
                topics: [KafkaTopic(name: "t", partitions: 2, replicationFactor: 3, minInsyncReplicas: 2)],
                metadata: .kraftCombined))
        let model = try CompiledModel(scenario)
        let kafka = try #require(model.kafka)
        #expect(model.serverFailure.allSatisfy { $0.mean == 77 })
        #expect(model.serverRepair.allSatisfy { $0.mean == 3 })
        #expect(kafka.ownSlot == Self.bit(3))
        // Server 1 (index 1, broker index 1) down: that broker is down; broker 3 follows its own process.
        #expect(kafka.brokersUp(ownUp: ~0, zoneDown: 0, serversUp: Self.bit(0, 2)) == Self.bit(0, 2, 3))
        #expect(kafka.brokersUp(ownUp: ~Self.bit(3), zoneDown: 0, serversUp: Self.bit(0, 1, 2)) == Self.bit(0, 1, 2))
        // Zone b down takes its brokers down whatever their processes say.
        #expect(kafka.brokersUp(ownUp: ~0, zoneDown: kafka.zoneBrokers[1], serversUp: Self.bit(0)) == Self.bit(0, 3))
    }

    /// A cluster built in code has its brokers' distributions checked as the ensemble's are: valid, not measured
    /// (only an election's duration may be), within bounds; each error names the field.
    @Test(arguments: [
        (
            FaultProcess(timeToFailure: .exponential(mean: -5), timeToRepair: .exponential(mean: 1)), false,
            "kafka.brokerFaults.timeToFailure: invalid value"
        ),
        (
            FaultProcess(timeToFailure: .exponential(mean: 100), timeToRepair: .intervals([0.1...0.2])), true,
            "kafka.brokers[1].faults.timeToRepair: invalid value measured intervals"
        ),
        (
            FaultProcess(timeToFailure: .weibull(shape: 0.01, scale: 100), timeToRepair: .exponential(mean: 1)), true,
            "kafka.brokers[1].faults.timeToFailure: Weibull shape 0.01 is below"
        ),
    ])
    func brokerDistributionsAreCheckedAsTheEnsemblesAre(_ faults: FaultProcess, _ own: Bool, _ message: String) {
        let scenario = Scenario(
            name: "checked", zones: [Zone(name: "a")], servers: [Server(id: 1, zone: 0)],
            kafka: KafkaCluster(
                brokers: [KafkaBroker(id: 1, zone: 0), KafkaBroker(id: 2, zone: 0, faults: own ? faults : nil)],
                brokerFaults: own ? nil : faults,
                topics: [KafkaTopic(name: "t", partitions: 1, replicationFactor: 2)], metadata: .zookeeper))
        #expect(throws: SimulationError.self) { try CompiledModel(scenario) }
        do {
            _ = try CompiledModel(scenario)
        } catch {
            #expect(error.description.hasPrefix(message), "\(error)")
        }
    }
}
