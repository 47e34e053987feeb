/// A four-letter-word reply in which the server declined to answer.
///
/// These are results, not parse failures: a server that is not serving, or a
/// word left out of `4lw.commands.whitelist`, is something an operator acts on.
public enum Refusal: Sendable, Equatable {
    /// `This ZooKeeper instance is not currently serving requests`: no quorum,
    /// still starting, or a leader with `leaderServes=no`.
    case notServing
    /// `<word> is not executed because it is not in the whitelist.`
    case notWhitelisted(word: String)
    /// The server closed the connection without a byte: an unknown word, or one
    /// disabled on a server older than the whitelist.
    case empty

    /// The refusal `reply` carries, or `nil` when it is an answer.
    ///
    /// Only a reply of no bytes at all is `.empty`: `wchc` and `wchp` answer a lone newline when nothing is
    /// watched, and that is an answer.
    public static func detect(in reply: String) -> Refusal? {
        if reply.isEmpty { return .empty }
        let text = reply.trimmingTrailingNewlines()
        if text == "This ZooKeeper instance is not currently serving requests" { return .notServing }
        let suffix = " is not executed because it is not in the whitelist."
        if text.hasSuffix(suffix), !text.contains("\n") {
            return .notWhitelisted(word: String(text.dropLast(suffix.count)))
        }
        return nil
    }

    /// One line for an operator, naming the server and what to change.
    public func message(server: String, word: String) -> String {
        switch self {
        case .notServing:
            return "\(server) is not currently serving requests (no quorum, still starting, or a leader with leaderServes=no)"
        case .notWhitelisted(let refused):
            let name = refused.isEmpty ? word : refused
            return "\(name) is not in 4lw.commands.whitelist on \(server); add it to zoo.cfg (4lw.commands.whitelist=srvr,ruok,mntr,conf,isro,stat or *) and restart the server"
        case .empty:
            return "\(server) closed the connection without answering \(word) (an unknown word, or one disabled on this server)"
        }
    }
}

extension String {
    func trimmingTrailingNewlines() -> Substring {
        var end = endIndex
        while end > startIndex {
            let before = index(before: end)
            if self[before] == "\n" || self[before] == "\r" { end = before } else { break }
        }
        return self[startIndex..<end]
    }
}
