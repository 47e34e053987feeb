import Testing

@testable import ZKProbe
@testable import ZKProbeExporter

/// `/metrics --metrics-ensembles` streamed from checks rendered once is byte for byte what one exposition of
/// the same reports is, whatever the size of the pieces asked for.
struct ExpositionStreamTests {
    /// A three-member report; members in `down` unreachable, findings only when there is no leader, so the
    /// reports do not all have the same families.
    static func report(leader: String?, down: Set<String> = []) -> CheckReport {
        let members = ["10.0.0.1:2181", "10.0.0.2:2181", "10.0.0.3:2181"].map { address in
            MemberReport(
                address: address,
                state: down.contains(address) ? .unreachable : address == leader ? .leader : .follower)
        }
        let serving = members.filter { $0.state.isServing }.count
        return CheckReport(
            leader: leader, quorum: leader != nil, votersConfigured: 3, votersServing: serving, majority: 2,
            failureTolerance: leader == nil ? -1 : serving - 2, members: members,
            findings: leader == nil ? [Finding(.critical, .noQuorum, "no leader")] : [], durationSeconds: 0.047,
            membershipSource: "arguments")
    }

    static func target(_ name: String) -> ProbeTarget {
        ProbeTarget(name: name, request: CheckRequest(targets: EnsembleTargets(endpoints: [], source: "test")))
    }

    @Test(arguments: [1, 100, 64 << 10])
    func theStreamIsTheExpositionOfEveryReport(_ piece: Int) {
        let reports = [
            ("a", Self.report(leader: "10.0.0.1:2181")), ("b", Self.report(leader: nil, down: ["10.0.0.1:2181"])),
            ("c", Self.report(leader: "10.0.0.2:2181", down: ["10.0.0.3:2181"])),
        ]
        let entries = reports.map { PrometheusExposition.Entry(report: $1, ensemble: $0) }
        let expected = PrometheusExposition.render(entries) + "tail\n"
        let checks = reports.map { RenderedCheck($1, of: Self.target($0), finished: .now) }
        let stream = ExpositionStream(checks, tail: Array("tail\n".utf8))
        var body: [UInt8] = []
        var pieces = 0
        while let next = stream.next(upTo: piece) {
            #expect(!next.isEmpty)
            body += next
            pieces += 1
        }
        #expect(String(decoding: body, as: UTF8.self) == expected)
        #expect(expected.contains("zkprobe_ensemble_finding"), "a family only one report has")
        #expect(piece > 1 << 10 || pieces > 3, "written in pieces, not at once")
        #expect(stream.next(upTo: piece) == nil)
        #expect(checks[1].exposition == Array(PrometheusExposition.render([entries[1]]).utf8), "one check alone")
    }
}
