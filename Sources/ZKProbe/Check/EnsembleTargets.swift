import ToolkitSupport

/// Which members to ask, and what the configuration says about voters, from the places operators keep it.
public struct EnsembleTargets: Sendable, Equatable {
    /// Each member to ask, in order, each once.
    public var endpoints: [Endpoint]
    /// The configured membership, when the source lists it (zoo.cfg, a member's conf).
    public var membership: [MembershipEntry]?
    /// Where the list came from, for messages.
    public var source: String
    /// The hierarchical quorum rule (zoo.cfg `group.G=`/`weight.N=` lines); `nil` for a majority quorum or when the
    /// source does not say.
    public var hierarchy: Hierarchy?
    /// The source describes a standalone server (a zoo.cfg with `clientPort` and no `server.N` lines).
    public var standalone: Bool

    /// Targets as given; `membership` `nil` when the source does not list the configured members.
    public init(
        endpoints: [Endpoint], membership: [MembershipEntry]? = nil, source: String, hierarchy: Hierarchy? = nil,
        standalone: Bool = false
    ) {
        self.endpoints = endpoints
        self.membership = membership
        self.source = source
        self.hierarchy = hierarchy
        self.standalone = standalone
    }

    /// Voters in the membership, when known.
    public var configuredVoters: Int? { membership.map { $0.filter { !$0.observer }.count } }

