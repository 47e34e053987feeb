import SystemSupport

/// The name of a write probe's visibility node: `PATH/zkprobe-<host>-<pid>-<8 hex>`, known before the write so
/// that every member's session can watch it. Not sequential for that reason; the host, the process and 32 random
/// bits keep checks from different hosts, processes and runs apart.
enum ProbeNodeName {
    /// The node under `path` for this host and process, with 8 random hex digits from `generator`.
    static func make(under path: String, using generator: inout some RandomNumberGenerator) -> String {
        make(under: path, host: Syscalls.hostName(), pid: Syscalls.processID(), random: generator.next())
    }

    static func make(under path: String, host: String, pid: Int32, random: UInt64) -> String {
        let hex = String(UInt32(truncatingIfNeeded: random), radix: 16)
        let digits = String(repeating: "0", count: 8 - hex.count) + hex
        let parent = path.hasSuffix("/") ? String(path.dropLast()) : path
        return "\(parent)/zkprobe-\(sanitised(host))-\(pid)-\(digits)"
    }

    /// `host` with every character outside `[A-Za-z0-9.-]` replaced by `-`; `host` when nothing is left.
    static func sanitised(_ host: String) -> String {
        let kept = String(
            host.unicodeScalars.map { s in
                (s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "." || s == "-"))
                    ? Character(s) : "-"
            })
        return kept.isEmpty ? "host" : kept
    }
}
