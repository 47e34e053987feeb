/// Exact long-run availability of a scenario with instant elections.
///
/// Every fault process (zone outage, partition, server) is an alternating up/down renewal
/// process, independent of the others. In the long run each is up for the fraction
/// MTTF / (MTTF + MTTR) of the time whatever the shape of its distributions, and the joint
/// state is the product of the parts. A server is up when its own process is up, its zone
/// is up and it is not in maintenance; the ensemble serves when
/// `Reachability.canServe(up:cut:rule:)` says so. The unavailability is
/// Σ P(state) over the states that cannot serve, summed without ever forming 1 − A, so a
/// result like 1e-11 keeps its full relative precision. See `docs/exact-availability.md`.
public enum ExactAvailability {
    /// Whether the exact figures apply to a scenario, and if not, why (``ExactApplicability``).
    public typealias Applicability = ExactApplicability

    /// The most states (zone/link combinations × voter combinations) an exact run visits.
    public static let stateLimit: Double = 16_777_216  // 2^24

    /// Whether `unavailability(of:)` gives an exact figure for `scenario`, and if not, why.
    public static func applicability(of scenario: Scenario) -> Applicability {
        let (model, problems) = ProductForm.make(scenario)
        guard let model else { return .notExact(problems) }
        return applicability(of: scenario, model: model, allowElections: false)
    }

    /// Long-run fraction of time without a serving quorum; `nil` when not exact
    /// (`applicability(of:)` says why).
    public static func unavailability(of scenario: Scenario) -> Double? {
        let (model, _) = ProductForm.make(scenario)
        guard let model, applicability(of: scenario, model: model, allowElections: false) == .exact else {
            return nil
        }
        return unavailability(of: scenario, model: model)
    }

    /// Long-run fraction of time with a serving quorum; `nil` when not exact.
    ///
    /// Computed as 1 − `unavailability(of:)`: use the unavailability for rare events.
    public static func availability(of scenario: Scenario) -> Double? {
        unavailability(of: scenario).map { 1 - $0 }
    }

    // MARK: - Internals shared with the estimates

    static func applicability(of scenario: Scenario, model: ProductForm, allowElections: Bool) -> Applicability {
        var problems: [ExactLimitation] = []
        if scenario.election != nil, !allowElections { problems.append(.elections) }
        var periodic = model.allComponents.filter(\.isPeriodic).map(\.label)
        if let m = scenario.maintenance {
            let ids = Set(scenario.servers.map(\.id))
            for id in m.order where !ids.contains(id) { problems.append(.maintenanceUnknownServer(id: id)) }
            if m.procedure == .safe { problems.append(.maintenanceWaitsForHealth) }
            if case .fixed(let d) = m.duration {
                // On the schedule's exact clock, as the simulator counts it: a round may exactly fill its period.
                if !(m.period > 0) || d < 0 || !MaintenanceClock(m).fits(m.order.count, restartsOf: d) {
                    let total = d * Double(m.order.count)
                    problems.append(.maintenanceLongerThanPeriod(totalHours: total, periodHours: m.period))
                }
            } else {
                problems.append(.maintenanceDurationNotFixed)
            }
            if !periodic.isEmpty { periodic.append("maintenance") }
        }
        if periodic.count >= 2 {
            for label in periodic where label != "maintenance" {
                problems.append(.deterministicCycle(component: label))
            }
        }
        let rounds = Double(1 + Set(scenario.maintenance?.order ?? []).count)
        let states = model.enumerationCost * rounds
        if states > stateLimit { problems.append(.tooManyStates(states: states, limit: stateLimit)) }
        return problems.isEmpty ? .exact : .notExact(problems)
    }

    /// Maintenance conditioning: the schedule is deterministic and independent of the
    /// stationary random processes, so the time average splits into the time nobody is in
    /// maintenance and the time each slot holds its server down. The fractions are those of the
    /// schedule's exact clock (`MaintenanceClock`), the one the simulator runs on.
    static func unavailability(of scenario: Scenario, model: ProductForm) -> Double {
        guard let m = scenario.maintenance, !m.order.isEmpty, case .fixed(let d) = m.duration, d > 0 else {
            return model.unavailability()
        }
        let indexOfId = Dictionary(scenario.servers.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        var slots: [Int: Int] = [:]
        for id in m.order { slots[indexOfId[id]!, default: 0] += 1 }
        var total = CompensatedSum()
        let clock = MaintenanceClock(m)
        let slot = MaintenanceClock.ticks(d)
        let period = Double(clock.period)
        let idle = Double(clock.period - Int128(m.order.count) * slot) / period
        if idle > 0 { total.add(idle * model.unavailability()) }
        for (index, count) in slots.sorted(by: { $0.key < $1.key }) {
            total.add(Double(Int128(count) * slot) / period * model.unavailability(forcedDown: index))
        }
        return total.value
    }
}
