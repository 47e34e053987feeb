import Foundation

/// Reads exposition text the way a strict scraper does: HELP/TYPE comments, then
/// `name{label="value",...} number` samples whose label values allow only the \\ \" \n escapes.
/// Returns the samples, or nil when any line is malformed.
package func parseExposition(_ text: String) -> [(name: String, labels: [String: String], value: String)]? {
    var samples: [(String, [String: String], String)] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.isEmpty || line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") { continue }
        var chars = Array(line.unicodeScalars)[...]
        var name = ""
        while let c = chars.first, c == "_" || c == ":" || CharacterSet.alphanumerics.contains(c) {
            name.unicodeScalars.append(c)
            chars = chars.dropFirst()
        }
        guard !name.isEmpty else { return nil }
        var labels: [String: String] = [:]
        if chars.first == "{" {
            chars = chars.dropFirst()
            while chars.first != "}" {
                var key = ""
                while let c = chars.first, c != "=" {
                    key.unicodeScalars.append(c)
                    chars = chars.dropFirst()
                }
                guard chars.popFirst() == "=", chars.popFirst() == "\"" else { return nil }
                var value = ""
                while true {
                    guard let c = chars.popFirst() else { return nil }
                    if c == "\"" { break }
                    if c == "\\" {
                        switch chars.popFirst() {
                        case "\\": value += "\\"
                        case "\"": value += "\""
                        case "n": value += "\n"
                        default: return nil
                        }
                    } else if c == "\n" || c == "\r" {
                        return nil
                    } else {
                        value.unicodeScalars.append(c)
                    }
                }
                labels[key] = value
                if chars.first == "," { chars = chars.dropFirst() }
            }
            chars = chars.dropFirst()
        }
        guard chars.popFirst() == " " else { return nil }
        let value = String(String.UnicodeScalarView(chars))
        guard Double(value) != nil || ["NaN", "+Inf", "-Inf"].contains(value) else { return nil }
        samples.append((name, labels, value))
    }
    return samples
}

