import ToolkitSupport

extension ClientProbe {
    /// The longest ``Mode/write(path:)`` path accepted, in UTF-8 bytes: room is left for the probe's own child
    /// names under it, within any server's request limit.
    public static let maximumPathBytes = 1024

    /// Why `path` cannot be the parent of the write probe's znodes, or `nil` when it can.
    ///
    /// The path must be one ZooKeeper accepts for a create (`PathUtils.validatePath`): absolute, no empty, `.` or
    /// `..` part, no trailing `/`; and more than that, since the probe creates children under it: not `/` itself,
    /// at most ``maximumPathBytes``, no control character (``actsOnOutput(_:)``: it is shown in findings), none
    /// of the characters ZooKeeper refuses in a path (private use U+E000…U+F8FF, U+FFF0…U+FFFF, and everything
    /// beyond U+FFFF, which Java holds as a surrogate pair).
    public static func pathProblem(_ path: String) -> String? {
        if path.isEmpty { return "an empty path" }
        if !path.hasPrefix("/") { return "a relative path: start it with /" }
        if path == "/" { return "/ itself: the probe's nodes go under a node of their own" }
        if path.utf8.count > maximumPathBytes { return "longer than \(maximumPathBytes) bytes" }
        if path.hasSuffix("/") { return "a trailing /" }
        let parts = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains(where: \.isEmpty) { return "an empty part (//)" }
        if parts.contains(where: { $0 == "." || $0 == ".." }) { return "a . or .. part" }
        if path.unicodeScalars.contains(where: actsOnOutput) {
            return "a control character (tab, line end, escape, line separator)"
        }
        if path.unicodeScalars.contains(where: refusedByZooKeeper) {
            return "a character ZooKeeper refuses in a path (private use, U+FFF0 to U+FFFF, beyond U+FFFF)"
        }
        return nil
    }

    /// The characters outside the controls that `PathUtils.validatePath` refuses.
    private static func refusedByZooKeeper(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xE000...0xF8FF, 0xFFF0...0xFFFF, 0x10000...: return true
        default: return false
        }
    }
}
