/// One lane of a ``TimelineChart`` as run-length segments: a round that shows what the last segment shows
/// lengthens it, so a lane holds one segment per change, not per round; past `limit` segments the shortest
/// neighbouring pairs are merged (each pair taking the value of its longer half) until three quarters remain, so
/// that a lane that flaps all day stays bounded.
struct SegmentRun: Sendable {
    struct Segment: Sendable, Equatable {
        var start: Double
        var end: Double
        var value: String
        var length: Double { end - start }
    }

    /// The most segments kept (at least 2).
    var limit: Int
    private(set) var segments: [Segment] = []

    init(limit: Int) {
        self.limit = max(2, limit)
    }

    /// A round from `start` to `end` showing `value`.
    mutating func add(_ value: String, start: Double, end: Double) {
        if segments.last?.value == value {
            segments[segments.count - 1].end = end
            return
        }
        segments.append(Segment(start: start, end: end, value: value))
        if segments.count > limit { compact() }
    }

    /// Merges pairs (0, 1), (2, 3), … whose joint length is at most the median pair's until at most three quarters
    /// of `limit` remain: each pass merges at least half the pairs, so it ends, and a segment costs O(1) amortised.
    private mutating func compact() {
        while segments.count > limit * 3 / 4 {
            let pairs = stride(from: 0, to: segments.count - 1, by: 2)
            let lengths = pairs.map { segments[$0 + 1].end - segments[$0].start }.sorted()
            let median = lengths[(lengths.count - 1) / 2]
            var merged: [Segment] = []
            merged.reserveCapacity(segments.count)
            func append(_ s: Segment) {
                if merged.last?.value == s.value { merged[merged.count - 1].end = s.end } else { merged.append(s) }
            }
            var i = 0
            while i < segments.count {
                guard i + 1 < segments.count else {
                    append(segments[i])
                    break
                }
                let (a, b) = (segments[i], segments[i + 1])
                if b.end - a.start <= median {
                    append(Segment(start: a.start, end: b.end, value: a.length >= b.length ? a.value : b.value))
                } else {
                    append(a)
                    append(b)
                }
                i += 2
            }
            segments = merged
        }
    }
}
