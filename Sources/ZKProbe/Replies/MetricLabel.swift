/// One label of a `mntr` key printed by the Prometheus metrics provider:
/// `zk_jvm_memory_pool_bytes_used{pool="Compressed Class Space"}`.
public struct MetricLabel: Sendable, Hashable {
    /// The label name, e.g. `pool`.
    public let name: String
    /// The label value with `\"`, `\\` and `\n` escapes undone, e.g. `Compressed Class Space`.
    public let value: String

    /// Builds a label from an unescaped name and value.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// Parses the text between `{` and `}`: `name="value"` pairs separated by commas.
    ///
    /// ZooKeeper (`PrometheusMetricsProvider.buildKeyForDump`) does not escape label values, while the Prometheus
    /// text format escapes `\"`, `\\` and `\n`. Both are read: escapes are undone, and a quote ends the value only
    /// when the end or the next `,name="` follows it, so an unescaped quote inside a value survives. A trailing
    /// comma (`{pool="x",}`, the Prometheus text format's habit) is accepted. Returns `nil` when the text is not a
    /// label list.
    static func parseList(_ text: Substring) -> [MetricLabel]? {
        var labels: [MetricLabel] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let nameStart = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "=") { index += 1 }
            guard index < bytes.count, index > nameStart,
                bytes[nameStart..<index].allSatisfy(isLabelNameByte),
                index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"")
            else { return nil }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
            index += 2
            var value: [UInt8] = []
            var closed = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                    let next = bytes[index + 1]
                    switch next {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"): value.append(next)
                    case UInt8(ascii: "n"): value.append(UInt8(ascii: "\n"))
                    default: value.append(contentsOf: [byte, next])
                    }
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\""), endsValue(bytes, quoteAt: index) {
                    closed = true
                    index += 1
                    break
                }
                value.append(byte)
                index += 1
            }
            guard closed else { return nil }
            labels.append(MetricLabel(name: name, value: String(decoding: value, as: UTF8.self)))
            if index < bytes.count {
                index += 1  // the comma; the Prometheus text format may end the list with one
            }
        }
        return labels
    }

    /// Whether the quote at `quote` closes a value: it is last, or a comma follows that is last or starts the next
    /// `name="`.
    private static func endsValue(_ bytes: [UInt8], quoteAt quote: Int) -> Bool {
        let next = quote + 1
        if next == bytes.count { return true }
        guard bytes[next] == UInt8(ascii: ",") else { return false }
        var index = next + 1
        if index == bytes.count { return true }
        let nameStart = index
        while index < bytes.count, isLabelNameByte(bytes[index]) { index += 1 }
        return index > nameStart && index + 1 < bytes.count && bytes[index] == UInt8(ascii: "=")
            && bytes[index + 1] == UInt8(ascii: "\"")
    }

    private static func isLabelNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }
}
