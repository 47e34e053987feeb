import Foundation
import CommandLineSupport
import TestSupport

/// The snippets of `docs/operations.md` that operators copy, read from the document itself so that the tests run
/// exactly what the guide says (and fail when an edit to the guide breaks a snippet).
struct OperationsGuide {
    /// `<root>/docs/operations.md`.
    static let path: String = EnsembleScript.repositoryRoot.appendingPathComponent("docs/operations.md").path

    /// The fenced code blocks, in order: the info string after the opening fence (`yaml`, `console`, ...) and the
    /// lines inside.
    let blocks: [(info: String, lines: [String])]

    init() throws {
        guard let text = try? String(contentsOfFile: Self.path, encoding: .utf8) else {
            throw ExternalTool.Failure(description: "cannot read \(Self.path)")
        }
        var blocks: [(info: String, lines: [String])] = []
        var current: (info: String, lines: [String])?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") {
                if let block = current {
                    blocks.append(block)
                    current = nil
                } else {
                    current = (String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces), [])
                }
            } else if current != nil {
                current!.lines.append(line)
            }
        }
        self.blocks = blocks
    }

    /// The one crontab line in a code block: `*/1 * * * * COMMAND`; returns the five schedule fields and COMMAND.
    func cronEntry() throws -> (schedule: String, command: String) {
        let lines = blocks.flatMap(\.lines).filter { $0.hasPrefix("*/") }
        guard lines.count == 1, let line = lines.first else {
            throw ExternalTool.Failure(
                description: "\(Self.path): expected exactly one crontab line (starting '*/') in a code block, "
                    + "found \(lines.count)")
        }
        let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
        guard fields.count == 6 else {
            throw ExternalTool.Failure(description: "\(Self.path): crontab line has no command: \(line)")
        }
        return (fields[0..<5].joined(separator: " "), String(fields[5]))
    }

    /// The `command_line` of the `define command { ... }` block whose `command_name` is `name`.
    func nagiosCommandLine(named name: String) throws -> String {
        for block in blocks {
            let trimmed = block.lines.map { $0.trimmingCharacters(in: .whitespaces) }
            guard trimmed.contains(where: { $0.hasPrefix("define command") }),
                trimmed.contains(where: {
                    $0.split(separator: " ", omittingEmptySubsequences: true) == ["command_name", Substring(name)]
                })
            else { continue }
            for line in trimmed where line.hasPrefix("command_line") {
                return line.dropFirst("command_line".count).trimmingCharacters(in: .whitespaces)
            }
        }
        throw ExternalTool.Failure(
            description: "\(Self.path): no 'define command' block with command_name \(name) and a command_line")
    }

    /// The flags of the `node_exporter ...` line in a code block (the program name left out).
    func nodeExporterFlags() throws -> [String] {
        let lines = blocks.flatMap(\.lines).filter { $0.hasPrefix("node_exporter ") }
        guard lines.count == 1, let line = lines.first else {
            throw ExternalTool.Failure(
                description: "\(Self.path): expected one 'node_exporter ...' line in a code block, found \(lines.count)"
            )
        }
        return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().map(String.init)
    }

    /// The Prometheus rules file: the `yaml` block that starts with `groups:`.
    func alertingRules() throws -> String {
        let rules = blocks.filter { $0.info == "yaml" && $0.lines.first == "groups:" }
        guard rules.count == 1, let block = rules.first else {
            throw ExternalTool.Failure(
                description: "\(Self.path): expected one ```yaml block starting with 'groups:', found \(rules.count)")
        }
        return block.lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    /// The text with `placeholder` replaced by `value`.
    /// - Throws: when `placeholder` does not occur, so that a test never runs a snippet it failed to adapt.
    func substituting(_ placeholder: String, with value: String) throws -> String {
        guard contains(placeholder) else {
            throw ExternalTool.Failure(description: "expected \(placeholder) in: \(self)")
        }
        return replacingOccurrences(of: placeholder, with: value)
    }
}
