import Foundation
import TestSupport
import Testing

@testable import ZKProbe

/// The text, Nagios and Prometheus renderers against what a server (or a broken one) can send: extreme figures,
/// non-finite latencies, control characters in every server-controlled string.
struct CheckOutputRobustnessTests {
    /// A report built directly, so the renderers are tested apart from the assessment's rules.
    static func report(
        _ members: [MemberReport], findings: [Finding] = [], leader: String? = "zk1:2181",
        quorum: Bool = true, duration: Double = 0.0125
    ) -> CheckReport {
        let voters = members.count
        let serving = members.filter { $0.state.isServing }.count
        return CheckReport(
            leader: leader, quorum: quorum, votersConfigured: voters, votersServing: serving,
            majority: voters / 2 + 1, failureTolerance: quorum ? serving - (voters / 2 + 1) : -1, members: members,
            findings: findings, durationSeconds: duration, membershipSource: "arguments")
    }

    static func member(_ address: String, _ state: MemberState, latency: Double? = 1.5) -> MemberReport {
        var m = MemberReport(address: address, state: state)
        guard state.isServing else { return m }
        m.version = "3.8.0-1, built on 2022-02-25 08:49 UTC"
        m.zxid = 0x1_0000_0002
        m.latencyMin = latency.map { Swift.min($0, 0) }
        m.latencyAvg = latency
        m.latencyMax = latency
        m.connections = 2
        m.outstanding = 0
        m.lag = 0
        return m
    }

    /// Every integer figure at `value`, every double figure at `double`.
    static func extreme(_ address: String, _ value: Int64, _ double: Double) -> MemberReport {
        var m = member(address, .follower)
        m.zxid = value < 0 ? 0 : UInt64.max
        m.latencyMin = double
        m.latencyAvg = double
        m.latencyMax = double
        for path in [
            \MemberReport.received, \.sent, \.connections, \.outstanding, \.nodeCount, \.learners,
            \.syncedFollowers, \.syncedNonVotingFollowers, \.pendingSyncs, \.openFileDescriptors,
            \.maxFileDescriptors, \.quorumSize, \.lag,
        ] {
            m[keyPath: path] = value
        }
        m.connectSeconds = double
        m.exchangeSeconds = double
        m.monitorValues = [MonitorSample("zk_avg_latency", double), MonitorSample("zk_num_alive_connections", 1)]
        return m
    }

    static let kinds: [(String, CheckReport)] = {
        let healthy = report(
            [member("zk1:2181", .leader), member("zk2:2181", .follower), member("zk3:2181", .follower)])
        let oneDown = report(
            [member("zk1:2181", .leader), member("zk2:2181", .follower), member("zk3:2181", .unreachable)],
            findings: [Finding(.memberUnreachable, member: "zk3:2181", "zk3:2181 is unreachable")])
        let noQuorum = report(
            [member("zk1:2181", .notServing), member("zk2:2181", .unreachable), member("zk3:2181", .error)],
            findings: [Finding(.noQuorum, "no quorum")], leader: nil, quorum: false)
        let nanLatency = report(
            [member("zk1:2181", .leader, latency: .nan), member("zk2:2181", .follower, latency: .nan)],
            duration: .nan)
        let mixedLatency = report(
            [
                member("zk1:2181", .leader, latency: .infinity), member("zk2:2181", .follower, latency: 7),
                member("zk3:2181", .follower, latency: -.infinity),
            ],
            duration: .infinity)
        let huge = report(
            [extreme("zk1:2181", .max, .greatestFiniteMagnitude), extreme("zk2:2181", .max, 1e300)],
            duration: 1e300)
        let hugeNegative = report(
            [extreme("zk1:2181", .min, -.greatestFiniteMagnitude), extreme("zk2:2181", .min, -1e300)],
            duration: -.infinity)
        return [
            ("healthy", healthy), ("one down", oneDown), ("no quorum", noQuorum), ("NaN latency", nanLatency),
            ("infinite latency", mixedLatency), ("huge numbers", huge), ("huge negative numbers", hugeNegative),
        ]
    }()

