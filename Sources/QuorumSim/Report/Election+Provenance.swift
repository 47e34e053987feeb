import ToolkitSupport

extension Election {
    /// Where the election figure came from, as `quorumsim run` prints it after `elections: ` (docs/quorumsim.md):
    /// `measured, n=23 from 2 drills, median 1.2 s (p10–p90 0.8–2.1 s), lognormal`, or
    /// `assumed: syncLimit × tickTime 10 s + election 200 ms = 10.2 s` (the duration's mean, "mean" when it varies).
    public var provenance: String { provenance(metadata: nil) }

    /// `provenance` naming the detection time as the quorum's own setting: for KRaft controllers
    /// `controller.quorum.fetch.timeout.ms` (a follower's wait for the leader's fetch response) instead of ZooKeeper's
    /// `syncLimit × tickTime`.
    public func provenance(metadata: MetadataQuorum?) -> String {
        if let measured {
            let drills = measured.drills == 1 ? "1 drill" : "\(measured.drills) drills"
            return "measured, n=\(measured.samples.count) from \(drills), "
                + "median \(Self.secondsText(measured.quantileSeconds(0.5))) "
                + "(p10–p90 \(Self.rangeText(measured.quantileSeconds(0.1), measured.quantileSeconds(0.9)))), "
                + (measured.isLognormal ? "lognormal" : "empirical")
        }
        let (detectionSeconds, durationSeconds) = (detection * 3600, duration.mean * 3600)
        let varies = duration.variance > 0 ? "mean " : ""
        let detectionName: String
        switch metadata {
        case .kraft?, .kraftCombined?: detectionName = "controller.quorum.fetch.timeout.ms"
        case .zookeeper?, nil: detectionName = "syncLimit × tickTime"
        }
        return "assumed: \(detectionName) \(Self.secondsText(detectionSeconds)) + election \(varies)"
            + "\(Self.secondsText(durationSeconds)) = \(Self.secondsText(detectionSeconds + durationSeconds))"
    }

    /// The JSON report's `election` object (docs/quorumsim.md): the source and its figures, in seconds.
    package var provenanceJSON: JSONValue {
        if let measured {
            return .object([
                ("source", .string("measured")), ("samples", .int(Int64(measured.samples.count))),
                ("drills", .int(Int64(measured.drills))), ("from", .string(measured.from.rawValue)),
                ("fit", .string(measured.isLognormal ? "lognormal" : "empirical")),
                ("medianSeconds", .double(measured.quantileSeconds(0.5))),
                ("p10Seconds", .double(measured.quantileSeconds(0.1))),
                ("p90Seconds", .double(measured.quantileSeconds(0.9))),
                ("meanSeconds", .double(duration.mean * 3600)),
            ])
        }
        let (detectionSeconds, durationSeconds) = (detection * 3600, duration.mean * 3600)
        return .object([
            ("source", .string("assumed")), ("detectionSeconds", .double(detectionSeconds)),
            ("durationMeanSeconds", .double(durationSeconds)),
            ("meanSeconds", .double(detectionSeconds + durationSeconds)),
        ])
    }

    /// `1.2 s`, `10.2 s`, `200 ms`: three significant digits.
    static func secondsText(_ seconds: Double) -> String {
        let (number, unit) = parts(seconds)
        return "\(number) \(unit)"
    }

    /// `0.8–2.1 s`, or `800 ms–2.1 s` when the two ends have different units.
    static func rangeText(_ low: Double, _ high: Double) -> String {
        let (lowNumber, lowUnit) = parts(low)
        let (highNumber, highUnit) = parts(high)
        return lowUnit == highUnit
            ? "\(lowNumber)–\(highNumber) \(highUnit)" : "\(lowNumber) \(lowUnit)–\(highNumber) \(highUnit)"
    }

    private static func parts(_ seconds: Double) -> (number: String, unit: String) {
        func rounded(_ value: Double) -> Double {
            Double(NumberText.fixed(value, NumberText.decimals(forValue: value, significant: 3))) ?? value
        }
        // 0.9996 s rounds to 1000 ms: then it is 1 s.
        let milliseconds = rounded(seconds * 1000)
        if seconds > 0, milliseconds < 1000 { return (NumberText.compact(milliseconds, format: "%.15g"), "ms") }
        return (NumberText.compact(rounded(seconds), format: "%.15g"), "s")
    }
}
