import TestSupport

@testable import ZKProbe

/// Runs the check with a client probe against fakes, timed against its deadline (``DeadlineBound``).
enum ClientProbeRun {
    static func check(
        _ endpoints: [Endpoint], _ probe: ClientProbe, deadline: Duration = .seconds(2)
    ) throws -> TimedRun<CheckReport> {
        let targets = try EnsembleTargets.fromConnectString(endpoints.map(\.description).joined(separator: ","))
        let request = CheckRequest(targets: targets, probe: ProbeOptions(deadline: deadline), clientProbe: probe)
        return try DeadlineBound.time(deadline: deadline) { Checker.check(request) }
    }

    /// The client measurement of the member at `endpoint`.
    static func client(_ report: CheckReport, _ endpoint: Endpoint) -> ClientMeasurement? {
        report.members.first { $0.endpoint == endpoint }?.client
    }
}