    static var kindNames: [String] { kinds.map(\.0) }

    static func kind(_ name: String) -> CheckReport { kinds.first { $0.0 == name }!.1 }

    // MARK: Nagios

    @Test func connectionSumsSaturateInsteadOfTrapping() throws {
        let up = Self.report([Self.extreme("zk1:2181", .max, 1), Self.extreme("zk2:2181", .max, 1)])
        let upItems = try #require(parseNagiosOutput(up.nagios())?.perfdata)
        #expect(upItems.first { $0.label == "connections" }?.value == "9223372036854775807")
        let down = Self.report([Self.extreme("zk1:2181", .min, 1), Self.extreme("zk2:2181", .min, 1)])
        let downItems = try #require(parseNagiosOutput(down.nagios())?.perfdata)
        #expect(downItems.first { $0.label == "connections" }?.value == "-9223372036854775808")
        #expect(CheckReport.saturatingSum([.max, 1, -5]) == .max - 5)
        #expect(CheckReport.saturatingSum([.min, -1, .max]) == -1)
        #expect(CheckReport.saturatingSum([]) == 0)
    }

    @Test(arguments: kindNames)
    func nagiosOutputParsesPerTheGuidelines(_ name: String) throws {
        let report = Self.kind(name)
        let out = report.nagios()
        let parsed = try #require(parseNagiosOutput(out), "\(out)")
        #expect(parsed.status == report.verdict.nagiosWord)
        let labels = parsed.perfdata.map(\.label)
        // The same labels whatever the state: the ensemble's, then eight per member, all of them on every run.
        #expect(Array(labels.prefix(9)) == CheckReport.ensembleLabels.map(\.label))
        let figures = ["up", "serving", "latency_avg", "latency_max", "round_trip", "outstanding", "lag", "connections"]
        #expect(Array(labels.dropFirst(9)) == report.members.flatMap { m in figures.map { "\(m.address)_\($0)" } })
        for word in ["nan", "inf"] { #expect(!out.lowercased().contains(word), "\(out)") }
        #expect(parsed.longText.count == report.findings.filter { $0.severity != .ok || report.verdict == .ok }.count)
    }

    @Test(arguments: CheckGoldenTests.scenes)
    func recordedNagiosOutputsParsePerTheGuidelines(_ scene: CheckGoldenTests.Scene) throws {
        let out = try CheckGoldenTests.report(scene).nagios()
        #expect(parseNagiosOutput(out) != nil, "\(out)")
    }

    @Test func figuresThatCannotBeMeasuredAreU() throws {
        let nan = try #require(parseNagiosOutput(Self.kind("NaN latency").nagios())).perfdata
        #expect(
            nan.first { $0.label == "latency_avg" }
                == PerfdataItem(
                    label: "latency_avg", value: "U", unit: "", warn: "@100:", crit: "@1000:", min: "0"))
        #expect(nan.first { $0.label == "latency_max" }?.value == "U")
        #expect(nan.first { $0.label == "time" }?.value == "U")
        // A non-finite latency on one member is not measured; the others still give the largest figure.
        let mixed = try #require(parseNagiosOutput(Self.kind("infinite latency").nagios())).perfdata
        #expect(mixed.first { $0.label == "latency_avg" }?.value == "7")
        #expect(mixed.first { $0.label == "latency_avg" }?.unit == "ms")
        var thresholds = CheckThresholds()
        // A range with a NaN end (built in code, never parsed) and an off threshold both print no range.
        thresholds.latencyAvgWarning = ThresholdRange(start: .nan, end: 5)
        thresholds.latencyMaxCritical = nil
        let odd = try #require(parseNagiosOutput(Self.kind("healthy").nagios(thresholds: thresholds))).perfdata
        #expect(odd.first { $0.label == "latency_avg" }?.warn == "")
        #expect(odd.first { $0.label == "latency_max" }?.crit == "")
    }

