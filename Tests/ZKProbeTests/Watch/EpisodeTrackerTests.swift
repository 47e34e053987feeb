import TestSupport
import Testing

@testable import ZKProbe

/// Each fault shape the drill injects, as a history with placed true times, watched by rounds: the episode's
/// instants and spans must bound the placed times (docs/zkprobe-watch.md, "Episodes").
struct EpisodeTrackerTests {
    typealias World = WatchWorld
    static let t0 = WatchWorld.t0
    static let (a, b, c) = (WatchWorld.members[0], WatchWorld.members[1], WatchWorld.members[2])

    /// Rounds every 250 ms lasting 12 ms, for `seconds`.
    static func quickRounds(_ seconds: Double, interval: Double = 0.25) -> [World.Round] {
        World.rounds(interval: interval, count: Int(seconds / interval), duration: { _, _ in 0.012 })
    }

    /// The one episode of `rounds` over `world`, ended.
    static func onlyEpisode(_ world: World, _ rounds: [World.Round], interval: Double = 0.25) -> Episode? {
        let (ended, open) = world.episodes(rounds, interval: interval)
        #expect(ended.count == 1, "episodes: \(ended.count)")
        #expect(open == nil)
        return ended.first
    }

    @Test func killedLeaderWithTheElectionBetweenTwoRounds() throws {
        // Killed at 2.26 s, after the round at 2.25 saw it; the next round (2.50) sees the new leader already.
        var world = World()
        world.changes = [
            (2.26, 0, .down), (2.262, 1, .notServing), (2.263, 2, .notServing),
            (2.46, 2, .leader), (2.461, 1, .follower), (6.0, 0, .follower),
        ]
        world.writesAtFirst = true
        world.writeChanges = [(2.26, false), (2.52, true)]
        let e = try #require(Self.onlyEpisode(world, Self.quickRounds(8)))
        #expect(e.kind == .leaderChange)
        #expect(e.leaderLost?.member == Self.a)
        #expect(e.newLeader?.member == Self.c)
        #expect(e.memberDown?.member == Self.a)
        expectBounds(e.leaderLost?.at, Self.t0 + 2.26, "leaderLost")
        expectBounds(e.electionStarted, Self.t0 + 2.263, "electionStarted")
        expectBounds(e.newLeader?.at, Self.t0 + 2.461, "newLeader (a leader with a quorum)")
        expectBounds(e.writesFailed, Self.t0 + 2.26, "writesFailed")
        expectBounds(e.writesWorked, Self.t0 + 2.52, "writesWorked")
        expectBounds(e.detect, 0.003, "detect")
        expectBounds(e.election, 2.461 - 2.263, "election")
        expectBounds(e.unavailable, 2.52 - 2.26, "unavailable")
        expectBounds(e.serveAgain, 2.52 - 2.26, "serveAgain")
        expectBounds(e.ended, Self.t0 + 6.0, "ended")
        #expect(e.unavailableFrom == "writes")
        // All seen in one round: the bounds are that round and the one before, no tighter.
        #expect(e.leaderLost?.at == e.newLeader?.at)
        #expect(e.resolution == 0.25)
    }

    @Test func killedLeaderWithAnElectionOverSeveralRounds() throws {
        var world = World()
        world.changes = [
            (2.1, 0, .down), (2.101, 1, .notServing), (2.102, 2, .notServing),
            (3.4, 1, .leader), (3.41, 2, .follower), (9.0, 0, .follower),
        ]
        let e = try #require(Self.onlyEpisode(world, Self.quickRounds(10)))
        #expect(e.kind == .leaderChange)
        #expect(e.newLeader?.member == Self.b)
        expectBounds(e.detect, 0.002, "detect")
        expectBounds(e.election, 3.41 - 2.102, "election")
        expectBounds(e.unavailable, 3.41 - 2.1, "unavailable")
        expectBounds(e.serveAgain, 3.41 - 2.1, "serveAgain (no probe: to the new leader)")
        #expect(e.unavailableFrom == "leader")
        #expect(e.writesFailed == nil && e.writesWorked == nil)
        // Several rounds apart: the election's bounds are narrower than the whole episode.
        #expect(try #require(e.election?.max) < 1.6)
    }

