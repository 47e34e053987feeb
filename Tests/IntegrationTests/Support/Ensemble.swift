import ToolkitSupport
import Foundation
import CommandLineSupport
import TestSupport
import Synchronization

/// A real ZooKeeper ensemble on 127.0.0.1 for integration tests, run by `scripts/zk-ensemble`.
///
/// Every `start` gets its own directory and its own free ports, so tests and suites may run at the same
/// time: Swift Testing runs tests in parallel, so **each test should start its own ensemble**. A suite whose
/// tests share one ensemble must be marked `.serialized`. Keep the number of JVMs alive at once small
/// (about six on a two-core machine): start no more members than the test needs.
///
/// Always stop it: `let ensemble = try Ensemble.start(servers: 3); defer { ensemble.destroy() }`.
/// `deinit` destroys it as a safety net, and the script itself destroys it when the test process exits
/// (`--owner-pid`), so a crashed run leaves no JVM behind.
///
/// Every call runs the script with a time limit and blocks the calling thread until it returns. A call
/// that fails throws `EnsembleError` with the script's message and the end of every member's log.
final class Ensemble: Sendable {
    /// One member: a participant (voter) or an observer.
    struct Member: Sendable, Equatable {
        enum Role: String, Sendable { case participant, observer }

        let id: Int
        let role: Role
        let clientPort: Int
        let quorumPort: Int
        let electionPort: Int
        /// The AdminServer's HTTP port, when the ensemble was started with `admin: true`.
        var adminPort: Int? = nil

        /// `127.0.0.1:<clientPort>`.
        var endpoint: String { "127.0.0.1:\(clientPort)" }
    }

    /// The ensemble's directory: `zooN.cfg`, `zooN.log`, `zooN.pid`, `dataN/`, `ensemble.env`.
    let directory: String
    /// Members in id order: participants `1...servers`, then observers.
    let members: [Member]
    private let destroyed = Mutex(false)

    /// Member ids in order.
    var ids: [Int] { members.map(\.id) }
    /// Client ports in member id order.
    var clientPorts: [Int] { members.map(\.clientPort) }
    /// `127.0.0.1:port` of every member, in id order.
    var endpoints: [String] { members.map(\.endpoint) }
    /// The client connect string: `127.0.0.1:p1,127.0.0.1:p2,...`.
    var connectString: String { endpoints.joined(separator: ",") }

    private init(directory: String, members: [Member]) {
        self.directory = directory
        self.members = members
    }

    deinit {
        destroy()
    }

    /// Starts `servers` participants and `observers` observers and waits until every member serves.
    ///
    /// - Parameters:
    ///   - whitelist: `4lw.commands.whitelist` (ZooKeeper always allows `srvr` whatever it says).
    ///   - leaderServes: `leaderServes`; with `false` the leader answers "not currently serving".
    ///   - admin: run each member's AdminServer (`--admin`: HTTP on 127.0.0.1, port in ``Member/adminPort``).
    ///   - clientAddress: end each `server.N` line with `;127.0.0.1:clientPort`; `false` writes the classic
    ///     lines (`--client-address no`), which name no client address.
    ///   - tick: `tickTime` in ms (the script's default, 500, when `nil`).
    ///   - syncLimit: `syncLimit` in ticks (the script's default, 4, when `nil`); with `tick`, how long followers
    ///     keep following a leader that stopped answering.
    ///   - timeout: how long the members may take to form a quorum and serve.
    /// - Throws: `EnsembleError` with the script's message and the member logs; the ensemble is destroyed.
    static func start(
        servers: Int,
        observers: Int = 0,
        whitelist: String = "*",
        leaderServes: Bool = true,
        admin: Bool = false,
        clientAddress: Bool = true,
        tick: Int? = nil,
        syncLimit: Int? = nil,
        timeout: Duration = .seconds(40)
    ) throws -> Ensemble {
        let root = ProcessInfo.processInfo.environment["ZK_ENSEMBLE_ROOT"] ?? NSTemporaryDirectory()
        let name = "zk-it-" + UUID().uuidString.prefix(12).lowercased()
        let directory = URL(fileURLWithPath: root).appendingPathComponent(name).path
        let arguments = [
            "start", "--dir", directory, "--servers", "\(servers)", "--observers", "\(observers)",
            "--whitelist", whitelist, "--leader-serves", leaderServes ? "yes" : "no",
            "--wait", "\(timeout.wholeSecondsRoundedUp)", "--owner-pid", "\(getpid())",
        ] + (admin ? ["--admin"] : []) + (clientAddress ? [] : ["--client-address", "no"])
            + (tick.map { ["--tick", "\($0)"] } ?? []) + (syncLimit.map { ["--sync-limit", "\($0)"] } ?? [])
        do {
            try run(arguments, in: directory, timeout: timeout + .seconds(30))
            return Ensemble(directory: directory, members: try readMembers(directory: directory))
        } catch {
            _ = try? EnsembleScript.run(["destroy", directory], timeout: .seconds(40))
            throw error
        }
    }

