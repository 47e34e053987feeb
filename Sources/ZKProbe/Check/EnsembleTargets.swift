import Foundation

/// Which members to ask, and what the configuration says about voters, from the places operators keep it.
public struct EnsembleTargets: Sendable, Equatable {
    /// `host:port` (IPv6 hosts in brackets) of each member to ask.
    public var addresses: [String]
    /// The configured membership, when the source lists it (zoo.cfg, a member's conf).
    public var membership: [MembershipEntry]?
    /// Where the list came from, for messages.
    public var source: String

    public init(addresses: [String], membership: [MembershipEntry]? = nil, source: String) {
        self.addresses = addresses
        self.membership = membership
        self.source = source
    }

    /// Voters in the membership, when known.
    public var configuredVoters: Int? { membership.map { $0.filter { !$0.observer }.count } }

    /// Kafka's `zookeeper.connect`: `zk1:2181,zk2:2181,zk3:2181/kafka`. The chroot is ignored.
    public static func fromConnectString(_ text: String, defaultPort: Int = 2181) throws(TargetError) -> EnsembleTargets {
        var hosts = Substring(text.trimmingCharacters(in: .whitespaces))
        if let slash = hosts.firstIndex(of: "/") { hosts = hosts[..<slash] }
        let parts = hosts.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !parts.isEmpty, !parts.contains(where: \.isEmpty) else {
            throw TargetError("--connect \"\(text)\": expected host[:port],host[:port],...[/chroot]")
        }
        return EnsembleTargets(addresses: parts.map { withPort($0, defaultPort) }, source: "--connect")
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
        var addresses: [String] = []
        for s in servers.sorted(by: { $0.id < $1.id }) {
            let entry = try parseServerSpec(id: s.id, s.spec, file: path, line: s.line)
            guard let port = entry.clientPort ?? defaultClientPort else {
                throw TargetError(
                    "\(path):\(s.line): server.\(s.id) has no ;clientPort and the file has no clientPort=")
            }
            var host = entry.host
            if let clientHost = entry.clientHost, !["0.0.0.0", "::", "[::]"].contains(clientHost) {
                host = clientHost
            }
            addresses.append(withPort(host, port, forcePort: true))
            membership.append(entry)
        }
        return EnsembleTargets(addresses: addresses, membership: membership, source: path)
    }

    /// `host:quorumPort:electionPort[:participant|observer][;[clientHost:]clientPort]`, as in zoo.cfg and `conf`.
    public static func parseServerSpec(id: Int, _ spec: String, file: String, line: Int) throws(TargetError)
        -> MembershipEntry
    {
        let halves = spec.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
        var addressPart = String(halves[0])
        var host: String
        if addressPart.hasPrefix("[") {
            guard let close = addressPart.firstIndex(of: "]") else {
                throw TargetError("\(file):\(line): server.\(id): unclosed [ in \"\(spec)\"")
            }
            host = String(addressPart[addressPart.index(after: addressPart.startIndex)..<close])
            addressPart = String(addressPart[addressPart.index(after: close)...])
            if addressPart.hasPrefix(":") { addressPart.removeFirst() }
        } else {
            let colon = addressPart.firstIndex(of: ":") ?? addressPart.endIndex
            host = String(addressPart[..<colon])
            addressPart = colon == addressPart.endIndex ? "" : String(addressPart[addressPart.index(after: colon)...])
        }
        let fields = addressPart.isEmpty ? [] : addressPart.split(separator: ":", omittingEmptySubsequences: false)
        guard !host.isEmpty, fields.count >= 2, let quorum = Int(fields[0]), let election = Int(fields[1]) else {
            throw TargetError(
                "\(file):\(line): server.\(id)=\(spec): expected host:quorumPort:electionPort[:role][;clientPort]")
        }
        var observer = false
        if fields.count >= 3 {
            switch fields[2] {
            case "observer": observer = true
            case "participant": observer = false
            default:
                throw TargetError("\(file):\(line): server.\(id): role \"\(fields[2])\" is neither participant nor observer")
            }
        }
        var clientHost: String?
        var clientPort: Int?
        if halves.count == 2 {
            let client = String(halves[1]).trimmingCharacters(in: .whitespaces)
            if let colon = client.lastIndex(of: ":") {
                var h = String(client[..<colon])
                if h.hasPrefix("["), h.hasSuffix("]") { h = String(h.dropFirst().dropLast()) }
                clientHost = h
                clientPort = Int(client[client.index(after: colon)...])
            } else {
                clientPort = Int(client)
            }
            guard let p = clientPort, (1...65535).contains(p) else {
                throw TargetError("\(file):\(line): server.\(id): client port in \"\(client)\" is not a port number")
            }
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return MembershipEntry(
            id: id, host: host, quorumPort: quorum, electionPort: election, observer: observer,
            clientHost: clientHost, clientPort: clientPort)
    }

    /// `host` or `host:port` → `host:port`; a bare IPv6 address gets brackets.
    static func withPort(_ text: String, _ port: Int, forcePort: Bool = false) -> String {
        if text.hasPrefix("[") {
            // An unclosed bracket is left as it is, for the endpoint parser to reject with its own message.
            guard let close = text.firstIndex(of: "]") else { return text }
            return text.contains("]:") && !forcePort ? text : "\(text[...close]):\(port)"
        }
        let colons = text.filter { $0 == ":" }.count
        if colons > 1 { return "[\(text)]:\(port)" }
        if colons == 1 && !forcePort { return text }
        let host = colons == 1 ? String(text.split(separator: ":")[0]) : text
        return "\(host):\(port)"
    }
}

/// A member list or configuration the check cannot use; the message says what to change.
public struct TargetError: Error, Sendable, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