    @Test func pausedLeaderIsFollowedUntilSyncLimitRunsOut() throws {
        // Paused at 2.1: its srvr times out (1 s rounds), the followers keep following for syncLimit × tickTime
        // (2.5 s), then look for a leader and elect one; the paused member comes back as a follower.
        var world = World()
        world.changes = [
            (2.1, 0, .down), (4.6, 1, .notServing), (4.61, 2, .notServing),
            (4.9, 1, .leader), (4.91, 2, .follower), (9.0, 0, .follower),
        ]
        world.writesAtFirst = true
        world.writeChanges = [(2.1, false), (4.95, true)]
        let rounds = World.rounds(
            interval: 0.25, count: 40,
            duration: { _, start in start + 0.002 >= Self.t0 + 2.1 && start < Self.t0 + 9.0 ? 1.0 : 0.012 },
            probeAfter: { _ in 0.5 })
        #expect(rounds.enumerated().contains { $1.start > Self.t0 + Double($0) * 0.25 + 1e-6 }, "some rounds are late")
        let e = try #require(Self.onlyEpisode(world, rounds))
        #expect(e.kind == .leaderChange)
        expectBounds(e.leaderLost?.at, Self.t0 + 2.1, "leaderLost")
        expectBounds(e.electionStarted, Self.t0 + 4.61, "electionStarted")
        expectBounds(e.detect, 4.61 - 2.1, "detect")
        expectBounds(e.election, 4.91 - 4.61, "election")
        expectBounds(e.unavailable, 4.95 - 2.1, "unavailable")
        // Detection is what a pause costs: the followers kept following for rounds after the leader was lost.
        #expect(try #require(e.detect?.min) > 0)
    }

    @Test func killedFollowerIsAMemberEpisode() throws {
        var world = World()
        world.changes = [(2.1, 2, .down), (4.0, 2, .follower)]
        let e = try #require(Self.onlyEpisode(world, Self.quickRounds(6)))
        #expect(e.kind == .member)
        #expect(e.worst == .warning)
        #expect(e.leaderLost == nil && e.electionStarted == nil && e.newLeader == nil)
        #expect(e.memberDown?.member == Self.c)
        expectBounds(e.memberDown?.at, Self.t0 + 2.1, "memberDown")
        expectBounds(e.serveAgain, 4.0 - 2.1, "serveAgain (to the end)")
        #expect(e.unavailable == nil && e.unavailableFrom == nil)
    }

    @Test func killedFollowerWhileTheVerdictStaysOKIsNoEpisode() {
        var world = World()
        world.toleratesMembersOut = true
        world.changes = [(2.1, 2, .down), (4.0, 2, .follower)]
        let (ended, open) = world.episodes(Self.quickRounds(6), interval: 0.25)
        #expect(ended.isEmpty)
        #expect(open == nil)
    }

    @Test func pausedMajorityLosesTheQuorum() throws {
        var world = World()
        world.changes = [
            (2.1, 1, .down), (2.1, 2, .down), (4.6, 0, .notServing),
            (7.0, 1, .notServing), (7.0, 2, .notServing), (7.3, 1, .leader), (7.31, 0, .follower),
            (7.32, 2, .follower),
        ]
        let e = try #require(Self.onlyEpisode(world, Self.quickRounds(9)))
        #expect(e.kind == .quorumLoss)
        expectBounds(e.leaderLost?.at, Self.t0 + 4.6, "leaderLost")
        expectBounds(e.newLeader?.at, Self.t0 + 7.31, "newLeader")
        expectBounds(e.unavailable, 7.31 - 4.6, "unavailable")
        expectBounds(e.memberDown?.at, Self.t0 + 2.1, "memberDown")
    }

