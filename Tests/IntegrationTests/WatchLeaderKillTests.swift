import Foundation
import Testing

extension RealEnsembleSideTests {
    /// Issue 19's acceptance test: `zkprobe watch` on a real ZooKeeper 3.8 ensemble whose leader is killed records
    /// one leader-change episode whose bounds contain what a client measured, independently of zkprobe
    /// (`scripts/tests/write-truth.py`, kazoo): when writes stopped, when they worked again, and for how long.
    ///
    /// Both tests read the one `LeaderKillDrill` (one ensemble, one kill, two watches side by side: with
    /// `--write-probe` and with four-letter words alone). In `RealEnsembleSideTests`' chain, beside
    /// `RealEnsembleTests`' (the test run's critical path).
    ///
    /// The truth is compared as intervals (`WriteTruth.Outage`): an episode's instant or span must overlap the
    /// truth's, and every instant must be a bound that holds two rounds' starts, never a point.
    @Suite(.serialized)
    struct WatchLeaderKillTests {
        static let drill = Result { try LeaderKillDrill.run() }

        @Test func withTheWriteProbeTheEpisodeBoundsContainTheWriteTruth() throws {
            let drill = try Self.drill.get()
            let (timeline, episode, outage) = try Self.leaderChange(in: drill.probed, of: drill)
            let context = "\(outage)\n\(drill.truthAroundTheKill)\n\(drill.probed.transcript)"

            #expect(timeline.header.settings.clientProbe == "write", "\(context)")
            #expect(timeline.rounds.allSatisfy { $0.check.writable != nil }, "\(context)")
            let unavailable = try #require(episode.unavailableSeconds, "\(context)")
            #expect(Self.overlap(unavailable, outage.seconds), "unavailableSeconds \(unavailable); \(context)")
            let serveAgain = try #require(episode.serveAgainSeconds, "\(context)")
            #expect(Self.overlap(serveAgain, outage.seconds), "serveAgainSeconds \(serveAgain); \(context)")
            if let failed = episode.writesFailed {
                #expect(episode.unavailableFrom == "writes", "\(context)")
                let worked = try #require(episode.writesWorked, "\(context)")
                #expect(Self.overlap(failed, outage.began), "writesFailed \(failed); \(context)")
                #expect(Self.overlap(worked, outage.ended), "writesWorked \(worked); \(context)")
                Self.expectBounds([failed, worked], in: timeline, context)
            } else {
                // An election shorter than the probe's deadline holds a round's write rather than failing it (the probe
                // reconnects within its deadline, as kazoo's clients do): then no round may have failed to write, and
                // the figure is the leader's.
                let rounds = timeline.rounds.filter { episode.spans($0.start, end: timeline.end.end) }
                #expect(rounds.allSatisfy { $0.check.writable == true }, "\(context)")
                #expect(episode.unavailableFrom == "leader", "\(context)")
            }
        }

        @Test func withFourLetterWordsAloneTheLeaderBoundsContainTheKillAndTheRecovery() throws {
            let drill = try Self.drill.get()
            let (_, episode, outage) = try Self.leaderChange(in: drill.fourLetter, of: drill)
            let context = "\(outage)\n\(drill.truthAroundTheKill)\n\(drill.fourLetter.transcript)"

            #expect(episode.writesFailed == nil && episode.writesWorked == nil, "\(context)")
            #expect(episode.unavailableFrom == "leader", "\(context)")
            let unavailable = try #require(episode.unavailableSeconds, "\(context)")
            #expect(Self.overlap(unavailable, outage.seconds), "unavailableSeconds \(unavailable); \(context)")
            let serveAgain = try #require(episode.serveAgainSeconds, "\(context)")
            #expect(Self.overlap(serveAgain, outage.seconds), "serveAgainSeconds \(serveAgain); \(context)")
        }

