/// Everything a run of one scenario measured, combined over its replications.
public struct SimulationReport: Sendable {
    /// The scenario's name, which heads its column, object or row in the report.
    public var name: String
    /// The scenario file the run came from, if any.
    public var source: String?
    /// The run settings used (years per replication, replications, seed), overrides applied.
    public var settings: RunSettings
    /// The simulated figures, each over all replications.
    public var metrics: SimulationMetrics
    /// The exact (analytic) figure, when one is known for the scenario; filled by the
    /// caller (the command uses `ExactAvailability` where it applies).
    public var exact: ExactFigures?
    /// The importance-sampling estimate of the time without a quorum (`quorumsim run --rare`);
    /// `nil` when not asked for.
    public var rareEvent: RareEventOutcome?
    /// Wall-clock time of the simulation, in seconds.
    public var wallSeconds: Double = 0
    /// Worker threads used.
    public var threads: Int = 1
    /// Why replications, not years, are the independent samples (`PhaseMixing`): a sentence, or `nil`.
    public var slowMixing: String?
    /// The scenario's election, whose provenance (measured or assumed) the report prints; `nil`: instant.
    public var election: Election?
    /// The Kafka cluster's figures, for a scenario with a `kafka` section; `nil` otherwise.
    public var kafka: KafkaReport?

    /// The one-sided bound on episodes per year when none was seen, unless the phases do not mix.
    public var episodesPerYearUpper95: Double? { slowMixing == nil ? metrics.episodesPerYearUpper95 : nil }
    /// The one-sided bound on P(outage in a year) when no year had one, unless the phases do not mix.
    public var yearWithOutageProbabilityUpper95: Double? {
        slowMixing == nil ? metrics.yearWithOutageProbabilityUpper95 : nil
    }

    /// A report without source, exact, rare-event or timing figures; the caller fills those in.
    public init(name: String, settings: RunSettings, metrics: SimulationMetrics) {
        self.name = name
        self.settings = settings
        self.metrics = metrics
    }

    /// Combines `replications` (in replication order) of `scenario`.
    public init(scenario: Scenario, replications: [ReplicationResult]) {
        self.init(
            name: scenario.name, settings: scenario.run, metrics: SimulationMetrics(replications: replications))
        kafka = Self.kafkaReport(scenario: scenario, replications: replications)
    }

    /// The Kafka part of a report of `replications` of `scenario`: the metadata quorum and the simulated figures
    /// (the caller adds the exact ones); `nil` without a `kafka` section.
    static func kafkaReport(scenario: Scenario, replications: [ReplicationResult]) -> KafkaReport? {
        guard let cluster = scenario.kafka else { return nil }
        return KafkaReport(metadata: cluster.metadata, simulated: KafkaMetrics(cluster: cluster, replications: replications))
    }

    /// Events processed per second of wall time, over all threads.
    public var eventsPerSecond: Double {
        wallSeconds > 0 ? Double(metrics.events) / wallSeconds : 0
    }
}

/// An exact availability figure to print beside the simulated one.
public struct ExactFigures: Sendable, Equatable {
    /// Long-run fraction of time without a serving quorum, computed directly (not as 1 − availability), so
    /// that rare figures keep their precision.
    public var unavailability: Double
    /// Quorum-loss episodes per year, where the model is memoryless (all exponential, no maintenance).
    public var episodesPerYear: Double?
    /// With instant elections the time without a quorum is all the downtime, and `availability` is exact;
    /// otherwise elections add downtime the exact figure leaves out.
    public var electionsInstant: Bool
    /// Exact figures; `electionsInstant` should be false when the scenario has an `election` section.
    public init(unavailability: Double, episodesPerYear: Double? = nil, electionsInstant: Bool = true) {
        self.unavailability = Fraction.clamped(unavailability)
        self.episodesPerYear = episodesPerYear
        self.electionsInstant = electionsInstant
    }
    /// 1 − the time without a quorum: the exact availability when elections are instant, an upper bound otherwise.
    public var availability: Double { 1 - unavailability }
    /// Minutes per year (8766 h) without a quorum, exactly; elections not included.
    public var downtimeMinutesPerYear: Double { unavailability * hoursPerYear * 60 }
}

