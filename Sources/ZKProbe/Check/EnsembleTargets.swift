import Foundation

/// Which members to ask, and what the configuration says about voters, from the places operators keep it.
public struct EnsembleTargets: Sendable, Equatable {
    /// Each member to ask, in order, each once.
    public var endpoints: [Endpoint]
    /// The configured membership, when the source lists it (zoo.cfg, a member's conf).
    public var membership: [MembershipEntry]?
    /// Where the list came from, for messages.
    public var source: String

    /// Targets as given; `membership` `nil` when the source does not list the configured members.
    public init(endpoints: [Endpoint], membership: [MembershipEntry]? = nil, source: String) {
        self.endpoints = endpoints
        self.membership = membership
        self.source = source
    }

    /// Voters in the membership, when known.
    public var configuredVoters: Int? { membership.map { $0.filter { !$0.observer }.count } }

    /// Kafka's `zookeeper.connect`: `zk1:2181,zk2:2181,zk3:2181/kafka`. The chroot is ignored.
    public static func fromConnectString(_ text: String, defaultPort: Int = Endpoint.defaultPort) throws(TargetError)
        -> EnsembleTargets
    {
        var hosts = Substring(text.trimmingCharacters(in: .whitespaces))
        if let slash = hosts.firstIndex(of: "/") { hosts = hosts[..<slash] }
        let parts = hosts.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !parts.isEmpty, !parts.contains(where: \.isEmpty) else {
            throw TargetError("--connect \"\(text)\": expected host[:port],host[:port],...[/chroot]")
        }
        var endpoints: [Endpoint] = []
        for part in parts { endpoints.append(try endpoint(part, defaultPort: defaultPort)) }
        return EnsembleTargets(endpoints: endpoints, source: "--connect")
    }

    /// `text` (`host`, `host:port`, `[v6]:port`) as an endpoint, with the parser's message as a `TargetError`.
    public static func endpoint(_ text: String, defaultPort: Int = Endpoint.defaultPort) throws(TargetError) -> Endpoint {
        do { return try Endpoint(parsing: text, defaultPort: defaultPort) } catch { throw TargetError("\(text): \(error)") }
    }

    /// The client endpoint of a member line: its `;[clientHost:]clientPort` suffix, else its quorum host with
    /// `defaultClientPort` (a wildcard client host means "the quorum host").
    static func clientEndpoint(of entry: MembershipEntry, defaultClientPort: Int?) throws(TargetError) -> Endpoint? {
        guard let port = entry.clientPort ?? defaultClientPort else { return nil }
        var host = entry.host
        if let clientHost = entry.clientHost, !["0.0.0.0", "::", "0:0:0:0:0:0:0:0"].contains(clientHost) {
            host = clientHost
        }
        return try endpoint(host, defaultPort: port)
    }

    /// The `server.N=` lines of a zoo.cfg (and of the dynamic config file it names), with `clientPort`
    /// for members whose line has no `;clientPort` suffix.
    public static func fromZooConfig(_ text: String, path: String, readFile: (String) -> String? = { _ in nil })
        throws(TargetError) -> EnsembleTargets
    {
        var properties: [String: String] = [:]
        var servers: [(line: Int, id: Int, spec: String)] = []
        func scan(_ text: String, file: String) throws(TargetError) {
            for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("!") { continue }
                guard let eq = line.firstIndex(where: { $0 == "=" || $0 == ":" }), line[eq] == "=" else {
                    if line.hasPrefix("server.") {
                        throw TargetError("\(file):\(n + 1): expected server.N=host:quorumPort:electionPort")
                    }
                    continue
                }
                let key = line[..<eq].trimmingCharacters(in: .whitespaces)
                let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                if key.hasPrefix("server.") {
                    guard let id = Int(key.dropFirst("server.".count)) else {
                        throw TargetError("\(file):\(n + 1): \(key): the server id must be a number")
                    }
                    servers.append((n + 1, id, value))
                } else {
                    properties[key] = value
                }
            }
        }
        try scan(text, file: path)
        if let dynamic = properties["dynamicConfigFile"] {
            guard let contents = readFile(dynamic) else {
                throw TargetError("\(path): dynamicConfigFile=\(dynamic) cannot be read")
            }
            try scan(contents, file: dynamic)
        }
        guard !servers.isEmpty else {
            throw TargetError("\(path): no server.N lines; give the members as arguments or with --connect instead")
        }
        let defaultClientPort = properties["clientPort"].flatMap { Int($0) }
        var membership: [MembershipEntry] = []
        var endpoints: [Endpoint] = []
        for s in servers.sorted(by: { $0.id < $1.id }) {
            let entry = try parseServerSpec(id: s.id, s.spec, file: path, line: s.line)
            guard let endpoint = try clientEndpoint(of: entry, defaultClientPort: defaultClientPort) else {
                throw TargetError(
                    "\(path):\(s.line): server.\(s.id) has no ;clientPort and the file has no clientPort=")
            }
            endpoints.append(endpoint)
            membership.append(entry)
        }
        return EnsembleTargets(endpoints: endpoints, membership: membership, source: path)
    }

    /// `host:quorumPort:electionPort[:participant|observer][;[clientHost:]clientPort]`, as in zoo.cfg and `conf`
    /// (3.6+ multi-address lines `a:1:2|b:1:2` too): the one grammar, ``MemberSpec``'s.
    public static func parseServerSpec(id: Int, _ spec: String, file: String, line: Int) throws(TargetError)
        -> MembershipEntry
    {
        let at = "\(file):\(line): server.\(id)"
        guard let parsed = MemberSpec(id: Substring(String(id)), value: Substring(spec)), parsed.electionPort != nil
        else {
            throw TargetError("\(at)=\(spec): \(diagnosis(of: spec))")
        }
        return MembershipEntry(parsed)
    }

    /// What is wrong with a `server.N=` value the grammar refused, in the operator's terms.
    static func diagnosis(of spec: String) -> String {
        let halves = spec.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
        if halves.count == 2, MemberSpec(id: "1", value: Substring("h:1:2;" + halves[1])) == nil {
            return "the client port in \"\(halves[1])\" is not a port number"
        }
        let last = halves[0].split(separator: "|").last.map { $0.split(separator: ":").last ?? "" } ?? ""
        if let first = last.first, first.isLetter, !["participant", "observer"].contains(String(last)) {
            return "role \"\(last)\" is neither participant nor observer"
        }
        return "expected host:quorumPort:electionPort[:participant|observer][;[clientHost:]clientPort]"
    }
}

/// A member list or configuration the check cannot use; the message says what to change.
public struct TargetError: Error, Sendable, CustomStringConvertible, Equatable {
    public var description: String
    /// An error whose message is `description`, one line.
    public init(_ description: String) { self.description = description }
}
