import CommandLineSupport
import Foundation
import Testing
import TestSupport

@testable import QuorumSim
@testable import QuorumSimCommands

/// `quorumsim tolerance --kafka-describe` on the hand-written fixtures of Fixtures/kafka-describe (README.md there
/// names the Kafka source each follows), and on what is not such output.
struct KafkaToleranceCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/kafka-describe")
    static let names = [
        "kafka-2.2-zookeeper.txt", "kafka-2.8-bootstrap.txt", "kafka-3.7-bootstrap.txt", "kafka-4.0-kraft.txt",
    ]
    static let racks = "1=a,2=b,3=c,4=a,5=b,6=c"
    static func path(_ name: String) -> String { fixtures.appendingPathComponent(name).path }
    static func text(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }

    static func run(_ arguments: [String], stdin: String = "") -> (Int32, Capture) {
        runQuorumSim(["tolerance"] + arguments, stdin: stdin)
    }

    static func json(_ arguments: [String], stdin: String = "") throws -> [String: Any] {
        let (code, capture) = run(arguments + ["--format", "json"], stdin: stdin)
        #expect(code == ExitStatus.success, "\(capture.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(capture.stdout.utf8)) as? [String: Any])
    }

    /// A second reading of a fixture, written for the tests: per partition its topic, Isr and leader; per topic
    /// its `min.insync.replicas` (1 when its Configs do not say).
    struct Partition {
        var topic: String
        var isr: Set<Int>
        var leaderless: Bool
    }

    static func partitions(_ text: String) -> (partitions: [Partition], minInsync: [String: Int]) {
        var partitions: [Partition] = []
        var minInsync: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            var fields: [String: String] = [:]
            for field in line.split(separator: "\t") {
                let pair = field.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                fields[pair[0]] = pair.count > 1 ? pair[1] : ""
            }
            if let count = fields["PartitionCount"], !count.isEmpty {
                let configs = fields["Configs"] ?? ""
                let setting = configs.components(separatedBy: ",").first { $0.hasPrefix("min.insync.replicas=") }
                minInsync[fields["Topic"]!] = setting.map { Int($0.dropFirst("min.insync.replicas=".count))! } ?? 1
            } else {
                let isr = Set((fields["Isr"] ?? "").split(separator: ",").map { Int($0)! })
                partitions.append(Partition(topic: fields["Topic"]!, isr: isr, leaderless: fields["Leader"] == "none"))
            }
        }
        return (partitions, minInsync)
    }

    @Test(arguments: names)
    func eachZoneLostLeavesWhatAByHandCountSays(_ name: String) throws {
        let (partitions, minInsync) = Self.partitions(try Self.text(name))
        let report = try Self.json(["--kafka-describe", Self.path(name), "--racks", Self.racks])
        let down = Set(partitions.filter(\.leaderless).flatMap(\.isr))
        #expect((report["downToday"] as? [Int]).map(Set.init) == down)
        let zones = try #require(report["zones"] as? [[String: Any]])
        #expect(zones.map { $0["zone"] as? String } == ["a", "b", "c"])
        for (z, zone) in zones.enumerated() {
            let lost = Set([z + 1, z + 4]).union(down)
            let alive = partitions.map { $0.isr.subtracting(lost).count }
            let unwritable = zip(partitions, alive).filter { $1 < minInsync[$0.topic]! }.count
            #expect(zone["unwritable"] as? Int == unwritable, "\(name) zone \(z)")
            #expect(zone["offline"] as? Int == alive.filter { $0 == 0 }.count, "\(name) zone \(z)")
            #expect(zone["metadataQuorumSurvives"] is NSNull)
        }
        let topics = try #require(report["topics"] as? [[String: Any]])
        #expect(topics.map { $0["partitions"] as! Int }.reduce(0, +) == partitions.count)
    }

    @Test func theSentenceNamesTheTopicAndBothCounts() throws {
        let name = "kafka-2.8-bootstrap.txt"
        let (partitions, _) = Self.partitions(try Self.text(name))
        // Zone a holds brokers 1 and 4; `orders` has min.insync.replicas=2.
        let orders = partitions.filter { $0.topic == "orders" }
        let below = orders.filter { $0.isr.subtracting([1, 4]).count < 2 }.count
        #expect(below > 0)
        let (code, capture) = Self.run(["--kafka-describe", Self.path(name), "--racks", Self.racks])
        #expect(code == ExitStatus.success)
        #expect(
            capture.stdout.contains(
                "losing zone \"a\" (brokers 1, 4) leaves \(below) partition\(below == 1 ? "" : "s") of `orders` below "
                    + "min.insync.replicas (unwritable), 0 offline"))
        // `logs` shows no min.insync.replicas: 1 is assumed, and said.
        #expect(capture.stdout.contains("topic `logs`: 6 partitions, replication factor 2, min.insync.replicas 1 (assumed"))
        // The reassignment's added replica does not count in the topic's replication factor.
        #expect(capture.stdout.contains("topic `orders`: 12 partitions, replication factor 3, min.insync.replicas 2\n"))
    }

    @Test func minInsyncFillsOnlyTopicsWithoutTheirOwn() throws {
        let base = ["--kafka-describe", Self.path("kafka-2.8-bootstrap.txt"), "--racks", Self.racks]
        let topics = try #require(try Self.json(base + ["--min-insync", "2"])["topics"] as? [[String: Any]])
        #expect(topics.map { $0["minInsyncReplicas"] as? Int } == [2, 2])
        #expect(topics.map { $0["minInsyncAssumed"] as? Bool } == [false, true])
        let three = try #require(try Self.json(base + ["--min-insync", "3"])["topics"] as? [[String: Any]])
        #expect(three.map { $0["minInsyncReplicas"] as? Int } == [2, 3])
    }

    @Test func standardInputAndARackFileAnswerAsTheFileAndInlineRacks() throws {
        let name = "kafka-4.0-kraft.txt"
        let rackFile = CommandTests.file(
            "r21-racks.txt", "# broker.rack of each broker\n1=a\n2 b\n3=c, 4=a\n\n5=b\n6=c\n")
        let fromFile = try Self.json(["--kafka-describe", Self.path(name), "--racks", Self.racks])
        let fromStdin = try Self.json(["--kafka-describe", "-", "--racks", "@" + rackFile], stdin: try Self.text(name))
        #expect(NSDictionary(dictionary: fromFile) == NSDictionary(dictionary: fromStdin))
        let (_, text) = Self.run(["--kafka-describe", "-", "--racks", Self.racks], stdin: try Self.text(name))
        #expect(text.stdout.hasPrefix("Kafka cluster of standard input: 6 brokers over 3 zones"))
    }

    @Test func aBrokerWithoutAZoneIsNamedWithItsFirstLine() throws {
        let name = "kafka-3.7-bootstrap.txt"
        let lines = try Self.text(name).split(separator: "\n", omittingEmptySubsequences: false)
        let first =
            try #require(
                lines.firstIndex { line in
                    line.split(separator: "\t").contains { $0.hasPrefix("Replicas: ") && $0.dropFirst(10).split(separator: ",").contains("6") }
                }) + 1
        let (code, capture) = Self.run(["--kafka-describe", Self.path(name), "--racks", "1=a,2=b,3=c,4=a,5=b"])
        #expect(code == ExitStatus.badScenario)
        #expect(capture.stderr == "\(Self.path(name)):\(first): broker 6 has no zone in --racks; add 6=ZONE (its broker.rack)\n")
    }

    @Test(arguments: [
        (["--racks", "1=a"], "--racks goes with --kafka-describe"), (["--kafka-describe", "x.txt"], "--racks"),
        (["x.json", "--kafka-describe", "x.txt", "--racks", "1=a"], "no scenario file"),
        (["x.json", "--min-insync", "2"], "--min-insync goes with --kafka-describe"),
        (["--kafka-describe", "x.txt", "--racks", "1=a", "--min-insync", "0"], "--min-insync"),
    ])
    func wrongCombinationsAreUsageErrors(_ arguments: [String], _ words: String) {
        let (code, capture) = Self.run(arguments)
        #expect(code == ExitStatus.usage)
        #expect(capture.stderr.filter { $0 == "\n" }.count == 1)
        #expect(capture.stderr.contains(words), "\(capture.stderr)")
    }

    @Test(arguments: [
        ("1=a,x=b", "--racks: \"x\" is not a broker id"), ("1=a,1=b", "--racks: broker 1 is in zone a already"),
        ("1", "expected BROKER-ID=ZONE"), (",,", "no ID=ZONE entries"), ("99999999999=a", "not a broker id"),
    ])
    func badRackMapsAreOneLine(_ racks: String, _ words: String) {
        let (code, capture) = Self.run(["--kafka-describe", Self.path(Self.names[0]), "--racks", racks])
        #expect(code == ExitStatus.badScenario)
        #expect(capture.stderr.filter { $0 == "\n" }.count == 1)
        #expect(capture.stderr.contains(words), "\(capture.stderr)")
    }
}

