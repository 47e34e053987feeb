import Foundation

/// `quorumsim tolerance FILE...`: the worst cases of each placement, without simulating.
public enum ToleranceCommand {
    static let help = """
        USAGE: quorumsim tolerance FILE... [--format text|json]

        For each scenario's placement: the fewest server failures that lose quorum (and which), whether
        losing each zone loses quorum, a zone plus one server, what one server in maintenance leaves, and
        whether a zone cut off from the others leaves a serving side. Nothing is simulated.

        """

    public static func main(_ arguments: [String], io: CommandIO) -> ExitCode {
        let command = "quorumsim tolerance"
        let scan: OptionScanner
        do {
            scan = try OptionScanner(arguments, command: command, valued: ["--format"], flags: ["--help"])
        } catch {
            io.writeError(error.description + "\n")
            return .usage
        }
        if scan.flags.contains("--help") {
            io.writeOutput(help)
            return .success
        }
        let format = scan.values["--format"] ?? "text"
        guard ["text", "json"].contains(format) else {
            io.writeError(UsageError("--format must be text or json, not '\(format)'", command: command).description + "\n")
            return .usage
        }
        guard !scan.operands.isEmpty else {
            io.writeError(UsageError("no scenario file given", command: command).description + "\n")
            return .usage
        }
        var reports: [ToleranceReport] = []
        for file in scan.operands {
            do {
                let scenario = try ScenarioFile.load(path: file)
                reports.append(try ToleranceAnalysis.report(of: scenario))
            } catch let error as ScenarioFileError {
                io.writeError(error.description + "\n")
                return .badScenario
            } catch {
                io.writeError("\(file): \(error)\n")
                return .badScenario
            }
        }
        if format == "json" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            guard let data = try? encoder.encode(reports), let text = String(data: data, encoding: .utf8) else {
                io.writeError("quorumsim tolerance: could not encode the report\n")
                return .failure
            }
            io.writeOutput(text + "\n")
        } else {
            io.writeOutput(reports.map { $0.text().hasSuffix("\n") ? $0.text() : $0.text() + "\n" }.joined(separator: "\n"))
        }
        return .success
    }
}
