import Foundation
import Testing

@testable import QuorumSim

/// A participant of weight 0 never leads: ZooKeeper's leader election never moves a vote to it
/// (`FastLeaderElection.totalOrderPredicate` returns false for a server of weight 0) and its own vote weighs nothing.
///
/// The placement of issue 16: groups {1}, {2}, {3, 4}, server 4 of weight 0 in a hub zone that reaches every other
/// zone, while zones 1–3 are cut from each other most of the time. The hub server reaches a quorum but cannot lead,
/// so the ensemble serves only while some server of non-zero weight reaches two groups.
struct WeightZeroLeaderTests {
    static let zones = ["z1", "z2", "z3", "hub"]
    /// Zone and group of servers 1…4; server 4 has weight 0.
    static let layout = [(zone: 0, group: 1), (zone: 1, group: 2), (zone: 2, group: 3), (zone: 3, group: 3)]
    static let weights = [1, 1, 1, 0]
    static let cutPairs = [(0, 1), (0, 2), (1, 2)]

    /// Each cut in force 999 h of every 1000 (mean), so all three together about 0.997 of the time.
    static func scenario(serverFaults: FaultProcess? = nil, years: Double = 20, seed: UInt64 = 1) -> Scenario {
        let cut = FaultProcess(timeToFailure: .exponential(mean: 1), timeToRepair: .exponential(mean: 999))
        return Scenario(
            name: "weight-zero-hub", zones: zones.map { Zone(name: $0) },
            servers: layout.enumerated().map {
                Server(id: $0.offset + 1, zone: $0.element.zone, group: $0.element.group, weight: weights[$0.offset])
            },
            serverFaults: serverFaults,
            partitions: cutPairs.map { Partition(zoneA: $0.0, zoneB: $0.1, process: cut) },
            run: RunSettings(years: years, replications: 8, seed: seed))
    }

    /// ZooKeeper's rule written out for this placement, independently of `QuorumRule` and `Reachability`: some up
    /// server of non-zero weight reaches (own zone, or a zone not cut from its own) up servers holding more than half
    /// the weight of more than half of the three groups.
    static func zooKeeperServes(up: UInt64, cut: [UInt64]) -> Bool {
        func cutApart(_ a: Int, _ b: Int) -> Bool { !cut.isEmpty && cut[a] & (1 << UInt64(b)) != 0 }
        for leader in 0..<4 where up & (1 << UInt64(leader)) != 0 && weights[leader] > 0 {
            var groupWeight = [1: 0, 2: 0, 3: 0]
            for j in 0..<4 where up & (1 << UInt64(j)) != 0 && !cutApart(layout[leader].zone, layout[j].zone) {
                groupWeight[layout[j].group, default: 0] += weights[j]
            }
            // Every group's total weight is 1: more than half of it means weight 1.
            if groupWeight.values.filter({ 2 * $0 > 1 }).count * 2 > 3 { return true }
        }
        return false
    }

    static let serverFaults = FaultProcess(timeToFailure: .exponential(mean: 100), timeToRepair: .exponential(mean: 20))

    @Test(arguments: [false, true])
    func exactFigureIsZooKeepersRule(withServerFaults: Bool) throws {
        let s = Self.scenario(serverFaults: withServerFaults ? Self.serverFaults : nil)
        let expected = Fixture.bruteForceUnavailability(s, serves: Self.zooKeeperServes)
        let exact = try #require(ExactAvailability.unavailability(of: s))
        #expect(Fixture.relativeError(exact, expected) < 1e-12, "exact \(exact), ZooKeeper's rule \(expected)")
        if !withServerFaults {
            // Only all three cuts at once stop every server of non-zero weight from reaching two groups.
            #expect(abs(expected - pow(0.999, 3)) < 1e-12)
        }
    }

    @Test(arguments: [false, true])
    func simulationCoversTheExactFigure(withServerFaults: Bool) throws {
        let s = Self.scenario(serverFaults: withServerFaults ? Self.serverFaults : nil, years: 40, seed: 3)
        let exact = Fixture.bruteForceUnavailability(s, serves: Self.zooKeeperServes)
        let report = try Simulator.run(s, threads: 2)
        let interval = try #require(report.metrics.availability.ci95)
        #expect(interval.contains(1 - exact), "simulated availability \(interval) does not cover \(1 - exact)")
    }

