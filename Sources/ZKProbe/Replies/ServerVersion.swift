/// The server's version line, `Version.getFullVersion()`: `3.8.0-<git sha>, built on <date>`.
///
/// Only the leading `major.minor[.patch]` is interpreted. What follows varies: a 40-digit commit, a qualifier
/// (`3.5.4-beta-<sha>`), or, in Debian's 3.8.0 package, the unexpanded `${mvngit.commit.id}`.
public struct ServerVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The whole text as printed.
    public let text: String
    /// The first number, e.g. 3.
    public let major: Int
    /// The second number, e.g. 8 in 3.8.0; with `major`, what decides the reply formats.
    public let minor: Int
    /// `nil` when the version has only two numbers.
    public let patch: Int?
    /// What follows the numbers up to `, built on` (without the leading `-`), e.g. the commit; `nil` if nothing.
    public let revision: String?
    /// The text after `, built on `, if any.
    public let builtOn: String?

    /// Parses the version text; `nil` unless it starts with `<digits>.<digits>`.
    public init?(parsing text: Substring) {
        var main = text
        var built: Substring?
        if let range = text.firstRange(of: ", built on ") {
            main = text[..<range.lowerBound]
            built = text[range.upperBound...]
        }
        var numbers: [Int] = []
        var rest = main[...]
        while numbers.count < 3 {
            let digits = rest.utf8.prefix(while: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
            guard !digits.isEmpty, digits.count <= 9, let number = Int(Substring(digits)) else { break }
            numbers.append(number)
            rest = rest[digits.endIndex...]
            guard numbers.count < 3, let afterDot = rest.dropping(prefix: ".") else { break }
            rest = afterDot
        }
        guard numbers.count >= 2 else { return nil }
        self.text = String(text)
        self.major = numbers[0]
        self.minor = numbers[1]
        self.patch = numbers.count > 2 ? numbers[2] : nil
        let revision = rest.dropping(prefix: "-") ?? rest
        self.revision = revision.isEmpty ? nil : String(revision)
        self.builtOn = built.map(String.init)
    }

    public var description: String { text }

    /// `major.minor.patch`, e.g. `3.8.0`.
    public var number: String { "\(major).\(minor)" + (patch.map { ".\($0)" } ?? "") }

    /// Whether `srvr`'s and `mntr`'s average latency is a truncated integer (3.4, 3.5) rather than a double (3.6+).
    public var printsIntegerAverageLatency: Bool { (major, minor) < (3, 6) }

    /// Whether the leader counts its learners as `zk_learners` (3.6+) rather than `zk_followers`.
    public var namesLearnersKey: Bool { (major, minor) >= (3, 6) }

    public static func < (lhs: ServerVersion, rhs: ServerVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch ?? 0) < (rhs.major, rhs.minor, rhs.patch ?? 0)
    }
}
