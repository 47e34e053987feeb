import Foundation
import TestSupport
import Testing

@testable import ZKProbe
@testable import ZKProbeCommands

extension RealEnsembleTests {
    /// `zkprobe check --admin-port` on real 3-server ensembles: a `srvr`-only whitelist with the AdminServer on
    /// is judged on the same figures as an ensemble that allows every word; an AdminServer port with nothing
    /// listening and an HTTP server that is not ZooKeeper each give a clear finding.
    @Suite struct AdminServerIntegrationTests {
        /// The figures both transports must agree on: verdict, roles, quorum, membership, the leader's synced
        /// followers, every member's latency and ruok.
        struct Figures: Equatable {
            var verdict: String
            var states: [String]
            var votersConfigured: Int
            var votersServing: Int
            var failureTolerance: Int?
            var membershipSource: String
            var leaderSyncedFollowers: Int64?
            var leaderQuorumSize: Int64?
            var everyMemberHasLatency: Bool
            var everyMemberIsOK: [Bool?]

            init(_ report: CheckJSON) {
                verdict = report.verdict
                states = report.members.map(\.state).sorted()
                votersConfigured = report.votersConfigured
                votersServing = report.votersServing
                failureTolerance = report.failureTolerance
                // "conf of 127.0.0.1:PORT": the kind of source, not which member (the ports differ per ensemble).
                membershipSource = String(report.membershipSource.prefix { $0 != ":" })
                let leader = report.members.first { $0.state == "leader" }
                leaderSyncedFollowers = leader?.syncedFollowers
                leaderQuorumSize = leader?.quorumSize
                everyMemberHasLatency = report.members.allSatisfy { $0.latencyMs?.avg != nil && $0.latencyMs?.max != nil }
                everyMemberIsOK = report.members.map(\.imok)
            }
        }

        @Test func aSrvrOnlyEnsembleThroughTheAdminServerMatchesOneWithEveryWord() throws {
            let allWords: Figures
            do {
                let ensemble = try Ensemble.start(servers: 3)
                defer { ensemble.destroy() }
                let run = CheckRun(["--connect", ensemble.connectString, "--format", "json"])
                allWords = Figures(try run.json())
                #expect(allWords.leaderSyncedFollowers == 2, "\(run.transcript)")
            }
            let ensemble = try Ensemble.start(servers: 3, whitelist: "srvr", admin: true)
            defer { ensemble.destroy() }
            let adminPorts = ensemble.members.compactMap(\.adminPort)
            #expect(adminPorts.count == 3)
            // zk-ensemble gives member i the admin port base+300+i, like its client port base+i.
            let offsets = Set(zip(adminPorts, ensemble.clientPorts).map { $0 - $1 })
            #expect(offsets == [300])

            let srvrOnly = CheckRun(["--connect", ensemble.connectString, "--format", "json"])
            let without = try srvrOnly.json()
            #expect(without.members.allSatisfy { $0.syncedFollowers == nil && $0.notWhitelisted.contains("mntr") })
            let hint = without.findings("words-not-whitelisted").first?.message ?? ""
            #expect(hint.contains("--admin-port 8080"), "\(srvrOnly.transcript)")

            let viaAdmin = try checkThroughAdmin(ensemble)
            let report = try viaAdmin.json()
            #expect(Figures(report) == allWords, "\(viaAdmin.transcript)")
            #expect(report.findings("words-not-whitelisted").isEmpty, "\(viaAdmin.transcript)")
            #expect(report.findings("admin-server-unusable").isEmpty, "\(viaAdmin.transcript)")
            #expect(report.members.allSatisfy { $0.notWhitelisted.isEmpty }, "\(viaAdmin.transcript)")
            #expect(viaAdmin.outcome.status == 0, "\(viaAdmin.transcript)")

            // Nothing listening on the AdminServer port: the member is still judged on srvr, with a finding.
            let (descriptor, refusing) = try FakeServer.refusingPort()
            defer { close(descriptor) }
            let refused = CheckRun(["--connect", ensemble.connectString, "--format", "json", "--admin-port", "\(refusing)"])
            let refusedReport = try refused.json()
            let refusedFindings = refusedReport.findings("admin-server-unusable")
            #expect(refusedFindings.count == 3, "\(refused.transcript)")
            #expect(refusedFindings.allSatisfy { $0.message.contains("admin.enableServer") }, "\(refused.transcript)")
            #expect(refusedReport.votersServing == 3)
            #expect(refusedReport.verdict == "warning")

            // An HTTP server that is not ZooKeeper's AdminServer.
            let fake = try FakeServer(
                .http { _, _ in
                    Array("HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 9\r\n\r\nnot found".utf8)
                })
            defer { fake.stop() }
            let notZK = CheckRun(
                ["--connect", ensemble.connectString, "--format", "json", "--admin-url", "http://{host}:\(fake.port)"])
            let notZKFindings = try notZK.json().findings("admin-server-unusable")
            #expect(notZKFindings.count == 3, "\(notZK.transcript)")
            #expect(notZKFindings.allSatisfy { $0.message.contains("HTTP 404") }, "\(notZK.transcript)")
        }

        /// Every member listens on 127.0.0.1 with its own AdminServer port, its client port + 300, so the
        /// check is given that offset (`--admin-port +300`); on real hosts it would be `--admin-port 8080`.
        func checkThroughAdmin(_ ensemble: Ensemble) throws -> CheckRun {
            CheckRun(["--connect", ensemble.connectString, "--format", "json", "--admin-port", "+300"])
        }
    }
}
