import ToolkitSupport

/// Which zone (`broker.rack`) each broker is in, for `quorumsim tolerance --racks`: `ID=ZONE` entries (or
/// `ID ZONE`), separated by commas or line ends; blank lines and lines starting with `#` are skipped (the grammar of
/// `ZoneMap`, whose `items` reads it). A broker
/// given twice must name the same zone. Zones keep the order in which they first appear.
public struct KafkaRackMap: Sendable {
    /// Broker id → zone index.
    public private(set) var zoneOfBroker: [Int: Int] = [:]
    /// Zone names, in order of first appearance.
    public private(set) var zones: [String] = []

    /// Reads `text`, from `--racks` (`.option("--racks")`) or from a file (`.file(path)`: messages then name
    /// `FILE:LINE`), named as `ZoneMap.parse(_:from:)` names its source.
    /// - Throws: `AdviceError` naming the entry that is not `ID=ZONE`, a broker given two zones, or a map without
    ///   entries.
    public static func parse(_ text: String, from source: ZoneMap.Source) throws(AdviceError) -> KafkaRackMap {
        var map = KafkaRackMap()
        for item in ZoneMap.items(text) { try map.add(item, at: source.place(line: item.line)) }
        guard !map.zoneOfBroker.isEmpty else {
            throw AdviceError("\(source.name): no ID=ZONE entries; give one for each broker, such as 1=eu-west-1a")
        }
        return map
    }

    private mutating func add(_ item: ZoneMap.Item, at place: String) throws(AdviceError) {
        guard let (key, name) = item.pair else {
            throw AdviceError(
                "\(place): \"\(oneLine(item.text, limit: 60))\": expected BROKER-ID=ZONE, such as 1=eu-west-1a")
        }
        guard let id = DecimalText.integer(key, as: Int.self), id >= 0, id <= KafkaDescribe.maxId else {
            throw AdviceError(
                "\(place): \"\(oneLine(key, limit: 40))\" is not a broker id (a whole number from 0 to "
                    + "\(KafkaDescribe.maxId))")
        }
        let zone = zones.firstIndex(of: name) ?? zones.count
        if let known = zoneOfBroker[id] {
            guard known == zone else {
                throw AdviceError("\(place): broker \(id) is in zone \(oneLine(zones[known], limit: 60)) already")
            }
            return
        }
        if zone == zones.count { zones.append(name) }
        zoneOfBroker[id] = zone
    }
}

extension KafkaDescribe {
    /// The cluster as the tolerance analysis sees it: every broker of `racks` and of the output (sorted by id) in
    /// its zone, each topic's replicas in order, in sync today when in the `Isr` and not down. A broker is down
    /// today when it is an in-sync replica of a partition without a leader (Kafka keeps the last in-sync replica in
    /// the ISR) or listed `Offline:`. `min.insync.replicas` is the topic's, else `minInsync` (marked assumed).
    /// - Throws: `AdviceError` naming a broker of the output without a zone in `racks` (and its first line), or
    ///   more than 64 brokers.
    public func state(racks: KafkaRackMap, minInsync: Int, file: String) throws(AdviceError) -> KafkaTolerance.State {
        var firstLine: [Int: Int] = [:]
        var down = Set<Int>()
        for topic in topics {
            for p in topic.partitions {
                for id in p.replicas where firstLine[id] == nil { firstLine[id] = p.line }
                if p.leader == nil { down.formUnion(p.isr) }
                down.formUnion(p.offline)
            }
        }
        if let (id, line) = firstLine.filter({ racks.zoneOfBroker[$0.key] == nil }).min(by: { $0.value < $1.value }) {
            throw AdviceError(
                "\(file):\(line): broker \(id) has no zone in --racks; add \(id)=ZONE (its broker.rack)")
        }
        let ids = Set(firstLine.keys).union(racks.zoneOfBroker.keys).sorted()
        guard ids.count <= KafkaCluster.maxBrokers else {
            throw AdviceError(
                "\(file): \(ids.count) brokers (with --racks); at most \(KafkaCluster.maxBrokers) are analysed")
        }
        let index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        let layout = KafkaLayout(
            brokerZones: ids.map { racks.zoneOfBroker[$0]! },
            topics: topics.map { topic in
                KafkaLayout.Topic(
                    name: topic.name, minInsyncReplicas: topic.minInsyncReplicas ?? minInsync,
                    replicas: topic.partitions.map { $0.replicas.map { index[$0]! } })
            })
        return KafkaTolerance.State(
            brokerIds: ids, zoneNames: racks.zones, layout: layout,
            inSync: topics.map { topic in
                topic.partitions.map { p in p.isr.filter { !down.contains($0) }.map { index[$0]! } }
            },
            leaders: topics.map { topic in topic.partitions.map { p in p.leader.map { index[$0]! } } },
            minInsyncAssumed: topics.map { $0.minInsyncReplicas == nil },
            downToday: down.sorted().map { index[$0]! }, replicationFactors: topics.map(\.replicationFactor))
    }
}