    /// Kafka's `zookeeper.connect`: `zk1:2181,zk2:2181,zk3:2181/kafka`. The chroot is ignored.
    public static func fromConnectString(_ text: String, defaultPort: Int = Endpoint.defaultPort) throws(TargetError)
        -> EnsembleTargets
    {
        var hosts = Substring(text.trimmingBlanks())
        if let slash = hosts.firstIndex(of: "/") { hosts = hosts[..<slash] }
        let parts = hosts.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingBlanks() }
        guard !parts.isEmpty, !parts.contains(where: \.isEmpty) else {
            throw TargetError(
                "\(hint: .connect) \"\(text)\": expected host[:port],host[:port],...[/chroot]" as HintedText)
        }
        var endpoints: [Endpoint] = []
        for part in parts { endpoints.append(try endpoint(part, defaultPort: defaultPort)) }
        return EnsembleTargets(endpoints: endpoints, source: "connect string")
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
        if let clientHost = entry.clientHost, !ZooConfig.wildcardHosts.contains(clientHost) {
            host = clientHost
        }
        return try endpoint(host, defaultPort: port)
    }

    /// The members a zoo.cfg names, read as ZooKeeper reads it (see docs/zkprobe-check.md): `java.util.Properties`
    /// lines (`key=value`, `key: value`, `key value`; `\n`, `\r\n` or `\r` line ends; `#`/`!` comments), the
    /// `server.N=` lines of the file or of the `dynamicConfigFile` it names (a relative name is taken from the
    /// folder of `path`, read through `readFile`), the last line for an id winning. A member without a
    /// `;clientPort` suffix is asked on `clientPort`. `group.G=`/`weight.N=` lines give ``hierarchy``. A file with
    /// no `server.N` lines but a `clientPort` is a standalone server: one target, ``standalone`` set.
    ///
    /// - Throws: ``TargetError``, one line starting `file:line:` (or `file:` for what is missing) that says what
    ///   to change.
    public static func fromZooConfig(_ text: String, path: String, readFile: (String) -> String? = { _ in nil })
        throws(TargetError) -> EnsembleTargets
    {
        do {
            let config = try ZooConfig.load(text, path: path, readFile: readFile)
            guard !config.servers.isEmpty else {
                let endpoint = try config.standaloneEndpoint(path: path)
                // group./weight. lines without servers name unknown servers: refused as ZooKeeper would.
                _ = try config.hierarchy(members: [:])
                return EnsembleTargets(endpoints: [endpoint], source: path, standalone: true)
            }
            return try ensemble(config, path: path)
        } catch {
            // Keys and values come from the file, where `\n` escapes are legal: keep the message one line.
            throw TargetError(error.text.oneLine(limit: 1000))
        }
    }

    /// The members of a zoo.cfg with `server.N` lines, in id order, with their group and weight.
    private static func ensemble(_ config: ZooConfig, path: String) throws(TargetError) -> EnsembleTargets {
        let defaultClientPort = try config.port("clientPort")
        var members: [Int: MembershipEntry] = [:]
        for (id, line) in config.servers {
            members[id] = try parseServerSpec(id: id, line.value, file: line.file, line: line.line)
        }
        let hierarchy = try config.hierarchy(members: members)
        var membership: [MembershipEntry] = []
        var endpoints: [Endpoint] = []
        for (id, line) in config.servers.sorted(by: { $0.key < $1.key }) {
            guard var entry = members[id] else { continue }
            if let hierarchy {
                entry.group = hierarchy.groups.first(where: { $0.value.contains(id) })?.key
                entry.weight = entry.group != nil || hierarchy.weights[id] != nil ? hierarchy.weight(of: id) : nil
            }
            let endpoint: Endpoint?
            do { endpoint = try clientEndpoint(of: entry, defaultClientPort: defaultClientPort) } catch {
                throw TargetError("\(line.location): server.\(id): \(error)")
            }
            guard let endpoint else {
                throw TargetError(
                    "\(line.location): server.\(id) has no ;clientPort and the file has no clientPort=; add one of them")
            }
            endpoints.append(endpoint)
            membership.append(entry)
        }
        return EnsembleTargets(endpoints: endpoints, membership: membership, source: path, hierarchy: hierarchy)
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
        // The grammar reads any 16-bit number as a port; nothing listens on port 0.
        let ports = parsed.addresses.flatMap { [$0.quorumPort, $0.electionPort] } + [parsed.clientPort]
        if ports.contains(0) {
            throw TargetError("\(at)=\(spec): port 0 is not a port; use a port number from 1 to 65535")
        }
        return MembershipEntry(parsed)
    }

    /// What is wrong with a `server.N=` value the grammar refused, in the operator's terms.
    static func diagnosis(of spec: String) -> String {
        let halves = spec.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
        if halves.count == 2, MemberSpec(id: "1", value: Substring("h:1:2;" + halves[1])) == nil {
            return "the client port in \"\(halves[1])\" is not a port number from 1 to 65535"
        }
        if let port = outOfRangePort(in: halves[0]) {
            return "port \(port) is out of range; use a port number from 1 to 65535"
        }
        let last = halves[0].split(separator: "|").last.map { $0.split(separator: ":").last ?? "" } ?? ""
        if let first = last.first, first.isLetter, !["participant", "observer"].contains(String(last)) {
            return "role \"\(last)\" is neither participant nor observer"
        }
        return "expected host:quorumPort:electionPort[:participant|observer][;[clientHost:]clientPort]"
    }

    /// A number in the port positions of `host:port:port` text above 65535, bracketed IPv6 hosts left out.
    static func outOfRangePort(in quorumText: Substring) -> Substring? {
        for address in quorumText.split(separator: "|") {
            let afterHost = address.lastIndex(of: "]").map { address[$0...] } ?? address
            for part in afterHost.split(separator: ":").dropFirst()
            where !part.isEmpty && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber) {
                if part.count > 5 || (Int(part) ?? 0) > 65535 { return part }
            }
        }
        return nil
    }
}

/// A member list or configuration the check cannot use; the message says what to change.
public struct TargetError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The message, with what to change as ``CheckHint``s (the command line spells them as its flags).
    public var text: HintedText
    /// The message in the library's own words.
    public var description: String { text.description }
    /// An error whose message is `description`, one line.
    public init(_ description: String) { text = HintedText(description) }
    /// An error whose message is `text`, one line.
    public init(_ text: HintedText) { self.text = text }
}
