import ToolkitSupport

/// A reply that is neither a known refusal nor a well-formed answer.
///
/// The description is one line naming the server, the word and, when one line is at fault, its number and text:
/// `zk2:2181: srvr reply line 6: expected "Zxid: 0x<hex>", got "Zxid: banana"`.
public struct ReplyParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server as the caller named it, e.g. `zk2:2181`.
    public var server: String
    /// The four-letter word whose reply this was.
    public var command: String
    /// The 1-based line at fault, or `nil` when the reply as a whole is at fault (a missing line, a truncation).
    public var lineNumber: Int?
    /// The text of that line, without its line break.
    public var lineText: String?
    /// What was expected (`expected "Zxid: 0x<hex>"`) or what is missing (`no "Mode: " line`).
    public var reason: String

    /// Builds an error; `lineNumber` and `lineText` are `nil` when the reply as a whole is at fault.
    public init(server: String, command: String, lineNumber: Int?, lineText: String?, reason: String) {
        self.server = server
        self.command = command
        self.lineNumber = lineNumber
        self.lineText = lineText
        self.reason = reason
    }

    /// One line for an operator.
    public var description: String {
        guard let lineNumber else { return "\(server): \(command) reply: \(reason)" }
        let got = lineText.map { ", got \"\(Self.printable($0))\"" } ?? ""
        return "\(server): \(command) reply line \(lineNumber): \(reason)\(got)"
    }

    /// `text` with control characters escaped (``actsOnOutput(_:)``: C0, DEL, C1, U+2028, …) and cut to 120
    /// characters, so that the message stays one line.
    static func printable(_ text: String) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= 120 {
                out += "…"
                break
            }
            switch scalar {
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\n": out += "\\n"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if actsOnOutput(scalar) || scalar == "\u{FFFD}" {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
            count += 1
        }
        return out
    }
}

/// Builds errors for one reply: the server and the word are fixed, the line varies.
struct ReplyErrorContext: Sendable {
    let server: String
    let command: String

    func line(_ line: ReplyLine, _ reason: String) -> ReplyParseError {
        ReplyParseError(
            server: server, command: command, lineNumber: line.number, lineText: String(line.text), reason: reason)
    }

    func reply(_ reason: String) -> ReplyParseError {
        ReplyParseError(server: server, command: command, lineNumber: nil, lineText: nil, reason: reason)
    }
}
