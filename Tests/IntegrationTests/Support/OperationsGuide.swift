import Foundation
import CommandLineSupport
import TestSupport

/// The snippets of `docs/operations.md` that operators copy, read from the document itself so that the tests run
/// exactly what the guide says (and fail when an edit to the guide breaks a snippet).
struct OperationsGuide {
    /// `<root>/docs/operations.md`.
    static let path: String = EnsembleScript.repositoryRoot.appendingPathComponent("docs/operations.md").path

    /// The whole guide.
    let text: String
    /// The fenced code blocks, in order: the info string after the opening fence (`yaml`, `console`, ...) and the
    /// lines inside.
    let blocks: [(info: String, lines: [String])]

    init() throws {
        guard let text = try? String(contentsOfFile: Self.path, encoding: .utf8) else {
            throw ExternalTool.Failure(description: "cannot read \(Self.path)")
        }
        self.text = text
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

    /// The `define KIND { ... }` blocks of the Nagios snippets, each as its directives (`host_name` → `zk-ensemble`).
    func nagiosDefinitions(_ kind: String) -> [[String: String]] {
        var definitions: [[String: String]] = []
        var current: [String: String]?
        for line in blocks.flatMap(\.lines).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line == "define \(kind) {" {
                current = [:]
            } else if line == "}" {
                if let definition = current { definitions.append(definition) }
                current = nil
            } else if current != nil, let space = line.firstIndex(of: " ") {
                current![String(line[..<space])] = line[space...].trimmingCharacters(in: .whitespaces)
            }
        }
        return definitions
    }

    /// Every distinct match of `pattern` (a regular expression) anywhere in the guide, prose included.
    func matches(_ pattern: String) -> Set<String> {
        let regex = try! NSRegularExpression(pattern: pattern)
        return Set(
            regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
                String(text[Range($0.range(at: $0.numberOfRanges - 1), in: text)!])
            })
    }

    /// The one command of a `console` block that pipes into `grep`: the part after the last `| `.
    func grepCommand() throws -> String {
        let lines = blocks.filter { $0.info == "console" }.flatMap(\.lines).filter {
            $0.hasPrefix("$ ") && $0.contains("| grep ")
        }
        guard lines.count == 1, let line = lines.first, let pipe = line.range(of: "| ", options: .backwards) else {
            throw ExternalTool.Failure(description: "\(Self.path): expected one '$ ... | grep ...' line, found \(lines)")
        }
        return String(line[pipe.upperBound...])
    }

    /// The names of a `grep -E '^(a|b|c)...'` command's pattern: `["a", "b", "c"]`; nil when it has none.
    static func alternatives(in grep: String) -> Set<String>? {
        guard let open = grep.range(of: "'^("), let close = grep[open.upperBound...].firstIndex(of: ")") else {
            return nil
        }
        return Set(grep[open.upperBound..<close].split(separator: "|").map(String.init))
    }

    /// The rows of the pipe table whose header starts with `| \(firstHeader) |`, each row's cells trimmed.
    func table(headedBy firstHeader: String) throws -> [[String]] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("| \(firstHeader) |") }) else {
            throw ExternalTool.Failure(description: "\(Self.path): no table headed '| \(firstHeader) |'")
        }
        return lines[(start + 2)...].prefix { $0.hasPrefix("|") }.map { row in
            row.dropFirst().dropLast().split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }
}

extension String {
    /// The text between each pair of backquotes.
    var codeSpans: [String] {
        split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }
            .map { String($0.element) }
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
