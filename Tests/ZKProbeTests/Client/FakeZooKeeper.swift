import Synchronization
import TestSupport

@testable import ZKProbe

/// A fake ensemble that speaks enough of ZooKeeper's client protocol for the probe's success path without Java:
/// the handshake, `addAuth`, `sync`, `exists` (with watches), `create`, `getData`, `delete`, `ping`,
/// `closeSession`, and `NodeCreated` notifications sent to every connection watching a node, through whichever
/// member it is connected to. One shared tree for all members. Written from the jute definitions by hand
/// (``HandWire``), independent of the codec under test. Four-letter words: `srvr` says follower and `conf` lists
/// every fake member with its client port, so that a check learns the members it was not given; others close.
final class FakeZooKeeper: Sendable {
    /// How one member treats sessions.
    enum Member: Sendable {
        case serving
        /// Closes right after the `ConnectRequest`, as a member without quorum does.
        case notServing
        /// Closes right after the first `n` `ConnectRequest`s, then serves: a member that rejoins after an
        /// election.
        case notServingFirst(Int)
        /// Answers the handshake with `isReadOnly` and every write (and `sync`) with `notReadOnly`: a read-only
        /// server with local sessions (`localSessionsEnabled=true`; without them it refuses the session itself,
        /// `ClientSessionHostileTests`).
        case readOnly
        /// Answers the handshake, then nothing.
        case silentAfterHandshake
        /// Holds the reply to every request of these types until the connection brings another packet, then sends
        /// it before that packet's reply: ZooKeeper 3.6.0–3.8.0's CommitProcessor after a missed wakeup
        /// (ZOOKEEPER-4537), which holds a commit until the member takes another request.
        case holdsUntilAnotherPacket(Set<Int32>)
        /// Sends the `ConnectResponse` after this pause, counting a packet that came before it
        /// (``State/packetsBeforeConnectResponse``): a real server reads none then (`disableRecv`).
        case slowHandshake(Duration)
        /// Never answers `closeSession` and drops the session's packets after it unanswered: a 3.8.0 leader
        /// holding the close after a missed wakeup, which drops a closing session's pings before they wake it.
        case holdsCloseDroppingPings
        /// Answers `closeSession` by resetting the connection: a server that closes the session's socket with a
        /// packet of the client still unread.
        case resetsOnClose
    }

    /// Settings of the whole fake.
    struct Policy: Sendable {
        /// `create` under this path answers `noAuth`.
        var denyCreateUnder: String?
        /// `addAuth` answers `authFailed` and closes.
        var authFails = false
        /// The session timeout the handshake grants, milliseconds; the one asked for when `nil`.
        var negotiatedTimeout: Int32?
    }

    /// One request as the fake read it.
    struct Request: Sendable, Equatable {
        var member: Int
        var type: Int32
        var path: String?
    }

    struct State: Sendable {
        var nodes: [String: [UInt8]] = ["/": []]
        var ephemeralOwner: [String: Int] = [:]
        var watches: [String: Set<Int>] = [:]
        var outbox: [Int: [[UInt8]]] = [:]
        var nextConnection = 0
        var nextSession: Int64 = 0x100
        var zxid: Int64 = 0x1_0000_0000
        /// `ConnectRequest`s each member has read.
        var handshakes: [Int: Int] = [:]
        /// The `ConnectRequest` payloads, in arrival order.
        var connectRequests: [[UInt8]] = []
        var requests: [Request] = []
        /// Auth packets' `scheme auth` texts.
        var auths: [String] = []
        var closedSessions = 0
        /// Pings received, by member.
        var pings: [Int: Int] = [:]
        /// Replies held (``Member/holdsUntilAnotherPacket(_:)``), by member.
        var holds: [Int: Int] = [:]
        /// Packets that came before a ``Member/slowHandshake(_:)``'s `ConnectResponse`.
        var packetsBeforeConnectResponse = 0
        /// Paths created, in order.
        var created: [String] = []
        /// The listeners' ports, for `conf`.
        var ports: [Int] = []
    }

    /// The tree and what the fake saw, shared by every connection's thread.
    final class Shared: Sendable {
        let state = Mutex(State())
    }

    let shared = Shared()
    let server: FakeServer
    let policy: Policy

