/// Strict readers of Monitoring Plugins output, per the development guidelines
/// (https://www.monitoring-plugins.org/doc/guidelines.html#AEN200):
///
/// - the first line is `TEXT | PERFDATA`, every further line is long text, and none may hold a second `|`;
/// - TEXT holds no `;`: Nagios logs the status line in `;`-separated fields and turns each `;` in it into `:`;
/// - perfdata is items separated by one space, each `'label'=value[UOM];[warn];[crit];[min];[max]`
///   (trailing empty fields may be left off, never more than five);
/// - a label holds anything but `=` and `'` unquoted; quoted (required with a space) it may hold spaces and `=`,
///   and `''` stands for one `'`;
/// - value, min and max are in the class `[-0-9.]`; value may be the literal `U` (could not be determined);
/// - UOM is nothing, `s`, `ms`, `us`, `%`, `B`, `KB`, `MB`, `TB` or `c`;
/// - warn and crit are ranges: `[@][start:][end]`, start a number or `~`.

/// One perfdata item.
package struct PerfdataItem: Equatable, CustomStringConvertible {
    package var label: String
    package var value: String
    package var unit: String
    package var warn = ""
    package var crit = ""
    package var min = ""
    package var max = ""

    package var description: String { "\(label)=\(value)\(unit);\(warn);\(crit);\(min);\(max)" }

    package init(
        label: String, value: String, unit: String, warn: String = "", crit: String = "", min: String = "",
        max: String = ""
    ) {
        (self.label, self.value, self.unit, self.warn, self.crit) = (label, value, unit, warn, crit)
        (self.min, self.max) = (min, max)
    }
}

/// A whole plugin output, read back. Moved to TestSupport so the command tests read real exits with it too.
package struct NagiosOutput {
    package var status: String
    package var text: String
    package var perfdata: [PerfdataItem]
    package var longText: [String]
}

/// Control characters a line of plugin output must never carry raw: C0 (line ends, NUL, ESC…), DEL, C1 and the
/// Unicode line and paragraph separators.
package func isForbiddenInLine(_ s: Unicode.Scalar) -> Bool {
    s.value < 0x20 || (0x7F...0x9F).contains(s.value) || s == "\u{2028}" || s == "\u{2029}"
}

/// Reads `ZOOKEEPER STATUS - text | perfdata\nlong text…\n`; nil when any part breaks the guidelines.
package func parseNagiosOutput(_ output: String) -> NagiosOutput? {
    guard output.hasSuffix("\n") else { return nil }
    let lines = String(output.dropLast()).unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        .map { String(String.UnicodeScalarView($0)) }
    guard let first = lines.first, !lines.contains(where: { $0.unicodeScalars.contains(where: isForbiddenInLine) })
    else { return nil }
    guard lines.dropFirst().allSatisfy({ !$0.isEmpty && !$0.contains("|") }) else { return nil }
    let halves = first.split(separator: "|", omittingEmptySubsequences: false)
    guard halves.count == 2, halves[0].hasSuffix(" "), halves[1].hasPrefix(" ") else { return nil }
    let head = halves[0].dropLast()
    guard !head.contains(";") else { return nil }
    let statuses = ["OK", "WARNING", "CRITICAL", "UNKNOWN"]
    guard let status = statuses.first(where: { head.hasPrefix("ZOOKEEPER \($0) - ") }) else { return nil }
    guard let perfdata = parsePerfdata(String(halves[1].dropFirst())) else { return nil }
    return NagiosOutput(
        status: status, text: String(head.dropFirst("ZOOKEEPER \(status) - ".count)), perfdata: perfdata,
        longText: Array(lines.dropFirst()))
}

/// Reads perfdata items separated by single spaces; nil when any item breaks the grammar.
package func parsePerfdata(_ text: String) -> [PerfdataItem]? {
    var rest = Array(text.unicodeScalars)[...]
    var items: [PerfdataItem] = []
    while !rest.isEmpty {
        guard let item = parsePerfdataItem(&rest) else { return nil }
        items.append(item)
        if rest.isEmpty { break }
        guard rest.popFirst() == " ", !rest.isEmpty else { return nil }
    }
    return items.isEmpty ? nil : items
}

private func parsePerfdataItem(_ rest: inout ArraySlice<Unicode.Scalar>) -> PerfdataItem? {
    guard let label = parsePerfdataLabel(&rest), rest.popFirst() == "=" else { return nil }
    var fields: [String] = []
    while true {
        var field = ""
        while let c = rest.first, c != ";", c != " " {
            field.unicodeScalars.append(c)
            rest = rest.dropFirst()
        }
        fields.append(field)
        guard rest.first == ";" else { break }
        rest = rest.dropFirst()
    }
    guard fields.count <= 5 else { return nil }
    fields += Array(repeating: "", count: 5 - fields.count)
    let valueText = fields[0]
    let value = valueText.hasPrefix("U") ? "U" : String(valueText.prefix { "-0123456789.".contains($0) })
    let unit = String(valueText.dropFirst(value.count))
    guard value == "U" ? unit.isEmpty : isPerfNumber(value) else { return nil }
    guard ["", "s", "ms", "us", "%", "B", "KB", "MB", "TB", "c"].contains(unit) else { return nil }
    guard isPerfRange(fields[1]), isPerfRange(fields[2]) else { return nil }
    guard fields[3].isEmpty || isPerfNumber(fields[3]), fields[4].isEmpty || isPerfNumber(fields[4]) else {
        return nil
    }
    return PerfdataItem(
        label: label, value: value, unit: unit, warn: fields[1], crit: fields[2], min: fields[3], max: fields[4])
}

/// `label` (no space, `=` or `'`) or `'label'` (`''` for a quote); never empty.
private func parsePerfdataLabel(_ rest: inout ArraySlice<Unicode.Scalar>) -> String? {
    var label = ""
    if rest.first == "'" {
        rest = rest.dropFirst()
        while true {
            guard let c = rest.popFirst() else { return nil }
            if c == "'" {
                guard rest.first == "'" else { break }
                rest = rest.dropFirst()
            }
            label.unicodeScalars.append(c)
        }
    } else {
        while let c = rest.first, c != "=" {
            guard c != " ", c != "'" else { return nil }
            label.unicodeScalars.append(c)
            rest = rest.dropFirst()
        }
    }
    return label.isEmpty ? nil : label
}

/// A number in the class `[-0-9.]`: an optional minus, digits, at most one point, at least one digit.
package func isPerfNumber(_ s: String) -> Bool {
    let body = s.hasPrefix("-") ? s.dropFirst() : Substring(s)
    return body.allSatisfy { "0123456789.".contains($0) } && body.filter { $0 == "." }.count <= 1
        && body.contains { "0123456789".contains($0) }
}

/// A threshold range `[@][start:][end]` (start a number or `~`), or empty.
package func isPerfRange(_ s: String) -> Bool {
    if s.isEmpty { return true }
    let body = s.hasPrefix("@") ? String(s.dropFirst()) : s
    let parts = body.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    switch parts.count {
    case 1: return isPerfNumber(parts[0])
    case 2:
        let startOK = parts[0] == "~" || isPerfNumber(parts[0])
        let endOK = parts[1].isEmpty ? parts[0] != "~" : isPerfNumber(parts[1])
        // The guidelines: "start ≤ end".
        if let start = Double(parts[0]), let end = Double(parts[1]), start > end { return false }
        return startOK && endOK
    default: return false
    }
}
