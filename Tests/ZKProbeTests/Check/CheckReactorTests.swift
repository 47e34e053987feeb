import Foundation
import Synchronization
import TestSupport
import Testing

@testable import ZKProbe

/// What a reactor's `done` calls saw: each check's report, and the name of the thread each call ran on.
private final class Done: Sendable {
    private let reports = Mutex<[Int: (report: CheckReport, thread: String)]>([:])
    private let calls = Atomic<Int>(0)

    func record(_ id: Int, _ report: CheckReport) {
        let thread = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "?"
        calls.add(1, ordering: .sequentiallyConsistent)
        reports.withLock { $0[id] = (report, thread.trimmingCharacters(in: .newlines)) }
    }

    /// Every `done` call so far, including repeats for one id.
    var count: Int { calls.load(ordering: .sequentiallyConsistent) }
    var all: [Int: (report: CheckReport, thread: String)] { reports.withLock { $0 } }

    /// Waits until `count` calls arrived or `limit` passed; whether they arrived.
    func wait(for count: Int, within limit: Duration) -> Bool {
        waitUntil(within: limit) { self.count >= count }
    }
}

/// Polls `condition` every 10 ms until it holds or `limit` passes; whether it held.
private func waitUntil(within limit: Duration, _ condition: () -> Bool) -> Bool {
    let end = ContinuousClock.now + limit
    while !condition() {
        if ContinuousClock.now >= end { return false }
        Thread.sleep(forTimeInterval: 0.01)
    }
    return true
}

/// The threads of this process whose name is `name` (`/proc/self/task/*/comm`).
private func threads(named name: String) -> Int {
    let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
    return tasks.filter { task in
        let comm = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)
        return comm?.trimmingCharacters(in: .newlines) == name
    }.count
}

private func request(_ server: FakeServer, _ members: [Int], timeout: Duration) throws -> CheckRequest {
    let targets = try EnsembleTargets.fromConnectString(members.map { server.address($0) }.joined(separator: ","))
    return CheckRequest(targets: targets, probe: ProbeOptions(deadline: timeout))
}

private func answering(_ member: FakeMember) -> FakeServer.Behavior {
    .respond({ word, _ in Array(member.reply(word).utf8) }, chunk: 512, pause: .zero)
}

/// A member that reads the word, then sends a space every 20 ms and never closes: the check waits for it until
/// its deadline. Counts the connections it got and those it saw the client close (a send failing).
private final class Dripper: Sendable {
    let opened = Atomic<Int>(0)
    let closed = Atomic<Int>(0)

    var behavior: FakeServer.Behavior {
        .converse { [self] connection in
            _ = connection.read(4, within: .seconds(5))
            opened.add(1, ordering: .sequentiallyConsistent)
            while !connection.isStopped {
                guard connection.send([0x20]) else {
                    closed.add(1, ordering: .sequentiallyConsistent)
                    return
                }
                connection.sleep(.milliseconds(20))
            }
        }
    }

    var openedCount: Int { opened.load(ordering: .sequentiallyConsistent) }
    var closedCount: Int { closed.load(ordering: .sequentiallyConsistent) }
}

/// A standalone member that holds each connection `hold` before answering, counting how many it holds at once.
private final class Counter: Sendable {
    let current = Atomic<Int>(0)
    let most = Atomic<Int>(0)
    let hold: Duration

    init(hold: Duration) { self.hold = hold }