    init(_ members: [Member], policy: Policy = Policy()) throws {
        let state = shared
        self.policy = policy
        server = try FakeServer(
            behaviors: members.enumerated().map { index, kind in
                .converse { connection in
                    Self.converse(connection, member: index, kind: kind, policy: policy, state: state)
                }
            })
        shared.state.withLock { $0.ports = server.ports }
    }

    func stop() { server.stop() }

    var endpoints: [Endpoint] {
        server.ports.indices.map { Endpoint(host: server.host, port: server.ports[$0]) }
    }

    var snapshot: State { shared.state.withLock { $0 } }

    // MARK: One connection

    private static func converse(
        _ connection: FakeConnection, member: Int, kind: Member, policy: Policy, state shared: Shared
    ) {
        guard let prefix = connection.read(4, within: .seconds(10)) else { return }
        if prefix.allSatisfy({ (97...122).contains($0) }) {
            let word = String(decoding: prefix, as: UTF8.self)
            connection.send(Array(fourLetterReply(word, ports: shared.state.withLock { $0.ports }).utf8))
            return
        }
        let length = prefix.reduce(0) { $0 << 8 | Int($1) }
        guard length < 1 << 20, let connect = connection.read(length, within: .seconds(10)) else { return }
        let handshake = shared.state.withLock { s in
            s.connectRequests.append(connect)
            s.handshakes[member, default: 0] += 1
            return s.handshakes[member]!
        }
        var cursor = HandWire.Cursor(connect)
        _ = cursor.int()
        _ = cursor.long()
        let timeOut = policy.negotiatedTimeout ?? cursor.int() ?? 0
        if case .notServing = kind { return }
        if case .notServingFirst(let n) = kind, handshake <= n { return }
        let readOnly: Bool
        if case .readOnly = kind { readOnly = true } else { readOnly = false }
        let (id, session) = shared.state.withLock { s in
            s.nextConnection += 1
            s.nextSession += 1
            return (s.nextConnection, s.nextSession)
        }
        if case .slowHandshake(let pause) = kind {
            connection.sleep(pause)
            if case .packet = connection.readFrame(within: .milliseconds(50)) {
                shared.state.withLock { $0.packetsBeforeConnectResponse += 1 }
            }
        }
        connection.send(
            HandWire.frame(HandWire.connectResponse(timeOut: timeOut, sessionId: session, readOnly: readOnly)))
        if case .silentAfterHandshake = kind {
            while !connection.isStopped { connection.sleep(.seconds(1)) }
            return
        }
        defer { shared.state.withLock { dropSession(id, &$0) } }
        var held: ([UInt8], Bool)?
        while !connection.isStopped {
            for notification in shared.state.withLock({ $0.outbox.removeValue(forKey: id) ?? [] }) {
                connection.send(notification)
            }
            switch connection.readFrame(within: .milliseconds(20)) {
            case .timedOut:
                continue
            case .closed:
                return
            case .packet(let packet):
                let (reply, close) = shared.state.withLock { s in
                    answer(packet, member: member, connection: id, readOnly: readOnly, policy: policy, &s)
                }
                for notification in shared.state.withLock({ $0.outbox.removeValue(forKey: id) ?? [] }) {
                    connection.send(notification)
                }
                var type = HandWire.Cursor(packet)
                _ = type.int()
                let requestType = type.int() ?? 0
                if case .resetsOnClose = kind, requestType == -11 {
                    connection.resetOnClose()
                    return
                }
                if case .holdsCloseDroppingPings = kind, requestType == -11 {
                    shared.state.withLock { $0.holds[member, default: 0] += 1 }
                    while !connection.isStopped, connection.readFrame(within: .milliseconds(20)) != .closed {}
                    return
                }
                if let (held, closeAfter) = held {
                    connection.send(HandWire.frame(held))
                    if closeAfter { return }
                } else if case .holdsUntilAnotherPacket(let types) = kind, types.contains(requestType) {
                    shared.state.withLock { $0.holds[member, default: 0] += 1 }
                    held = (reply, close)
                    continue
                }
                held = nil
                connection.send(HandWire.frame(reply))
                if close { return }
            }
        }
    }

