import ToolkitSupport

/// Estimates a rare unavailability by importance sampling with balanced failure biasing on the
/// regenerative cycles of the scenario's Markov chain (Shahabuddin 1994).
///
/// The scenario's parts (zone outages, partitions, voters' own faults) are independent two-state
/// processes with exponential times, so together they form a continuous-time Markov chain that
/// regenerates every time all parts are up. The long-run fraction of time without a quorum is
///
///     U = E[time without a quorum in a cycle] / E[cycle length]
///
/// The numerator is estimated from cycles simulated under balanced failure biasing, each
/// weighted by its likelihood ratio; the denominator from unbiased cycles (it is not rare). Both
/// use expected holding times instead of sampled ones. The interval is the delta method's for a
/// ratio of independent means. This is the quantity `ExactAvailability.unavailability(of:)`
/// computes: elections are ignored. See `docs/rare-events.md`.
public enum ImportanceSampling {
    /// Throws the reason `estimate` would refuse `scenario`, if any.
    public static func check(_ scenario: Scenario) throws(RareEventError) {
        _ = try FailureBiasingChain(scenario: scenario)
    }

    /// Runs rounds of batches until the relative half-width reaches the target or a budget runs out.
    /// - Parameters:
    ///   - scenario: every fault process exponential, no maintenance; `election` is ignored.
    ///   - settings: bias, target, budgets and seed.
    ///   - threads: worker threads; the figures do not depend on it.
    /// - Throws: `RareEventError` when the scenario or a setting does not fit.
    public static func estimate(
        _ scenario: Scenario, settings: RareEventSettings = RareEventSettings(),
        threads: Int = Simulator.defaultThreads
    ) throws(RareEventError) -> RareEventEstimate {
        try settings.validate()
        let chain = try FailureBiasingChain(scenario: scenario)
        let started = ContinuousClock.now
        func seconds() -> Double { (ContinuousClock.now - started).seconds }

        if chain.partCount == 0 || !chain.servesAllUp {
            // Nothing fails, or nothing serves even with all parts up (and serving only gets
            // harder as parts fail): the fraction is exactly 0 or 1.
            let u: Double = chain.servesAllUp ? 0 : 1
            return RareEventEstimate(
                unavailability: Estimate(mean: u, ci95: u...u), relativeHalfWidth: 0,
                episodesPerHour: Estimate(mean: 0, ci95: 0...0), meanCycleHours: nil, cycles: 0, plainCycles: 0,
                cyclesWithLoss: 0, steps: 0, stop: .deterministic, failureBias: settings.failureBias,
                seed: settings.seed, wallSeconds: seconds(), threads: 1)
        }

        let maxBatches = (settings.maxCycles + settings.cyclesPerBatch - 1) / settings.cyclesPerBatch
        let deadline = settings.maxSeconds.map { started + .seconds(min($0, 1e9)) }
        var total = RareEventBatch()
        var done = 0
        var usedThreads = 1
        var stop = RareEventEstimate.Stop.cycleBudget
        var summary = Summary(total, settings: settings)
        // One pool for every round: its threads wait between rounds instead of being made again for each.
        let pool = WorkerPool(
            threads: min(max(1, threads), settings.batchesPerRound), name: "qsim-rare-event", stackSize: 1 << 20)
        defer { pool.shutdown() }
        while done < maxBatches {
            let count = min(settings.batchesPerRound, maxBatches - done)
            usedThreads = max(usedThreads, min(max(1, threads), count))
            let (batches, complete) = try runBatches(
                chain, range: done..<(done + count), settings: settings, pool: pool, deadline: deadline)
            for batch in batches { total.merge(batch) }
            done += batches.count
            summary = Summary(total, settings: settings)
            if total.cyclesWithLoss >= settings.minimumCyclesWithLoss,
                summary.relativeHalfWidth <= settings.targetRelativeHalfWidth
            {
                stop = .target
                break
            }
            if !complete || deadline.map({ ContinuousClock.now >= $0 }) == true {
                stop = .timeBudget
                break
            }
            if done >= maxBatches {
                stop = .cycleBudget
                break
            }
        }
        var estimate = RareEventEstimate(
            unavailability: summary.unavailability, relativeHalfWidth: summary.relativeHalfWidth,
            episodesPerHour: summary.episodesPerHour, meanCycleHours: summary.meanCycleHours,
            cycles: total.downHours.count, plainCycles: total.cycleHours.count,
            cyclesWithLoss: total.cyclesWithLoss, steps: total.steps, stop: stop,
            failureBias: settings.failureBias, seed: settings.seed, wallSeconds: seconds(), threads: usedThreads)
        estimate.caution = RareEventCaution.caution(for: chain, bias: settings.failureBias)
        return estimate
    }