    @Test func labelsAreQuotedAndEscapedPerTheGuidelines() throws {
        #expect(CheckReport.perfLabel("lag") == "lag")
        #expect(CheckReport.perfLabel("zk1 lag") == "'zk1 lag'")
        #expect(CheckReport.perfLabel("a=b") == "'a=b'")
        #expect(CheckReport.perfLabel("it's") == "'it''s'")
        for label in ["lag", "zk1 lag", "a=b", "it's", "'quoted' = odd", "pipe|and\nline"] {
            let item = CheckReport.perfItem(label, "3", "ms", warn: "10", crit: "20:", min: "0")
            let parsed = try #require(parsePerfdata(item)?.first, "\(item)")
            #expect(parsed.value == "3" && parsed.unit == "ms" && parsed.crit == "20:")
            #expect(!parsed.label.contains("|") && !parsed.label.contains("\n"))
            if !label.contains("|") && !label.contains("\n") { #expect(parsed.label == label) }
        }
    }

    @Test func theStrictParserRejectsWhatTheGuidelinesForbid() {
        for bad in [
            "a=nan;;;;", "a=inf", "a=-inf;;;0;", "a=1;;;;;", "a b=1", "'a=1", "a=1xs", "=1", "a=U5",
            "a=1;1:2:3", "a=1;~:", "a=1;;;x;", "a=1  b=2", "a=1 ", "a='1'", "it's=1",
        ] {
            #expect(parsePerfdata(bad) == nil, "\(bad)")
        }
        for good in ["a=1", "'a b'=U;;;;", "'it''s'=-1.5ms;@10:20;~:5;0;", "a=.5%", "a=1;10:;;;", "'a=b'=0c"] {
            #expect(parsePerfdata(good) != nil, "\(good)")
        }
    }

    // MARK: Control characters from servers

    static let hostile = [
        "3.8.0\u{0}nul", "3.8.0\u{1B}[31mred\u{1B}[0m", "3.8.0\r\nZOOKEEPER OK - fine | x=1", "line\u{2028}sep\u{2029}",
        "next\u{85}line\u{9B}31m\u{7F}", "pipe|perf=1;;;;", "tab\there\u{7}bell",
    ]

    /// Hostile text everywhere a server or a membership puts text: version (and so version skew), `problem` of a
    /// member in error, an address, finding messages, the leader.
    static func hostileReports(_ evil: String) -> [CheckReport] {
        var leader = member("zk1:2181", .leader)
        leader.version = evil
        var broken = MemberReport(address: "zk2:2181", state: .error)
        broken.problem = evil
        let far = MemberReport(address: "zk3\(evil):2181", state: .unreachable)
        let assessed = EnsembleAssessment().assess([leader, member("zk4:2181", .follower), broken, far])
        let direct = report(
            [leader, broken, far], findings: [Finding(.memberError, member: "zk2:2181", evil)],
            leader: "zk1\(evil):2181")
        return [assessed, direct]
    }

    static func lines(_ text: String) -> [String] {
        String(text.dropLast()).unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String(String.UnicodeScalarView($0)) }
    }

    @Test(arguments: hostile)
    func serverTextIsEscapedInTheNagiosLines(_ evil: String) throws {
        for report in Self.hostileReports(evil) {
            let out = report.nagios()
            let parsed = try #require(parseNagiosOutput(out), "\(out.debugDescription)")
            #expect(parsed.status == report.verdict.nagiosWord)
            #expect(parsed.longText.count == report.findings.filter { $0.severity != .ok }.count)
            let shownEscaped = out.contains("\\u{")
            #expect(shownEscaped == evil.unicodeScalars.contains(where: isForbiddenInLine))
        }
    }