/// Hostile and truncated `kafka-topics.sh --describe` output: one line naming the place, never a crash or a hang.
struct KafkaDescribeInputTests {
    static func parse(_ text: String) -> Result<KafkaDescribe, AdviceError> {
        do { return .success(try KafkaDescribe.parse(text, file: "d.txt")) } catch { return .failure(error) }
    }

    /// Cut after every line: it reads only when the cut falls between two topics (the next line a Topic: line);
    /// cut inside a line: never.
    @Test(arguments: KafkaToleranceCommandTests.names)
    func truncatedOutputIsRefusedUnlessCutBetweenTopics(_ name: String) throws {
        let lines = try KafkaToleranceCommandTests.text(name).split(separator: "\n").map(String.init)
        for n in 0...lines.count {
            let prefix = lines.prefix(n).map { $0 + "\n" }.joined()
            let betweenTopics = n > 0 && (n == lines.count || lines[n].hasPrefix("Topic"))
            switch Self.parse(prefix) {
            case .success(let described):
                #expect(betweenTopics, "\(name): \(n) lines")
                #expect(described.topics.count == lines.prefix(n).filter { $0.hasPrefix("Topic") }.count)
            case .failure(let error):
                #expect(!betweenTopics, "\(name): \(n) lines: \(error)")
                #expect(error.description.hasPrefix("d.txt:"))
                #expect(!error.description.contains("\n"))
            }
            if n < lines.count {
                let cut = prefix + lines[n].prefix(lines[n].count / 2)
                guard case .failure(let error) = Self.parse(cut) else {
                    Issue.record("\(name): cut inside line \(n + 1) was read")
                    continue
                }
                #expect(error.description.hasPrefix("d.txt:"))
            }
        }
    }

