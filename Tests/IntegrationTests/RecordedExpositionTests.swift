import Foundation
import Testing

/// Every Prometheus output recorded under ZKProbeTests' `Snapshots/check` (the check of each golden scene, the
/// client probe's included) passes Debian's `promtool check metrics` with nothing to say.
struct RecordedExpositionTests {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ZKProbeTests/Snapshots/check").path

    static var recorded: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: snapshots)) ?? []
        return files.filter { $0.hasSuffix(".prom") }.sorted()
    }

    @Test func theClientProbeScenesAreRecorded() {
        for scene in ["write-probe", "writes-fail", "servers-view-lags"] {
            #expect(Self.recorded.contains("\(scene).prom"), "\(scene).prom")
        }
    }

    @Test(arguments: recorded)
    func recordedExpositionPassesPromtool(_ file: String) throws {
        let promtool = try ExternalTool.locate("promtool", package: "prometheus")
        let lint = try ExternalTool.run(promtool, ["check", "metrics"], standardInput: Self.snapshots + "/" + file)
        #expect(lint.status == 0, "\(lint.transcript)")
        #expect(lint.standardOutput.isEmpty && lint.standardError.isEmpty, "\(lint.transcript)")
    }
}
