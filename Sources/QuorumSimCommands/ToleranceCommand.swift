import CommandLineSupport
import QuorumSim
import ToolkitSupport

/// `quorumsim tolerance FILE...`: the worst cases of each placement, without simulating; with a scenario's `kafka`
/// section, or `--kafka-describe` output of a running cluster, what losing a zone or k brokers does to partitions.
package enum ToleranceCommand {
    enum Format: String, CaseIterable { case text, json }

    package static let spec = CommandSpec(
        name: "quorumsim tolerance",
        synopsis: [
            "quorumsim tolerance FILE... [--format text|json]",
            "quorumsim tolerance --kafka-describe FILE --racks ID=ZONE,...|@FILE [--min-insync N] [--format text|json]",
        ],
        abstract: """
            For each scenario's placement: the fewest server failures that lose quorum (and which), whether
            losing each zone loses quorum, a zone plus one server, what one server in maintenance leaves, and
            whether a zone cut off from the others leaves a serving side. A scenario with a kafka section also gets,
            for each zone lost and every set of k brokers lost, the partitions left unwritable (fewer than
            min.insync.replicas in-sync replicas alive) and offline (none alive), per topic, and whether the
            metadata quorum survives. --kafka-describe answers the same for a running cluster from
            `kafka-topics.sh --describe` output (a file, or - for standard input) and the brokers' zones. Nothing is
            simulated.
            """,
        sections: [
            HelpSection(
                "OPTIONS",
                [
                    formatOption.row, kafkaDescribeOption.row, racksOption.row, minInsyncOption.row,
                    CommandSpec.wallClockTimeout.row, .option(CommandSpec.helpOption),
                ])
        ])

    static let formatOption = Option<Format>("--format", "F", .choice, default: "text", help: "the report's format")
    static let kafkaDescribeOption = Option<String>(
        "--kafka-describe", "FILE",
        help: "kafka-topics.sh --describe output (- for standard input) instead of scenario files")
    static let racksOption = Option<String>(
        "--racks", "MAP", help: "each broker's zone (broker.rack): ID=ZONE,... or @FILE with one ID=ZONE per line")
    static let minInsyncOption = Option<Int>(
        "--min-insync", "N", .integer(in: 1...64), default: "1",
        help: "min.insync.replicas of topics whose Configs do not show it (Kafka's default is 1)")

    struct Invocation {
        var format: Format
        var files: [String]
        var kafka: KafkaRequest?
    }

    struct KafkaRequest {
        var describe: String
        var racks: String
        var minInsync: Int
    }

    package static func run(_ arguments: [String], context: CommandContext = .quiet) -> CommandOutcome {
        spec.run(arguments, usageStatus: ExitStatus.usage, parse: parse) { analyse($0, context: context) }
    }

    static func parse(_ arguments: [String]) throws(UsageError) -> Invocation? {
        let parsed = try spec.parse(arguments)
        if parsed.stopsAfterParsing { return nil }
        _ = try parsed.wallClockTimeout()  // checked here, enforced by main
        let format = try parsed.value(of: formatOption)!
        let minInsync = try parsed.value(of: minInsyncOption)!
        if let describe = try parsed.value(of: kafkaDescribeOption) {
            guard parsed.operands.isEmpty else {
                throw parsed.error("--kafka-describe reads no scenario file; give one or the other")
            }
            guard let racks = try parsed.value(of: racksOption) else {
                throw parsed.error("--kafka-describe needs --racks ID=ZONE,... (each broker's broker.rack)")
            }
            return Invocation(
                format: format, files: [], kafka: KafkaRequest(describe: describe, racks: racks, minInsync: minInsync))
        }
        for option in [racksOption.spec, minInsyncOption.spec] where parsed.has(option) {
            throw parsed.error("\(option.name) goes with --kafka-describe")
        }
        guard !parsed.operands.isEmpty else { throw parsed.error("no scenario file given") }
        return Invocation(format: format, files: parsed.operands, kafka: nil)
    }

    static func analyse(_ invocation: Invocation, context: CommandContext) -> CommandOutcome {
        if let request = invocation.kafka { return describe(request, format: invocation.format, context: context) }
        var reports: [Reports] = []
        for file in invocation.files {
            do {
                reports.append(try self.reports(of: try ScenarioFile.load(path: file)))
            } catch let error as ScenarioFileError {
                return .failure(error.description, status: ExitStatus.badScenario)
            } catch {
                return .failure("\(file): \(error)", status: ExitStatus.badScenario)
            }
        }
        return output(reports, format: invocation.format)
    }

    typealias Reports = (ensemble: ToleranceReport, kafka: KafkaToleranceReport?)

    /// The ensemble's report and, with a `kafka` section, the cluster's.
    static func reports(of scenario: Scenario) throws(ExactLimitation) -> Reports {
        (try ToleranceAnalysis.report(of: scenario), try KafkaTolerance.report(of: scenario))
    }

    static func output(_ reports: [Reports], format: Format) -> CommandOutcome {
        switch format {
        case .json:
            // A scenario without Kafka keeps its report's keys exactly; one with Kafka gets a last key, `kafka`.
            let encoder = JSONValueEncoder()
            var values: [JSONValue] = []
            for (report, kafka) in reports {
                guard var value = try? encoder.encode(report) else { return encodingFailure }
                if let kafka {
                    guard case .object(var pairs) = value, let encoded = try? encoder.encode(kafka) else {
                        return encodingFailure
                    }
                    pairs.append(("kafka", encoded))
                    value = .object(pairs)
                }
                values.append(value)
            }
            return CommandOutcome(output: JSONValue.array(values).serialized() + "\n")
        case .text:
            let texts = reports.map { report, kafka in
                report.text() + (kafka.map { "\n" + $0.text(heading: "Kafka", indent: 2) } ?? "")
            }
            return CommandOutcome(output: texts.joined(separator: "\n"))
        }
    }

    static let encodingFailure = CommandOutcome.failure(
        "quorumsim tolerance: could not encode the report", status: ExitStatus.failure)

    /// `--kafka-describe FILE --racks MAP`: the cluster as described.
    static func describe(_ request: KafkaRequest, format: Format, context: CommandContext) -> CommandOutcome {
        let name = request.describe == "-" ? "standard input" : request.describe
        let report: KafkaToleranceReport
        do {
            let racks: KafkaRackMap
            if request.racks.hasPrefix("@") {
                let path = String(request.racks.dropFirst())
                racks = try KafkaRackMap.parse(
                    try LiveCommand.read(path, limit: TextFile.configurationLimit, context: context, what: "rack map"),
                    from: .file(path))
            } else {
                racks = try KafkaRackMap.parse(request.racks, from: .option("--racks"))
            }
            let text = try LiveCommand.read(
                request.describe, limit: KafkaDescribe.maxBytes, context: context, what: "kafka-topics.sh output",
                hint: " (100,000 partitions are about 10 MB)")
            let described = try KafkaDescribe.parse(text, file: name)
            report = KafkaTolerance.report(
                of: try described.state(racks: racks, minInsync: request.minInsync, file: name))
        } catch {
            return .failure(String(describing: error), status: ExitStatus.badScenario)
        }
        switch format {
        case .json:
            guard let value = try? JSONValueEncoder().encode(report) else { return encodingFailure }
            return CommandOutcome(output: value.serialized() + "\n")
        case .text:
            return CommandOutcome(output: report.text(heading: "Kafka cluster of \(name)"))
        }
    }
}