    @Test(arguments: [
        ("Topic: t\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: \n\tTopic: t\tPartition: 99999999999999999999\tLeader: 1\tReplicas: 1\tIsr: 1\n", "d.txt:2: Partition: \"99999999999999999999\" is not a whole number"),
        ("Topic: t\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: \n\tTopic: t\tPartition: 0\tLeader: 1\tReplicas: 2147483648\tIsr: 1\n", "d.txt:2: Replicas: \"2147483648\" is not a broker id"),
        ("Topic: t\tPartitionCount: 1000000000\tReplicationFactor: 1\tConfigs: \n", "d.txt:1: PartitionCount"),
        ("Topic: t\tPartitionCount: 2\tReplicationFactor: 1\tConfigs: \n\tTopic: t\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\n\tTopic: t\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\n", "d.txt:3: partition 0 of `t` again (first on line 2)"),
        ("Topic: t\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: min.insync.replicas=-1\n", "d.txt:1: min.insync.replicas=-1"),
        ("Topic: t\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: \n\tTopic: u\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\n", "d.txt:2: partition of topic `u`"),
        ("\tTopic: t\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\n", "d.txt:1: a partition line before any Topic: line"),
        ("Topic: t\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: \n\tTopic: t\tPartition: 0\tLeader: 1\tReplicas: 1,2,1\tIsr: 1\n", "d.txt:2: Replicas: broker 1 twice"),
        ("Topic: t\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: \n\tTopic: t\tPartition: 0\tLeader: 3\tReplicas: 1,2\tIsr: 1\n", "d.txt:2: Leader 3 is not among Replicas 1,2"),
        ("WARN some log line\n", "d.txt:1: \"WARN some log line\" is not a Key: value field"),
        ("", "d.txt: no Topic: line"),
        ("Topic: bad/name\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: \n", "d.txt:1: \"bad/name\" is not a legal topic name"),
        // Kafka's Topic.validate, as a scenario file's names: "." and ".." are refused though their characters are not.
        ("Topic: ..\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: \n", "d.txt:1: \"..\" is not allowed as a topic name"),
        ("Topic: a\u{1b}[2Jb\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: \n", "d.txt:1: \"a\\u{1b}[2Jb\" is not a legal topic name"),
    ])
    func hostileInputIsOneLineNamingTheLine(_ text: String, _ message: String) {
        guard case .failure(let error) = Self.parse(text) else {
            Issue.record("read: \(text)")
            return
        }
        #expect(error.description.hasPrefix(message), "\(error)")
        #expect(!error.description.contains("\n"))
    }

    /// An `Offline:` field (no Apache Kafka version prints one) marks its brokers down: in sync nowhere.
    @Test func offlineReplicasAreDownToday() throws {
        let text = """
            Topic: t	PartitionCount: 2	ReplicationFactor: 3	Configs: min.insync.replicas=2
            	Topic: t	Partition: 0	Leader: 1	Replicas: 1,2,3	Isr: 1,2,3	Offline: 3
            	Topic: t	Partition: 1	Leader: 2	Replicas: 2,3,1	Isr: 2,3,1

            """
        let described = try KafkaDescribe.parse(text, file: "d.txt")
        let racks = try KafkaRackMap.parse("1=a,2=b,3=c", from: .option("--racks"))
        let report = KafkaTolerance.report(of: try described.state(racks: racks, minInsync: 1, file: "d.txt"))
        #expect(report.downToday == [3])
        // Two of three in sync with min.insync.replicas 2: any one more broker (1 or 2) makes both unwritable.
        #expect(report.brokersToUnwritable == 1)
        #expect(report.brokerSets[0].sets == 2)
        #expect(report.brokerSets[0].worst.first?.unwritable == 2)
        #expect(report.zones.map(\.unwritable) == [2, 2, 0])
    }