    /// Batch `b` of a run: `cyclesPerBatch` biased cycles, then `plainCyclesPerBatch` unbiased ones,
    /// from stream `b` of the seed. `nil` when the deadline passes first; batch 0 ignores it, so a
    /// run always has some figures.
    static func batch(
        _ chain: FailureBiasingChain, number b: Int, settings: RareEventSettings,
        deadline: ContinuousClock.Instant? = nil
    ) throws(RareEventError) -> RareEventBatch? {
        var generator = Xoshiro256StarStar(seed: settings.seed, stream: b)
        var result = RareEventBatch()
        func late(_ i: Int) -> Bool {
            guard b > 0, let deadline, i % 64 == 63 else { return false }
            return ContinuousClock.now >= deadline
        }
        for i in 0..<settings.cyclesPerBatch {
            let c = try chain.cycle(
                bias: settings.failureBias, biasWhileDown: settings.biasWhileDown, stepLimit: settings.maxStepsPerCycle,
                using: &generator)
            result.downHours.add(c.downHours)
            result.losses.add(c.losses)
            if c.lostQuorum { result.cyclesWithLoss += 1 }
            result.steps += UInt64(c.steps)
            if late(i) { return nil }
        }
        for i in 0..<settings.plainCyclesPerBatch {
            let c = try chain.cycle(
                bias: nil, biasWhileDown: false, stepLimit: settings.maxStepsPerCycle, using: &generator)
            result.cycleHours.add(c.hours)
            result.steps += UInt64(c.steps)
            if late(i) { return nil }
        }
        return result
    }

    /// Batches `range`, spread over `pool`'s threads: the longest run of finished batches
    /// from the start of `range`, in batch order, and whether that is all of them (batches that
    /// would start or end after `deadline` are dropped).
    private static func runBatches(
        _ chain: FailureBiasingChain, range: Range<Int>, settings: RareEventSettings, pool: WorkerPool,
        deadline: ContinuousClock.Instant?
    ) throws(RareEventError) -> (batches: [RareEventBatch], complete: Bool) {
        let results = pool.map(range.count) { i throws(RareEventError) -> RareEventBatch? in
            let b = range.lowerBound + i
            if b > 0, let deadline, ContinuousClock.now >= deadline { return nil }
            return try batch(chain, number: b, settings: settings, deadline: deadline)
        }
        var batches: [RareEventBatch] = []
        for result in results {
            guard let batch = try result.get() else { return (batches, false) }
            batches.append(batch)
        }
        return (batches, true)
    }

    /// The figures of the batches so far.
    struct Summary {
        var unavailability: Estimate
        var relativeHalfWidth: Double
        var episodesPerHour: Estimate
        var meanCycleHours: Estimate?

        /// U = mean(down hours) / mean(cycle hours); the two means come from independent cycles,
        /// so by the delta method the squared relative error of the ratio is the sum of theirs.
        init(_ total: RareEventBatch, settings: RareEventSettings) {
            let down = total.downHours
            let losses = total.losses
            let cycle = total.cycleHours
            guard down.count >= 2, cycle.count >= 2, cycle.mean > 0 else {
                unavailability = Estimate(mean: 0, ci95: nil)
                relativeHalfWidth = .infinity
                episodesPerHour = Estimate(mean: 0, ci95: nil)
                meanCycleHours = nil
                return
            }
            let t = StudentT.quantile(0.975, degreesOfFreedom: Double(min(down.count, cycle.count) - 1))
            func ratio(_ numerator: CycleTally, bounds: ClosedRange<Double>) -> (Estimate, Double) {
                let value = numerator.mean / cycle.mean
                guard value > 0 else { return (Estimate(mean: 0, ci95: nil), .infinity) }
                let half = t * value * (numerator.relativeVarianceOfMean + cycle.relativeVarianceOfMean).squareRoot()
                return (
                    Estimate(mean: value, ci95: Estimate.clip(value - half, value + half, to: bounds)), half / value
                )
            }
            (unavailability, relativeHalfWidth) = ratio(down, bounds: 0...1)
            episodesPerHour = ratio(losses, bounds: 0...Double.infinity).0
            let half = t * (cycle.variance / Double(cycle.count)).squareRoot()
            meanCycleHours = Estimate(
                mean: cycle.mean, ci95: Estimate.clip(cycle.mean - half, cycle.mean + half, to: 0...Double.infinity))
        }
    }
}
