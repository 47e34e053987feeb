import Foundation
import TestSupport
import Testing

@testable import ZKProbe

extension RealEnsembleSideTests {
    /// The client probes as an operator runs them: the `zkprobe` binary with `--session-probe`, `--write-probe PATH`
    /// and `--auth-file FILE`, and `zkprobe serve` with a probe on a configuration line, against real ensembles.
    /// The JSON is read as JSON (not through the library's types), since its keys are the contract.
    @Suite struct ClientProbeCommandTests {
        @Test func checkWithTheWriteProbeReportsEveryMembersClientAndExitsZero() throws {
            let zkprobe = try ExternalTool.zkprobe()
            let ensemble = try Ensemble.start(servers: 3)
            defer { ensemble.destroy() }
            let base = ["check", "--connect", ensemble.connectString, "--timeout", "5"]

            let run = try ExternalTool.run(zkprobe, base + ["--write-probe", "/zkprobe-cli", "--format", "json"])
            #expect(run.status == 0, "\(run.transcript)")
            let report = try Self.json(run)
            #expect(report["writable"] as? Bool == true, "\(run.transcript)")
            #expect(report["clientProbe"] as? String == "write", "\(run.transcript)")
            let members = try #require(report["members"] as? [[String: Any]], "\(run.transcript)")
            #expect(members.count == 3)
            for member in members {
                let client = try #require(member["client"] as? [String: Any], "\(member)\n\(run.transcript)")
                #expect(client["completed"] as? Bool == true, "\(client)")
                #expect(client["readOnly"] as? Bool == false, "\(client)")
                #expect(client["sessionId"] is NSNumber, "\(client)")
                for key in ["connectSeconds", "roundTripSeconds", "writeSeconds", "readSeconds", "visibilitySeconds"] {
                    let seconds = try #require(client[key] as? Double, "\(key) in \(client)")
                    #expect(seconds >= 0 && seconds < 5, "\(key) in \(client)")
                }
                #expect(client["error"] == nil || client["error"] is NSNull, "\(client)")
            }

            // Nagios: the slowest write and each member's, as perfdata.
            let nagios = try ExternalTool.run(zkprobe, base + ["--write-probe", "/zkprobe-cli", "--format", "nagios"])
            #expect(nagios.status == 0, "\(nagios.transcript)")
            let perfdata = try #require(nagios.outputLines.first?.split(separator: "|").last, "\(nagios.transcript)")
            // label=value;warn;crit;min;max, a label with ':' in single quotes; values in seconds here.
            let seconds = Dictionary(
                perfdata.split(separator: " ").compactMap { item -> (String, Double)? in
                    let parts = item.split(separator: "=", maxSplits: 1)
                    guard parts.count == 2, let value = parts[1].split(separator: ";").first, value.hasSuffix("s"),
                        let number = Double(value.dropLast())
                    else { return nil }
                    return (parts[0].replacingOccurrences(of: "'", with: ""), number)
                }, uniquingKeysWith: { first, _ in first })
            let perMember = ensemble.endpoints.compactMap { seconds["\($0)_write_time"] }
            #expect(perMember.count == 3, "\(nagios.transcript)")
            #expect(seconds["write_time"] == perMember.max(), "the slowest member's write\n\(nagios.transcript)")

            // Without a probe flag the report is as before: no client object, no writable.
            let plain = try Self.json(try ExternalTool.run(zkprobe, base + ["--format", "json"]))
            #expect(plain["writable"] == nil || plain["writable"] is NSNull)
            #expect((plain["members"] as? [[String: Any]])?.allSatisfy { $0["client"] == nil } == true)
        }

        @Test func anAuthFileLetsTheWriteProbeThroughADigestACL() throws {
            let zkprobe = try ExternalTool.zkprobe()
            let ensemble = try Ensemble.start(servers: 3)
            defer { ensemble.destroy() }
            let path = "/zkprobe-acl"
            try ZkCli.createGuarded(path, user: "zkprobe", password: "it-secret", server: ensemble.endpoint(of: 2))
            let base = ["check", "--connect", ensemble.connectString, "--write-probe", path, "--format", "json"]

            let denied = try ExternalTool.run(zkprobe, base)
            #expect(denied.status == 1, "a denied probe is the operator's setup, a warning\n\(denied.transcript)")
            let deniedReport = try Self.json(denied)
            #expect(deniedReport["writable"] as? Bool == false, "\(denied.transcript)")
            let codes = (deniedReport["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            #expect(codes.filter { $0 == "write-probe-denied" }.count == 3, "\(denied.transcript)")
            #expect(!codes.contains("writes-fail"), "\(denied.transcript)")

            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "zkprobe-auth-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let authFile = folder.appendingPathComponent("probe.auth").path
            try "# the probe's identity\ndigest zkprobe:it-secret\n".write(
                toFile: authFile, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: authFile)

            let allowed = try ExternalTool.run(zkprobe, base + ["--auth-file", authFile])
            #expect(allowed.status == 0, "\(allowed.transcript)")
            #expect(try Self.json(allowed)["writable"] as? Bool == true, "\(allowed.transcript)")
            #expect(!allowed.standardOutput.contains("it-secret") && !allowed.standardError.contains("it-secret"))
        }

        @Test func serveWithAProbeOnALineExposesTheEnsembleAsWritable() throws {
            let ensemble = try Ensemble.start(servers: 3)
            defer { ensemble.destroy() }
            let serve = try ServeProcess.start(
                config: """
                    probed = --connect '\(ensemble.connectString)' --write-probe /zkprobe-serve
                    sessions = --connect '\(ensemble.connectString)' --session-probe
                    plain = --connect '\(ensemble.connectString)'

                    """)
            defer { serve.stop() }

            for target in ["probed", "sessions"] {
                let samples = try Self.scrape(serve, target)
                let writable = samples.filter { $0.name == "zkprobe_ensemble_writable" }
                #expect(writable.map(\.value) == ["1"], "\(target): \(writable)")
                let completed = samples.filter { $0.name == "zkprobe_member_client_completed" }
                #expect(Set(completed.compactMap { $0.labels["member"] }) == Set(ensemble.endpoints), "\(target)")
                #expect(completed.allSatisfy { $0.value == "1" }, "\(target): \(completed)")
                #expect(samples.contains { $0.name == "zkprobe_member_client_connect_seconds" }, "\(target)")
            }
            let written = try Self.scrape(serve, "probed")
            #expect(written.filter { $0.name == "zkprobe_member_client_visibility_seconds" }.count == 3)
            // A line without a probe exposes none of the client series.
            let plain = try Self.scrape(serve, "plain")
            #expect(
                !plain.contains {
                    $0.name.hasPrefix("zkprobe_member_client_") || $0.name == "zkprobe_ensemble_writable"
                })
            #expect(serve.stop() == 0, "\(serve.log)")
        }

        static func json(_ run: ExternalTool.Run) throws -> [String: Any] {
            guard let object = try? JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)),
                let report = object as? [String: Any]
            else { throw ExternalTool.Failure(description: "not a JSON object:\n\(run.transcript)") }
            return report
        }

        static func scrape(_ serve: ServeProcess, _ target: String) throws
            -> [(name: String, labels: [String: String], value: String)]
        {
            let page = try HTTPGet.fetch(URL(string: "http://\(serve.address)/probe?target=\(target)")!)
            guard page.status == 200, let samples = parseExposition(page.body) else {
                throw ExternalTool.Failure(description: "/probe?target=\(target): \(page)")
            }
            return samples
        }
    }
}