    /// Seeded garbage: random lines of the characters the format uses and others; each is refused in one line or
    /// read, never a trap.
    @Test func garbageIsRefusedInOneLine() {
        var generator = SplitMix(seed: 0x2121)
        let alphabet = Array("Topic: Partition Leader Replicas Isr PartitionCount 0123456789,\t\n-none=é\u{0}\r")
        var refused = 0
        for _ in 0..<400 {
            let length = Int(generator.next() % 300)
            let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            if case .failure(let error) = Self.parse(text) {
                refused += 1
                #expect(!error.description.contains("\n"))
            }
        }
        #expect(refused > 390)
    }

    @Test func aBinaryFileIsOneLineExitTwo() {
        let file = CommandTests.file("r21-binary.txt", "Topic: t\u{0}\u{1}\n")
        let (code, capture) = runQuorumSim(["tolerance", "--kafka-describe", file, "--racks", "1=a"])
        #expect(code == ExitStatus.badScenario)
        #expect(capture.stderr.filter { $0 == "\n" }.count == 1)
    }

    @Test func standardInputPastTheCapIsRefused() {
        let big = String(repeating: "x", count: KafkaDescribe.maxBytes + 1)
        let (code, capture) = runQuorumSim(["tolerance", "--kafka-describe", "-", "--racks", "1=a"], stdin: big)
        #expect(code == ExitStatus.badScenario)
        #expect(capture.stderr.contains("standard input"))
        #expect(capture.stderr.filter { $0 == "\n" }.count == 1)
    }

    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}

/// `quorumsim tolerance` on a scenario with a `kafka` section (built here: the file reader of the section is
/// another part's work): the Kafka answers follow the ensemble's.
struct KafkaToleranceScenarioOutputTests {
    static let scenario = Scenario(
        name: "six-brokers", zones: [Zone(name: "a"), Zone(name: "b"), Zone(name: "c")],
        servers: [Server(id: 1, zone: 0), Server(id: 2, zone: 1), Server(id: 3, zone: 2)],
        kafka: KafkaCluster(
            brokers: (1...6).map { KafkaBroker(id: $0, zone: ($0 - 1) % 3) },
            topics: [KafkaTopic(name: "orders", partitions: 12, replicationFactor: 3, minInsyncReplicas: 2)],
            metadata: .kraft))

    @Test func textAppendsTheKafkaSectionToTheEnsemblesReport() throws {
        let reports = try ToleranceCommand.reports(of: Self.scenario)
        let outcome = ToleranceCommand.output([reports], format: .text)
        let text = String(decoding: outcome.standardOutput, as: UTF8.self)
        #expect(text.hasPrefix(reports.ensemble.text() + "\n  Kafka: 6 brokers over 3 zones, 12 partitions in 1 topic"))
        #expect(text.contains("metadata on the KRaft controllers (the servers above)"))
        for zone in ["a", "b", "c"] {
            #expect(text.contains("losing zone \"\(zone)\""))
        }
    }

    @Test func jsonAddsOneLastKeyAndKeepsTheOthers() throws {
        let reports = try ToleranceCommand.reports(of: Self.scenario)
        let withKafka = ToleranceCommand.output([reports], format: .json)
        let without = ToleranceCommand.output([(reports.ensemble, nil)], format: .json)
        let a = try #require(try JSONSerialization.jsonObject(with: Data(withKafka.standardOutput)) as? [[String: Any]])
        let b = try #require(try JSONSerialization.jsonObject(with: Data(without.standardOutput)) as? [[String: Any]])
        #expect(b[0]["kafka"] == nil)
        var stripped = a[0]
        let kafka = try #require(stripped.removeValue(forKey: "kafka") as? [String: Any])
        #expect(NSDictionary(dictionary: stripped) == NSDictionary(dictionary: b[0]))
        #expect(kafka["metadata"] as? String == "kraft")
        #expect((kafka["brokerSets"] as? [Any])?.count == 3)
        let text = String(decoding: withKafka.standardOutput, as: UTF8.self)
        #expect(text.contains("\n    \"kafka\": {"))
    }
}