    @Test func restartingAllLosesTheQuorum() throws {
        var world = World()
        world.changes = [
            (2.1, 0, .down), (2.1, 1, .down), (2.1, 2, .down),
            (3.0, 0, .notServing), (3.0, 1, .notServing), (3.0, 2, .notServing),
            (3.5, 2, .leader), (3.5, 0, .follower), (3.5, 1, .follower),
        ]
        let e = try #require(Self.onlyEpisode(world, Self.quickRounds(5)))
        #expect(e.kind == .quorumLoss)
        #expect(e.worst == .critical)
        expectBounds(e.leaderLost?.at, Self.t0 + 2.1, "leaderLost")
        expectBounds(e.electionStarted, Self.t0 + 2.1, "electionStarted (no voter follows)")
        expectBounds(e.newLeader?.at, Self.t0 + 3.5, "newLeader")
        expectBounds(e.ended, Self.t0 + 3.5, "ended")
    }

    @Test func writesFailingWhileTheWordsLookFineArePartOfTheEpisode() throws {
        // A partitioned leader: every member still shows the same roles; only the probe sees it.
        var world = World()
        world.writesAtFirst = true
        world.writeChanges = [(2.1, false), (13.3, true)]
        let e = try #require(Self.onlyEpisode(world, Self.quickRounds(15)))
        #expect(e.kind == .member)
        #expect(e.leaderLost == nil)
        #expect(e.unavailableFrom == "writes")
        expectBounds(e.writesFailed, Self.t0 + 2.1, "writesFailed")
        expectBounds(e.writesWorked, Self.t0 + 13.3, "writesWorked")
        expectBounds(e.unavailable, 13.3 - 2.1, "unavailable")
        expectBounds(e.serveAgain, 13.3 - 2.1, "serveAgain")
    }

    @Test func watchStartingMidEpisodeLeavesTheStartsUnbounded() throws {
        // The leader died and writes failed before the watch's first round.
        var world = World()
        world.initial = [.down, .notServing, .notServing]
        world.writesAtFirst = false
        world.changes = [(1.2, 1, .leader), (1.21, 2, .follower), (4.0, 0, .follower)]
        world.writeChanges = [(1.25, true)]
        let e = try #require(Self.onlyEpisode(world, Self.quickRounds(5)))
        #expect(e.began.after == nil)
        #expect(e.memberDown?.at.after == nil)
        #expect(e.writesFailed?.after == nil)
        #expect(e.leaderLost == nil, "no round before the episode showed a leader")
        #expect(e.serveAgain?.max == nil)
        #expect(e.unavailable?.max == nil)
        expectBounds(e.unavailable, 1.25 + 7, "unavailable (began 7 s before the watch)")
        expectBounds(e.writesWorked, Self.t0 + 1.25, "writesWorked")
        expectBounds(e.ended, Self.t0 + 4.0, "ended")
    }

    @Test func watchEndingMidEpisodeLeavesItOpen() throws {
        var world = World()
        world.changes = [(2.1, 0, .down), (2.101, 1, .notServing), (2.102, 2, .notServing)]
        let (ended, open) = world.episodes(Self.quickRounds(4), interval: 0.25)
        #expect(ended.isEmpty)
        let e = try #require(open)
        #expect(e.ended == nil)
        #expect(e.newLeader == nil && e.election == nil && e.unavailable == nil && e.serveAgain == nil)
        expectBounds(e.leaderLost?.at, Self.t0 + 2.1, "leaderLost")
        expectBounds(e.detect, 0.002, "detect")
        #expect(e.kind == .member, "no new leader seen: not (yet) a leader change")
    }

    @Test func episodesAreNumberedInTheOrderTheyBegin() {
        var world = World()
        world.changes = [(1.1, 2, .down), (2.0, 2, .follower), (3.1, 1, .down), (4.0, 1, .follower)]
        let (ended, open) = world.episodes(Self.quickRounds(5), interval: 0.25)
        #expect(ended.map(\.number) == [1, 2])
        #expect(ended.map { $0.memberDown?.member } == [Self.c, Self.b])
        #expect(open == nil)
    }