    var behavior: FakeServer.Behavior {
        let member = FakeMember(mode: "standalone", zxid: 0x10)
        return .converse { [self] connection in
            let now = current.add(1, ordering: .sequentiallyConsistent).newValue
            _ = most.max(now, ordering: .sequentiallyConsistent)
            let word = connection.read(4, within: .seconds(5)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            connection.sleep(hold)
            current.subtract(1, ordering: .sequentiallyConsistent)
            connection.send(Array(member.reply(word).utf8))
        }
    }

    var mostAtOnce: Int { most.load(ordering: .sequentiallyConsistent) }
}

@Suite(.serialized) struct CheckReactorTests {
    /// Forty checks at once, every fourth with a silent member: all are done within about one member deadline,
    /// every `done` runs on the reactor's one thread, and each report says what its members did.
    @Test func manyChecksWithSilentMembersShareOneThread() throws {
        let server = try FakeServer(behaviors: [
            answering(FakeMember(mode: "leader", zxid: 0x3_0000_0010)),
            answering(FakeMember(mode: "follower", zxid: 0x3_0000_0010)),
            answering(FakeMember(mode: "follower", zxid: 0x3_0000_0010)),
            .silent,
        ])
        defer { server.stop() }
        let name = "zkp-test-many"
        let reactor = CheckReactor(name: name, maxConnections: 4096)
        defer { reactor.shutdown() }
        let done = Done()
        let checks = 40
        let started = ContinuousClock.now
        for id in 0..<checks {
            let members = id % 4 == 0 ? [0, 1, 3] : [0, 1, 2]
            reactor.start(
                try request(server, members, timeout: .seconds(1)), id: id, until: started + .seconds(10),
                maxConnections: 64, done: done.record)
        }
        #expect(done.wait(for: checks, within: .seconds(20)))
        #expect(threads(named: name) == 1)
        // Generous (a loaded machine, a sanitizer): one member deadline is 1 s, forty of them one after another 40.
        #expect(ContinuousClock.now - started < .seconds(6))
        #expect(done.count == checks)
        #expect(reactor.checksInFlight == 0)
        let all = done.all
        for id in 0..<checks {
            let (report, thread) = try #require(all[id])
            #expect(thread == name)
            #expect(report.leader == server.address(0))
            let silent = report.members.first { $0.address == server.address(3) }
            if id % 4 == 0 {
                #expect(silent?.state == .unresponsive, "check \(id)")
                #expect(silent?.problem?.contains("no answer to srvr within 1 s") == true, "\(silent?.problem ?? "")")
            } else {
                let states = report.members.map(\.state.rawValue).sorted()
                #expect(states == ["follower", "follower", "leader"], "check \(id)")
            }
        }
    }

    /// A cancelled check's sockets close at once (its member sees the connections go), and `done` is not called.
    @Test func cancelClosesTheCheckSocketsAndNeverCallsDone() throws {
        let dripper = Dripper()
        let server = try FakeServer(behaviors: [dripper.behavior])
        defer { server.stop() }
        let reactor = CheckReactor(name: "zkp-test-cancel", maxConnections: 64)
        defer { reactor.shutdown() }
        let done = Done()
        reactor.start(
            try request(server, [0], timeout: .seconds(30)), id: 7, until: .now + .seconds(30), maxConnections: 64,
            done: done.record)
        #expect(waitUntil(within: .seconds(10)) { dripper.openedCount == Checker.words.count })
        #expect(reactor.checksInFlight == 1)
        reactor.cancel(7)
        #expect(reactor.checksInFlight == 0)
        #expect(waitUntil(within: .seconds(5)) { dripper.closedCount == Checker.words.count })
        Thread.sleep(forTimeInterval: 0.2)
        #expect(done.count == 0)
    }

    /// The reactor's budget bounds the sockets of all its checks together, and a check's share its own: a
    /// member that holds each connection a while never sees more at once, and every check still gets its answers.
    @Test(arguments: [(budget: 6, share: 64, checks: 12), (budget: 64, share: 2, checks: 1)])
    func socketsStayWithinTheBudgetAndTheShare(budget: Int, share: Int, checks: Int) throws {
        let counter = Counter(hold: .milliseconds(40))
        let server = try FakeServer(behaviors: [counter.behavior])
        defer { server.stop() }
        let reactor = CheckReactor(name: "zkp-test-budget", maxConnections: budget)
        defer { reactor.shutdown() }
        let done = Done()
        for id in 0..<checks {
            reactor.start(
                try request(server, [0], timeout: .seconds(10)), id: id, until: .now + .seconds(20),
                maxConnections: share, done: done.record)
        }
        #expect(done.wait(for: checks, within: .seconds(30)))
        #expect(counter.mostAtOnce <= min(budget, share))
        #expect(counter.mostAtOnce >= 1)
        for (_, (report, _)) in done.all {
            #expect(report.members.map(\.state) == [.standalone])
            #expect(report.members.first?.imok == true)
        }
    }

