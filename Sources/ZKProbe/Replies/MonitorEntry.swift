/// One `mntr` line: `zk_<key>\t<value>`.
public struct MonitorEntry: Sendable, Hashable {
    /// The key as printed, with `zk_` and any labels: `zk_jvm_memory_pool_bytes_used{pool="Metaspace"}`.
    public let key: String
    /// The metric name without `zk_` and without labels: `jvm_memory_pool_bytes_used`.
    public let name: String
    /// Labels printed by the Prometheus metrics provider, in order; empty otherwise.
    public let labels: [MetricLabel]
    /// The value, classified by how the JVM printed it.
    public let value: MetricValue
    /// The value text as printed.
    public let valueText: String
    /// The 1-based line in the reply.
    public let lineNumber: Int

    /// Builds an entry from its parts; the parser uses it, and tests build expected values with it.
    public init(
        key: String, name: String, labels: [MetricLabel] = [], value: MetricValue, valueText: String,
        lineNumber: Int
    ) {
        self.key = key
        self.name = name
        self.labels = labels
        self.value = value
        self.valueText = valueText
        self.lineNumber = lineNumber
    }

    /// The value of one label, e.g. `label("pool")`.
    public func label(_ name: String) -> String? {
        labels.first { $0.name == name }?.value
    }

    /// Parses one line; throws naming it when it is not `zk_<key>\t<value>`. Braces that are not a label list
    /// stay part of the name.
    static func parse(_ line: ReplyLine, errors: ReplyErrorContext) throws(ReplyParseError) -> MonitorEntry {
        let text = line.text
        guard let tab = text.firstIndex(ofByte: UInt8(ascii: "\t")) else {
            throw errors.line(line, "expected \"zk_<key><TAB><value>\" (no tab in the line)")
        }
        let key = text[..<tab]
        let valueText = text[text.utf8.index(after: tab)...]
        guard let afterPrefix = key.dropping(prefix: "zk_") else {
            throw errors.line(line, "expected \"zk_<key><TAB><value>\" (the key does not start with zk_)")
        }
        var name = afterPrefix
        var labels: [MetricLabel] = []
        // Labels only when the whole brace group parses: with the default provider, per-namespace metrics put the
        // top-level znode's name, which may hold almost any character, into the key itself
        // (`zk_avg_<namespace>_write_per_namespace`).
        if let brace = afterPrefix.firstIndex(ofByte: UInt8(ascii: "{")), afterPrefix.utf8.last == UInt8(ascii: "}"),
            brace > afterPrefix.startIndex
        {
            let inner = afterPrefix[
                afterPrefix.utf8.index(after: brace)..<afterPrefix.utf8.index(before: afterPrefix.endIndex)]
            if let parsed = MetricLabel.parseList(inner) {
                name = afterPrefix[..<brace]
                labels = parsed
            }
        }
        guard !name.isEmpty, !name.utf8.contains(where: isControl) else {
            throw errors.line(line, "expected a metric name after zk_ (no control characters)")
        }
        return MonitorEntry(
            key: String(key), name: String(name), labels: labels, value: MetricValue(parsing: valueText),
            valueText: String(valueText), lineNumber: line.number)
    }

    /// ZooKeeper refuses control characters in znode names, so none can reach a key.
    private static func isControl(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F
    }
}
