import CommandLineSupport
import Dispatch
import Synchronization
import TestSupport
import Testing
import ZKProbe

@testable import ZKProbeCommands
@testable import ZKProbeExporter

/// The exporter's scheduler on its own, over real reactors and fake members: one check per target at a time,
/// a bounded queue, checks no one waits for stopped, expired queued checks dropped unrun.
@Suite(.serialized) struct CheckSchedulerTests {
    /// The reports the reactors hand back, by check id.
    final class Finished: Sendable {
        let ids = Mutex<[Int]>([])
        let signal = DispatchSemaphore(value: 0)
        var callback: @Sendable (Int, CheckReport) -> Void {
            { id, _ in
                self.ids.withLock { $0.append(id) }
                self.signal.signal()
            }
        }
    }

    /// The target of the configuration line `NAME = ADDRESS`, as `zkprobe serve` reads it.
    static func target(_ name: String, _ address: String) -> ProbeTarget {
        try! ServeConfiguration.parse("\(name) = \(address)", path: "/virtual/serve.conf", readFile: TextFile.memory())
            .targets[0]
    }

    static func settings(running: Int, queued: Int) -> ExporterSettings {
        var settings = ExporterSettings()
        settings.maxConcurrentChecks = running
        settings.maxQueuedChecks = queued
        return settings
    }

