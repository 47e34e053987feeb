import ToolkitSupport

/// Renders the reports of one or more ensembles as one exposition (text format 0.0.4).
///
/// Each metric family appears once, HELP and TYPE first, with the samples of every report in the order the
/// reports were given; an `ensemble` label, when given, comes first on every sample of that report. This is what
/// `zkprobe check --format prometheus` prints for one report and what `zkprobe serve` answers for several.
public enum PrometheusExposition {
    /// One report and how to label it.
    public struct Entry: Sendable {
        /// The report to render.
        public var report: CheckReport
        /// The value of the `ensemble` label on every series of this report; `nil` for no label.
        public var ensemble: String?
        /// Also render every numeric `mntr` value as `zkprobe_mntr{key=...}`.
        public var includeMonitorValues: Bool

        /// An entry; by default unlabelled and without the raw `mntr` values.
        public init(report: CheckReport, ensemble: String? = nil, includeMonitorValues: Bool = false) {
            self.report = report
            self.ensemble = ensemble
            self.includeMonitorValues = includeMonitorValues
        }
    }

    /// The exposition text of `entries`, families in first-seen order.
    public static func render(_ entries: [Entry]) -> String {
        collect(entries).output
    }

    /// The families of `entry`, each rendered once: `zkprobe serve` shares them between the scrapes waiting for
    /// one check and interleaves several ensembles' families as ``render(_:)`` does.
    package static func families(_ entry: Entry) -> [PrometheusText.FamilyText] {
        collect([entry]).familyTexts
    }

    private static func collect(_ entries: [Entry]) -> PrometheusText {
        var text = PrometheusText()
        for entry in entries {
            text.baseLabels = entry.ensemble.map { [("ensemble", $0)] } ?? []
            entry.report.addFamilies(to: &text, includeMonitorValues: entry.includeMonitorValues)
        }
        return text
    }
}

/// Collects metric families, one at a time per report; `output` writes each family once with every sample.
/// Families without samples are left out. `zkprobe serve` writes its own families with it too.
package struct PrometheusText {
    /// The kinds of family the exposition uses.
    enum Kind: String { case gauge, counter, histogram }

    /// One labelled histogram: cumulative counts at each upper bound `le` (the `+Inf` bucket is `count`).
    package struct HistogramSeries {
        package var labels: [(String, String)]
        package var buckets: [(le: Double, count: Int)]
        package var sum: Double
        package var count: Int

        package init(labels: [(String, String)], buckets: [(le: Double, count: Int)], sum: Double, count: Int) {
            self.labels = labels
            self.buckets = buckets
            self.sum = sum
            self.count = count
        }
    }

    private struct Family {
        var help: String
        var kind: Kind
        var lines: [String]
    }

    /// Labels put first on every sample added from now on (the `ensemble` label).
    var baseLabels: [(String, String)] = []
    private var order: [String] = []
    private var families: [String: Family] = [:]

    /// An empty exposition.
    package init() {}

    package mutating func gauge(_ name: String, _ help: String, _ samples: [([(String, String)], Double)]) {
        add(name, help, .gauge, samples.map { Self.sample(name, baseLabels + $0.0, $0.1) })
    }

    package mutating func counter(_ name: String, _ help: String, _ samples: [([(String, String)], Double)]) {
        add(name, help, .counter, samples.map { Self.sample(name, baseLabels + $0.0, $0.1) })
    }

    /// A histogram family: `_bucket` lines with `le`, then `_sum` and `_count`, for each series.
    package mutating func histogram(_ name: String, _ help: String, _ series: [HistogramSeries]) {
        var lines: [String] = []
        for s in series {
            let labels = baseLabels + s.labels
            for bucket in s.buckets {
                lines.append(Self.sample(name + "_bucket", labels + [("le", Self.value(bucket.le))], Double(bucket.count)))
            }
            lines.append(Self.sample(name + "_bucket", labels + [("le", "+Inf")], Double(s.count)))
            lines.append(Self.sample(name + "_sum", labels, s.sum))
            lines.append(Self.sample(name + "_count", labels, Double(s.count)))
        }
        add(name, help, .histogram, lines)
    }

    private mutating func add(_ name: String, _ help: String, _ kind: Kind, _ lines: [String]) {
        guard !lines.isEmpty else { return }
        if families[name] == nil {
            order.append(name)
            families[name] = Family(help: help, kind: kind, lines: lines)
        } else {
            families[name]?.lines += lines
        }
    }

    /// One family as the exposition writes it: its `# HELP` and `# TYPE` lines, then its samples' lines (each
    /// line with its line feed). Families of several expositions with the same name are one family: the header
    /// once, then each one's samples.
    package struct FamilyText: Sendable {
        package var name: String
        package var header: String
        package var samples: String
    }

    /// The families in first-seen order.
    package var familyTexts: [FamilyText] {
        order.compactMap { name in
            families[name].map { family in
                FamilyText(
                    name: name,
                    header: "# HELP \(name) \(Self.escapeHelp(family.help))\n# TYPE \(name) \(family.kind.rawValue)\n",
                    samples: family.lines.map { $0 + "\n" }.joined())
            }
        }
    }

    /// The exposition text.
    package var output: String {
        familyTexts.map { $0.header + $0.samples }.joined()
    }

    private static func sample(_ name: String, _ labels: [(String, String)], _ value: Double) -> String {
        var line = name
        if !labels.isEmpty {
            line += "{" + labels.map { "\($0.0)=\"\(escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
        }
        return line + " " + Self.value(value)
    }

    /// Label values: backslash, double quote and line feed are escaped, as the format requires (those are the
    /// only escapes its parsers accept). Other control characters (C0 with NUL, CR and ESC, DEL, and C1 with
    /// U+009B, the one-character CSI), which some readers take as line ends or terminals obey, become U+FFFD.
    static func escapeLabel(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case let c where c.value < 0x20 || (0x7F...0x9F).contains(c.value): out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func escapeHelp(_ s: String) -> String {
        s.replacingEvery("\\", with: "\\\\").replacingEvery("\n", with: "\\n")
    }

    static func value(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v == .infinity { return "+Inf" }
        if v == -.infinity { return "-Inf" }
        return NumberText.compact(v)
    }
}
