/// What a four-letter word brought back: the parsed answer, or the server's refusal to answer.
///
/// A refusal is a result, not a parse failure: a server that is not serving, or a word left out of
/// `4lw.commands.whitelist`, is something an operator acts on. Replies that are neither a known refusal nor a
/// well-formed answer are thrown as ``ReplyParseError``.
public enum Reply<Value: Sendable>: Sendable {
    /// The server answered; `Value` is the typed reply.
    case answer(Value)
    /// The server declined to answer (see ``Refusal``).
    case refused(Refusal)

    /// The answer, or `nil` when the server refused.
    public var answer: Value? {
        if case .answer(let value) = self { return value }
        return nil
    }

    /// The refusal, or `nil` when the server answered.
    public var refusal: Refusal? {
        if case .refused(let refusal) = self { return refusal }
        return nil
    }

    /// The same reply with the answer transformed; a refusal passes through unchanged.
    public func map<Other: Sendable>(_ transform: (Value) throws(ReplyParseError) -> Other)
        throws(ReplyParseError) -> Reply<Other>
    {
        switch self {
        case .answer(let value): return .answer(try transform(value))
        case .refused(let refusal): return .refused(refusal)
        }
    }
}

extension Reply: Equatable where Value: Equatable {}
