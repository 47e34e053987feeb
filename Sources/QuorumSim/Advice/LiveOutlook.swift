import ToolkitSupport

/// What `quorumsim live` answers for a live ensemble: what it can take now, and the chance of losing quorum
/// before the members that are down come back; with the text and JSON it prints.
public struct LiveOutlook: Sendable, Equatable {
    /// The ensemble as the check saw it, placed in zones.
    public var ensemble: LiveEnsemble
    /// Hours until the members that are down are back.
    public var window: Double
    /// ``LiveEnsemble/probabilityOfLosingQuorum(window:serverMTTF:zoneMTTF:)`` over `window`.
    public var probabilityOfLosingQuorum: Double

    /// The outlook of `ensemble` over `window` hours, each up voter failing at rate 1/`serverMTTF` and each zone
    /// with members at rate 1/`zoneMTTF` (`nil`: zones never fail).
    public init(_ ensemble: LiveEnsemble, window: Double, serverMTTF: Double, zoneMTTF: Double?) {
        let zones = Set(ensemble.members.map(\.zone))
        let zoneRates = zoneMTTF.map { mttf in Dictionary(uniqueKeysWithValues: zones.map { ($0, mttf) }) } ?? [:]
        self.ensemble = ensemble
        self.window = window
        probabilityOfLosingQuorum = ensemble.probabilityOfLosingQuorum(
            window: window, serverMTTF: serverMTTF, zoneMTTF: zoneRates)
    }

    /// The report `quorumsim live` prints (docs/quorumsim-advice.md).
    public func text() -> String {
        let live = ensemble
        var out = "voters up: \(live.upVoters) of \(live.votersConfigured) (majority \(live.majority))\n"
        if live.failureTolerance < 0 {
            out += "quorum: LOST now\n"
        } else {
            out += "can take \(live.failureTolerance) more voter failure(s) now\n"
        }
        for z in live.zoneLossLosesQuorum {
            let outcome = live.failureTolerance < 0 ? "no quorum to lose" : z.losesQuorum ? "LOSES quorum" : "quorum holds"
            out += "losing zone \(z.zone) (\(z.upVotersInZone) voter(s) up there) now: \(outcome)\n"
        }
        let down = live.members.filter { !$0.up }.map(\.address)
        let until = down.isEmpty ? "" : " (until \(down.joined(separator: ", ")) \(down.count == 1 ? "is" : "are") back)"
        out += "chance of losing quorum in the next \(Self.words(hours: window))\(until): "
            + NumberText.printf("%.3g%%\n", probabilityOfLosingQuorum * 100)
        return out
    }

    /// The JSON of `quorumsim live --format json`, with a final newline.
    public func json() -> String {
        let live = ensemble
        let zones: [JSONValue] = live.zoneLossLosesQuorum.map {
            .object([
                ("zone", .string($0.zone)), ("upVoters", .int(Int64($0.upVotersInZone))),
                ("lossLosesQuorum", .bool($0.losesQuorum)),
            ])
        }
        let document = JSONValue.object([
            ("upVoters", .int(Int64(live.upVoters))), ("votersConfigured", .int(Int64(live.votersConfigured))),
            ("majority", .int(Int64(live.majority))), ("failureTolerance", .int(Int64(live.failureTolerance))),
            ("zones", .array(zones)), ("windowHours", .double(window)),
            ("probabilityOfLosingQuorum", .double(probabilityOfLosingQuorum)),
        ])
        return document.serialized(indent: 2, inlineFrom: 0) + "\n"
    }

    /// `hours` in words: days from 48 hours, hours from 1, else minutes, three significant digits.
    static func words(hours: Double) -> String {
        if hours >= 48 { return NumberText.printf("%.3g days", hours / 24) }
        if hours >= 1 { return NumberText.printf("%.3g hours", hours) }
        return NumberText.printf("%.3g minutes", hours * 60)
    }
}
