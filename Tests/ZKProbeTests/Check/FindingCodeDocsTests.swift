import Foundation
import Testing

@testable import ZKProbe

/// docs/zkprobe-check.md's findings table is the contract of every code the check can report: it lists each case
/// of ``FindingCode`` (and nothing else), with the severities the code may carry.
struct FindingCodeDocsTests {
    static let guide = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/zkprobe-check.md")

    /// Each row of the table under "## Findings": its codes and the severity words of its second column.
    static func documentedRows() throws -> [(codes: [String], severities: Set<String>)] {
        let text = try String(contentsOf: guide, encoding: .utf8)
        let section = try #require(text.components(separatedBy: "\n## Findings").dropFirst().first)
        let table = section.components(separatedBy: "\n## ")[0].split(separator: "\n").filter { $0.hasPrefix("| `") }
        return table.map { row in
            let cells = row.split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            let codes = cells[1].matches(of: /`([a-z-]+)`/).map { String($0.1) }
            let words = Set(cells[2].matches(of: /\b(ok|warning|critical|unknown)\b/).map { String($0.1) })
            return (codes, words)
        }
    }

    @Test func theGuideListsEveryCodeOnce() throws {
        let documented = try Self.documentedRows().flatMap(\.codes)
        #expect(documented.count == Set(documented).count, "a code listed twice: \(documented)")
        #expect(Set(documented) == Set(FindingCode.allCases.map(\.rawValue)))
    }

    @Test func theGuideGivesEachCodeItsSeverities() throws {
        for row in try Self.documentedRows() {
            for code in row.codes {
                let finding = try #require(FindingCode(rawValue: code), "\(code) is not a FindingCode")
                #expect(Set(finding.severities.map(\.word)) == row.severities, "\(code)")
            }
        }
    }
}
