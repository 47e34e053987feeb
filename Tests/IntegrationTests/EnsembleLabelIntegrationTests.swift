import Foundation
import Testing
import TestSupport

@testable import ZKProbeCommands

extension RealEnsembleTests {
    /// Two ensembles' `.prom` files in one node-exporter textfile directory: without `--ensemble` node exporter
    /// drops the second file's series ("collected before with the same name and label values"); with it, both
    /// are collected, each series under its own `ensemble` label.
    @Suite struct EnsembleLabelIntegrationTests {
        @Test func twoNamedEnsemblesShareOneTextfileDirectory() throws {
            let quorum = try Ensemble.start(servers: 3)
            defer { quorum.destroy() }
            let standalone = try Ensemble.start(servers: 1)
            defer { standalone.destroy() }
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("zkprobe-textfile-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let sets = [("orders", quorum), ("billing", standalone)]

            func write(named: Bool) {
                for (name, ensemble) in sets {
                    let run = CheckRun(
                        ["--connect", ensemble.connectString, "--format", "prometheus",
                         "--output", directory + "/zkprobe-\(name).prom"] + (named ? ["--ensemble", name] : []))
                    #expect(run.outcome.standardError.isEmpty, "\(run.transcript)")
                }
            }
            func scrape() throws -> (lines: Set<String>, log: String) {
                let exporter = try NodeExporter.start(textfileFlags: ["--collector.textfile.directory", directory])
                defer { exporter.stop() }
                let text = try exporter.scrape()
                // Node exporter logs a gathering error before it answers; stop() removes the log, so read it first.
                let log = (try? String(contentsOfFile: exporter.logPath, encoding: .utf8)) ?? ""
                return (Set(text.split(separator: "\n").map(String.init)), log)
            }

            // The old way: the same series in both files, and node exporter says so.
            write(named: false)
            let clash = try scrape()
            #expect(clash.log.contains("collected before with the same name and label values"), "\(clash.log)")

            write(named: true)
            let named = try scrape()
            #expect(!named.log.contains("collected before"), "\(named.log)")
            #expect(named.lines.contains("node_textfile_scrape_error 0"))
            for (name, ensemble) in sets {
                #expect(named.lines.contains { $0.hasPrefix("zkprobe_ensemble_verdict{ensemble=\"\(name)\"} ") }, "\(name)")
                for endpoint in ensemble.endpoints {
                    #expect(
                        named.lines.contains("zkprobe_member_up{ensemble=\"\(name)\",member=\"\(endpoint)\"} 1"),
                        "\(name) \(endpoint)")
                }
            }
            #expect(named.lines.contains("zkprobe_ensemble_quorum{ensemble=\"orders\"} 1"))
            #expect(!named.lines.contains { $0.hasPrefix("zkprobe_ensemble_verdict ") })
        }
    }
}