    @Test func theQueueBoundRefusesAWholeScrapeButJoiningNeedsNoRoom() {
        let scheduler = CheckScheduler(settings: Self.settings(running: 1, queued: 2), finished: Finished().callback)
        defer { scheduler.shutdown() }
        let targets = (1...4).map { Self.target("t\($0)", "127.0.0.1:1") }
        let deadline = ContinuousClock.now + .seconds(30)
        #expect(
            scheduler.join(targets, generation: 0, waiter: 10, deadline: deadline) == nil, "4 > 1 running + 2 queued")
        #expect(scheduler.queued == 0, "a refused scrape queues nothing")
        let first = scheduler.join(Array(targets[..<3]), generation: 0, waiter: 10, deadline: deadline)
        #expect(first?.map(\.joined) == [false, false, false])
        #expect(scheduler.queued == 3)
        #expect(scheduler.join([targets[3]], generation: 0, waiter: 11, deadline: deadline) == nil)
        let joined = scheduler.join([targets[1]], generation: 0, waiter: 11, deadline: deadline)
        #expect(joined?.first?.id == first?[1].id && joined?.first?.joined == true)
        #expect(
            scheduler.join([targets[1]], generation: 1, waiter: 11, deadline: deadline) == nil,
            "another configuration's check is another check, and it needs room")
    }

    /// A scrape of many ensembles queues its checks at once; a scrape of one that comes after it has its check
    /// started next, not after all of them (first come first served between checks made it wait for all).
    @Test func queuedChecksStartOneScrapeAtATime() throws {
        let finished = Finished()
        let scheduler = CheckScheduler(settings: Self.settings(running: 1, queued: 100), finished: finished.callback)
        defer { scheduler.shutdown() }
        // Nothing listens on port 1: each check ends at once, refused.
        let many = (1...5).map { Self.target("many\($0)", "127.0.0.1:1") }
        let deadline = ContinuousClock.now + .seconds(30)
        let bulk = try #require(scheduler.join(many, generation: 0, waiter: 10, deadline: deadline))
        let single = try #require(
            scheduler.join([Self.target("one", "127.0.0.1:1")], generation: 0, waiter: 11, deadline: deadline))
        var order: [Int] = []
        for _ in 0..<3 {
            #expect(scheduler.startQueued(now: ContinuousClock.now).isEmpty)
            #expect(finished.signal.wait(timeout: .now() + 30) == .success)
            let id = try #require(finished.ids.withLock { $0.last })
            order.append(id)
            #expect(scheduler.finish(id) != nil)
        }
        #expect(order == [bulk[0].id, single[0].id, bulk[1].id], "turns alternate between the two scrapes")
        // A scrape that joins a check still queued may start it in its own turn.
        let joiner = try #require(scheduler.join([many[4]], generation: 0, waiter: 12, deadline: deadline))
        #expect(joiner[0].id == bulk[4].id && joiner[0].joined)
        #expect(scheduler.startQueued(now: ContinuousClock.now).isEmpty)
        #expect(finished.signal.wait(timeout: .now() + 30) == .success)
        #expect(finished.ids.withLock { $0.last } == bulk[2].id, "scrape 10's turn came first")
        #expect(scheduler.finish(bulk[2].id) != nil)
        #expect(scheduler.startQueued(now: ContinuousClock.now).isEmpty)
        #expect(finished.signal.wait(timeout: .now() + 30) == .success)
        #expect(finished.ids.withLock { $0.last } == bulk[4].id, "then scrape 12's, ahead of scrape 10's many4")
    }

    @Test func aQueuedCheckWhoseDeadlinePassesIsDroppedUnrun() throws {
        let silent = try FakeServer(.silent)
        defer { silent.stop() }
        let answering = try FakeServer(.respond({ w, _ in fakeReply(w) }, chunk: 4096, pause: .zero))
        defer { answering.stop() }
        let finished = Finished()
        let scheduler = CheckScheduler(settings: Self.settings(running: 1, queued: 10), finished: finished.callback)
        defer { scheduler.shutdown() }
        let now = ContinuousClock.now
        let slow = try #require(
            scheduler.join(
                [Self.target("slow", silent.address())], generation: 0, waiter: 1, deadline: now + .seconds(1)))
        let late = try #require(
            scheduler.join(
                [Self.target("late", answering.address())], generation: 0, waiter: 2,
                deadline: now + .milliseconds(100)))
        #expect(scheduler.startQueued(now: ContinuousClock.now).isEmpty)
        #expect(scheduler.inFlight == 1 && scheduler.queued == 1)
        // The silent member holds the only slot until the first check's deadline, past the second's.
        #expect(finished.signal.wait(timeout: .now() + 30) == .success)
        #expect(finished.ids.withLock { $0 } == [slow[0].id])
        #expect(scheduler.finish(slow[0].id)?.waiters == [1])
        let dropped = scheduler.startQueued(now: ContinuousClock.now)
        #expect(dropped.map(\.id) == [late[0].id] && dropped.first?.waiters == [2])
        #expect(scheduler.inFlight == 0 && scheduler.queued == 0)
        #expect(answering.receivedWords.isEmpty, "the expired check never connected: \(answering.receivedWords)")
    }

    @Test func aCheckIsStoppedOnlyWhenItsLastWaiterLeaves() throws {
        let silent = try FakeServer(.silent)
        defer { silent.stop() }
        let finished = Finished()
        let scheduler = CheckScheduler(settings: Self.settings(running: 1, queued: 10), finished: finished.callback)
        defer { scheduler.shutdown() }
        let deadline = ContinuousClock.now + .seconds(30)
        let running = Self.target("running", silent.address())
        let queued = Self.target("queued", silent.address())
        let a = try #require(scheduler.join([running, queued], generation: 0, waiter: 1, deadline: deadline))
        let b = try #require(scheduler.join([running], generation: 0, waiter: 2, deadline: deadline))
        #expect(a[0].id == b[0].id)
        _ = scheduler.startQueued(now: ContinuousClock.now)
        #expect(scheduler.inFlight == 1 && scheduler.queued == 1)
        #expect(scheduler.leave([a[0].id, a[1].id], waiter: 1) == 1, "the queued check had no other waiter")
        #expect(scheduler.inFlight == 1 && scheduler.queued == 0)
        #expect(scheduler.leave([b[0].id], waiter: 2) == 1)
        #expect(scheduler.inFlight == 0)
        #expect(scheduler.finish(a[0].id) == nil, "a cancelled check's report (if any) is not delivered")
        #expect(scheduler.leave([b[0].id], waiter: 2) == 0, "leaving twice stops nothing more")
    }
}
