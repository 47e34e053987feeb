import ToolkitSupport

/// Which zone each host is in: the one grammar of `--zones` and `--zone-map` for both `quorumsim scenario` (hosts
/// of a zoo.cfg or a connect string) and `quorumsim live` (members as `zkprobe check` reports them, `host:port`).
///
/// Entries are `host=zone` or `host zone` (blanks around either allowed), separated by commas or line ends; empty
/// entries, blank lines and lines starting with `#` are skipped. Hosts compare without regard to case, as DNS names
/// do (RFC 4343), so `ZK1.example.com` and `zk1.example.com` are one host; zone names are compared exactly. A host
/// given twice must name the same zone.
public struct ZoneMap: Sendable, Equatable {
    /// Where the text came from, as messages name it: an option (`--zones`) or a file (`path:line`).
    public enum Source: Sendable, Equatable {
        case option(String)
        case file(String)

        func place(line: Int) -> String {
            switch self {
            case .option(let name): return name
            case .file(let path): return "\(path):\(line)"
            }
        }

        var name: String {
            switch self {
            case .option(let name), .file(let name): return name
            }
        }
    }

    /// One `host=zone` entry, the host as written.
    public struct Entry: Sendable, Equatable {
        public var host: String
        public var zone: String
    }

    /// The entries in the order given, each host once.
    public private(set) var entries: [Entry] = []
    /// Host (lower case) → zone.
    private var zoneOfHost: [String: String] = [:]

    /// Reads `text` (named by `source` in messages).
    /// - Throws: `AdviceError` naming the entry (and its line in a file) that is not `host=zone`, a host given two
    ///   zones, or a map without entries.
    public static func parse(_ text: String, from source: Source) throws(AdviceError) -> ZoneMap {
        var map = ZoneMap()
        for item in items(text) { try map.add(item, at: source.place(line: item.line)) }
        guard !map.entries.isEmpty else {
            throw AdviceError("\(source.name): no host=zone entries; give one for each host, such as zk1=eu-west-1a")
        }
        return map
    }

    /// One entry as written, with its line (from 1) and its two sides, nil when it is not `key=zone` or `key zone`.
    struct Item {
        var line: Int
        var text: String
        var pair: (key: String, zone: String)?
    }

    /// The entries of `text`, the one grammar of `--zones`, `--zone-map` and `quorumsim tolerance --racks`: split at
    /// line ends and commas, blanks trimmed, empty entries, blank lines and lines starting with `#` skipped.
    static func items(_ text: String) -> [Item] {
        var items: [Item] = []
        for (index, rawLine) in text.fileLines.enumerated() {
            let line = rawLine.trimmingBlanksAndNewlines()
            if line.hasPrefix("#") { continue }
            for piece in line.split(separator: ",") where !piece.trimmingBlanks().isEmpty {
                let text = piece.trimmingBlanks()
                let parts =
                    (text.contains("=")
                    ? text.split(separator: "=", maxSplits: 1)
                    : text.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })).map { $0.trimmingBlanks() }
                let valid =
                    parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
                    && !parts[0].contains(where: \.isWhitespace) && !parts[1].contains(where: { $0.isWhitespace || $0 == "=" })
                items.append(Item(line: index + 1, text: text, pair: valid ? (parts[0], parts[1]) : nil))
            }
        }
        return items
    }

    /// Adds one `host=zone` or `host zone` entry.
    private mutating func add(_ item: Item, at place: String) throws(AdviceError) {
        guard let (host, zone) = item.pair else {
            throw AdviceError(
                "\(place): \"\(oneLine(item.text, limit: 60))\": expected host=zone, such as zk1.example.com=eu-west-1a")
        }
        let key = host.lowercased()
        if let known = zoneOfHost[key] {
            guard known == zone else {
                throw AdviceError(
                    "\(place): host \(oneLine(host, limit: 60)) is in zone \(oneLine(known, limit: 60)) already")
            }
            return
        }
        zoneOfHost[key] = zone
        entries.append(Entry(host: host, zone: zone))
    }

    /// The zone of `host`, compared without case, if mapped.
    public func zone(of host: String) -> String? { zoneOfHost[host.lowercased()] }

    /// The zone of the member at `address` (`host:port`, `[v6]:port`): the address's own entry, else its host's,
    /// so that the zone map of `quorumsim scenario` serves `quorumsim live` too.
    public func zone(ofAddress address: String) -> String? {
        zone(of: address) ?? zone(of: Self.host(of: address))
    }

    /// The host of `host:port` or `[v6]:port`; `address` itself when it has no port.
    static func host(of address: String) -> String {
        guard let colon = address.lastIndex(of: ":") else { return address }
        let host = address[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") { return String(host.dropFirst().dropLast()) }
        return host.contains(":") ? address : String(host)
    }
}
