/// The reply to `ruok`: `imok`, with no line break.
///
/// `imok` says the process runs and reads its socket, nothing more: a server without a quorum still answers it.
/// Use `srvr` or `isro` to learn whether it serves.
public struct RuokReply: Sendable, Hashable {
    public init() {}

    /// Parses a `ruok` reply.
    ///
    /// - Returns: the answer, or the server's refusal (not whitelisted, empty).
    /// - Throws: ``ReplyParseError`` when the reply is anything but `imok`.
    public static func parse(_ text: String, server: String, command: String = "ruok")
        throws(ReplyParseError) -> Reply<RuokReply>
    {
        if let refusal = Refusal.detect(in: text) { return .refused(refusal) }
        let errors = ReplyErrorContext(server: server, command: command)
        let lines = ReplyLines.split(text)
        guard let first = lines.first, first.text == "imok" else {
            throw errors.line(lines.first ?? ReplyLine(number: 1, text: ""), "expected \"imok\"")
        }
        if let extra = lines.dropFirst().first(where: { !$0.isEmpty }) {
            throw errors.line(extra, "expected nothing after \"imok\"")
        }
        return .answer(RuokReply())
    }
}
