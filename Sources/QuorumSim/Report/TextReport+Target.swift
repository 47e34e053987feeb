import ToolkitSupport

extension TextReport {
    /// One line per scenario saying whether its simulated downtime meets `target` (minutes per year), judged as
    /// `run --svg` draws it: the mean (the dot) against the target (the line), and its 95% interval (the bar)
    /// named when it reaches across the line.
    static func targetLines(_ reports: [SimulationReport], target: Double) -> String {
        var text = ""
        for report in reports {
            let downtime = report.metrics.downtimeMinutesPerYear
            let figure = "simulated downtime \(NumberText.estimate(downtime)) min/yr"
            let verdict: String
            switch (downtime.mean <= target, downtime.ci95) {
            case (true, let ci?) where ci.upperBound > target:
                verdict = "met by the mean, not by the whole 95% interval (\(figure))"
            case (false, let ci?) where ci.lowerBound <= target:
                verdict = "NOT met by the mean, though the 95% interval reaches it (\(figure))"
            case (true, _): verdict = "met (\(figure))"
            case (false, _): verdict = "NOT met (\(figure))"
            }
            text += "target \(RunChart.figure(target)) min/yr: \(verdict) for \(report.name).\n"
        }
        return text
    }
}
