/// The reply to `cons`: one full connection line per client (see ``ClientConnection``), then a blank line.
public enum ConnectionList {
    /// Parses a `cons` reply.
    ///
    /// - Returns: the connections, or the server's refusal (not serving, not whitelisted, empty).
    /// - Throws: ``ReplyParseError`` naming the first line that is not a connection, or when the blank line that
    ///   ends the list is missing (a truncated read).
    public static func parse(_ text: String, server: String, command: String = "cons")
        throws(ReplyParseError) -> Reply<[ClientConnection]>
    {
        if let refusal = Refusal.detect(in: text) { return .refused(refusal) }
        let errors = ReplyErrorContext(server: server, command: command)
        let lines = ReplyLines.split(text)
        let list = try ClientConnection.parseList(lines, from: 0, errors: errors, listName: "connection")
        if let extra = lines[(list.end + 1)...].first(where: { !$0.isEmpty }) {
            throw errors.line(extra, "expected nothing after the blank line that ends the connection list")
        }
        return .answer(list.connections)
    }
}