    /// Issue 16: Nagios logs the status line in `;`-separated fields and turns each `;` in it into `:`, so
    /// `a; b` reached the operator as `a: b`. The status line carries `,` instead; the long text keeps the message
    /// as it is, and the perfdata (whose fields `;` separates) is what it always was.
    @Test func theNagiosStatusLineCarriesNoSemicolon() throws {
        let message = "zk2:2181: mntr said a;b; check zoo.cfg"
        var report = Self.report(
            [Self.member("zk1:2181", .leader), Self.member("zk2:2181", .follower)],
            findings: [Finding(.standaloneInEnsemble, member: "zk2:2181", message)])
        report.ensemble = "orders;eu"
        let out = report.nagios(verbosity: 1)
        let parsed = try #require(parseNagiosOutput(out), "\(out)")
        #expect(
            parsed.text.hasPrefix("ensemble orders,eu: zk2:2181: mntr said a,b, check zoo.cfg - "), "\(parsed.text)")
        #expect(!parsed.text.contains(";") && !parsed.text.contains(":b"))
        #expect(parsed.longText == ["[CRITICAL] " + message])
        let perfdata = try #require(out.split(separator: "\n").first?.components(separatedBy: " | ").last)
        #expect(perfdata == report.perfdata(CheckThresholds()).joined(separator: " "))

        let unknown = CheckReport.nagiosUnknown("zkprobe check: --config zoo;1.cfg: cannot read the file")
        let parsedUnknown = try #require(parseNagiosOutput(unknown), "\(unknown)")
        #expect(parsedUnknown.text == "zkprobe check: --config zoo,1.cfg: cannot read the file")
    }

    @Test(arguments: hostile)
    func serverTextIsEscapedInTheTextTable(_ evil: String) throws {
        for report in Self.hostileReports(evil) {
            let plain = report.text(colour: false)
            let lines = Self.lines(plain)
            #expect(lines.count == 3 + report.members.count + (report.findings.isEmpty ? 0 : 1 + report.findings.count))
            for line in lines {
                #expect(!line.unicodeScalars.contains(where: isForbiddenInLine), "\(line.debugDescription)")
            }
            // With colour, the only escape sequences are the table's own SGR codes.
            let coloured = report.text(colour: true).replacingOccurrences(
                of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
            #expect(Self.lines(coloured) == lines)
        }
    }

    @Test(arguments: hostile)
    func serverTextStaysInsidePrometheusLabels(_ evil: String) throws {
        for report in Self.hostileReports(evil) {
            var withMonitor = report
            withMonitor.members[0].monitorValues = [MonitorSample("zk_\(evil)", 1)]
            let text = withMonitor.prometheus(includeMonitorValues: true)
            let samples = try #require(parseExposition(text), "\(text.debugDescription)")
            #expect(samples.filter { $0.name == "zkprobe_ensemble_verdict" }.count == 1)
            #expect(samples.filter { $0.name == "zkprobe_member_up" }.count == report.members.count)
            let raw = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
            #expect(raw.isEmpty, "raw control characters \(raw.map(\.value))")
        }
    }

    // MARK: Prometheus

    @Test func memberIsUpOnlyWhenZooKeeperAnswered() throws {
        let members = MemberState.allCases.map { MemberReport(address: "zk-\($0.rawValue):2181", state: $0) }
        let samples = try #require(parseExposition(Self.report(members).prometheus()))
        let upSamples = samples.filter { $0.name == "zkprobe_member_up" }
        let up = Dictionary(uniqueKeysWithValues: upSamples.map { ($0.labels["member"]!, $0.value) })
        let answered: [MemberState] = [.leader, .follower, .observer, .standalone, .readOnly, .notServing]
        for state in MemberState.allCases {
            #expect(up["zk-\(state.rawValue):2181"] == (answered.contains(state) ? "1" : "0"), "\(state)")
        }
        #expect(up["zk-error:2181"] == "0", "something other than ZooKeeper on the port is down")
    }

    @Test(arguments: kindNames)
    func prometheusOutputParsesForEveryKindOfReport(_ name: String) throws {
        let text = Self.kind(name).prometheus(includeMonitorValues: true)
        let samples = try #require(parseExposition(text), "\(text)")
        #expect(samples.contains { $0.name == "zkprobe_ensemble_verdict" })
    }

    @Test(arguments: kindNames)
    func textRendersEveryKindOfReport(_ name: String) {
        let report = Self.kind(name)
        let lines = Self.lines(report.text())
        #expect(lines.count == 3 + report.members.count + (report.findings.isEmpty ? 0 : 1 + report.findings.count))
    }
}
