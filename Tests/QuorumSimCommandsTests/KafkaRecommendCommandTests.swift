import CommandLineSupport
import Foundation
import Testing

@testable import QuorumSim
@testable import QuorumSimCommands

/// `quorumsim recommend --kafka` as the command line sees it: defaults, exit statuses, one-line refusals.
struct KafkaRecommendCommandTests {
    /// Bad values and combinations: exit 64, one line on standard error naming the command, nothing on stdout.
    @Test(arguments: [
        ["--kafka", "--brokers", "0"], ["--kafka", "--brokers", "13"], ["--kafka", "--brokers", "3,,4"],
        ["--kafka", "--brokers", "9-3"], ["--kafka", "--brokers", "3-"], ["--kafka", "--brokers", "1-2-3"],
        ["--kafka", "--min-isr", "x"], ["--kafka", "--replication-factors", "+2"], ["--kafka", "--partitions", "0"],
        ["--kafka", "--controllers", "10"], ["--kafka", "--zones", "0"], ["--kafka", "--years", "5"],
        ["--kafka", "--from", "x.json"], ["--kafka", "--svg", "x.svg"], ["--kafka", "--max-voters", "5"],
        ["--kafka", "--maintenance-period", "168h", "--maintenance-duration", "20m"], ["--brokers", "5"],
        ["--partitions", "5"], ["--kafka", "--brokers", "2", "--replication-factors", "3"],
        ["--kafka", "--zones", "8", "--brokers", "12", "--partitions", "1000"],
        ["--kafka", "--target-availability", "1"],
        ["--kafka", "--target-downtime", "5", "--target-availability", "0.9"],
        ["--kafka", "--replication-factors", "2", "--min-isr", "3"],
    ])
    func badFlagsGetOneLine(_ flags: [String]) {
        let (status, capture) = runQuorumSim(["recommend"] + flags)
        #expect(status == ExitStatus.usage, "\(flags)")
        #expect(capture.stdout.isEmpty, "\(flags)")
        #expect(capture.stderr.hasPrefix("quorumsim recommend: "), "\(flags): \(capture.stderr)")
        #expect(capture.stderr.filter { $0 == "\n" }.count == 1, "\(flags): \(capture.stderr)")
    }

    /// Without Kafka flags, `--kafka` asks for the library's default request over the zones `--zones` gives.
    @Test func theFlagDefaultsAreTheRequestDefaults() throws {
        let invocation = try #require(try RecommendCommand.parse(["--kafka"]))
        let kafka = try #require(invocation.kafka)
        #expect(kafka == KafkaRecommendRequest(zones: kafka.zones))
        #expect(kafka.zones.count == 3 && kafka.zones.allSatisfy { $0.outage == ModelDefaults.zoneOutage })
        let lists = try #require(
            try RecommendCommand.parse(["--kafka", "--brokers", "4,6-7,4", "--min-isr", "2"])?.kafka)
        #expect(lists.brokerCounts == [4, 6, 7] && lists.minInsyncReplicas == [2])
    }

    /// Exit 0 when a cluster and a controller count meet the target, 3 (with the report) when either does not.
    @Test(arguments: [
        (["--target-downtime", "60"], ExitStatus.success), (["--target-downtime", "0.01"], ExitStatus.noPlacement),
        (["--zones", "2", "--target-downtime", "60"], ExitStatus.noPlacement),
    ])
    func statusSaysWhetherTheTargetIsMet(_ flags: [String], _ expected: Int32) {
        let (status, capture) = runQuorumSim(["recommend", "--kafka", "--brokers", "3-5"] + flags)
        #expect(status == expected, "\(capture.stderr)")
        #expect(capture.stdout.contains("why:"))
    }

    /// The JSON holds the same ranked figures as the text, in the same order.
    @Test func jsonListsTheClustersInRankOrder() throws {
        let (status, capture) = runQuorumSim(["recommend", "--kafka", "--zones", "2", "--format", "json"])
        #expect(status == ExitStatus.noPlacement)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(capture.stdout.utf8)) as? [String: Any])
        let clusters = try #require(object["clusters"] as? [[String: Any]])
        let figures = clusters.compactMap { $0["unwritableMinutesPerYear"] as? Double }
        #expect(figures.count == clusters.count && figures.count > 20)
        #expect(figures == figures.sorted())
        #expect(object["recommendedControllers"] is NSNull)
        #expect((object["controllers"] as? [[String: Any]])?.isEmpty == false)
    }
}
