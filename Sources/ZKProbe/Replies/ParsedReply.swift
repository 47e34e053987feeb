/// Any four-letter word's reply, parsed according to the word.
public enum ParsedReply: Sendable, Equatable {
    case ruok(Reply<RuokReply>)
    case srvr(Reply<ServerStats>)
    case stat(Reply<ServerStats>)
    case mntr(Reply<Monitor>)
    case conf(Reply<ServerConfig>)
    case isro(Reply<ReadOnlyState>)
    case cons(Reply<[ClientConnection]>)
    /// Words kept as text: `envi`, `wchs`, `wchc`, `wchp`, `dirs`, `dump`, `gtmk`, `hash`, and any other.
    case raw(word: String, Reply<RawReply>)

    /// The refusal, whatever the word; `nil` when the server answered.
    public var refusal: Refusal? {
        switch self {
        case .ruok(let reply): return reply.refusal
        case .srvr(let reply), .stat(let reply): return reply.refusal
        case .mntr(let reply): return reply.refusal
        case .conf(let reply): return reply.refusal
        case .isro(let reply): return reply.refusal
        case .cons(let reply): return reply.refusal
        case .raw(_, let reply): return reply.refusal
        }
    }
}

/// Parses `text`, the reply to `word` from `server`, with the parser for that word.
///
/// - Parameters:
///   - word: the four-letter word sent (`srvr`, `mntr`, ...).
///   - text: the reply as received, up to the server's close.
///   - server: names the server in errors, e.g. `zk2:2181`.
/// - Throws: ``ReplyParseError`` when the reply is malformed for that word.
public func parseReply(word: String, text: String, server: String) throws(ReplyParseError) -> ParsedReply {
    switch word {
    case "ruok": return .ruok(try RuokReply.parse(text, server: server, command: word))
    case "srvr": return .srvr(try ServerStats.parse(text, server: server, command: word))
    case "stat": return .stat(try ServerStats.parse(text, server: server, command: word))
    case "mntr": return .mntr(try Monitor.parse(text, server: server, command: word))
    case "conf": return .conf(try ServerConfig.parse(text, server: server, command: word))
    case "isro": return .isro(try ReadOnlyState.parse(text, server: server, command: word))
    case "cons": return .cons(try ConnectionList.parse(text, server: server, command: word))
    default: return .raw(word: word, RawReply.parse(text))
    }
}
