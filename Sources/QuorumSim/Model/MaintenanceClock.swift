/// The rolling-maintenance schedule on an exact clock: whole nanoseconds since time 0.
///
/// The model keeps hours in a `Double`, where a duration such as 20 minutes (1/3 h) is not exact: three of them
/// summed on the simulation clock could end a hair past the period boundary, and the next cycle then waited a whole
/// extra period (a third of the cycles of `"period": "1h", "duration": "20m"` over three servers were lost). Here
/// the period, the start and every duration are rounded to the nanosecond once, and every time of the schedule is
/// an integer sum of those: cycle k of a schedule that never overruns starts at exactly `start + k × period`, and a
/// round that exactly fills its period ends exactly on the boundary, however long the run. The exact analysis
/// (`ExactAvailability`) and the advice use the same rounded figures.
public struct MaintenanceClock: Sendable, Equatable {
    /// Nanoseconds in an hour.
    public static let ticksPerHour: Int128 = 3_600_000_000_000
    /// A time past any horizon (the longest run, 1e9 years, is about 3.2e25 ns): what a larger time becomes.
    public static let never: Int128 = 1 << 100

    /// Time from the start of one cycle to the start of the next, ≥ 1 ns.
    public let period: Int128
    /// Time of the first cycle.
    public let start: Int128

    /// The clock of `maintenance`'s period and start.
    public init(_ maintenance: Maintenance) {
        period = max(1, Self.ticks(maintenance.period))
        start = Self.ticks(maintenance.start)
    }

    /// `hours` rounded to the nearest nanosecond; `never` when larger (or not a number).
    public static func ticks(_ hours: Double) -> Int128 {
        let ticks = (hours * Double(ticksPerHour)).rounded()
        guard ticks < Double(never) else { return never }
        return Int128(ticks)
    }

    /// The start of the cycle after the one that began at `cycleStart` and whose last restart ended at `end`: one
    /// period later, or, when the cycle overran, the first period boundary at or after `end`.
    public func nextCycle(after cycleStart: Int128, endedAt end: Int128) -> Int128 {
        let periods = max(1, (end - cycleStart + period - 1) / period)
        return cycleStart + periods * period
    }

    /// Whether `count` restarts of `duration` hours each fit in one period (exactly filling it counts as fitting).
    public func fits(_ count: Int, restartsOf duration: Double) -> Bool {
        Int128(count) * Self.ticks(duration) <= period
    }
}
