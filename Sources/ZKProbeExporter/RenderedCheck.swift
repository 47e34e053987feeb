import ZKProbe

/// A finished check of one target, rendered once into its exposition's families and shared by every scrape that
/// waited for it (single-flight): a scrape keeps a reference, never a copy of the text.
final class RenderedCheck: Sendable {
    /// One family: its `# HELP`/`# TYPE` lines and this check's samples, as bytes ready to send.
    struct Family: Sendable {
        let header: [UInt8]
        let samples: [UInt8]
    }

    let report: CheckReport
    /// The families in the order `zkprobe check --format prometheus` prints them.
    let names: [String]
    let families: [String: Family]
    /// When the check ended.
    let finished: ContinuousClock.Instant

    /// Renders `report` of `target` (its series labelled `ensemble="NAME"`).
    init(_ report: CheckReport, of target: ProbeTarget, finished: ContinuousClock.Instant) {
        self.report = report
        self.finished = finished
        let texts = PrometheusExposition.families(
            PrometheusExposition.Entry(
                report: report, ensemble: target.name, includeMonitorValues: target.includeMonitorValues))
        names = texts.map(\.name)
        var families: [String: Family] = [:]
        for text in texts {
            families[text.name] = Family(header: Array(text.header.utf8), samples: Array(text.samples.utf8))
        }
        self.families = families
    }

    /// The exposition of this check alone: what `zkprobe check --format prometheus --ensemble NAME` prints.
    var exposition: [UInt8] {
        names.flatMap { name in families[name].map { $0.header + $0.samples } ?? [] }
    }
}
