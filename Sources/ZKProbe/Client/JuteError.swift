/// Why bytes from a server are not the jute record or packet the client expects: a short packet, a length that
/// is negative or larger than the packet cap. Never a trap: every read is bounds-checked.
enum JuteError: Error, Equatable, CustomStringConvertible {
    /// The record needs `needed` more bytes than the packet holds at `offset`.
    case truncated(field: String, offset: Int, needed: Int)
    /// A buffer, string or vector length below -1, or a packet length below 0.
    case negativeLength(field: String, length: Int)
    /// A length larger than the cap (`jute.maxbuffer`, 0xfffff bytes by default).
    case oversized(field: String, length: Int, limit: Int)

    var description: String {
        switch self {
        case .truncated(let field, let offset, let needed):
            return "packet cut short reading \(field) at byte \(offset) (\(needed) more bytes needed)"
        case .negativeLength(let field, let length):
            return "negative length \(length) for \(field)"
        case .oversized(let field, let length, let limit):
            return "length \(length) for \(field) is over the \(limit)-byte limit"
        }
    }
}
