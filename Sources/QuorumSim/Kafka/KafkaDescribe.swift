import ToolkitSupport

/// The output of `kafka-topics.sh --describe` (every topic, as printed by `TopicCommand` of Kafka 2.2 … 4.x, the
/// `--zookeeper` and `--bootstrap-server` forms), read for `quorumsim tolerance --kafka-describe`.
///
/// A topic line (`Topic: orders⇥TopicId: …⇥PartitionCount: 12⇥ReplicationFactor: 3⇥Configs: …`, or before Kafka 2.4
/// the `--zookeeper` form `Topic:orders⇥PartitionCount:12⇥…`) is followed by one line per partition
/// (`⇥Topic: orders⇥Partition: 0⇥Leader: 1⇥Replicas: 1,2,3⇥Isr: 1,2,3`, then optionally `Adding Replicas:`,
/// `Removing Replicas:`, `Elr:`, `LastKnownElr:`, `Offline:`, `MarkedForDeletion:`). Fields are separated by tabs;
/// other fields are ignored. Every problem is one line naming the file and line: a line that is not one of these,
/// a number out of range, a partition given twice, a topic whose partition lines do not match its
/// `PartitionCount` or a last line without its line end (output cut short), partition lines without their topic line (`--under-replicated-partitions`
/// and the like list only some partitions).
public struct KafkaDescribe: Sendable {
    public struct Partition: Sendable {
        public var id: Int
        /// nil: `Leader: none` (or -1).
        public var leader: Int?
        public var replicas: [Int]
        public var isr: [Int]
        /// `Offline:` replicas (not printed by Apache Kafka's TopicCommand; read when present).
        public var offline: [Int]
        /// The line it was on.
        public var line: Int
    }

    public struct Topic: Sendable {
        public var name: String
        public var partitionCount: Int
        /// `ReplicationFactor:` (Kafka's: the replicas less those being added by a reassignment).
        public var replicationFactor: Int
        /// `min.insync.replicas` from `Configs:`, nil when not there.
        public var minInsyncReplicas: Int?
        public var markedForDeletion: Bool
        /// In partition order.
        public var partitions: [Partition]
        public var line: Int
    }

    public var topics: [Topic]

    /// The largest input read, in bytes: 100,000 partition lines with long replica lists fit.
    public static let maxBytes = 32 << 20
    /// The most topics read.
    public static let maxTopics = 20_000
    /// Kafka's ids (broker, partition) are 32-bit.
    static let maxId = Int(Int32.max)

