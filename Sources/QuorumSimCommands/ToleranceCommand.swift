import CommandLineSupport
import QuorumSim
import ToolkitSupport

/// `quorumsim tolerance FILE...`: the worst cases of each placement, without simulating.
package enum ToleranceCommand {
    enum Format: String, CaseIterable { case text, json }

    package static let spec = CommandSpec(
        name: "quorumsim tolerance", synopsis: ["quorumsim tolerance FILE... [--format text|json]"],
        abstract: """
            For each scenario's placement: the fewest server failures that lose quorum (and which), whether
            losing each zone loses quorum, a zone plus one server, what one server in maintenance leaves, and
            whether a zone cut off from the others leaves a serving side. Nothing is simulated.
            """,
        sections: [
            HelpSection(
                "OPTIONS",
                [formatOption.row, CommandSpec.wallClockTimeout.row, .option(CommandSpec.helpOption)])
        ])

    static let formatOption = Option<Format>("--format", "F", .choice, default: "text", help: "the report's format")

    struct Invocation {
        var format: Format
        var files: [String]
    }

    package static func run(_ arguments: [String]) -> CommandOutcome {
        spec.run(arguments, usageStatus: ExitStatus.usage, parse: parse, analyse)
    }

    static func parse(_ arguments: [String]) throws(UsageError) -> Invocation? {
        let parsed = try spec.parse(arguments)
        if parsed.stopsAfterParsing { return nil }
        _ = try parsed.wallClockTimeout()  // checked here, enforced by main
        guard !parsed.operands.isEmpty else { throw parsed.error("no scenario file given") }
        return Invocation(format: try parsed.value(of: formatOption)!, files: parsed.operands)
    }

    static func analyse(_ invocation: Invocation) -> CommandOutcome {
        let (format, files) = (invocation.format, invocation.files)
        var reports: [ToleranceReport] = []
        for file in files {
            do {
                let scenario = try ScenarioFile.load(path: file)
                reports.append(try ToleranceAnalysis.report(of: scenario))
            } catch let error as ScenarioFileError {
                return .failure(error.description, status: ExitStatus.badScenario)
            } catch {
                return .failure("\(file): \(error)", status: ExitStatus.badScenario)
            }
        }
        switch format {
        case .json:
            guard let value = try? JSONValueEncoder().encode(reports) else {
                return .failure("quorumsim tolerance: could not encode the report", status: ExitStatus.failure)
            }
            return CommandOutcome(output: value.serialized() + "\n")
        case .text:
            let texts = reports.map { $0.text().hasSuffix("\n") ? $0.text() : $0.text() + "\n" }
            return CommandOutcome(output: texts.joined(separator: "\n"))
        }
    }
}