/// The simulated figures, each a mean over replications with a 95 % interval.
///
/// Rates are per simulated year (8766 hours); times in minutes.
public struct SimulationMetrics: Sendable, Equatable {
    /// Fraction of time writes are possible: a quorum can serve and a leader is elected.
    public var availability: Estimate
    /// Minutes per year writes are unavailable, for any reason.
    public var downtimeMinutesPerYear: Estimate
    /// The part of the downtime with no quorum at all.
    public var quorumLossMinutesPerYear: Estimate
    /// The part of the downtime spent electing a leader while a quorum could serve.
    public var electionMinutesPerYear: Estimate
    /// Quorum-loss episodes per year (see `Replication` for the definition).
    public var episodesPerYear: Estimate
    /// Mean episode length (ratio estimator over replications); `nil` without episodes.
    public var meanEpisodeMinutes: Estimate?
    /// 99th percentile of episode lengths pooled over replications; `nil` without episodes.
    public var p99EpisodeMinutes: Double?
    /// Elections started per year.
    public var electionsPerYear: Estimate
    /// What rolling maintenance did; `nil` without maintenance.
    public var maintenance: MaintenanceMetrics?
    /// Fraction of whole simulated years with at least one quorum-loss episode;
    /// `nil` when a replication is shorter than a year.
    public var yearWithOutageProbability: Estimate?
    /// Events processed, over all replications.
    public var events: UInt64
    /// Simulated years, over all replications.
    public var simulatedYears: Double
    /// Independent replications combined.
    public var replications: Int
    /// Quorum-loss episodes that started, over all replications (see SimulationMetrics+FewEvents.swift).
    public var episodesSeen: Int = 0
    /// Whole years over all replications.
    public var wholeYearsSeen: Int = 0
    /// Whole years, over all replications, that overlap at least one quorum-loss episode.
    public var yearsWithEpisodeSeen: Int = 0

    /// Combines `results`, pooling their own episode lengths.
    public init(replications results: [ReplicationResult]) {
        var pooled = EpisodeHistogram()
        for result in results { pooled.merge(result.episodeLengths) }
        self.init(replications: results, episodeLengths: pooled)
    }

    /// Combines `results` (in replication order) with the episode lengths of all of them.
    public init(replications results: [ReplicationResult], episodeLengths pooled: EpisodeHistogram) {
        precondition(!results.isEmpty, "at least one replication")
        let minutesPerYear = hoursPerYear * 60
        func perYear(_ value: (ReplicationResult) -> Double) -> [Double] {
            results.map { value($0) / $0.hours * hoursPerYear }
        }
        let positive = 0.0...Double.infinity
        let year = 0.0...minutesPerYear
        availability = Estimate(samples: results.map { 1 - $0.unavailableHours / $0.hours }, bounds: 0...1)
        downtimeMinutesPerYear = Estimate(
            samples: results.map { $0.unavailableHours / $0.hours * minutesPerYear }, bounds: year)
        quorumLossMinutesPerYear = Estimate(
            samples: results.map { $0.noQuorumHours / $0.hours * minutesPerYear }, bounds: year)
        electionMinutesPerYear = Estimate(
            samples: results.map { ($0.unavailableHours - $0.noQuorumHours) / $0.hours * minutesPerYear },
            bounds: year)
        episodesPerYear = Estimate(samples: perYear { Double($0.episodes) }, bounds: positive)
        electionsPerYear = Estimate(samples: perYear { Double($0.elections) }, bounds: positive)
        maintenance = MaintenanceMetrics(replications: results)
        meanEpisodeMinutes = Estimate(
            ratioOf: results.map { $0.completedEpisodeHours * 60 }, to: results.map { Double($0.completedEpisodes) },
            bounds: positive)
        p99EpisodeMinutes = pooled.quantile(0.99).map { $0 * 60 }
        if results.allSatisfy({ $0.wholeYears > 0 }) {
            yearWithOutageProbability = Estimate(
                samples: results.map { Double($0.yearsWithEpisode) / Double($0.wholeYears) }, bounds: 0...1)
        } else {
            yearWithOutageProbability = nil
        }
        events = results.reduce(0) { $0 + $1.events }
        simulatedYears = results.reduce(0) { $0 + $1.hours } / hoursPerYear
        replications = results.count
        episodesSeen = results.reduce(0) { $0 + $1.episodes }
        wholeYearsSeen = results.reduce(0) { $0 + $1.wholeYears }
        yearsWithEpisodeSeen = results.reduce(0) { $0 + $1.yearsWithEpisode }
    }
}
