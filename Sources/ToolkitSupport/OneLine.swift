/// Text from outside (a file name, a flag's value, a server's version string) made safe to show inside one line
/// of a message: every character a terminal or a log reader acts on (see ``actsOnOutput(_:)``) is escaped as
/// `\u{..}`, and anything past `limit` characters is cut with `…`.
package func oneLine(_ text: String, limit: Int = 200) -> String {
    var out = ""
    var count = 0
    for scalar in text.unicodeScalars {
        if count == limit { return out + "…" }
        if actsOnOutput(scalar) {
            out += "\\u{\(String(scalar.value, radix: 16))}"
        } else {
            out.unicodeScalars.append(scalar)
        }
        count += 1
    }
    return out
}

/// Whether a terminal, a log viewer or a line-based reader would act on `scalar` instead of showing it: the C0
/// controls (line feed, carriage return, ESC, …), DEL, the C1 controls U+0080…U+009F (U+0085 NEXT LINE ends a
/// line for some readers, U+009B is a one-byte CSI), U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR, and
/// the bidirectional embeddings, overrides and isolates (U+202A…U+202E, U+2066…U+2069), which reorder what
/// follows them on screen.
package func actsOnOutput(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
}