    /// The member with this id.
    func member(_ id: Int) -> Member {
        guard let member = members.first(where: { $0.id == id }) else {
            preconditionFailure("no member \(id) in the ensemble at \(directory) (members: \(ids))")
        }
        return member
    }

    /// The client port of member `id`.
    func clientPort(of id: Int) -> Int { member(id).clientPort }

    /// `127.0.0.1:<client port>` of member `id`.
    func endpoint(of id: Int) -> String { member(id).endpoint }

    /// SIGKILL: the members die at once, as in a crash or a power cut.
    func kill(_ ids: Int...) throws { try kill(ids) }

    /// SIGKILL: the members die at once, as in a crash or a power cut.
    func kill(_ ids: [Int]) throws { try script(["kill", directory] + ids.map(String.init)) }

    /// SIGSTOP: the members keep their sockets (connections are accepted) but answer nothing.
    func pause(_ ids: Int...) throws { try pause(ids) }

    /// SIGSTOP: the members keep their sockets (connections are accepted) but answer nothing.
    func pause(_ ids: [Int]) throws { try script(["pause", directory] + ids.map(String.init)) }

    /// SIGCONT for paused members.
    func resume(_ ids: Int...) throws { try resume(ids) }

    /// SIGCONT for paused members.
    func resume(_ ids: [Int]) throws { try script(["resume", directory] + ids.map(String.init)) }

    /// SIGTERM (SIGKILL if that does not do), like an orderly shutdown.
    func stop(_ ids: Int...) throws { try stop(ids) }

    /// SIGTERM (SIGKILL if that does not do), like an orderly shutdown.
    func stop(_ ids: [Int]) throws {
        precondition(!ids.isEmpty, "stop needs member ids; use destroy() to stop everything")
        try script(["stop", directory] + ids.map(String.init))
    }

    /// Stops (if running) and starts the members again with their data; returns once each answers `ruok`.
    /// Use `waitServing(ids:timeout:)` to wait until they have rejoined the quorum.
    func restart(_ ids: Int...) throws { try restart(ids) }

    /// Stops (if running) and starts the members again with their data; returns once each answers `ruok`.
    func restart(_ ids: [Int], timeout: Duration = .seconds(30)) throws {
        try script(
            ["restart", directory] + ids.map(String.init) + ["--wait", "\(timeout.wholeSecondsRoundedUp)"],
            timeout: timeout + .seconds(30))
    }

    /// The id of the member that leads right now (one look, no waiting).
    /// - Throws: `EnsembleError` when no running member leads.
    func leaderID() throws -> Int {
        try parseID(script(["leader", directory]), command: "leader")
    }

    /// The id of the leader, looking for up to `timeout` (for example while an election runs).
    func waitForLeader(timeout: Duration = .seconds(20)) throws -> Int {
        let output = try script(
            ["leader", directory, "--timeout", "\(timeout.wholeSecondsRoundedUp)"], timeout: timeout + .seconds(15))
        return try parseID(output, command: "leader --timeout")
    }

