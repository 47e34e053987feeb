import Foundation

/// The metric names a PromQL expression reads, found the way a reader of the expression would: string literals,
/// label matchers (`{...}`), range and subquery brackets (`[...]`) and grouping label lists (`by (...)`,
/// `on (...)`, …) are dropped, then every identifier that is not a function call, a keyword or a number is a name.
///
/// Enough for the expressions we ship (dashboard, recording and alert rules); not a full PromQL parser.
package func metricNames(inPromQL expression: String) -> Set<String> {
    let grouping: Set<String> = ["by", "without", "on", "ignoring", "group_left", "group_right"]
    let keywords: Set<String> = grouping.union(["and", "or", "unless", "bool", "offset", "inf", "nan", "atan2"])
    let chars = Array(strippingLiteralsAndBrackets(expression))
    var names: Set<String> = []
    var i = 0
    func isStart(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c == "_" || c == ":") }
    func isPart(_ c: Character) -> Bool { isStart(c) || (c.isASCII && c.isNumber) }
    func nextNonSpace(_ from: Int) -> Int {
        var j = from
        while j < chars.count, chars[j].isWhitespace { j += 1 }
        return j
    }
    while i < chars.count {
        let c = chars[i]
        if c.isASCII && (c.isNumber || c == ".") {
            while i < chars.count, isPart(chars[i]) || chars[i] == "." { i += 1 }
            continue
        }
        guard isStart(c) else {
            i += 1
            continue
        }
        var j = i
        while j < chars.count, isPart(chars[j]) { j += 1 }
        let word = String(chars[i..<j])
        let next = nextNonSpace(j)
        if grouping.contains(word.lowercased()), next < chars.count, chars[next] == "(" {
            // Skip the label list.
            var k = next
            while k < chars.count, chars[k] != ")" { k += 1 }
            i = k + 1
            continue
        }
        // A call, or an aggregation whose grouping comes first (`sum by (x) (...)`).
        var isCall = next < chars.count && chars[next] == "("
        for clause in ["by", "without"] where !isCall {
            let rest = String(chars[min(next, chars.count)...].prefix(clause.count + 1))
            isCall = rest.lowercased().hasPrefix(clause) && rest.count > clause.count
                && !isPart(rest[rest.index(rest.startIndex, offsetBy: clause.count)])
        }
        if !isCall && !keywords.contains(word.lowercased()) { names.insert(word) }
        i = j
    }
    return names
}

/// The template variables an expression uses: `$name`, `${name}`, `${name:format}` and `[[name]]`.
package func templateVariables(inPromQL expression: String) -> Set<String> {
    var found: Set<String> = []
    let patterns = [#"\$\{?([A-Za-z_][A-Za-z0-9_]*)"#, #"\[\[([A-Za-z_][A-Za-z0-9_]*)"#]
    for pattern in patterns {
        let regex = try! NSRegularExpression(pattern: pattern)
        let range = NSRange(expression.startIndex..., in: expression)
        for match in regex.matches(in: expression, range: range) {
            if let r = Range(match.range(at: 1), in: expression) { found.insert(String(expression[r])) }
        }
    }
    return found
}

/// `expression` without string literals and without what `{}` and `[]` enclose.
private func strippingLiteralsAndBrackets(_ expression: String) -> String {
    var out = ""
    var quote: Character?
    var escaped = false
    var braces = 0
    var brackets = 0
    for c in expression {
        if let q = quote {
            if escaped { escaped = false } else if c == "\\" && q != "`" { escaped = true } else if c == q { quote = nil }
            continue
        }
        switch c {
        case "\"", "'", "`": quote = c
        case "{": braces += 1
        case "}": braces -= 1
        case "[": brackets += 1
        case "]": brackets -= 1
        default: if braces == 0 && brackets == 0 { out.append(c) }
        }
        if braces == 0 && brackets == 0 && (c == "}" || c == "]") { out.append(" ") }
    }
    return out
}

/// The rules of a Prometheus rule file, read line by line (the files we ship use one layout: `- record:` or
/// `- alert:` followed by `expr:`, inline or as a `|` block).
package struct RuleFileEntry: Sendable {
    /// The `record:` or `alert:` name.
    package var name: String
    /// Whether it is a recording rule.
    package var isRecord: Bool
    /// The expression.
    package var expression: String
}

/// Reads `text` (a rule file) into its rules.
package func ruleEntries(_ text: String) -> [RuleFileEntry] {
    var entries: [RuleFileEntry] = []
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var index = 0
    func value(_ line: String, after key: String) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let stripped = trimmed.hasPrefix("- ") ? String(trimmed.dropFirst(2)) : trimmed
        guard stripped.hasPrefix(key + ":") else { return nil }
        return stripped.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
    }
    while index < lines.count {
        let line = lines[index]
        index += 1
        if let name = value(line, after: "record") ?? value(line, after: "alert") {
            entries.append(RuleFileEntry(name: name, isRecord: value(line, after: "record") != nil, expression: ""))
        } else if let expr = value(line, after: "expr"), !entries.isEmpty {
            guard expr == "|" || expr == ">" else {
                entries[entries.count - 1].expression = expr
                continue
            }
            let indent = line.prefix { $0 == " " }.count
            var block: [String] = []
            while index < lines.count, lines[index].prefix(while: { $0 == " " }).count > indent
                || lines[index].trimmingCharacters(in: .whitespaces).isEmpty && index + 1 < lines.count
                    && lines[index + 1].prefix(while: { $0 == " " }).count > indent
            {
                block.append(lines[index].trimmingCharacters(in: .whitespaces))
                index += 1
            }
            entries[entries.count - 1].expression = block.joined(separator: " ")
        }
    }
    return entries
}
