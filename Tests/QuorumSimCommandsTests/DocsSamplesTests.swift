import Foundation
import TestSupport
import Testing

/// `scripts/docs-samples`: every quorumsim output sample in README.md and docs/*.md is what the code prints now.
struct DocsSamplesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let script = root.appendingPathComponent("scripts/docs-samples").path

    static func docsSamples(_ arguments: [String]) throws -> ChildProcess.Finished {
        let binary = try #require(BuiltProducts.executable("quorumsim"), "build the quorumsim product first")
        return try ChildProcess.run(
            "/usr/bin/env", ["python3", script, "--binary", binary] + arguments, currentDirectory: root,
            timeout: .seconds(300))
    }

    @Test func everySampleInTheDocsIsCurrent() throws {
        let finished = try Self.docsSamples(["--check"])
        #expect(finished.status == 0, "\(finished.standardError)")
    }

    /// A sample whose output no longer matches is reported by `--check` (nothing written), rewritten without it,
    /// and a second run changes nothing.
    @Test func aStaleSampleIsFoundRewrittenAndThenStable() throws {
        let page = FileManager.default.temporaryDirectory.appendingPathComponent("docs-samples-\(UUID().uuidString).md")
        defer { try? FileManager.default.removeItem(at: page) }
        let stale = """
            Intro.

            <!-- sample: quorumsim tolerance scenarios/three-servers-one-zone.json -->
            ```console
            $ quorumsim tolerance scenarios/three-servers-one-zone.json
            an old output
            ```
            <!-- /sample -->

            <!-- file: scenarios/three-servers-one-zone.json -->
            <!-- /file -->
            """
        try Data(stale.utf8).write(to: page)
        let check = try Self.docsSamples(["--check", page.path])
        #expect(check.status == 1)
        #expect(check.standardError.contains("stale samples in:"))
        #expect(try String(contentsOf: page, encoding: .utf8) == stale)

        #expect(try Self.docsSamples([page.path]).status == 0)
        let rewritten = try String(contentsOf: page, encoding: .utf8)
        #expect(!rewritten.contains("an old output"))
        let scenario = try String(
            contentsOf: Self.root.appendingPathComponent("scenarios/three-servers-one-zone.json"), encoding: .utf8)
        #expect(rewritten.contains(scenario))
        #expect(try Self.docsSamples(["--check", page.path]).status == 0)
    }
}
