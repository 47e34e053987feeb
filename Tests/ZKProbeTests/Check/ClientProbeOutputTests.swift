import Foundation
import TestSupport
import Testing

@testable import ZKProbe

/// The client probe in every output format (docs/zkprobe-check.md, docs/zkprobe-metrics.md): JSON's `client`,
/// `writable` and `clientProbe`, the `zkprobe_member_client_*` and `zkprobe_ensemble_writable` series, the Nagios
/// `session_round_trip`/`write_time` perfdata and the text table's client columns; all absent without a probe, and
/// a hostile error text kept inside its field in each.
struct ClientProbeOutputTests {
    typealias Robust = CheckOutputRobustnessTests

    static func measured(
        connect: Double?, roundTrip: Double?, write: Double? = nil, read: Double? = nil, visibility: Double? = nil,
        completed: Bool, error: String? = nil, failure: ClientFailureKind? = nil
    ) -> ClientMeasurement {
        var c = ClientMeasurement()
        (c.connectSeconds, c.roundTripSeconds, c.writeSeconds) = (connect, roundTrip, write)
        (c.readSeconds, c.visibilitySeconds) = (read, visibility)
        c.sessionId = connect == nil ? nil : 0x1000_0a3f_2c00_0042
        c.completed = completed
        c.error = error
        c.failure = failure
        return c
    }

    /// Three members: two completed (zk2 slower), zk3 failed after a slow write, plus zk4 not probed.
    static func probed(_ mode: ClientProbe.Mode, error: String = "zk3:2181: delete answered connectionLoss (-4)")
        -> CheckReport
    {
        var members = [
            Robust.member("zk1:2181", .leader), Robust.member("zk2:2181", .follower),
            Robust.member("zk3:2181", .follower), Robust.member("zk4:2181", .follower),
        ]
        members[0].client = measured(
            connect: 0.001, roundTrip: 0.002, write: 0.003, read: 0.0005, visibility: 0, completed: true)
        members[1].client = measured(
            connect: 0.0015, roundTrip: 0.004, write: 0.007, read: 0.0006, visibility: 0.0012, completed: true)
        members[2].client = measured(
            connect: 0.002, roundTrip: 0.009, write: 0.5, completed: false, error: error, failure: .serverError)
        var report = Robust.report(members)
        ClientVerdict.apply(mode, to: &report)
        return report
    }

    static let writeProbe = ClientProbe.Mode.write(path: "/zkprobe")

    // MARK: Without a probe

    /// A check without a probe has no client key, series, perfdata label or column (the goldens hold the bytes).
    @Test(arguments: CheckGoldenTests.scenes.filter { $0.probe == nil })
    func withoutAProbeNothingOfTheProbeShows(_ scene: CheckGoldenTests.Scene) throws {
        let report = try CheckGoldenTests.report(scene)
        for key in ["\"client\"", "\"writable\"", "\"clientProbe\""] { #expect(!report.jsonText().contains(key)) }
        #expect(!report.prometheus().contains("_client_") && !report.prometheus().contains("writable"))
        #expect(!report.nagios().contains("session_round_trip") && !report.nagios().contains("write_time"))
        #expect(!report.text().contains("CLIENT"))
    }

    /// The one-line summary (text, JSON, Nagios status line) says through how many of the members probed the
    /// probe completed; without a probe it is what it was.
    @Test func theSummarySaysThroughHowManyMembersTheProbeCompleted() throws {
        #expect(Self.probed(Self.writeProbe).summary.hasSuffix(", write probe completed through 2/3 members"))
        #expect(Self.probed(.session).summary.hasSuffix(", session probe completed through 2/3 members"))
        let scene = try #require(CheckGoldenTests.scenes.first { $0.probe == nil })
        #expect(!(try CheckGoldenTests.report(scene)).summary.contains("probe"))
    }

    // MARK: JSON

    @Test func jsonCarriesEachMembersClientObjectAndWhetherTheEnsembleIsWritable() throws {
        let text = Self.probed(Self.writeProbe).jsonText()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["clientProbe"] as? String == "write")
        #expect(object["writable"] as? Bool == true)
        let members = try #require(object["members"] as? [[String: Any]])
        let documented: Set<String> = [
            "connectSeconds", "roundTripSeconds", "writeSeconds", "readSeconds", "visibilitySeconds", "sessionId",
            "readOnly", "attempts", "completed", "error", "failure",
        ]
        let first = try #require(members[0]["client"] as? [String: Any])
        #expect(Set(first.keys) == documented)
        #expect(first["writeSeconds"] as? Double == 0.003)
        #expect(first["visibilitySeconds"] as? Double == 0)
        #expect((first["sessionId"] as? NSNumber)?.int64Value == 0x1000_0a3f_2c00_0042)
        #expect(first["completed"] as? Bool == true)
        #expect(first["error"] is NSNull)
        let third = try #require(members[2]["client"] as? [String: Any])
        #expect(third["completed"] as? Bool == false)
        #expect(third["failure"] as? String == "server-error")
        #expect(third["readSeconds"] is NSNull)
        #expect(members[3]["client"] is NSNull, "a member the probe did not reach has client null")
        // The contract type reads it back whole.
        let document = try JSONDecoder().decode(CheckDocument.self, from: Data(text.utf8))
        #expect(document == CheckDocument(Self.probed(Self.writeProbe)))
    }

