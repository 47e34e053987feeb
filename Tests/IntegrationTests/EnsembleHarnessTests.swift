import ToolkitSupport
import Foundation
import CommandLineSupport
import TestSupport
import Testing

/// The harness and `scripts/zk-ensemble` against a real ZooKeeper 3.8, checked with `RawProbe` (a bare socket
/// client), never with the ZKProbe library that the other integration tests exercise.
///
/// Each test starts its own ensemble. The suite is `.serialized` to keep the number of JVMs alive at once low
/// (at most four from here) while other suites run their own ensembles.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct EnsembleHarnessTests {
    static let notServing = "This ZooKeeper instance is not currently serving requests\n"

    @Test func threeServersElectExactlyOneLeaderAndTwoFollowers() throws {
        let ensemble = try Ensemble.start(servers: 3)
        defer { ensemble.destroy() }

        #expect(Set(ensemble.clientPorts).count == 3)
        let modes = try modesByID(ensemble)
        #expect(modes.values.filter { $0 == "leader" }.count == 1, "\(modes)")
        #expect(modes.values.filter { $0 == "follower" }.count == 2, "\(modes)")
        #expect(modes[try ensemble.leaderID()] == "leader")
        // The default whitelist is "*": mntr answers.
        #expect(try RawProbe.send("mntr", port: ensemble.clientPorts[0]).hasPrefix("zk_version\t"))
    }

    @Test func killingTheLeaderElectsANewOneAndTheOldLeaderRejoinsAsAFollower() throws {
        let ensemble = try Ensemble.start(servers: 3)
        defer { ensemble.destroy() }
        let oldLeader = try ensemble.leaderID()
        let oldPort = ensemble.clientPort(of: oldLeader)

        try ensemble.kill(oldLeader)
        #expect(throws: RawProbe.Failure.connectFailed(port: oldPort, errno: ECONNREFUSED)) {
            try RawProbe.send("srvr", port: oldPort)
        }
        let newLeader = try ensemble.waitForLeader(timeout: .seconds(20))
        #expect(newLeader != oldLeader)
        let survivors = ensemble.ids.filter { $0 != oldLeader }
        try ensemble.waitServing(ids: survivors, timeout: .seconds(20))
        let modes = try modesByID(ensemble, ids: survivors)
        #expect(modes[newLeader] == "leader", "\(modes)")
        #expect(modes.values.filter { $0 == "follower" }.count == 1, "\(modes)")

        try ensemble.restart(oldLeader)
        try ensemble.waitServing(timeout: .seconds(20))
        #expect(RawProbe.mode(in: try RawProbe.send("srvr", port: oldPort)) == "follower")
        #expect(try ensemble.leaderID() == newLeader)
    }

    @Test func killingTwoOfThreeLeavesTheSurvivorNotServing() throws {
        let ensemble = try Ensemble.start(servers: 3)
        defer { ensemble.destroy() }
        let leader = try ensemble.leaderID()
        let port = ensemble.clientPort(of: leader)

        try ensemble.kill(ensemble.ids.filter { $0 != leader })
        // The leader steps down once no quorum has acknowledged it for syncLimit ticks.
        let reply = try eventually(timeout: .seconds(15)) {
            try RawProbe.send("srvr", port: port)
        } until: {
            $0 == Self.notServing
        }
        #expect(reply == Self.notServing)
        // ruok checks nothing: a server without a quorum still says imok. The leader closes every client
        // connection just after it stops serving, so a word asked at that moment gets no reply: wait for imok.
        let ruok = try eventually(timeout: .seconds(10)) {
            try RawProbe.send("ruok", port: port)
        } until: {
            $0 == "imok"
        }
        #expect(ruok == "imok")
        #expect(throws: EnsembleError.self) { try ensemble.leaderID() }
    }

    @Test func aWhitelistOfSrvrOnlyRefusesMntr() throws {
        let ensemble = try Ensemble.start(servers: 1, whitelist: "srvr")
        defer { ensemble.destroy() }
        let port = ensemble.clientPorts[0]

        #expect(try RawProbe.send("mntr", port: port) == "mntr is not executed because it is not in the whitelist.\n")
        #expect(try RawProbe.send("ruok", port: port) == "ruok is not executed because it is not in the whitelist.\n")
        #expect(RawProbe.mode(in: try RawProbe.send("srvr", port: port)) == "standalone")
    }

    @Test func aPausedMemberAcceptsTheConnectionButAnswersOnlyAfterResume() throws {
        let ensemble = try Ensemble.start(servers: 1)
        defer { ensemble.destroy() }
        let port = ensemble.clientPorts[0]

        try ensemble.pause(1)
        #expect(throws: RawProbe.Failure.noReply(port: port, word: "srvr", connected: true, received: "")) {
            try RawProbe.send("srvr", port: port, timeout: .seconds(1))
        }
        let error = #expect(throws: EnsembleError.self) {
            try ensemble.waitServing(ids: [1], timeout: .seconds(1))
        }
        #expect(
            error?.description.contains("member 1 (127.0.0.1:\(port)) is paused") == true,
            "\(String(describing: error))")
        #expect(error?.description.contains("zoo1.log") == true)

        try ensemble.resume(1)
        #expect(RawProbe.mode(in: try RawProbe.send("srvr", port: port)) == "standalone")
    }

    @Test func anObserverJoinsAsAnObserver() throws {
        let ensemble = try Ensemble.start(servers: 1, observers: 1)
        defer { ensemble.destroy() }

        #expect(ensemble.members.map(\.role) == [.participant, .observer])
        #expect(try modesByID(ensemble) == [1: "leader", 2: "observer"])
    }

    @Test func withLeaderServesNoTheLeaderRefusesClientsAndIsStillFound() throws {
        let ensemble = try Ensemble.start(servers: 3, leaderServes: false)
        defer { ensemble.destroy() }
        let leader = try ensemble.leaderID()

        #expect(try RawProbe.send("srvr", port: ensemble.clientPort(of: leader)) == Self.notServing)
        let followers = ensemble.ids.filter { $0 != leader }
        #expect(try modesByID(ensemble, ids: followers).values.sorted() == ["follower", "follower"])
    }

    @Test func badArgumentsFailWithTheScriptsOwnMessage() {
        let error = #expect(throws: EnsembleError.self) { try Ensemble.start(servers: 0) }
        #expect(
            error?.description.contains("--servers needs a whole number from 1 to 15, got '0'") == true,
            "\(String(describing: error))")
    }

    /// The `Mode:` each member reports to `srvr` ("none" when the reply has no Mode line).
    private func modesByID(_ ensemble: Ensemble, ids: [Int]? = nil) throws -> [Int: String] {
        var modes: [Int: String] = [:]
        for id in ids ?? ensemble.ids {
            let reply = try RawProbe.send("srvr", port: ensemble.clientPort(of: id))
            modes[id] = RawProbe.mode(in: reply) ?? "none"
        }
        return modes
    }
}
