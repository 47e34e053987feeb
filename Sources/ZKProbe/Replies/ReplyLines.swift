/// One line of a reply: its 1-based number and its text without the line break.
struct ReplyLine: Sendable {
    let number: Int
    let text: Substring

    var isEmpty: Bool { text.utf8.isEmpty }

    /// The rest of the line after `prefix` (compared byte for byte), or `nil` when the line does not start with it.
    func after(_ prefix: String) -> Substring? {
        text.dropping(prefix: prefix)
    }
}

enum ReplyLines {
    /// Splits `text` into lines at `\n`, drops one `\r` before each break (a server on Windows ends lines with
    /// `\r\n`), and drops the empty piece after a final break. Scans the UTF-8 bytes once.
    static func split(_ text: String) -> [ReplyLine] {
        var lines: [ReplyLine] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        var number = 1
        while index != utf8.endIndex {
            if utf8[index] == UInt8(ascii: "\n") {
                lines.append(ReplyLine(number: number, text: line(text, from: start, to: index)))
                number += 1
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if start != utf8.endIndex {
            lines.append(ReplyLine(number: number, text: line(text, from: start, to: utf8.endIndex)))
        }
        return lines
    }

    private static func line(_ text: String, from start: String.Index, to end: String.Index) -> Substring {
        var end = end
        if end > start {
            let before = text.utf8.index(before: end)
            if text.utf8[before] == UInt8(ascii: "\r") { end = before }
        }
        return text[start..<end]
    }
}

extension Substring {
    /// The rest after `prefix`, compared as UTF-8 bytes (so that a combining character after the prefix does not
    /// hide it), or `nil`.
    func dropping(prefix: String) -> Substring? {
        var index = utf8.startIndex
        for byte in prefix.utf8 {
            guard index != utf8.endIndex, utf8[index] == byte else { return nil }
            index = utf8.index(after: index)
        }
        return self[index...]
    }

    /// Splits at every `separator` byte (an ASCII character), keeping empty pieces.
    func splitBytes(_ separator: UInt8) -> [Substring] {
        var pieces: [Substring] = []
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == separator {
                pieces.append(self[start..<index])
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        pieces.append(self[start..<utf8.endIndex])
        return pieces
    }

    /// The index of the first `byte` (an ASCII character), or `nil`.
    func firstIndex(ofByte byte: UInt8) -> Index? {
        utf8.firstIndex(of: byte)
    }

    /// The index of the last `byte` (an ASCII character), or `nil`.
    func lastIndex(ofByte byte: UInt8) -> Index? {
        utf8.lastIndex(of: byte)
    }
}
