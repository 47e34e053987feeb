import Testing
import ToolkitSupport

@testable import QuorumSim

/// Text cells at the edges (issue 10): intervals cut at a bound, and figures too rare for a percentage.
struct ReportTextEdgeTests {
    @Test func aClippedIntervalIsShownAsItsBounds() {
        #expect(NumberText.estimate(Estimate(mean: 0.63, ci95: 0...1.36)) == "0.63 [0.00, 1.36]")
        #expect(NumberText.estimate(Estimate(mean: 0.63, ci95: 0.5...0.76)) == "0.63 ± 0.13")
        let availability = Estimate(mean: 0.9996, ci95: 0.999...1)
        #expect(NumberText.estimate(availability, scale: 100, suffix: "%").hasSuffix("[99.900%, 100.000%]"))
        #expect(NumberText.estimate(Estimate(mean: 0, ci95: 0...0)) == "0 (none seen)")
        #expect(TextReport.availabilityCell(Estimate(mean: 1, ci95: 1...1)) == "100% (no downtime seen)")
    }

    @Test func aRareSimulatedUnavailabilityIsNotRoundedTo100Percent() {
        let cell = TextReport.availabilityCell(Estimate(mean: 1 - 4e-8, ci95: (1 - 9e-8)...1))
        #expect(cell == "unavailability 4e-08 [0, 9e-08]", "\(cell)")
    }
}
