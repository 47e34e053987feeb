import Foundation

/// The real 3.8.0 client sessions under `Fixtures/client` (captured by `Fixtures/client/capture.py`; see its
/// README.md): for each session, the frames each side sent, in order.
enum ClientFixtures {
    static let folder = ReplyFixtures.root.appendingPathComponent("client")

    /// Every captured session.
    static let sessions = ["writer", "watcher", "denied", "refused", "readonly-global", "readonly"]

    enum Side: String, CaseIterable {
        case client, server
    }

    /// The frames `side` sent in `session`, each whole (its 4-byte length first): one per line of
    /// `<session>.<side>.hex`, the hex before the first space; `#` lines are comments.
    static func frames(_ session: String, _ side: Side) throws -> [[UInt8]] {
        let url = folder.appendingPathComponent("\(session).\(side.rawValue).hex")
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").filter { !$0.hasPrefix("#") }.enumerated().map { index, line in
            let hex = line.prefix { $0 != " " }
            guard hex.count.isMultiple(of: 2), let bytes = bytes(hex) else {
                throw FixtureError(description: "\(url.lastPathComponent) frame \(index + 1): not hex")
            }
            return bytes
        }
    }

    /// The payloads (length prefix taken off) `side` sent in `session`.
    static func payloads(_ session: String, _ side: Side) throws -> [[UInt8]] {
        try frames(session, side).map { Array($0.dropFirst(4)) }
    }

    private static func bytes(_ hex: Substring) -> [UInt8]? {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            result.append(byte)
            index = next
        }
        return result
    }

    struct FixtureError: Error, CustomStringConvertible {
        let description: String
    }
}
