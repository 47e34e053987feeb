import CommandLineSupport
import ToolkitSupport

/// Which zone each host is in: `--zones zk1=a,zk2=b` or a `--zone-map` file.
///
/// A file holds one `host=zone` or `host zone` pair a line; blank lines and lines starting with `#` are skipped.
/// Hosts compare without regard to case, as DNS names do.
struct ZoneMap: Equatable {
    /// Host (lower case) → zone name.
    var zoneOfHost: [String: String] = [:]

    /// Parses `--zones` text: `host=zone` pairs separated by commas.
    static func parse(flag text: String) throws(DeploymentError) -> ZoneMap {
        var map = ZoneMap()
        for pair in text.split(separator: ",", omittingEmptySubsequences: false) {
            try map.add(String(pair), separator: "=", where: "--zones")
        }
        return map
    }

    /// Parses a zone map file's contents; `path` names it in messages.
    static func parse(file text: String, path: String) throws(DeploymentError) -> ZoneMap {
        var map = ZoneMap()
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingBlanksAndNewlines()
            if line.isEmpty || line.hasPrefix("#") { continue }
            try map.add(line, separator: line.contains("=") ? "=" : " ", where: "\(path):\(number + 1)")
        }
        guard !map.zoneOfHost.isEmpty else { throw DeploymentError("\(path): no host=zone lines") }
        return map
    }

    /// Adds one `host SEP zone` pair; a host given twice must name the same zone.
    private mutating func add(_ text: String, separator: Character, where place: String) throws(DeploymentError) {
        let parts = text.split(separator: separator, maxSplits: 1).map { $0.trimmingBlanks() }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !parts[1].contains(where: \.isWhitespace)
        else {
            throw DeploymentError(
                "\(place): \"\(CommandSpec.shown(text))\": expected host=zone, such as zk1.example.com=eu-west-1a")
        }
        let host = parts[0].lowercased()
        if let known = zoneOfHost[host], known != parts[1] {
            throw DeploymentError(
                "\(place): host \(CommandSpec.shown(parts[0])) is in zone \(CommandSpec.shown(known)) already")
        }
        zoneOfHost[host] = parts[1]
    }

    /// The zone of `host`, if mapped.
    func zone(of host: String) -> String? { zoneOfHost[host.lowercased()] }
}
