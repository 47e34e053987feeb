/// A zoo.cfg (and the dynamic config file it names) read as ZooKeeper's `QuorumPeerConfig` reads it, each setting
/// kept with the file and line it came from so that every message can point there.
struct ZooConfig {
    /// Settings other than the quorum lines; a key written twice keeps its last value, as in `Properties`.
    var properties: [String: PropertyLine] = [:]
    /// `server.N=` lines by id. The last line for an id wins: ZooKeeper keeps one member per id.
    var servers: [Int: PropertyLine] = [:]
    /// `group.G=` lines by group id, the last one winning.
    var groups: [Int: PropertyLine] = [:]
    /// `weight.N=` lines by server id, the last one winning.
    var weights: [Int: PropertyLine] = [:]

    /// Client hosts meaning "every interface": a client reaches such a server at its own address.
    static let wildcardHosts: Set<String> = ["0.0.0.0", "::", "0:0:0:0:0:0:0:0"]

    /// `text` (the file at `path`) and, when it names one, the dynamic config file, read through `readFile`.
    static func load(_ text: String, path: String, readFile: (String) -> String?) throws(TargetError) -> ZooConfig {
        var config = ZooConfig()
        for entry in try JavaProperties.entries(text, file: path) { try config.take(entry, quorumLinesOnly: false) }
        guard let dynamic = config.properties["dynamicConfigFile"] else { return config }
        // ZooKeeper refuses to start when the static file still has quorum lines beside a dynamic file.
        let quorumLines = [config.servers, config.groups, config.weights].flatMap(\.values)
        if let stray = quorumLines.min(by: { $0.line < $1.line }) {
            throw TargetError(
                "\(stray.location): \(stray.key) must be in the dynamic config file \(dynamic.value) when "
                    + "dynamicConfigFile is set (ZooKeeper refuses to start otherwise); move it there")
        }
        guard !dynamic.value.isEmpty else {
            throw TargetError("\(dynamic.location): dynamicConfigFile is empty; name the file or remove the line")
        }
        let dynamicPath = resolve(dynamic.value, besides: path)
        guard let contents = readFile(dynamicPath) else {
            throw TargetError(
                "\(dynamic.location): dynamicConfigFile=\(dynamic.value): cannot read \(dynamicPath) (a relative "
                    + "name is taken from the folder of \(path)); check the path and permissions")
        }
        for entry in try JavaProperties.entries(contents, file: dynamicPath) {
            if entry.key == "version" {
                throw TargetError(
                    "\(entry.location): remove version=: ZooKeeper refuses it inside a dynamic file (the version is "
                        + "the file name's suffix)")
            }
            try config.take(entry, quorumLinesOnly: true)
        }
        return config
    }

    /// `name` as the folder of `configPath` sees it. ZooKeeper opens a relative name from its working directory,
    /// which a probe run elsewhere does not share; the config's own folder is where such a file is kept.
    static func resolve(_ name: String, besides configPath: String) -> String {
        guard !name.hasPrefix("/"), let slash = configPath.lastIndex(of: "/") else { return name }
        return String(configPath[...slash]) + name
    }

    /// Files one entry. ZooKeeper tests `startsWith("group")` and `startsWith("weight")`, without the dot, so
    /// `groups=` is a malformed group line there too.
    private mutating func take(_ entry: PropertyLine, quorumLinesOnly: Bool) throws(TargetError) {
        let key = entry.key
        if key.hasPrefix("server.") {
            servers[try Self.id(entry, prefix: "server.", form: "server.N=host:quorumPort:electionPort")] = entry
        } else if key.hasPrefix("group") {
            groups[try Self.id(entry, prefix: "group.", form: "group.G=id:id:...")] = entry
        } else if key.hasPrefix("weight") {
            weights[try Self.id(entry, prefix: "weight.", form: "weight.N=w")] = entry
        } else if !quorumLinesOnly {
            properties[key] = entry
        }
    }

    /// The number after `prefix` in the entry's key: a Java `long`, never negative.
    private static func id(_ entry: PropertyLine, prefix: String, form: String) throws(TargetError) -> Int {
        guard entry.key.hasPrefix(prefix), let id = JavaNumber.unsigned(Substring(entry.key.dropFirst(prefix.count)))
        else {
            let noun = prefix == "group." ? "group" : "server"
            throw TargetError(
                "\(entry.location): \(entry.key): the \(noun) id must be a number from 0 to \(Int64.max); write \(form)")
        }
        return Int(id)
    }

    /// The port a setting names, when it is set.
    func port(_ key: String) throws(TargetError) -> Int? {
        guard let entry = properties[key] else { return nil }
        guard let port = JavaNumber.port(Substring(entry.value)), port >= 1 else {
            throw TargetError("\(entry.location): \(key)=\(entry.value): expected a port number from 1 to 65535")
        }
        return port
    }

    /// The client endpoint of a standalone server: `clientPortAddress` (the loopback address when it is absent or a
    /// wildcard, as a probe on the same host would connect) with `clientPort`.
    func standaloneEndpoint(path: String) throws(TargetError) -> Endpoint {
        guard let port = try port("clientPort") else {
            throw TargetError(
                "\(path): no server.N lines and no clientPort; add clientPort=2181 (a standalone server) or "
                    + "server.N=host:quorumPort:electionPort lines, or give the members with \(hint: .connect)"
                    as HintedText)
        }
        guard let address = properties["clientPortAddress"] else { return Endpoint(host: "127.0.0.1", port: port) }
        var host = Substring(address.value)
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        if host.isEmpty || Self.wildcardHosts.contains(String(host)) { return Endpoint(host: "127.0.0.1", port: port) }
        // ZooKeeper takes a bare host here; one colon can only be a `host:port`, which it refuses.
        guard host.filter({ $0 == ":" }).count != 1 else {
            throw TargetError(
                "\(address.location): clientPortAddress=\(address.value): give the host alone and the port in clientPort")
        }
        do {
            return try Endpoint(parsing: host.contains(":") ? "[\(host)]" : String(host), defaultPort: port)
        } catch {
            throw TargetError("\(address.location): clientPortAddress=\(address.value): \(error)")
        }
    }
}