    /// Reads `text`, named `file` in messages.
    /// - Throws: `AdviceError` with `FILE:LINE: problem`.
    public static func parse(_ text: String, file: String) throws(AdviceError) -> KafkaDescribe {
        var topics: [Topic] = []
        var names: [String: Int] = [:]
        var partitionLines = 0
        var seen: [Int: Int] = [:]  // partition id → line, for the current topic

        func finish(_ topic: Topic) throws(AdviceError) {
            guard topic.partitions.count == topic.partitionCount else {
                throw AdviceError(
                    "\(file):\(topic.line): topic `\(topic.name)` has PartitionCount \(topic.partitionCount) but "
                        + "\(topic.partitions.count) partition line\(topic.partitions.count == 1 ? "" : "s") follow; "
                        + "is the output cut short? describe every topic again")
            }
        }

        let lines = text.fileLines
        // TopicCommand ends every line; output cut in the middle of one could still read as a shorter Isr.
        if let last = lines.last, !last.isEmpty {
            throw AdviceError("\(file):\(lines.count): the last line has no line end; is the output cut short?")
        }
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            let at = "\(file):\(number)"
            let line = raw.trimmingBlanksAndNewlines()
            if line.isEmpty { continue }
            let fields = try Fields(line, at: at)
            if fields.has("Partition") {
                guard let topic = topics.last else {
                    throw AdviceError(
                        "\(at): a partition line before any Topic: line; give the whole output of "
                            + "kafka-topics.sh --describe (filters such as --under-replicated-partitions list only "
                            + "some partitions)")
                }
                let name = try fields.text("Topic")
                guard name == topic.name else {
                    throw AdviceError(
                        "\(at): partition of topic `\(oneLine(name, limit: 80))` under the Topic: line of "
                            + "`\(topic.name)` (line \(topic.line)); give the whole output of kafka-topics.sh --describe")
                }
                let id = try fields.number("Partition", upTo: maxId)
                guard id < topic.partitionCount else {
                    throw AdviceError(
                        "\(at): Partition \(id) of `\(name)`, which has PartitionCount \(topic.partitionCount)")
                }
                if let first = seen[id] {
                    throw AdviceError("\(at): partition \(id) of `\(name)` again (first on line \(first))")
                }
                seen[id] = number
                let replicas = try fields.ids("Replicas", at: at)
                guard !replicas.isEmpty else { throw AdviceError("\(at): Replicas: is empty") }
                let isr = try fields.ids("Isr", at: at)
                let offline: [Int] = fields.has("Offline") ? try fields.ids("Offline", at: at) : []
                let leaderText = try fields.text("Leader")
                let leader: Int?
                if leaderText == "none" || leaderText == "-1" {
                    leader = nil
                } else {
                    leader = try fields.number("Leader", upTo: maxId)
                }
                for (what, list) in [("Isr", isr), ("Offline", offline), ("Leader", leader.map { [$0] } ?? [])] {
                    if let stray = list.first(where: { !replicas.contains($0) }) {
                        throw AdviceError("\(at): \(what) \(stray) is not among Replicas \(joined(replicas))")
                    }
                }
                partitionLines += 1
                guard partitionLines <= KafkaCluster.maxPartitions else {
                    throw AdviceError("\(at): more than \(KafkaCluster.maxPartitions) partitions; describe fewer topics")
                }
                // In place: a copy of the topic would copy its partitions at every line.
                topics[topics.count - 1].partitions.append(
                    Partition(id: id, leader: leader, replicas: replicas, isr: isr, offline: offline, line: number))
            } else if fields.has("PartitionCount") {
                if let previous = topics.last { try finish(previous) }
                let name = try fields.text("Topic")
                if let problem = ScenarioReader.topicNameProblem(name) {
                    throw AdviceError("\(at): \(oneLine(problem, limit: 320))")
                }
                if let first = names[name] { throw AdviceError("\(at): topic `\(name)` again (first on line \(first))") }
                guard topics.count < maxTopics else {
                    throw AdviceError("\(at): more than \(maxTopics) topics; describe fewer topics")
                }
                names[name] = number
                seen = [:]
                let configs = fields.has("Configs") ? try fields.text("Configs") : ""
                let deleted = fields.has("MarkedForDeletion") ? try fields.text("MarkedForDeletion") == "true" : false
                topics.append(
                    Topic(
                        name: name, partitionCount: try fields.number("PartitionCount", upTo: KafkaCluster.maxPartitions),
                        replicationFactor: try fields.number("ReplicationFactor", upTo: KafkaCluster.maxBrokers),
                        minInsyncReplicas: try minInsync(configs, at: at), markedForDeletion: deleted,
                        partitions: [], line: number))
            } else {
                throw AdviceError(
                    "\(at): \"\(oneLine(String(line), limit: 60))\" is neither a Topic: line nor a partition line of "
                        + "kafka-topics.sh --describe")
            }
        }
        guard let last = topics.last else {
            throw AdviceError("\(file): no Topic: line; give the output of kafka-topics.sh --describe")
        }
        try finish(last)
        for i in topics.indices { topics[i].partitions.sort { $0.id < $1.id } }
        return KafkaDescribe(topics: topics)
    }

    /// `min.insync.replicas=N` among `Configs:` (`name=value` pairs joined by commas; a value may itself hold
    /// commas, so the key is looked for at the start or after a comma).
    static func minInsync(_ configs: String, at: String) throws(AdviceError) -> Int? {
        let key = "min.insync.replicas="
        var found: Int?
        var rest = Substring(configs)
        while let range = rest.firstRange(of: key) {
            let value = rest[range.upperBound...].prefix { $0 != "," }
            rest = rest[range.upperBound...]
            guard range.lowerBound == configs.startIndex || configs[configs.index(before: range.lowerBound)] == ","
            else { continue }
            guard let n = DecimalText.integer(String(value), as: Int.self), n >= 1, n <= maxId else {
                throw AdviceError(
                    "\(at): min.insync.replicas=\(oneLine(String(value), limit: 40)) is not a whole number from 1 "
                        + "to \(maxId)")
            }
            if let found, found != n { throw AdviceError("\(at): min.insync.replicas given twice") }
            found = n
        }
        return found
    }

    static func joined(_ ids: [Int]) -> String { ids.map(String.init).joined(separator: ",") }

    /// The `Key: value` fields of one line (tab-separated; `Key:value` in the old `--zookeeper` form).
    struct Fields {
        var values: [(key: String, value: String)] = []
        let at: String

        init(_ line: String, at: String) throws(AdviceError) {
            self.at = at
            for field in line.split(separator: "\t") {
                guard let colon = field.firstIndex(of: ":") else {
                    throw AdviceError(
                        "\(at): \"\(oneLine(String(field), limit: 60))\" is not a Key: value field (fields are "
                            + "separated by tabs in kafka-topics.sh --describe output)")
                }
                let key = String(field[..<colon]).trimmingBlanks()
                let value = String(field[field.index(after: colon)...]).trimmingBlanks()
                if values.contains(where: { $0.key == key }) {
                    throw AdviceError("\(at): \(oneLine(key, limit: 40)): given twice on one line")
                }
                values.append((key, value))
            }
        }

        func has(_ key: String) -> Bool { values.contains { $0.key == key } }

        func text(_ key: String) throws(AdviceError) -> String {
            guard let value = values.first(where: { $0.key == key })?.value else {
                throw AdviceError("\(at): no \(key): field")
            }
            return value
        }

        func number(_ key: String, upTo limit: Int) throws(AdviceError) -> Int {
            let value = try text(key)
            guard let n = DecimalText.integer(value, as: Int.self), n >= 0, n <= limit else {
                throw AdviceError(
                    "\(at): \(key): \"\(oneLine(value, limit: 40))\" is not a whole number from 0 to \(limit)")
            }
            return n
        }

        /// A comma-separated list of distinct broker ids, possibly empty; `N/A` reads as empty.
        func ids(_ key: String, at: String) throws(AdviceError) -> [Int] {
            let value = try text(key)
            if value.isEmpty || value == "N/A" { return [] }
            var ids: [Int] = []
            for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                guard ids.count < KafkaCluster.maxBrokers else {
                    throw AdviceError("\(at): \(key): more than \(KafkaCluster.maxBrokers) brokers")
                }
                guard let id = DecimalText.integer(String(item), as: Int.self), id >= 0, id <= maxId else {
                    throw AdviceError(
                        "\(at): \(key): \"\(oneLine(String(item), limit: 40))\" is not a broker id (0 to \(maxId))")
                }
                guard !ids.contains(id) else { throw AdviceError("\(at): \(key): broker \(id) twice") }
                ids.append(id)
            }
            return ids
        }
    }
}
