/// Something the operator can change to get a better check, named as a value rather than as a flag: the command
/// line spells it as its flag (`zkprobe check` turns ``adminPort(_:)`` into `--admin-port 8080`), a program that
/// embeds ZKProbe in its own terms, and ``description`` is the library's own wording, with no flag names.
public enum CheckHint: Sendable, Hashable, CustomStringConvertible {
    /// Ask each member's AdminServer, on this port.
    case adminPort(Int)
    /// The AdminServer's URL template, whose path may be wrong.
    case adminURL
    /// The ensemble's zoo.cfg, which lists every member.
    case config
    /// A connect string naming the members.
    case connect
    /// A mode expected of the members given, which makes a check of one host.
    case expectMode
    /// Require these words: their refusal becomes a warning.
    case requireWords([String])
    /// Where the ways of naming members are explained.
    case help
    /// A client probe that writes, reads and deletes a znode through each member, not only opens a session.
    case writeProbe
    /// Digest credentials for the client probe, from a file.
    case authFile
    /// The members learned from the members' `conf` that a check confined to its configuration may still ask
    /// (``LearnedMembers/askOnly(_:)``).
    case allowLearnedMembers

    /// The hint in the library's own words.
    public var description: String {
        switch self {
        case .adminPort(let port): return "AdminServer port \(port)"
        case .adminURL: return "AdminServer URL"
        case .config: return "zoo.cfg"
        case .connect: return "a connect string"
        case .expectMode: return "an expected mode"
        case .requireWords(let words): return "a requirement of \(words.joined(separator: ","))"
        case .help: return "see the documentation of the check"
        case .writeProbe: return "a write probe"
        case .authFile: return "digest credentials"
        case .allowLearnedMembers: return "the learned members allowed"
        }
    }
}
