/// The one JSON writer of both tools.
///
/// A JSON value whose objects keep their keys in the order they were built, so that output is stable
/// and reads in a sensible order (Foundation's serializer only offers sorted or arbitrary order).
package indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    /// For counts and seeds past `Int64.max`.
    case unsigned(UInt64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    package static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }

    /// `nil` becomes `null`.
    package static func from<T: BinaryInteger>(_ v: T?) -> JSONValue { v.map { .int(Int64($0)) } ?? .null }
    package static func from(_ v: Double?) -> JSONValue { v.map { .double($0) } ?? .null }
    package static func from(_ v: String?) -> JSONValue { v.map { .string($0) } ?? .null }

    /// Compact (`indent` nil) or indented text. Containers at nesting level `inlineFrom` and deeper are written
    /// on one line, as `{"key": 1, "list": [1, 2]}`; `inlineFrom: 0` writes the whole value that way.
    /// Non-finite doubles, which JSON cannot carry, become `null`.
    package func serialized(indent: Int? = 2, inlineFrom: Int = .max) -> String {
        var out = ""
        write(to: &out, layout: Layout(indent: indent, inlineFrom: inlineFrom), level: 0)
        return out
    }

    private struct Layout {
        var indent: Int?
        var inlineFrom: Int

        func isInline(_ level: Int) -> Bool { indent != nil && level >= inlineFrom }
        var itemSeparator: String { indent == nil ? "," : ", " }
        var keySeparator: String { indent == nil ? ":" : ": " }
    }

    private func write(to out: inout String, layout: Layout, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .unsigned(let u): out += String(u)
        case .double(let d): out += NumberText.json(d)
        case .string(let s): Self.quote(s, into: &out)
        case .array(let items):
            Self.container("[", "]", items, into: &out, layout: layout, level: level) { item, out in
                item.write(to: &out, layout: layout, level: level + 1)
            }
        case .object(let pairs):
            Self.container("{", "}", pairs, into: &out, layout: layout, level: level) { pair, out in
                Self.quote(pair.0, into: &out)
                out += layout.keySeparator
                pair.1.write(to: &out, layout: layout, level: level + 1)
            }
        }
    }

    private static func container<Item>(
        _ open: String, _ close: String, _ items: [Item], into out: inout String, layout: Layout, level: Int,
        writeItem: (Item, inout String) -> Void
    ) {
        if items.isEmpty {
            out += open + close
            return
        }
        let inline = layout.isInline(level)
        out += open
        for (n, item) in items.enumerated() {
            if n > 0 { out += inline ? layout.itemSeparator : "," }
            if !inline { newline(&out, layout.indent, level + 1) }
            writeItem(item, &out)
        }
        if !inline { newline(&out, layout.indent, level) }
        out += close
    }

    private static func newline(_ out: inout String, _ indent: Int?, _ level: Int) {
        guard let indent else { return }
        out += "\n" + String(repeating: " ", count: indent * level)
    }

    package static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20 || c.value == 0x2028 || c.value == 0x2029:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
