import Testing
import ToolkitSupport

@testable import QuorumSim

/// The Kafka part of `quorumsim run`'s three formats, with hand-built simulated figures (docs/kafka.md,
/// "`quorumsim run`").
struct KafkaRunReportTests {
    static func exp(_ mttf: Double, _ mttr: Double) -> FaultProcess {
        FaultProcess(timeToFailure: .exponential(mean: mttf), timeToRepair: .exponential(mean: mttr))
    }

    static let scenario = Scenario(
        name: "kafka-demo", zones: ["a", "b", "c"].map { Zone(name: $0, outage: exp(8766, 4)) },
        servers: (1...3).map { Server(id: $0, zone: $0 - 1) }, serverFaults: exp(4380, 24),
        kafka: KafkaCluster(
            brokers: (0..<6).map { KafkaBroker(id: $0 + 1, zone: $0 % 3) },
            topics: [
                KafkaTopic(name: "orders", partitions: 12, replicationFactor: 3, minInsyncReplicas: 2),
                KafkaTopic(name: "audit", partitions: 4, replicationFactor: 1),
            ], metadata: .kraft))

    static func ensembleReport(name: String) -> SimulationReport {
        var result = ReplicationResult()
        result.hours = hoursPerYear * 2
        result.wholeYears = 2
        result.events = 100
        var other = result
        other.noQuorumHours = 0.5
        other.unavailableHours = 0.5
        other.episodes = 1
        return SimulationReport(
            name: name, settings: RunSettings(years: 2, replications: 2, seed: 7),
            metrics: SimulationMetrics(replications: [result, other]))
    }

    static func metrics(_ name: String, partitions: Int, scale: Double) -> KafkaTopicMetrics {
        func e(_ x: Double) -> Estimate { Estimate(mean: x * scale, ci95: (x * scale * 0.5)...(x * scale * 1.5)) }
        return KafkaTopicMetrics(
            name: name, partitions: partitions, unwritableMinutesPerYear: e(101), offlineMinutesPerYear: e(102),
            unwritablePartitionMinutesPerYear: e(103), offlinePartitionMinutesPerYear: e(104),
            unwritableEpisodesPerYear: e(105), offlineEpisodesPerYear: e(106), yearWithOfflineProbability: e(0.107),
            yearWithUnwritableProbability: nil)
    }

    static let simulated = KafkaMetrics(
        topics: [metrics("orders", partitions: 12, scale: 1), metrics("audit", partitions: 4, scale: 2)],
        cluster: metrics("cluster", partitions: 16, scale: 3))

    static func reports(simulated: KafkaMetrics?) -> [SimulationReport] {
        var kafka = ensembleReport(name: "kafka-demo")
        kafka.kafka = KafkaReport(scenario: scenario, simulated: simulated)
        return [ensembleReport(name: "plain"), kafka]
    }