    private static func fourLetterReply(_ word: String, ports: [Int]) -> String {
        switch word {
        case "srvr":
            return "Zookeeper version: 3.8.0-fake\nLatency min/avg/max: 0/0.5/7\nReceived: 1\nSent: 1\n"
                + "Connections: 1\nOutstanding: 0\nZxid: 0x100000005\nMode: follower\nNode count: 5\n"
        case "conf":
            let lines = ports.enumerated().map { i, port in
                "server.\(i + 1)=127.0.0.1:\(40000 + i):\(41000 + i):participant;127.0.0.1:\(port)"
            }
            return "clientPort=2181\nserverId=1\nmembership: \n" + lines.joined(separator: "\n") + "\nversion=100000000"
        default:
            return ""
        }
    }

    private static func dropSession(_ id: Int, _ s: inout State) {
        for (path, owner) in s.ephemeralOwner where owner == id {
            s.nodes[path] = nil
            s.ephemeralOwner[path] = nil
        }
        for path in s.watches.keys { s.watches[path]?.remove(id) }
        s.outbox[id] = nil
    }

    /// The reply payload to one request, and whether to close after it.
    private static func answer(
        _ packet: [UInt8], member: Int, connection id: Int, readOnly: Bool, policy: Policy, _ s: inout State
    ) -> ([UInt8], Bool) {
        var c = HandWire.Cursor(packet)
        let xid = c.int() ?? 0
        let type = c.int() ?? 0
        let zxid = s.zxid
        func error(_ code: Int32) -> [UInt8] { HandWire.reply(xid: xid, zxid: zxid, err: code) }
        func ok(_ body: [UInt8] = []) -> [UInt8] { HandWire.reply(xid: xid, zxid: zxid) + body }
        switch type {
        case 100:
            _ = c.int()
            let scheme = c.string() ?? ""
            let auth = String(decoding: c.buffer() ?? [], as: UTF8.self)
            s.auths.append("\(scheme) \(auth)")
            s.requests.append(Request(member: member, type: type, path: nil))
            return policy.authFails ? (error(-115), true) : (ok(), false)
        case 11:
            s.pings[member, default: 0] += 1
            return (ok(), false)
        case -11:
            s.requests.append(Request(member: member, type: type, path: nil))
            s.closedSessions += 1
            return (ok(), true)
        default:
            break
        }
        let path = c.string() ?? ""
        s.requests.append(Request(member: member, type: type, path: path))
        switch type {
        case 9:
            return readOnly ? (error(-119), false) : (ok(HandWire.string(path)), false)
        case 3:
            let watch = c.bool() ?? false
            if watch { s.watches[path, default: []].insert(id) }
            return s.nodes[path] == nil ? (error(-101), false) : (ok(HandWire.zeroStat), false)
        case 4:
            guard let data = s.nodes[path] else { return (error(-101), false) }
            return (ok(HandWire.buffer(data) + HandWire.zeroStat), false)
        case 1:
            let data = c.buffer() ?? []
            let acls = c.int() ?? 0
            for _ in 0..<max(0, acls) {
                _ = c.int()
                _ = c.string()
                _ = c.string()
            }
            let flags = c.int() ?? 0
            if readOnly { return (error(-119), false) }
            if let denied = policy.denyCreateUnder, path.hasPrefix(denied + "/") { return (error(-102), false) }
            let parent = path.lastIndex(of: "/").map { String(path[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "/"
            guard s.nodes[parent] != nil else { return (error(-101), false) }
            guard s.nodes[path] == nil else { return (error(-110), false) }
            s.zxid += 1
            s.nodes[path] = data
            s.created.append(path)
            if flags & 1 == 1 { s.ephemeralOwner[path] = id }
            for watcher in s.watches.removeValue(forKey: path) ?? [] {
                let event = HandWire.int(1) + HandWire.int(3) + HandWire.string(path)
                s.outbox[watcher, default: []].append(HandWire.frame(HandWire.reply(xid: -1, zxid: -1) + event))
            }
            return (ok(HandWire.string(path)), false)
        case 2:
            if readOnly { return (error(-119), false) }
            guard s.nodes[path] != nil else { return (error(-101), false) }
            s.zxid += 1
            s.nodes[path] = nil
            s.ephemeralOwner[path] = nil
            return (ok(), false)
        default:
            return (error(-6), false)
        }
    }
}