    @Test func jsonSaysNotWritableWhenNoMemberCompleted() throws {
        var report = Self.probed(.session)
        for i in report.members.indices { report.members[i].client?.completed = false }
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(report.jsonText().utf8)) as? [String: Any])
        #expect(object["clientProbe"] as? String == "session")
        #expect(object["writable"] as? Bool == false)
    }

    // MARK: Prometheus

    @Test func prometheusHasTheClientSeriesOfWhatWasMeasured() throws {
        let samples = try #require(parseExposition(Self.probed(Self.writeProbe).prometheus()))
        func values(_ name: String) -> [String: Double] {
            Dictionary(
                uniqueKeysWithValues: samples.filter { $0.name == name }.map {
                    ($0.labels["member"]!, Double($0.value)!)
                })
        }
        let (zk1, zk2, zk3) = ("zk1:2181", "zk2:2181", "zk3:2181")
        #expect(values("zkprobe_member_client_connect_seconds") == [zk1: 0.001, zk2: 0.0015, zk3: 0.002])
        #expect(values("zkprobe_member_client_write_seconds") == [zk1: 0.003, zk2: 0.007, zk3: 0.5])
        #expect(values("zkprobe_member_client_read_seconds") == [zk1: 0.0005, zk2: 0.0006])
        #expect(values("zkprobe_member_client_visibility_seconds") == [zk1: 0, zk2: 0.0012])
        #expect(values("zkprobe_member_client_round_trip_seconds") == [zk1: 0.002, zk2: 0.004, zk3: 0.009])
        #expect(values("zkprobe_member_client_completed") == [zk1: 1, zk2: 1, zk3: 0])
        #expect(samples.filter { $0.name == "zkprobe_ensemble_writable" }.map(\.value) == ["1"])
        // Errors are never labels: every client series is labelled by member alone.
        for sample in samples where sample.name.hasPrefix("zkprobe_member_client_") {
            #expect(Set(sample.labels.keys) == ["member"], "\(sample)")
        }
        var none = Self.probed(.session)
        for i in none.members.indices { none.members[i].client?.completed = false }
        let noneWritable = try #require(parseExposition(none.prometheus()))
        #expect(noneWritable.filter { $0.name == "zkprobe_ensemble_writable" }.map(\.value) == ["0"])
    }

    // MARK: Nagios

    /// `write_time` is the slowest write among the members that completed the probe (zk3's 0.5 s write did not
    /// complete the probe), `session_round_trip` likewise; per member, what was measured through it.
    @Test func nagiosPerfdataCarriesTheWriteTimeOfCompletedMembers() throws {
        let parsed = try #require(parseNagiosOutput(Self.probed(Self.writeProbe).nagios()))
        func item(_ label: String) -> PerfdataItem? { parsed.perfdata.first { $0.label == label } }
        #expect(item("write_time") == PerfdataItem(label: "write_time", value: "0.007000", unit: "s", min: "0"))
        #expect(item("session_round_trip")?.value == "0.004000")
        #expect(item("zk3:2181_write_time")?.value == "0.500000")
        #expect(item("zk4:2181_write_time")?.value == "U")
        #expect(item("zk1:2181_session_round_trip")?.value == "0.002000")
        #expect(item("zk2:2181_read_time") == nil, "reads are in JSON and Prometheus only")
        let labels = parsed.perfdata.map(\.label)
        let ensembleLabels = CheckReport.ensembleLabels.map(\.label) + ["session_round_trip", "write_time"]
        #expect(Array(labels.prefix(11)) == ensembleLabels)

        let members = try #require(parseNagiosOutput(Self.probed(Self.writeProbe).nagios(verbosity: 2))).longText
        #expect(members.contains { $0.hasPrefix("member zk1:2181: ") && $0.hasSuffix(", client probe ok, write 3 ms") })
        #expect(members.contains { $0.hasSuffix(", client probe failed: delete answered connectionLoss (-4)") })
        #expect(members.contains { $0.hasPrefix("member zk4:2181: ") && !$0.contains("client probe") })
        let session = try #require(parseNagiosOutput(Self.probed(.session).nagios()))
        #expect(!session.perfdata.contains { $0.label.hasSuffix("write_time") }, "a session probe writes nothing")
        #expect(session.perfdata.contains { $0.label == "zk1:2181_session_round_trip" })
        var none = Self.probed(Self.writeProbe)
        for i in none.members.indices { none.members[i].client?.completed = false }
        let failed = try #require(parseNagiosOutput(none.nagios()))
        #expect(failed.perfdata.first { $0.label == "write_time" }?.value == "U")
    }

    // MARK: Text

    @Test func theTextTableHasClientColumnsForTheModeThatRan() throws {
        let write = Robust.lines(Self.probed(Self.writeProbe).text())
        let header = try #require(write.first { $0.hasPrefix("MEMBER") })
        #expect(header.hasSuffix("CONNECT ms  RTT ms  WRITE ms  READ ms  VISIBLE ms  CLIENT"), "\(header)")
        let zk2 = try #require(write.first { $0.hasPrefix("zk2:2181") })
        let cells = { (line: String) in line.split(separator: " ").map(String.init) }
        // connect, RTT, write, read, visible (ms), then the outcome.
        let figures = cells(zk2).suffix(6).dropLast().compactMap(Double.init)
        #expect(zip(figures, [1.5, 4, 7, 0.6, 1.2]).allSatisfy { abs($0 - $1) < 1e-9 } && figures.count == 5, "\(zk2)")
        #expect(cells(zk2).last == "ok")
        let zk3 = try #require(write.first { $0.hasPrefix("zk3:2181") })
        #expect(zk3.hasSuffix("delete answered connectionLoss (-4)"), "\(zk3)")
        #expect(!zk3.contains("zk3:2181: delete"), "the row names the member once")
        #expect(cells(zk3).contains("500") && cells(zk3).filter { $0 == "-" }.count == 2, "\(zk3)")
        #expect(write.first { $0.hasPrefix("zk4:2181") }?.hasSuffix("not probed") == true)
        let session = try #require(Robust.lines(Self.probed(.session).text()).first { $0.hasPrefix("MEMBER") })
        #expect(session.hasSuffix("CONNECT ms  RTT ms  CLIENT"), "\(session)")
    }

    // MARK: Hostile error text

    /// An error quotes what a server sent: in JSON it is the same string after a round trip, in Prometheus it is
    /// nowhere (no label), in Nagios and the text table it is escaped and cannot start a line or perfdata.
    @Test(arguments: Robust.hostile + ["quote\"back\\slash'", "zk3:2181: \"}\nzkprobe_ensemble_writable 1\n"])
    func aHostileErrorStaysInsideItsField(_ evil: String) throws {
        for mode in [ClientProbe.Mode.session, Self.writeProbe] {
            let report = Self.probed(mode, error: evil)
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(report.jsonText().utf8)) as? [String: Any])
            let members = try #require(object["members"] as? [[String: Any]])
            #expect((members[2]["client"] as? [String: Any])?["error"] as? String == evil)

            let prometheus = report.prometheus()
            let samples = try #require(parseExposition(prometheus), "\(prometheus.debugDescription)")
            #expect(samples.filter { $0.name == "zkprobe_ensemble_writable" }.map(\.value) == ["1"])
            #expect(samples.allSatisfy { $0.labels.values.allSatisfy { !$0.contains(evil) } })

            let nagios = report.nagios(verbosity: 3)
            let parsed = try #require(parseNagiosOutput(nagios), "\(nagios.debugDescription)")
            #expect(parsed.status == "WARNING")
            #expect(parsed.longText.allSatisfy { !$0.hasPrefix("ZOOKEEPER") })

            let lines = Robust.lines(report.text())
            #expect(lines.count == 3 + report.members.count + 1 + report.findings.count)
            for line in lines {
                #expect(!line.unicodeScalars.contains(where: isForbiddenInLine), "\(line.debugDescription)")
            }
        }
    }
}