    /// Waits until the members `ids` (default: every running member) serve requests.
    /// - Throws: `EnsembleError` naming the members that do not serve, with their srvr answers and logs.
    func waitServing(ids: [Int]? = nil, timeout: Duration = .seconds(30)) throws {
        var arguments = ["wait", directory, "--timeout", "\(timeout.wholeSecondsRoundedUp)"]
        if let ids {
            precondition(!ids.isEmpty, "waitServing(ids:) needs at least one id")
            arguments += ["--serving", ids.map(String.init).joined(separator: ",")]
        }
        try script(arguments, timeout: timeout + .seconds(15))
    }

    /// The script's status table: id, role, client address, pid, state, srvr Mode.
    func status() throws -> String {
        try script(["status", directory]).stdout
    }

    /// The end of every member's log, for test failure messages.
    func logTails(lines: Int = 15) -> String {
        EnsembleError.logTails(in: directory, lines: lines)
    }

    /// Stops every member and removes the directory. Safe to call more than once; never throws (a failure
    /// is printed to standard error: the script's owner watchdog still removes the ensemble later).
    func destroy() {
        let first = destroyed.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        do {
            try script(["destroy", directory], timeout: .seconds(40))
        } catch {
            FileHandle.standardError.write(Data("warning: could not destroy the test ensemble: \(error)\n".utf8))
        }
    }

    // MARK: - Running the script

    @discardableResult
    private func script(_ arguments: [String], timeout: Duration = .seconds(30)) throws -> EnsembleScript.Output {
        try Self.run(arguments, in: directory, timeout: timeout)
    }

    @discardableResult
    private static func run(_ arguments: [String], in directory: String, timeout: Duration) throws
        -> EnsembleScript.Output
    {
        let output: EnsembleScript.Output
        do {
            output = try EnsembleScript.run(arguments, timeout: timeout)
        } catch let error as EnsembleError {
            throw error.withLogs(from: directory)
        }
        guard output.status == 0 else {
            throw EnsembleError.scriptFailed(
                command: output.commandLine, status: output.status, stderr: output.stderr, logs: ""
            ).withLogs(from: directory)
        }
        return output
    }

    private func parseID(_ output: EnsembleScript.Output, command: String) throws -> Int {
        let text = output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let id = Int(text), ids.contains(id) else {
            throw EnsembleError.unexpectedOutput(
                command: output.commandLine, detail: "expected a member id, got '\(text)'")
        }
        return id
    }

    /// Members from `ensemble.env`, the file the script writes and its other commands read.
    private static func readMembers(directory: String) throws -> [Member] {
        let path = directory + "/ensemble.env"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw EnsembleError.unexpectedOutput(command: "scripts/zk-ensemble start", detail: "cannot read \(path)")
        }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            var value = line[line.index(after: equals)...]
            if value.hasPrefix("'"), value.hasSuffix("'"), value.count >= 2 {
                value = value.dropFirst().dropLast()
            }
            values[String(line[..<equals])] = String(value)
        }
        func number(_ key: String) throws -> Int {
            guard let raw = values[key], let value = Int(raw) else {
                throw EnsembleError.unexpectedOutput(
                    command: "scripts/zk-ensemble start", detail: "\(path) has no number \(key)")
            }
            return value
        }
        let ids = (values["ZK_IDS"] ?? "").split(separator: " ").compactMap { Int($0) }
        guard !ids.isEmpty else {
            throw EnsembleError.unexpectedOutput(
                command: "scripts/zk-ensemble start", detail: "\(path) lists no ZK_IDS")
        }
        return try ids.map { id in
            Member(
                id: id,
                role: values["ZK_ROLE_\(id)"] == "observer" ? .observer : .participant,
                clientPort: try number("ZK_CLIENT_PORT_\(id)"),
                quorumPort: try number("ZK_QUORUM_PORT_\(id)"),
                electionPort: try number("ZK_ELECTION_PORT_\(id)"),
                adminPort: values["ZK_ADMIN_PORT_\(id)"].flatMap { Int($0) })
        }
    }
}