    /// A check that waits for room in the budget (another holds every socket) ends by its own deadline, its
    /// members never asked, rather than when the other check lets go or in waves beside it.
    @Test func aCheckWaitingForRoomEndsByItsOwnDeadline() throws {
        let dripper = Dripper()
        let holder = try FakeServer(behaviors: [dripper.behavior])
        defer { holder.stop() }
        let waiter = try FakeServer(behaviors: [answering(FakeMember(mode: "standalone", zxid: 0x10))])
        defer { waiter.stop() }
        let reactor = CheckReactor(name: "zkp-test-wait", maxConnections: Checker.words.count)
        defer { reactor.shutdown() }
        let done = Done()
        reactor.start(
            try request(holder, [0], timeout: .seconds(3)), id: 1, until: .now + .seconds(5), maxConnections: 64,
            done: done.record)
        #expect(waitUntil(within: .seconds(10)) { dripper.openedCount == Checker.words.count })
        let started = ContinuousClock.now
        reactor.start(
            try request(waiter, [0], timeout: .seconds(3)), id: 2, until: started + .milliseconds(300),
            maxConnections: 64, done: done.record)
        #expect(done.wait(for: 1, within: .seconds(10)))
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(done.all[1] == nil)
        let report = try #require(done.all[2]?.report)
        #expect(report.members.map(\.state) == [.unreachable])
        #expect(waiter.receivedWords.isEmpty)
    }

    /// A check whose deadline has passed ends at once, its members timed out, without connecting anywhere.
    @Test func aCheckStartedPastItsDeadlineEndsAtOnce() throws {
        let server = try FakeServer(behaviors: [.silent, .silent])
        defer { server.stop() }
        let reactor = CheckReactor(name: "zkp-test-past", maxConnections: 64)
        defer { reactor.shutdown() }
        let done = Done()
        let started = ContinuousClock.now
        reactor.start(
            try request(server, [0, 1], timeout: .seconds(5)), id: 1, until: started - .seconds(1), maxConnections: 64,
            done: done.record)
        #expect(done.wait(for: 1, within: .seconds(10)))
        #expect(ContinuousClock.now - started < .seconds(2))
        let report = try #require(done.all[1]?.report)
        #expect(report.members.count == 2)
        for member in report.members {
            #expect(member.state == .unreachable)
            let problem = member.problem ?? ""
            #expect(problem.contains("no TCP connection for srvr within 0 s"), "\(problem)")
        }
        #expect(server.receivedWords.isEmpty)
    }

    /// Shutting down with checks in flight returns promptly, closes their sockets and calls no `done`; a start
    /// after it is ignored.
    @Test func shutdownWithChecksInFlightCallsNoDone() throws {
        let dripper = Dripper()
        let server = try FakeServer(behaviors: [dripper.behavior])
        defer { server.stop() }
        let reactor = CheckReactor(name: "zkp-test-stop", maxConnections: 64)
        let done = Done()
        for id in 0..<3 {
            reactor.start(
                try request(server, [0], timeout: .seconds(30)), id: id, until: .now + .seconds(30),
                maxConnections: 64, done: done.record)
        }
        #expect(waitUntil(within: .seconds(10)) { dripper.openedCount == 3 * Checker.words.count })
        let stopping = ContinuousClock.now
        reactor.shutdown()
        #expect(ContinuousClock.now - stopping < .seconds(2))
        #expect(reactor.checksInFlight == 0)
        #expect(waitUntil(within: .seconds(5)) { dripper.closedCount == 3 * Checker.words.count })
        reactor.start(
            try request(server, [0], timeout: .seconds(1)), id: 9, until: .now + .seconds(1), maxConnections: 64,
            done: done.record)
        Thread.sleep(forTimeInterval: 0.2)
        #expect(reactor.checksInFlight == 0)
        #expect(done.count == 0)
    }
}
