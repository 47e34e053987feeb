import Testing

@testable import ZKProbe

/// A scrape tightens a request's deadline and sockets, never loosens them: what the exporter's reactors and
/// `ProbeTarget.check` both apply.
struct CheckRequestLimitedTests {
    static let request = CheckRequest(
        targets: EnsembleTargets(endpoints: [Endpoint(host: "127.0.0.1", port: 1)], source: "test"),
        probe: ProbeOptions(deadline: .seconds(9), maxInFlight: 100))

    @Test func aScrapeTightensTheDeadlineAndTheSockets() {
        let limited = Self.request.limited(deadline: .seconds(3), maxConnections: 12)
        #expect(limited.probe.deadline == .seconds(3))
        #expect(limited.probe.maxInFlight == 12)
        #expect(limited.targets == Self.request.targets, "only the probe options change")
    }

    @Test func aScrapeNeverLoosensTheRequest() {
        let limited = Self.request.limited(deadline: .seconds(60), maxConnections: 4096)
        #expect(limited.probe == Self.request.probe)
    }

    @Test func noTimeLeftIsZeroAndNoSocketsIsOne() {
        let limited = Self.request.limited(deadline: .seconds(-2), maxConnections: 0)
        #expect(limited.probe.deadline == .zero)
        #expect(limited.probe.maxInFlight == 1)
    }
}
