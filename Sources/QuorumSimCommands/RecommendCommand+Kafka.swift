import CommandLineSupport
import QuorumSim
import ToolkitSupport

extension OptionValue where T == [Int] {
    /// A list of whole numbers within `range`: items separated by commas, each `N` or `N-M` (`3-9`, `2,3`),
    /// in increasing order and without repeats once read.
    static func counts(in range: ClosedRange<Int>) -> OptionValue {
        OptionValue(
            expected: "whole numbers from \(range.lowerBound) to \(range.upperBound), such as 3,5 or 3-9",
            range: "\(range.lowerBound) to \(range.upperBound), such as 3,5 or 3-9",
            ends: ["\(range.lowerBound)", "\(range.upperBound)"],
            pastEnds: ["\(range.lowerBound - 1)", "\(range.upperBound + 1)"]
        ) { text in
            var values = Set<Int>()
            for item in text.split(separator: ",", omittingEmptySubsequences: false) {
                let ends = item.split(separator: "-", omittingEmptySubsequences: false)
                guard ends.count <= 2, let low = DecimalText.integer(String(ends[0]), as: Int.self),
                    let high = ends.count == 2 ? DecimalText.integer(String(ends[1]), as: Int.self) : low,
                    range.contains(low), range.contains(high), low <= high
                else { return nil }
                values.formUnion(low...high)
            }
            return values.sorted()
        }
    }
}

/// `quorumsim recommend --kafka`: brokers, replication factor, min.insync.replicas and KRaft controllers.
extension RecommendCommand {
    static let kafkaOption = Option<Bool>(
        flag: "--kafka",
        help: "recommend a Kafka cluster instead: brokers per zone, replication factor,\n"
            + "min.insync.replicas and KRaft controllers (docs/kafka.md)")
    static let brokersOption = Option<[Int]>(
        "--brokers", "LIST", .counts(in: 1...KafkaRecommender.maxBrokers), default: "3-9",
        help: "broker counts to try, each spread evenly over the zones")
    static let replicationFactorsOption = Option<[Int]>(
        "--replication-factors", "LIST", .counts(in: 1...KafkaRecommender.maxBrokers), default: "2,3",
        help: "replication factors to try (those above a broker count are skipped)")
    static let minISROption = Option<[Int]>(
        "--min-isr", "LIST", .counts(in: 1...KafkaRecommender.maxBrokers), default: .note("1 to each RF"),
        help: "min.insync.replicas values to try (those above an RF are skipped)")
    static let partitionsOption = Option<Int>(
        "--partitions", "N", .integer(in: 1...KafkaRecommender.maxPartitions), default: "12",
        help: "partitions of the topic each cluster is evaluated with")
    static let controllersOption = Option<[Int]>(
        "--controllers", "LIST", .counts(in: 1...KafkaRecommender.maxControllers), default: "3,4,5",
        help: "KRaft controller counts to try, each in every placement over the zones")

    /// The rows only `--kafka` reads, and the ensemble rows it has no use for.
    static var kafkaOnlyRows: [OptionSpec] {
        [
            brokersOption.spec, replicationFactorsOption.spec, minISROption.spec, partitionsOption.spec,
            controllersOption.spec,
        ]
    }
    static var ensembleOnlyRows: [OptionSpec] {
        [
            fromOption.spec, QuorumSimOptions.maintenancePeriod.spec, QuorumSimOptions.maintenanceDuration.spec,
            detectionOption.spec, electionOption.spec, maxVotersOption.spec, svgOption.spec, years.spec,
            replications.spec, seed.spec, QuorumSimOptions.threads.spec,
        ]
    }

    /// The Kafka request the options describe (`--kafka` given); every ensemble-only option is refused.
    static func makeKafkaRequest(_ scan: ParsedArguments) throws(UsageError) -> KafkaRecommendRequest {
        for row in ensembleOnlyRows where scan.has(row) {
            throw scan.error(
                "\(row.name) does not apply to --kafka (exact figures, no ensemble, nothing simulated): drop it")
        }
        let faults = try serverFaults(scan, otherwise: ModelDefaults.brokerFaults)
        return KafkaRecommendRequest(
            zones: try zones(scan), brokerFaults: faults, controllerFaults: faults, target: try target(scan),
            brokerCounts: try scan.value(of: brokersOption)!,
            replicationFactors: try scan.value(of: replicationFactorsOption)!,
            minInsyncReplicas: try scan.value(of: minISROption), partitions: try scan.value(of: partitionsOption)!,
            controllerCounts: try scan.value(of: controllersOption)!)
    }

    /// The Kafka options given without `--kafka`: a usage error naming the first.
    static func refuseKafkaOptions(_ scan: ParsedArguments) throws(UsageError) {
        for row in kafkaOnlyRows where scan.has(row) {
            throw scan.error("\(row.name) needs --kafka (it describes a Kafka cluster)")
        }
    }

    static func executeKafka(_ request: KafkaRecommendRequest, format: Format) -> CommandOutcome {
        let recommendation: KafkaRecommendation
        do {
            recommendation = try KafkaRecommender.recommend(request)
        } catch {
            return .failure("\(spec.name): \(error.description); see --help", status: ExitStatus.usage)
        }
        let met = recommendation.chosen != nil && recommendation.chosenControllers != nil
        let status = met ? ExitStatus.success : ExitStatus.noPlacement
        switch format {
        case .json: return CommandOutcome(status: status, output: recommendation.json() + "\n")
        case .text: return CommandOutcome(status: status, output: recommendation.text())
        }
    }
}
