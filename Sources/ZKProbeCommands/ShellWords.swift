/// Splits one line into words as a POSIX shell would, without expansions: blanks separate words, `'...'` keeps
/// everything literally, `"..."` keeps everything but `\"`, `\\`, `\$` and `` \` ``, a backslash outside quotes
/// keeps the next character, and `#` at the start of a word begins a comment.
enum ShellWords {
    /// Why a line cannot be split.
    struct Problem: Error, Equatable {
        var message: String
    }

    /// The words of `line`.
    ///
    /// - Throws: ``Problem`` for an unterminated quote or a backslash at the end of the line.
    static func split(_ line: Substring) throws(Problem) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var scalars = line.unicodeScalars[...]
        while let c = scalars.popFirst() {
            switch c {
            case " ", "\t":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            case "#" where !inWord:
                return words
            case "'":
                inWord = true
                guard let end = scalars.firstIndex(of: "'") else { throw Problem(message: "unterminated ' quote") }
                current.unicodeScalars.append(contentsOf: scalars[..<end])
                scalars = scalars[scalars.index(after: end)...]
            case "\"":
                inWord = true
                try doubleQuoted(&scalars, into: &current)
            case "\\":
                inWord = true
                guard let next = scalars.popFirst() else { throw Problem(message: "backslash at the end of the line") }
                current.unicodeScalars.append(next)
            default:
                inWord = true
                current.unicodeScalars.append(c)
            }
        }
        if inWord { words.append(current) }
        return words
    }

    private static func doubleQuoted(
        _ scalars: inout Substring.UnicodeScalarView.SubSequence, into current: inout String
    ) throws(Problem) {
        while let c = scalars.popFirst() {
            switch c {
            case "\"":
                return
            case "\\":
                guard let next = scalars.popFirst() else { throw Problem(message: "unterminated \" quote") }
                if !["\"", "\\", "$", "`"].contains(next) { current.unicodeScalars.append("\\") }
                current.unicodeScalars.append(next)
            default:
                current.unicodeScalars.append(c)
            }
        }
        throw Problem(message: "unterminated \" quote")
    }
}
