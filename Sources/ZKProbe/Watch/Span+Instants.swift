extension Span {
    /// How long from something at `start` to something at `end` can have taken, given only the bounds of each:
    /// at least `end.after - start.before` (never below 0), at most `end.before - start.after` (unbounded when
    /// `start` may have happened before the watch began).
    public init(from start: Instant, to end: Instant) {
        self.init(
            min: Swift.max(0, (end.after ?? start.before) - start.before),
            max: start.after.map { end.before - $0 })
    }
}