        /// What both watches must show: exit 0 on SIGTERM, steady OK rounds before the kill, exactly one episode
        /// holding the kill, of kind leader-change, the killed leader lost (bounds holding the kill) and another
        /// member leading after it (bounds holding the writes' recovery), detection and election as bounds whose sum
        /// holds the outage.
        static func leaderChange(
            in watch: LeaderKillDrill.Watch, of drill: LeaderKillDrill
        ) throws -> (WatchTimelineFile, WatchTimelineFile.Episode, WriteTruth.Outage) {
            let outage = try #require(drill.outage, "the write truth saw no outage around the kill: \(drill.samples)")
            let context = "\(outage)\n\(drill.truthAroundTheKill)\n\(watch.transcript)"
            #expect(watch.status == 0, "\(context)")
            let timeline = try watch.timeline.get()
            #expect(timeline.end.stoppedBy == "signal", "\(context)")
            let kill = drill.killSent.upperBound
            let steady = timeline.rounds.filter { $0.start + $0.seconds < drill.killSent.lowerBound }
            try #require(
                steady.count >= 3 && steady.suffix(3).allSatisfy { $0.check.verdict == "ok" },
                "no steady OK rounds before the kill: \(steady.map(\.check.summary)); \(context)")

            let holding = timeline.end.episodes.filter { $0.spans(kill, end: timeline.end.end) }
            try #require(holding.count == 1, "\(holding.count) episodes hold the kill at \(kill); \(context)")
            let episode = holding[0]
            #expect(episode.kind == "leader-change", "\(context)")
            #expect(timeline.end.episodes.filter { $0.kind == "leader-change" }.count == 1, "\(context)")

            let lost = try #require(episode.leaderLost, "\(context)")
            #expect(lost.member == drill.oldLeader, "leaderLost \(lost); \(context)")
            #expect(overlap(lost, outage.began), "leaderLost \(lost); \(context)")
            #expect(overlap(lost, drill.killSent), "leaderLost \(lost), kill sent \(drill.killSent); \(context)")
            let newLeader = try #require(episode.newLeader, "\(context)")
            #expect(
                newLeader.member != drill.oldLeader && drill.members.contains(newLeader.member ?? ""),
                "newLeader \(newLeader); \(context)")
            #expect(overlap(newLeader, outage.ended), "newLeader \(newLeader); \(context)")
            let started = try #require(episode.electionStarted, "\(context)")
            expectBounds([lost, started, newLeader], in: timeline, context)
            // Detection and election together run from the leader's loss to the new leader: the outage.
            let detect = try #require(episode.detectSeconds, "\(context)")
            let election = try #require(episode.electionSeconds, "\(context)")
            let detectMax = try #require(detect.max, "detectSeconds \(detect); \(context)")
            let electionMax = try #require(election.max, "electionSeconds \(election); \(context)")
            let both = WatchTimelineFile.Span(min: detect.min + election.min, max: detectMax + electionMax)
            #expect(overlap(both, outage.seconds), "detect \(detect) + election \(election) = \(both); \(context)")
            return (timeline, episode, outage)
        }

        /// Every instant is a bound the rounds can resolve: from the start of the round before the one that saw it to
        /// the end of that one, so it holds the starts of two rounds. A tracker that gave points (a round's start or
        /// end) or one round's own window fails here.
        static func expectBounds(
            _ instants: [WatchTimelineFile.Instant], in timeline: WatchTimelineFile, _ context: String
        ) {
            for instant in instants {
                // Times are written with three decimals: a bound that is a round's start is that start.
                let after = (instant.after ?? -.infinity) - 0.0005
                let starts = timeline.rounds.filter { after <= $0.start && $0.start <= instant.before }
                #expect(starts.count >= 2, "not a bound of rounds: \(instant); \(context)")
            }
        }

        /// Whether an instant's bounds `(after, before]` share a moment with the truth's.
        static func overlap(_ instant: WatchTimelineFile.Instant, _ truth: ClosedRange<Double>) -> Bool {
            (instant.after ?? -.infinity) <= truth.upperBound && instant.before >= truth.lowerBound
        }

        /// Whether a span's bounds `[min, max]` share a duration with the truth's.
        static func overlap(_ span: WatchTimelineFile.Span, _ truth: ClosedRange<Double>) -> Bool {
            span.min <= truth.upperBound && (span.max ?? .infinity) >= truth.lowerBound
        }
    }
}
