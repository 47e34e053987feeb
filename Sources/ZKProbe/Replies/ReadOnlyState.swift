/// The reply to `isro`: `rw`, `ro`, or `null`, with no line break.
public enum ReadOnlyState: String, Sendable, Hashable, CaseIterable {
    /// `rw`: serving reads and writes.
    case readWrite = "rw"
    /// `ro`: a read-only server (`readonlymode.enabled=true`, quorum lost).
    case readOnly = "ro"
    /// `null`: the server is not running (no quorum, still starting). An answer, not a refusal: `isro` is not
    /// subject to the not-serving check.
    case notRunning = "null"

    /// Parses an `isro` reply.
    ///
    /// - Returns: the state, or the server's refusal (not whitelisted, empty).
    /// - Throws: ``ReplyParseError`` when the reply is anything else.
    public static func parse(_ text: String, server: String, command: String = "isro")
        throws(ReplyParseError) -> Reply<ReadOnlyState>
    {
        if let refusal = Refusal.detect(in: text) { return .refused(refusal) }
        let errors = ReplyErrorContext(server: server, command: command)
        let lines = ReplyLines.split(text)
        guard let first = lines.first, let state = ReadOnlyState(rawValue: String(first.text)) else {
            throw errors.line(lines.first ?? ReplyLine(number: 1, text: ""), "expected \"rw\", \"ro\" or \"null\"")
        }
        if let extra = lines.dropFirst().first(where: { !$0.isEmpty }) {
            throw errors.line(extra, "expected nothing after \"\(state.rawValue)\"")
        }
        return .answer(state)
    }
}
