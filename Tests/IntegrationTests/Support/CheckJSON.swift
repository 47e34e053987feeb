import Foundation
import CommandLineSupport
import TestSupport

@testable import ZKProbe
@testable import ZKProbeCommands

/// The JSON report of `zkprobe check --format json`, decoded with the contract type itself (`CheckDocument`, the
/// type zkprobe encodes and quorumsim live decodes), so a key the code stops writing fails these tests.
typealias CheckJSON = CheckDocument

extension CheckDocument {
    /// The member reported at `address`.
    func member(_ address: String) -> Member? { members.first { $0.address == address } }

    /// Findings with `code`.
    func findings(_ code: String) -> [Finding] { findings.filter { $0.code == code } }
}

/// One `zkprobe check` run through the library's entry point, as the executable runs it (no terminal).
struct CheckRun {
    let arguments: [String]
    let outcome: CommandOutcome
    let elapsed: Duration

    var output: String { String(decoding: outcome.standardOutput, as: UTF8.self) }

    /// Runs `CheckCommand.run(arguments, terminal: false, readFile:)` with files read from disk.
    init(_ arguments: [String]) {
        self.arguments = arguments
        let start = ContinuousClock.now
        outcome = CheckCommand.run(arguments, terminal: false, readFile: TextFile.readConfiguration)
        elapsed = ContinuousClock.now - start
    }

    /// The report, when the run printed JSON.
    func json() throws -> CheckJSON {
        do {
            return try JSONDecoder().decode(CheckJSON.self, from: Data(outcome.standardOutput))
        } catch {
            throw ExternalTool.Failure(
                description: "zkprobe check \(arguments): not a JSON report (\(error)):\n\(transcript)")
        }
    }

    /// Everything a failing `#expect` should show.
    var transcript: String {
        "zkprobe check \(arguments.joined(separator: " ")) -> exit \(outcome.status) after \(elapsed)\n"
            + output + outcome.standardError
    }
}
