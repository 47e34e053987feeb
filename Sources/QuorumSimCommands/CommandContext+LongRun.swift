import QuorumSim

extension CommandContext {
    /// Estimated seconds above which simulations are announced on standard error before they start.
    static let announceAboveSeconds = 10.0

    /// Writes "quorumsim: WHAT: about N events, roughly T on K threads" to standard error (terminal or not)
    /// when `scenarios`, simulated one after another on `threads` threads, are estimated to take more than
    /// `announceAboveSeconds` together. `run` announces each scenario file; `recommend` the placements it must
    /// simulate, then its evidence.
    func announceLongRun(_ what: String, _ scenarios: [Scenario], threads: Int) {
        var seconds = 0.0
        var total: WorkloadEstimate?
        for scenario in scenarios {
            let estimate = WorkloadEstimate(scenario)
            guard !estimate.isTooLarge else { return }  // refused by the simulator, with its own message
            seconds += estimate.seconds(threads: Self.threadsUsed(scenario, threads))
            total = total.map { var sum = $0; sum.events += estimate.events; return sum } ?? estimate
        }
        guard let total, let first = scenarios.first, seconds > Self.announceAboveSeconds else { return }
        writeNote("quorumsim: \(what): \(total.announcement(threads: Self.threadsUsed(first, threads)))\n")
    }

    /// Threads a run of `scenario` keeps busy: one replication each at most.
    static func threadsUsed(_ scenario: Scenario, _ threads: Int) -> Int {
        max(1, min(threads, scenario.run.replications))
    }
}