    @Test func theRunReportCarriesTheExactFiguresAndTheirBoundReasons() throws {
        let report = try #require(KafkaReport(scenario: Self.scenario, simulated: nil))
        #expect(report.metadata == .kraft)
        #expect(report.exact == KafkaExact.figures(of: Self.scenario))
        // The servers fail, so the controllers can be lost; RF 3 can go offline.
        #expect(report.exactBoundReasons.count == 2)
        #expect(KafkaReport(scenario: Scenario(name: "x", zones: [Zone(name: "a")], servers: [Server(id: 1, zone: 0)]),
            simulated: nil) == nil)
    }

    @Test func textShowsEveryTopicWithSimulatedAndExactCells() throws {
        let text = ReportFormat.text.render(Self.reports(simulated: Self.simulated))
        let exact = try #require(KafkaExact.figures(of: Self.scenario))
        #expect(text.contains("metadata quorum  "))
        #expect(text.contains("KRaft controllers"))
        let block = try #require(text.split(separator: "Kafka cluster of kafka-demo").last)
        let header = try #require(block.split(separator: "\n").dropFirst().first)
        #expect(header.split(separator: " ") == ["orders", "audit", "cluster"])
        // The simulated cluster cell (scale 3) and the exact one of the same row.
        let row = try #require(block.split(separator: "\n").first { $0.hasPrefix("≥1 offline (min/year)") })
        #expect(row.hasSuffix(NumberText.estimate(Estimate(mean: 306, ci95: 153...459))))
        let lines = block.split(separator: "\n").map(String.init)
        let exactRow = try #require(lines.firstIndex { $0.hasPrefix("≥1 offline (min/year)") }).advanced(by: 1)
        #expect(lines[exactRow].hasSuffix(KafkaReport.exactCell(exact.cluster.offlineMinutesPerYear)))
        #expect(lines[exactRow].hasPrefix("  exact"))
        // No exact figure for the yearly probabilities; the unwritable one was not measured.
        let yearRow = try #require(lines.first { $0.hasPrefix("P(some unwritable in a year)") })
        #expect(yearRow.split(separator: " ").suffix(3) == ["-", "-", "-"])
        #expect(block.contains("a lower bound here: "))
        #expect(!block.contains("not simulated"))
    }

    @Test func textWithoutASimulatedClusterPrintsDashes() throws {
        let text = ReportFormat.text.render(Self.reports(simulated: nil))
        let block = try #require(text.split(separator: "Kafka cluster of kafka-demo").last)
        let row = try #require(block.split(separator: "\n").first { $0.hasPrefix("unwritable episodes/year") })
        #expect(row.split(separator: " ").suffix(3) == ["-", "-", "-"])
        #expect(block.contains("not simulated in this run"))
    }

    @Test func withoutKafkaNothingChanges() {
        for format in ReportFormat.allCases {
            let plain = format.render([Self.ensembleReport(name: "plain")])
            #expect(!plain.contains("kafka") && !plain.contains("Kafka") && !plain.contains("metadata quorum"))
        }
    }

    /// `value[key]` of a JSON object.
    static func field(_ value: JSONInput?, _ key: String) -> JSONInput? {
        guard case .object(let fields) = value else { return nil }
        return fields[key]
    }

    static func number(_ value: JSONInput?) -> Double? {
        switch value {
        case .double(let x): return x
        case .integer(let n): return Double(n)
        default: return nil
        }
    }

    @Test func jsonHasAKafkaObjectOnlyWhereThereIsACluster() throws {
        let json = JSONReport.render(Self.reports(simulated: Self.simulated))
        guard case .array(let objects) = try JSONInputParser.parse(Array(json.utf8)) else {
            Issue.record("not an array")
            return
        }
        #expect(objects.count == 2)
        #expect(Self.field(objects[0], "kafka") == nil)
        let kafka = Self.field(objects[1], "kafka")
        #expect(Self.field(kafka, "metadata") == .string("kraft"))
        #expect(Self.field(kafka, "metadataQuorum") == .string("KRaft controllers"))
        let exact = try #require(KafkaExact.figures(of: Self.scenario))
        let cluster = Self.field(kafka, "cluster")
        #expect(Self.field(cluster, "partitions") == .integer(16))
        #expect(Self.number(Self.field(Self.field(cluster, "exact"), "offlineFraction")) == exact.cluster.offline)
        #expect(
            Self.number(Self.field(Self.field(cluster, "exact"), "unwritableEpisodesPerYear"))
                == exact.cluster.unwritableEpisodesPerYear)
        let simulated = Self.field(cluster, "simulated")
        #expect(Self.number(Self.field(Self.field(simulated, "yearWithOfflineProbability"), "mean")) == 0.107 * 3)
        #expect(Self.field(simulated, "yearWithUnwritableProbability") == .null)
        guard case .array(let topics) = Self.field(kafka, "topics") else {
            Issue.record("no topics")
            return
        }
        #expect(topics.map { Self.field($0, "name") } == [.string("orders"), .string("audit")])
        #expect(Self.field(kafka, "exactBoundReasons").map { if case .array(let a) = $0 { a.count } else { 0 } } == 2)
        let unsimulated = try JSONInputParser.parse(Array(JSONReport.render(Self.reports(simulated: nil)).utf8))
        guard case .array(let again) = unsimulated else { return }
        #expect(Self.field(Self.field(Self.field(again[1], "kafka"), "cluster"), "simulated") == .null)
    }

    /// The cells of one CSV line (RFC 4180 quoting, no line breaks inside cells).
    static func cells(_ line: String) -> [String] {
        var cells = [""]
        var quoted = false
        var previous: Character?
        for c in line {
            if c == "\"" {
                if quoted, previous == "\"" { cells[cells.count - 1].append(c) }
                quoted.toggle()
            } else if c == ",", !quoted {
                cells.append("")
            } else {
                cells[cells.count - 1].append(c)
            }
            previous = c
        }
        return cells
    }

    @Test func csvAddsClusterColumnsWhenSomeScenarioHasACluster() throws {
        let csv = CSVReport.render(Self.reports(simulated: Self.simulated))
        let lines = csv.split(separator: "\n").map { Self.cells(String($0)) }
        let header = lines[0]
        #expect(header.count == CSVReport.header.count + KafkaReport.csvHeader.count)
        #expect(Array(header.prefix(CSVReport.header.count)) == CSVReport.header)
        #expect(lines[1].count == header.count && lines[2].count == header.count)
        func cell(_ row: Int, _ column: String) throws -> String {
            lines[row][try #require(header.firstIndex(of: column), "\(column)")]
        }
        #expect(try cell(1, "kafka_metadata_quorum") == "")
        #expect(try cell(2, "kafka_metadata_quorum") == "kraft")
        #expect(try cell(2, "kafka_partitions") == "16")
        #expect(try cell(2, "kafka_offline_min_per_year") == NumberText.json(306))
        let exact = try #require(KafkaExact.figures(of: Self.scenario))
        #expect(try cell(2, "kafka_exact_offline_min_per_year") == NumberText.json(exact.cluster.offlineMinutesPerYear))
        #expect(try cell(2, "kafka_year_with_unwritable_probability") == "")
        #expect(try cell(2, "kafka_exact_bound_reasons").contains("KRaft controllers can be lost, and"))
        let plain = CSVReport.render([Self.ensembleReport(name: "plain")])
        #expect(!plain.contains("kafka_"))
    }
}
