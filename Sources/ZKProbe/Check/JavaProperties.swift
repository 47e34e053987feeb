/// One `key=value` of a properties file, trimmed as ZooKeeper trims it, with where it was written.
struct PropertyLine: Sendable, Equatable {
    var key: String
    var value: String
    var file: String
    /// The line the logical line starts on (a value continued with `\` spans several).
    var line: Int

    /// `file:line`, the prefix of every message about this entry.
    var location: String { "\(file):\(line)" }
}

/// `java.util.Properties.load` as ZooKeeper uses it for zoo.cfg and the dynamic config file.
///
/// Lines end at `\n`, `\r` or `\r\n`; a line ending in an odd number of `\` continues on the next one (its leading
/// white space dropped); `#` and `!` start comment lines; the key ends at the first unescaped `=`, `:` or white
/// space, and one `=` or `:` after white space is still the separator; `\t \n \r \f \uXXXX` and `\x` escapes are
/// decoded. ZooKeeper then trims key and value (`String.trim`), so this does too.
enum JavaProperties {
    /// The entries of `text` in file order; a key written twice appears twice (callers keep the last, as
    /// `Properties` does).
    static func entries(_ text: String, file: String) throws(TargetError) -> [PropertyLine] {
        var entries: [PropertyLine] = []
        for logical in logicalLines(Array(text.unicodeScalars)) {
            let (keyRange, valueRange) = split(logical.text)
            let at = "\(file):\(logical.line)"
            let key = try decode(logical.text[keyRange], at: at)
            let value = try decode(logical.text[valueRange], at: at)
            entries.append(PropertyLine(key: javaTrim(key), value: javaTrim(value), file: file, line: logical.line))
        }
        return entries
    }

    /// Space, tab and form feed: the only white space `Properties` knows.
    static func isBlank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\u{0C}" }

    private static func isLineEnd(_ c: Unicode.Scalar) -> Bool { c == "\n" || c == "\r" }

    /// Logical lines with their first line number; blank and comment lines dropped, continuations joined.
    /// Scalars rather than `Character`s because Swift reads `\r\n` as one character.
    static func logicalLines(_ s: [Unicode.Scalar]) -> [(line: Int, text: [Unicode.Scalar])] {
        var result: [(line: Int, text: [Unicode.Scalar])] = []
        var i = 0
        var lineNumber = 1
        func skipLineEnd() {
            guard i < s.count, isLineEnd(s[i]) else { return }
            if s[i] == "\r", i + 1 < s.count, s[i + 1] == "\n" { i += 1 }
            i += 1
            lineNumber += 1
        }
        while i < s.count {
            while i < s.count, isBlank(s[i]) { i += 1 }
            guard i < s.count else { break }
            let start = lineNumber
            if s[i] == "#" || s[i] == "!" {  // a comment line never continues, even when it ends in `\`
                while i < s.count, !isLineEnd(s[i]) { i += 1 }
            }
            if isLineEnd(s[i...].first ?? "\n") {
                skipLineEnd()
                continue
            }
            var text: [Unicode.Scalar] = []
            while true {
                let lineStart = text.count
                while i < s.count, !isLineEnd(s[i]) {
                    text.append(s[i])
                    i += 1
                }
                skipLineEnd()
                // Only this physical line's backslashes decide: the joined part before it ends in an even run.
                let run = text[lineStart...].reversed().prefix(while: { $0 == "\\" }).count
                guard run % 2 == 1 else { break }
                text.removeLast()
                guard i < s.count else { break }
                while i < s.count, isBlank(s[i]) { i += 1 }
            }
            result.append((start, text))
        }
        return result
    }

    /// The key's and the value's ranges in a logical line (`Properties.load0`).
    static func split(_ text: [Unicode.Scalar]) -> (key: Range<Int>, value: Range<Int>) {
        var keyEnd = 0
        var valueStart = text.count
        var hasSeparator = false
        var escaped = false
        while keyEnd < text.count {
            let c = text[keyEnd]
            if !escaped, c == "=" || c == ":" {
                valueStart = keyEnd + 1
                hasSeparator = true
                break
            }
            if !escaped, isBlank(c) {
                valueStart = keyEnd + 1
                break
            }
            escaped = c == "\\" ? !escaped : false
            keyEnd += 1
        }
        while valueStart < text.count {
            let c = text[valueStart]
            if !isBlank(c) {
                guard !hasSeparator, c == "=" || c == ":" else { break }
                hasSeparator = true
            }
            valueStart += 1
        }
        return (0..<keyEnd, valueStart..<text.count)
    }

    /// Escapes decoded (`Properties.loadConvert`). Java strings are UTF-16, so `\uD83D\uDE00` is one character;
    /// a lone surrogate becomes U+FFFD instead of trapping.
    static func decode(_ text: ArraySlice<Unicode.Scalar>, at location: String) throws(TargetError) -> String {
        var units: [UInt16] = []
        var i = text.startIndex
        while i < text.endIndex {
            var c = text[i]
            i += 1
            if c == "\\", i < text.endIndex {
                c = text[i]
                i += 1
                switch c {
                case "u":
                    let hex = text[i..<min(i + 4, text.endIndex)]
                    guard hex.count == 4, hex.allSatisfy(\.properties.isASCIIHexDigit),
                        let unit = UInt16(hex.map { String($0) }.joined(), radix: 16)
                    else {
                        throw TargetError(
                            "\(location): malformed \\uXXXX escape; write four hex digits after \\u, or \\\\ for a backslash")
                    }
                    units.append(unit)
                    i += 4
                    continue
                case "t": c = "\t"
                case "n": c = "\n"
                case "r": c = "\r"
                case "f": c = "\u{0C}"
                default: break
                }
            }
            units.append(contentsOf: String(c).utf16)
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// `String.trim()`: drops leading and trailing code points up to U+0020 (controls and space).
    static func javaTrim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { $0.value > 0x20 }),
            let last = scalars.lastIndex(where: { $0.value > 0x20 })
        else { return "" }
        return String(scalars[first...last])
    }
}