    /// Every server up: with all three cuts in force only the hub server reaches a quorum, and it cannot lead.
    @Test func hubOfWeightZeroIsNoCandidate() {
        let s = Self.scenario()
        let rule = QuorumRule(servers: s.servers)
        let reach = Reachability(servers: s.servers, zoneCount: 4)
        let evaluator = ServingEvaluator(scenario: s)
        let all: UInt64 = 0b1111
        let everyCut = ServingEvaluator.cuts(for: 0b111, zoneCount: 4, partitionZones: [(0, 1), (0, 2), (1, 2)])
        #expect(!reach.canServe(up: all, cut: everyCut, rule: rule))
        #expect(reach.possibleLeaders(up: all, cut: everyCut, rule: rule) == 0)
        #expect(evaluator.servingZones(up: all, cutState: 0b111) == 0)
        // Only zones 1 and 2 cut apart: servers 1–3 each reach two groups and can lead, the hub server still cannot.
        let oneCut = ServingEvaluator.cuts(for: 0b001, zoneCount: 4, partitionZones: [(0, 1), (0, 2), (1, 2)])
        #expect(reach.possibleLeaders(up: all, cut: oneCut, rule: rule) == 0b0111)
        #expect(evaluator.servingZones(up: all, cutState: 0b001) == 0b0111)
        // Zone 1 cut from zones 2 and 3: server 1 reaches only group 1 (and the hub, of weight 0); 2 and 3 lead.
        let twoCuts = ServingEvaluator.cuts(for: 0b011, zoneCount: 4, partitionZones: [(0, 1), (0, 2), (1, 2)])
        #expect(reach.possibleLeaders(up: all, cut: twoCuts, rule: rule) == 0b0110)
        #expect(evaluator.servingZones(up: all, cutState: 0b011) == 0b0110)
    }

    /// Server 2 down and zone 1 cut from zones 2 and 3: server 1 reaches only the hub (group 1), server 3 only the
    /// hub and the dead zone (group 3); the hub server reaches groups 1 and 3 but is the only one that does.
    @Test func weightZeroServerAsTheOnlyOneReachingAQuorumLeavesNoLeader() {
        let s = Self.scenario()
        let rule = QuorumRule(servers: s.servers)
        let reach = Reachability(servers: s.servers, zoneCount: 4)
        let up: UInt64 = 0b1101
        let cut = ServingEvaluator.cuts(for: 0b011, zoneCount: 4, partitionZones: [(0, 1), (0, 2), (1, 2)])
        #expect(Self.zooKeeperServes(up: up, cut: cut) == false)
        #expect(rule.isQuorum(up), "the hub server reaches servers 1 and 3: groups 1 and 3")
        #expect(!reach.canServe(up: up, cut: cut, rule: rule))
        #expect(ServingEvaluator(scenario: s).servingZones(up: up, cutState: 0b011) == 0)
    }

    /// The simulator never elects the weight-0 server, even when it has the highest id and every server is up.
    @Test func electionSkipsTheWeightZeroServer() throws {
        let model = try CompiledModel(Self.scenario())
        let replication = Replication(model: model, generator: Xoshiro256StarStar(seed: 1))
        #expect(replication.chooseLeader(up: 0b1111, zones: ~0) == 2)
    }

    /// `tolerance` on the same placement: the fewest failures that lose the quorum, and the set it names, are those
    /// of ZooKeeper's rule found by trying every set of servers.
    @Test func toleranceNamesASmallestSetByZooKeepersRule() throws {
        let report = try ToleranceAnalysis.report(of: Self.scenario())
        var smallest = 5
        var losing: [UInt64] = []
        for lost in UInt64(0)..<16 where !Self.zooKeeperServes(up: 0b1111 & ~lost, cut: []) {
            if lost.nonzeroBitCount < smallest {
                smallest = lost.nonzeroBitCount
                losing = []
            }
            if lost.nonzeroBitCount == smallest { losing.append(lost) }
        }
        #expect(report.failuresToLoseQuorum == smallest)
        var named: UInt64 = 0
        for id in report.smallestLosingSet { named |= 1 << UInt64(id - 1) }
        #expect(losing.contains(named), "\(report.smallestLosingSet) is not a smallest losing set")
        // Losing the hub loses nothing: two more failures are needed.
        let hub = try #require(report.zones.first { $0.zone == "hub" })
        #expect(!hub.lossLosesQuorum && hub.failuresToLoseQuorumAfterLoss == 2)
        #expect(report.survivesAnyZoneIsolation)
    }
}
