import Glibc

/// What a run says when it saw few or no quorum-loss episodes.
///
/// The quorum-loss intervals are Student t intervals over replications; with few episodes the
/// per-replication figures are mostly 0 and a few large values, and the intervals cover less than
/// 95 % (measured by `benchmarks/coverage`, see docs/quorumsim.md "Few or no episodes"). With none
/// at all the interval is `0 ± 0`, which reads as certainty; the honest statement is a one-sided
/// upper bound.
extension SimulationMetrics {
    /// Below this many episodes (over all replications) the quorum-loss intervals are flagged as not to be
    /// trusted. Measured with `benchmarks/coverage`: about 10 episodes covered ~85 %, 30 about 93 %.
    public static let fewEpisodesThreshold = 30

    /// −ln 0.05: the exact one-sided 95 % Poisson upper bound on the mean count when none was seen
    /// (the "rule of three").
    static let noneSeenBound = -log(0.05)

    /// Whether the run saw too few episodes for the quorum-loss intervals to be trusted.
    public var fewEpisodes: Bool { episodesSeen < Self.fewEpisodesThreshold }

    /// With no episode seen: the one-sided 95 % upper bound on quorum-loss episodes per year,
    /// −ln(0.05) / simulated years (exact for a Poisson count); `nil` when some were seen.
    public var episodesPerYearUpper95: Double? {
        guard episodesSeen == 0, simulatedYears > 0 else { return nil }
        return Self.noneSeenBound / simulatedYears
    }

    /// With no year holding an episode: the one-sided 95 % upper bound on the probability of an outage in a
    /// year, 1 − 0.05^(1/n) over n whole years (exact binomial; about 3/n); `nil` otherwise.
    public var yearWithOutageProbabilityUpper95: Double? {
        guard yearsWithEpisodeSeen == 0, wholeYearsSeen > 0 else { return nil }
        return 1 - pow(0.05, 1 / Double(wholeYearsSeen))
    }
}
