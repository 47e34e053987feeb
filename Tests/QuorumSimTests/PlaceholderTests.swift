import Testing
@testable import QuorumSim
struct HoursTests { @Test func yearIsJulian() { #expect(hoursPerYear == 365.25 * 24) } }
