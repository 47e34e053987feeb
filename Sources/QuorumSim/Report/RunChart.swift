import ToolkitSupport

/// The chart of `quorumsim run --svg`: each scenario's simulated downtime per year, with its 95% interval, the
/// part without a quorum, the exact figure where there is one, and the target as a horizontal line, on a
/// logarithmic axis. A standalone SVG document in the style of `SVGPlot` (recommend's chart).
public struct RunChart: Sendable {
    /// One scenario: its name, its placement in words and its figures (minutes per year).
    public struct Column: Sendable {
        /// The scenario's name, under its column.
        public var name: String
        /// The placement marked, such as `5 voters as 2/2/1 over a, b, c`.
        public var placement: String
        /// Simulated write downtime, all causes.
        public var downtime: Estimate
        /// Simulated time without a quorum.
        public var quorumLoss: Estimate
        /// The exact time without a quorum, when known.
        public var exactQuorumLoss: Double?

        /// A column from a finished report and the scenario it ran.
        public init(report: SimulationReport, scenario: Scenario) {
            name = report.name
            placement = Self.placement(of: scenario)
            downtime = report.metrics.downtimeMinutesPerYear
            quorumLoss = report.metrics.quorumLossMinutesPerYear
            exactQuorumLoss = report.exact?.downtimeMinutesPerYear
        }

        /// `N voters as a/b/c over zones` (observers counted apart).
        static func placement(of scenario: Scenario) -> String {
            var perZone = [Int](repeating: 0, count: scenario.zones.count)
            for server in scenario.servers where server.role == .participant { perZone[server.zone] += 1 }
            let used = perZone.indices.filter { perZone[$0] > 0 }
            let voters = perZone.reduce(0, +)
            let observers = scenario.servers.count - voters
            var text =
                "\(voters) voter\(voters == 1 ? "" : "s") as "
                + used.map { String(perZone[$0]) }.joined(separator: "/")
                + " over " + used.map { scenario.zones[$0].name }.joined(separator: ", ")
            if observers > 0 { text += " + \(observers) observer\(observers == 1 ? "" : "s")" }
            return text
        }
    }

    /// The columns, left to right.
    public var columns: [Column]
    /// The target downtime, minutes per year; `nil` draws no target line.
    public var targetMinutesPerYear: Double?
    /// The document's size in SVG user units.
    public var width: Double = 820
    public var height: Double = 520

    /// A chart of `columns` with the target line at `targetMinutesPerYear`.
    public init(columns: [Column], targetMinutesPerYear: Double?) {
        self.columns = columns
        self.targetMinutesPerYear = targetMinutesPerYear
    }

    /// Margins around the plot area.
    static let left = 90.0, right = 230.0, top = 50.0, bottom = 90.0

    /// The whole SVG document.
    public func render() -> String {
        let axis = LogAxis(values: plottedValues, top: Self.top, height: height - Self.top - Self.bottom)
        var s = header()
        s += axis.grid(left: Self.left, width: plotWidth)
        if let target = targetMinutesPerYear {
            s += axis.targetLine(target, label: "target \(Self.figure(target)) min/yr", left: Self.left, width: plotWidth)
        }
        for (i, column) in columns.enumerated() { s += marks(column, at: columnX(i), axis: axis) }
        s += legend()
        s += "</svg>\n"
        return s
    }

    var plotWidth: Double { width - Self.left - Self.right }

    func columnX(_ i: Int) -> Double { Self.left + plotWidth * (Double(i) + 0.5) / Double(max(columns.count, 1)) }

    /// Every positive figure drawn, which sets the axis.
    var plottedValues: [Double] {
        var values: [Double] = targetMinutesPerYear.map { [$0] } ?? []
        for c in columns {
            for e in [c.downtime, c.quorumLoss] {
                values.append(e.mean)
                if let ci = e.ci95 { values += [ci.lowerBound, ci.upperBound] }
            }
            if let exact = c.exactQuorumLoss { values.append(exact) }
        }
        return values.filter { $0 > 0 && $0.isFinite }
    }

    func header() -> String {
        let plotH = height - Self.top - Self.bottom
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(svgNumber(width))" height="\(svgNumber(height))" \
            viewBox="0 0 \(svgNumber(width)) \(svgNumber(height))" font-family="Helvetica, Arial, sans-serif" font-size="13">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(svgNumber(Self.left + plotWidth / 2))" y="28" text-anchor="middle" font-size="16" font-weight="bold">Write downtime per year, simulated (95% interval) and exact</text>
            <rect x="\(svgNumber(Self.left))" y="\(svgNumber(Self.top))" width="\(svgNumber(plotWidth))" height="\(svgNumber(plotH))" fill="none" stroke="#333"/>
            <text transform="translate(22 \(svgNumber(Self.top + plotH / 2))) rotate(-90)" text-anchor="middle">minutes per year (log scale)</text>

            """
    }

    func legend() -> String {
        let x = Self.left + plotWidth + 15
        let rows = [
            ("#1f77b4", "downtime, simulated"), ("#ff7f0e", "without quorum, simulated"),
            ("#2ca02c", "without quorum, exact"),
        ]
        var s = ""
        for (i, (colour, label)) in rows.enumerated() {
            let y = Self.top + 40 + Double(i) * 22
            s += "<circle cx=\"\(svgNumber(x + 8))\" cy=\"\(svgNumber(y))\" r=\"5\" fill=\"\(colour)\"/>"
            s += "<text x=\"\(svgNumber(x + 20))\" y=\"\(svgNumber(y + 4))\">\(label)</text>\n"
        }
        return s
    }

    /// Four significant digits, no exponent for everyday figures.
    static func figure(_ v: Double) -> String {
        v == 0 ? "0" : NumberText.printf("%.4g", v)
    }
}
