import ToolkitSupport

/// How many events a run of a scenario will process, estimated from its rates before it starts, so that a
/// long run can be announced and an absurd one refused.
///
/// Each alternating process contributes 2 events per mean cycle (mean up + mean down) over the horizon;
/// the maintenance schedule one event per server in its order plus one per cycle; each of these may start
/// an election, whose end is one more event, so the total is doubled when the scenario has elections. A Kafka
/// cluster's brokers are alternating processes too (a combined node's broker is its server's), with one more
/// event per return when returning replicas take a catch-up time.
/// The figure is an order of magnitude, not a promise.
public struct WorkloadEstimate: Sendable, Equatable {
    /// The most events one run may be estimated to take (more than a day on one thread at 10 million events per second).
    public static let maxEvents = 1e12
    /// Events per second per thread the time estimate assumes: a release build measured 10 to 18 million on the
    /// shipped scenarios, one thread on an idle 2-core machine, and 2.6 to 5.6 million with the machine loaded
    /// (docs/quorumsim.md, "Run time and bounds"); the estimate takes the low end of the idle figures.
    public static let eventsPerSecondPerThread = 1e7

    /// Events expected over all replications.
    public var events: Double
    /// The scenario field whose process contributes the most events (`serverFaults`, `zones[1].outage`,
    /// `partitions[0]`, `maintenance.period`, `kafka.brokerFaults`, `kafka.brokers[2].faults`).
    public var dominantField: String

    /// Estimates the events of `scenario` with its `run` settings.
    public init(_ scenario: Scenario) {
        let hours = scenario.run.years * hoursPerYear * Double(scenario.run.replications)
        var perHour: [(String, Double)] = []
        func add(_ field: String, _ process: FaultProcess?) {
            guard let process else { return }
            let cycle = process.timeToFailure.mean + process.timeToRepair.mean
            perHour.append((field, cycle > 0 ? 2 / cycle : .infinity))
        }
        for (i, server) in scenario.servers.enumerated() {
            add(server.faults == nil ? "serverFaults" : "servers[\(i)].faults", server.faults ?? scenario.serverFaults)
        }
        for (z, zone) in scenario.zones.enumerated() { add("zones[\(z)].outage", zone.outage) }
        for (k, partition) in scenario.partitions.enumerated() { add("partitions[\(k)]", partition.process) }
        if let kafka = scenario.kafka {
            // A combined node's broker rides its server's slot (counted above); every other broker has a slot of its
            // own, and with a catch-up time each of its returns schedules one more event.
            let combined = kafka.metadata == .kraftCombined ? Set(scenario.servers.map(\.id)) : []
            let catchUpEvents = kafka.catchUp > 0 ? 1.5 : 1
            for (b, broker) in kafka.brokers.enumerated() where !combined.contains(broker.id) {
                let process = kafka.faults(ofBroker: b)
                let cycle = process.timeToFailure.mean + process.timeToRepair.mean
                let field = broker.faults == nil ? "kafka.brokerFaults" : "kafka.brokers[\(b)].faults"
                perHour.append((field, cycle > 0 ? 2 * catchUpEvents / cycle : .infinity))
            }
        }
        if let maintenance = scenario.maintenance {
            let steps = Double(maintenance.order.count)
            let cycle = max(maintenance.period, steps * maintenance.duration.mean)
            perHour.append(("maintenance.period", (steps + 1) / cycle))
        }
        var byField: [String: Double] = [:]
        for (field, rate) in perHour { byField[field, default: 0] += rate }
        let total = byField.values.reduce(0, +) * (scenario.election == nil ? 1 : 2)
        events = total * hours
        if events.isNaN { events = .infinity }
        dominantField = byField.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? "run.years"
    }

    /// Estimated wall seconds on `threads` threads.
    public func seconds(threads: Int) -> Double {
        events / (Self.eventsPerSecondPerThread * Double(max(1, threads)))
    }

    /// Whether the run is beyond `maxEvents`.
    public var isTooLarge: Bool { !(events <= Self.maxEvents) }

    /// "about 3e+09 events, roughly 75 s on 2 threads": the line printed before a long run.
    public func announcement(threads: Int) -> String {
        "about \(NumberText.printf("%.1g", events)) events, roughly \(Self.duration(seconds(threads: threads))) on "
            + "\(threads) thread\(threads == 1 ? "" : "s")"
    }

    static func duration(_ seconds: Double) -> String {
        if seconds < 120 { return "\(Int(seconds.rounded())) s" }
        if seconds < 7200 { return "\(Int((seconds / 60).rounded())) min" }
        return "\(NumberText.fixed(seconds / 3600, 1)) h"
    }
}