    /// Random round timings (intervals from 50 ms to 1 s, rounds from 1 ms to longer than the interval, the
    /// members and the probe seen anywhere in the round) and random true times for a leader killed or paused and
    /// writes failing: every instant and span bounds the truth.
    @Test(arguments: 0..<1000)
    func everyBoundContainsTheTruth(seed: Int) throws {
        var rng = SeededRandom(seed: UInt64(seed) &* 0x9E37_79B9 &+ 17)
        func uniform(_ low: Double, _ high: Double) -> Double {
            low + (high - low) * Double(rng.next() >> 11) / Double(1 << 53)
        }
        let interval = uniform(0.05, 1.0)
        var world = World()
        let kill = uniform(2.0, 4.0)  // after round 0, which lasts 1.5 s at most: a round before the fault
        let noticed = kill + (rng.below(2) == 0 ? uniform(0.0, 0.05) : uniform(0.5, 3.0))
        let elected = noticed + uniform(0.2, 2.0)
        let newLeader = 1 + rng.below(2)
        let other = 3 - newLeader
        world.changes = [
            (kill, 0, .down), (noticed, 1, .notServing), (noticed + uniform(0, 0.01), 2, .notServing),
            (elected, newLeader, .leader), (elected + uniform(0, 0.01), other, .follower),
            (elected + uniform(1, 4), 0, .follower),
        ]
        let probe = rng.below(3) > 0
        if probe {
            world.writesAtFirst = true
            world.writeChanges = [(kill + uniform(-0.1, 0.3), false), (elected + uniform(0.001, 0.5), true)]
        }
        let slow = uniform(0.001, interval * 1.5)
        let rounds = World.rounds(
            interval: interval, count: Int(17 / interval),
            duration: { _, _ in uniform(0, 1) < 0.3 ? slow : uniform(0.001, 0.02) },
            lanesAfter: { _ in uniform(0, 1.5) }, probeAfter: { _ in uniform(0, 1.5) })
        let (ended, open) = world.episodes(rounds, interval: interval)
        #expect(open == nil)
        let e = try #require(ended.first)
        #expect(ended.count == 1)
        #expect(e.kind == .leaderChange)

        let start = WatchWorld.t0
        let began = world.truth(from: start) { $0.verdict != .ok }!
        let lost = world.truth(from: start) { $0.leader != WatchWorld.members[0] }!
        let electing = world.truth(from: lost) { s in
            s.leader != nil || !s.members.contains { $0.voter && $0.lane == .follower }
        }!
        let newLeaderAt = world.truth(from: lost) { $0.leader != nil && $0.quorum }!
        let endedAt = world.truth(from: began + 1e-9) { $0.verdict == .ok }!
        expectBounds(e.began, began, "began")
        expectBounds(e.ended, endedAt, "ended")
        expectBounds(e.memberDown?.at, start + kill, "memberDown")
        expectBounds(e.leaderLost?.at, lost, "leaderLost")
        expectBounds(e.electionStarted, electing, "electionStarted")
        expectBounds(e.newLeader?.at, newLeaderAt, "newLeader")
        expectBounds(e.detect, electing - lost, "detect")
        expectBounds(e.election, newLeaderAt - electing, "election")
        let failed = start + (world.writeChanges.first?.at ?? 0)
        let worked = start + (world.writeChanges.last?.at ?? 0)
        // A write failure shorter than the rounds' spacing may fall between two probes: then no round saw it.
        let seen = probe && rounds.contains { failed <= $0.probeAt && $0.probeAt < worked }
        #expect(seen == (e.writesFailed != nil), "a failure a probe saw is in the episode, and only then")
        if seen {
            expectBounds(e.writesFailed, failed, "writesFailed")
            expectBounds(e.writesWorked, worked, "writesWorked")
            expectBounds(e.unavailable, worked - failed, "unavailable")
            let firstSign = min(failed, start + kill)
            expectBounds(e.serveAgain, worked - firstSign, "serveAgain")
        } else {
            expectBounds(e.unavailable, newLeaderAt - lost, "unavailable")
            expectBounds(e.serveAgain, newLeaderAt - (start + kill), "serveAgain")
        }
    }
}
