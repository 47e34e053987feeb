/// The few text edits the tools took from Foundation's `NSString` bridge, on the standard library alone, so
/// that the binaries do not link Foundation and its ICU data. Each gives the text the Foundation call gave.
extension StringProtocol {
    /// The text without leading and trailing blanks: tabs and Unicode space separators (category Zs), not
    /// newlines; and `extra`, when given. Foundation's `trimmingCharacters(in: .whitespaces)` (with `extra`:
    /// `.whitespaces.union(CharacterSet(charactersIn: extra))`).
    package func trimmingBlanks(alsoTrimming extra: Unicode.Scalar? = nil) -> String {
        trimmingScalars { Self.isBlank($0) || $0 == extra }
    }

    /// The text without leading and trailing blanks and line breaks (U+000A to U+000D, U+0085, U+2028, U+2029):
    /// Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)`.
    package func trimmingBlanksAndNewlines() -> String {
        trimmingScalars {
            Self.isBlank($0) || (0x0A...0x0D).contains($0.value) || $0.value == 0x85
                || $0.properties.generalCategory == .lineSeparator
                || $0.properties.generalCategory == .paragraphSeparator
        }
    }

    private func trimmingScalars(where trimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !trimmed($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !trimmed($0) })!
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    /// Every occurrence of `target` replaced by `replacement`: Foundation's `replacingOccurrences(of:with:)`.
    /// Like it, this matches Unicode scalars (a `\n` inside `\r\n` is found) but not a match that a combining
    /// mark after it extends into another character (the `'` of `'\u{301}`).
    package func replacingEvery(_ target: String, with replacement: String) -> String {
        let text = Array(unicodeScalars)
        let pattern = Array(target.unicodeScalars)
        guard !pattern.isEmpty else { return String(self) }
        var out = String.UnicodeScalarView()
        var i = 0
        while i < text.count {
            let end = i + pattern.count
            if end <= text.count, text[i..<end].elementsEqual(pattern),
                end == text.count || !text[end].properties.isGraphemeExtend
            {
                out.append(contentsOf: replacement.unicodeScalars)
                i = end
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return String(out)
    }

    /// The text cut or filled with spaces on the right to `length` UTF-16 units (a surrogate pair cut in half
    /// becomes U+FFFD). Foundation's `padding(toLength:withPad: " ", startingAt: 0)`.
    package func paddedWithSpaces(to length: Int) -> String {
        let units = utf16.count
        if units < length { return String(self) + String(repeating: " ", count: length - units) }
        return String(decoding: Array(utf16.prefix(length)), as: UTF16.self)
    }

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
    }
}
