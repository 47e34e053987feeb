import Foundation
import Testing

@testable import ZKProbe
@testable import ZKProbeCommands

/// The library names what to change as ``CheckHint`` values, never as command-line flags: its messages read
/// the same to a program that embeds it, and `zkprobe check` spells the hints as its own flags.
struct LibraryMessagesTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/ZKProbe")

    /// `--word` at the start or after a character that is not part of a word (`a--b` is no flag).
    static var flag: Regex<(Substring, Substring)> { /(^|[^A-Za-z0-9-])--[a-z]/ }

    /// No string literal in ZKProbe's sources names a flag (comments may: they document the command line).
    @Test func noStringInTheLibraryNamesAFlag() throws {
        let files = (FileManager.default.enumerator(atPath: Self.sources.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".swift") }
        #expect(files.count > 50)
        for file in files {
            let text = try String(contentsOfFile: Self.sources.appendingPathComponent(file).path, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces).hasPrefix("//") ? "" : String(line)
                let literals = code.matches(of: /"(?:[^"\\]|\\.)*"/).map { String($0.0) }
                for literal in literals where literal.contains(Self.flag) {
                    Issue.record("ZKProbe/\(file):\(number + 1): \(literal)")
                }
            }
        }
    }

    static let hints: [CheckHint] = [
        .adminPort(8080), .adminURL, .config, .connect, .expectMode, .requireWords(["mntr", "conf"]), .help,
        .writeProbe, .authFile, .allowLearnedMembers,
    ]

    @Test(arguments: hints)
    func eachHintHasLibraryWordsAndAFlag(_ hint: CheckHint) {
        #expect(!hint.description.contains(Self.flag), "\(hint.description)")
        #expect(hint.flag.contains(Self.flag), "\(hint.flag)")
    }

    static func member(_ address: String, _ state: MemberState, refusing: [String] = []) -> MemberReport {
        var m = MemberReport(address: address, state: state)
        m.endpoint = try? Endpoint(parsing: address)
        m.notWhitelisted = refusing
        m.problem = state == .unreachable ? "\(address): connection refused" : nil
        return m
    }

    /// Findings whose advice names something to change: in the library's words, no flag; spelled by the command,
    /// the flags `zkprobe check` has always printed.
    @Test func hintedFindingsReadWithoutFlagsUntilTheCommandSpellsThem() {
        let alone = EnsembleAssessment().assess([Self.member("zk1:2181", .unreachable)])
        let notServing = EnsembleAssessment().assess([Self.member("zk1:2181", .notServing)])
        let srvrOnly = EnsembleAssessment(suggestsAdminServer: true).assess([
            Self.member("zk1:2181", .leader, refusing: ["mntr", "conf"]),
            Self.member("zk2:2181", .follower, refusing: ["mntr", "conf"]),
        ])
        let findings = (alone.findings + notServing.findings + srvrOnly.findings).filter { !$0.text.hints.isEmpty }
        let codes: Set<FindingCode> = [.noMemberAnswered, .ensembleUnknown, .membershipUnknown, .wordsNotWhitelisted]
        #expect(Set(findings.map(\.code)) == codes)
        for finding in findings {
            #expect(!finding.message.contains(Self.flag), "\(finding.message)")
        }
        let spelled = findings.map { $0.spellingHints(\.flag).message }
        #expect(spelled.contains { $0.hasSuffix("the other members' state is unknown (name them, or use --config)") })
        #expect(spelled.contains { $0.contains("(name the other members, use --config, or --expect-mode for a check") })
        #expect(spelled.contains { $0.contains("no zk_quorum_size, no --config): judged on the 2 member(s) given") })
        #expect(
            spelled.contains {
                $0.contains("judged on srvr; add --require conf,mntr to make this a warning")
                    && $0.hasSuffix("; or ask the AdminServer instead: --admin-port 8080")
            }, "\(spelled)")
    }

    @Test func targetErrorsNameTheirHints() {
        let sources = TargetSources(connect: "zk1:2181,,zk2")
        #expect(throws: TargetError.self) { try sources.gather(readFile: { (_: String) throws(TargetError) in "" }) }
        do {
            _ = try sources.gather(readFile: { (_: String) throws(TargetError) in "" })
        } catch {
            #expect(error.text.hints == [.connect])
            #expect(!error.description.contains(Self.flag), "\(error.description)")
            #expect(error.text.spelled(\.flag).hasPrefix("--connect \"zk1:2181,,zk2\": expected host[:port]"))
        }
    }
}
