/// The body of a scrape of several ensembles, written piece by piece from their shared ``RenderedCheck``s: each
/// family once (its `# HELP`/`# TYPE` from the first check that has it) with every check's samples of it, in the
/// checks' order, as ``PrometheusExposition/render(_:)`` would join them; then `tail` (the probe families and the
/// exporter's own series). Its memory is a cursor over the checks, not a copy of their text.
final class ExpositionStream: BodyStream {
    private let checks: [RenderedCheck]
    private let names: [String]
    private var tail: [UInt8]?
    private var family = 0
    /// The next check whose samples of `names[family]` are to be written; -1: the family's header first.
    private var check = -1

    /// A stream over `checks` (in the scrape's order), then `tail`.
    init(_ checks: [RenderedCheck], tail: [UInt8]) {
        self.checks = checks
        var seen = Set<String>()
        var names: [String] = []
        for check in checks {
            for name in check.names where seen.insert(name).inserted { names.append(name) }
        }
        self.names = names
        self.tail = tail
    }

    func next(upTo limit: Int) -> [UInt8]? {
        var piece: [UInt8] = []
        while piece.count < limit, let part = nextPart() { piece += part }
        return piece.isEmpty ? nil : piece
    }

    /// The next header, samples or tail; `nil` at the end.
    private func nextPart() -> [UInt8]? {
        while family < names.count {
            let name = names[family]
            if check < 0 {
                check = 0
                if let header = checks.lazy.compactMap({ $0.families[name] }).first?.header { return header }
            }
            while check < checks.count {
                defer { check += 1 }
                if let samples = checks[check].families[name]?.samples, !samples.isEmpty { return samples }
            }
            family += 1
            check = -1
        }
        defer { tail = nil }
        return tail.flatMap { $0.isEmpty ? nil : $0 }
    }
}
