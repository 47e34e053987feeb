import Foundation
import Testing
import TestSupport

@testable import ZKProbe

/// The first-class `mntr` metrics: hostile values never reach the exposition, milliseconds become seconds, the
/// first key present wins, counters are typed as counters.
struct MonitorMetricTests {
    static func metric(_ name: String) throws -> MonitorMetric {
        try #require((MonitorMetric.gauges + MonitorMetric.counters).first { $0.name == name })
    }

    @Test(arguments: [Double.nan, -1, -.infinity, .infinity, 1e300, 1.9e16])
    func anUnreadableValueIsDropped(_ value: Double) throws {
        for metric in MonitorMetric.gauges + MonitorMetric.counters {
            #expect(metric.value(in: [MonitorSample(metric.keys[0], value)]) == nil, "\(metric.name) kept \(value)")
        }
    }

    @Test func millisecondsBecomeSecondsAndCountsStay() throws {
        #expect(try Self.metric("zkprobe_member_uptime_seconds").value(in: [MonitorSample("zk_uptime", 1500)]) == 1.5)
        #expect(try Self.metric("zkprobe_member_watches").value(in: [MonitorSample("zk_watch_count", 42)]) == 42)
        #expect(try Self.metric("zkprobe_member_watches").value(in: [MonitorSample("zk_watch_count{x=\"y\"}", 42)]) == nil)
    }

    /// `zk_uptime` 304078 ms is `304.078` s, not `304.07800000000003` (issue 20): every whole number of
    /// milliseconds becomes the same seconds as a `Duration` of them, whose text is the decimal
    /// (DurationSecondsTests), in the exposition too.
    @Test func millisecondsBecomeSecondsWithoutBinaryNoise() throws {
        let uptime = try Self.metric("zkprobe_member_uptime_seconds")
        let leaderUptime = try Self.metric("zkprobe_member_leader_uptime_seconds")
        var wrong: [String] = []
        for n in Array(Int64(0)...100_000) + Array(stride(from: Int64(100_001), through: 2_592_000_000, by: 259_199)) {
            let expected = Duration.milliseconds(n).seconds
            for (metric, key) in [(uptime, "zk_uptime"), (leaderUptime, "zk_leader_uptime")] {
                let value = metric.value(in: [MonitorSample(key, Double(n))])
                if value != expected { wrong.append("\(key) \(n): \(value.map { "\($0)" } ?? "dropped")") }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.count) wrong, e.g. \(wrong.prefix(5))")
        var m = MemberReport(address: "zk1:2181", state: .follower)
        m.monitorValues = [MonitorSample("zk_uptime", 304_078)]
        let report = CheckReport(
            leader: nil, quorum: true, votersConfigured: 1, votersServing: 1, majority: 1,
            failureTolerance: 0, members: [m], findings: [], durationSeconds: Duration.nanoseconds(47_333_573).seconds,
            membershipSource: "test")
        let samples = try #require(parseExposition(report.prometheus()))
        #expect(samples.first { $0.name == "zkprobe_member_uptime_seconds" }?.value == "304.078")
        #expect(samples.first { $0.name == "zkprobe_check_duration_seconds" }?.value == "0.047333573")
        #expect(report.jsonText().contains("\"durationSeconds\": 0.047333573,"), "\(report.jsonText())")
    }

    @Test func theLearnerCountReadsEitherKey() throws {
        let learners = try Self.metric("zkprobe_member_learners")
        #expect(learners.value(in: [MonitorSample("zk_followers", 2)]) == 2)
        #expect(learners.value(in: [MonitorSample("zk_followers", 2), MonitorSample("zk_learners", 4)]) == 4)
    }

    @Test func hostileValuesLeaveNoSampleAndCountersAreTyped() throws {
        var m = MemberReport(address: "zk1:2181", state: .follower)
        m.received = -5
        m.sent = 7
        m.monitorValues = [
            MonitorSample("zk_packets_received", .nan), MonitorSample("zk_commit_count", .infinity),
            MonitorSample("zk_diff_count", 3), MonitorSample("zk_watch_count", -2),
        ]
        let report = CheckReport(
            leader: nil, quorum: true, votersConfigured: 1, votersServing: 1, majority: 1,
            failureTolerance: 0, members: [m], findings: [], durationSeconds: 0, membershipSource: "test")
        let text = report.prometheus()
        let samples = try #require(parseExposition(text))
        let names = Set(samples.map(\.name))
        #expect(!names.contains("zkprobe_member_packets_received_total"))
        #expect(!names.contains("zkprobe_member_commits_total"))
        #expect(!names.contains("zkprobe_member_watches"))
        #expect(samples.first { $0.name == "zkprobe_member_packets_sent_total" }?.value == "7")
        #expect(samples.first { $0.name == "zkprobe_member_diff_syncs_total" }?.value == "3")
        #expect(text.contains("# TYPE zkprobe_member_diff_syncs_total counter\n"))
        #expect(!text.contains("NaN") && !text.contains("Inf"))
    }

    @Test func countersEndInTotalAndGaugesDoNot() {
        #expect(MonitorMetric.counters.allSatisfy { $0.name.hasSuffix("_total") && $0.kind == .counter })
        #expect(MonitorMetric.gauges.allSatisfy { !$0.name.hasSuffix("_total") && $0.kind == .gauge })
        let names = (MonitorMetric.gauges + MonitorMetric.counters).map(\.name)
        #expect(Set(names).count == names.count)
    }

    @Test(arguments: [
        ("3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC", "3.8.0", "${mvngit.commit.id}, built on 2024-12-29 17:54 UTC"),
        ("3.4.14-4c25d480e66aadd371de8bd2fd8da255ac140bcf, built on 03/06/2019 16:18 GMT", "3.4.14",
         "4c25d480e66aadd371de8bd2fd8da255ac140bcf, built on 03/06/2019 16:18 GMT"),
        ("3.9.2", "3.9.2", ""),
        ("banana", "banana", ""),
    ])
    func theVersionLabelIsShortAndTheBuildSeparate(_ text: String, _ version: String, _ build: String) throws {
        var m = MemberReport(address: "zk1:2181", state: .follower)
        m.version = text
        let report = CheckReport(
            leader: nil, quorum: true, votersConfigured: 1, votersServing: 1, majority: 1,
            failureTolerance: 0, members: [m], findings: [], durationSeconds: 0, membershipSource: "test")
        let samples = try #require(parseExposition(report.prometheus()))
        let info = try #require(samples.first { $0.name == "zkprobe_member_info" })
        #expect(info.labels["version"] == version)
        #expect(info.labels["build"] == build)
    }
}
