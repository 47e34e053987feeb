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
        let ticks = (hours * ticksPerHourAsDouble).rounded()
        guard ticks < 0x1p100 else { return never }  // `never` as a Double
        return integer(ticks)
    }

    /// `ticksPerHour` as a Double (exact).
    @usableFromInline static var ticksPerHourAsDouble: Double { 3_600_000_000_000 }

    /// `Double(value)`, bit for bit, without the standard library's generic path for 128-bit integers (a call
    /// into libswiftCore that made the maintenance scenarios' events some 20 times dearer than others): a value in
    /// `Int64`'s range, every time the engine converts, goes through `Int64`, which rounds to nearest-even as the
    /// direct conversion does.
    @inlinable @inline(__always)
    static func double(_ value: Int128) -> Double {
        let low = Int64(bitPattern: value._low)
        if value._high == low >> 63 { return Double(low) }
        return Double(value)
    }

    /// `Int128(value)` (toward zero), bit for bit, through `Int64` where it fits (see ``double(_:)``).
    @inlinable @inline(__always)
    static func integer(_ value: Double) -> Int128 {
        guard value.magnitude < 0x1p63 else { return Int128(value) }
        let small = Int64(value)
        return Int128(_low: UInt64(bitPattern: small), _high: small >> 63)
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
