import ToolkitSupport

extension KafkaRecommender {
    /// Why the advice is what it is. Every figure is written by `Recommendation.figureText` from the value the
    /// tables print, and every comparison ("lower than", "the same as") is made on those printed numbers.
    static func explain(_ r: KafkaRecommendation) -> [String] {
        var reasons = choiceReasons(r)
        reasons += durabilityReasons(r)
        reasons += evenBrokerReasons(r)
        if let more = brokerCountReason(r) { reasons.append(more) }
        if let zone = zoneLossReason(r) { reasons.append(zone) }
        reasons += controllerReasons(r)
        return reasons
    }

    /// A figure as the tables print it, read back: what the why-lines compare.
    public static func printed(_ minutes: Double) -> Double {
        DecimalText.double(Recommendation.figureText(minutes)) ?? minutes
    }

    /// "lower than", "the same as" or "higher than", on the printed figures.
    static func relation(_ a: Double, _ b: Double) -> String {
        let (x, y) = (printed(a), printed(b))
        return x < y ? "lower than" : x > y ? "higher than" : "the same as"
    }

    static func minutes(_ m: Double) -> String { Recommender.minutes(m) }

    /// "3 brokers as 1/1/1 (RF 3, min.ISR 2)".
    static func named(_ c: KafkaCandidate) -> String { "\(c.brokers) brokers as \(c.layout) (\(c.setting))" }

    /// The choice and what it beat, or the best when nothing meets the target.
    static func choiceReasons(_ r: KafkaRecommendation) -> [String] {
        guard let chosen = r.chosen else {
            guard let best = r.best else { return [] }
            return [
                "no cluster meets the target of \(minutes(limitMinutes(r))): the best of \(r.candidates.count) is "
                    + "\(named(best)) with \(minutes(best.unwritableMinutesPerYear)) with some partition unwritable"
            ]
        }
        var out = [
            "\(named(chosen)) meet the target with \(minutes(chosen.unwritableMinutesPerYear)) with some partition "
                + "unwritable: the fewest brokers that do"
        ]
        for n in Set(r.candidates.map(\.brokers)).sorted() where n < chosen.brokers {
            if let best = r.candidates.first(where: { $0.brokers == n }) {
                out.append(
                    "\(n) brokers miss it at every setting: the best, \(named(best)), has "
                        + minutes(best.unwritableMinutesPerYear))
            }
        }
        if let best = r.candidates.first(where: { $0.brokers == chosen.brokers }), best != chosen {
            let why: String
            if best.writableThroughAnyZoneLoss != chosen.writableThroughAnyZoneLoss {
                why = "leave partitions unwritable when a zone is lost"
            } else if best.minInsyncReplicas < chosen.minInsyncReplicas {
                why =
                    "acknowledge a write on fewer copies (min.ISR \(best.minInsyncReplicas) against "
                    + "\(chosen.minInsyncReplicas))"
            } else {
                why = "keep more replicas (RF \(best.replicationFactor) against \(chosen.replicationFactor))"
            }
            out.append(
                "\(named(best)) have the lowest figure of that count (\(minutes(best.unwritableMinutesPerYear))) but "
                    + "\(why); both meet the target")
        }
        return out
    }

    static func limitMinutes(_ r: KafkaRecommendation) -> Double {
        r.request.target.maximumUnavailability * hoursPerYear * 60
    }

    /// min.insync.replicas 1 is what the figures cannot weigh: a write acknowledged by one broker.
    static func durabilityReasons(_ r: KafkaRecommendation) -> [String] {
        guard let pick = r.chosen ?? r.best, pick.minInsyncReplicas == 1, pick.replicationFactor > 1 else { return [] }
        var line =
            "min.insync.replicas 1 lets acks=all succeed on the leader alone when its followers are out of "
            + "the ISR, and until one catches up that write lives on one broker only: the figures count unwritable "
            + "time, not lost writes"
        if let safer = r.candidates.first(where: { $0.brokers == pick.brokers && $0.minInsyncReplicas == 2 }) {
            line +=
                "; with min.ISR 2, \(pick.brokers) brokers have at best \(minutes(safer.unwritableMinutesPerYear)) "
                + "(RF \(safer.replicationFactor))"
        }
        return [line]
    }

    /// The settings the even-count lines speak of: the choice's, the lowest figure's, and RF 3 min.ISR 2 (the
    /// common one), each once.
    static func comparedSettings(_ r: KafkaRecommendation) -> [(rf: Int, minISR: Int)] {
        var settings: [(rf: Int, minISR: Int)] = []
        let picks = [r.chosen, r.best].compactMap { $0 }.map { ($0.replicationFactor, $0.minInsyncReplicas) }
        for setting in picks + [(3, 2)] where !settings.contains(where: { $0 == setting }) { settings.append(setting) }
        return settings
    }

    /// The even broker count that spreads evenly over the zones (4 over 2 zones, 6 over 3) against the odd
    /// counts on either side, at the same setting: whether brokers need to be odd, from the table's figures.
    static func evenBrokerReasons(_ r: KafkaRecommendation) -> [String] {
        let zones = r.request.zones.count
        let counts = Set(r.candidates.map(\.brokers))
        guard
            let even = counts.filter({ $0 >= 4 && $0 % 2 == 0 && $0 % zones == 0 }).min()
                ?? counts.filter({ $0 >= 4 && $0 % 2 == 0 }).min()
        else { return [] }
        var out: [String] = []
        for (rf, m) in comparedSettings(r) {
            func at(_ n: Int) -> KafkaCandidate? {
                r.candidates.first { $0.brokers == n && $0.replicationFactor == rf && $0.minInsyncReplicas == m }
            }
            guard let e = at(even) else { continue }
            let odds = [at(even - 1), at(even + 1)].compactMap { $0 }
            guard !odds.isEmpty else { continue }
            let f = e.unwritableMinutesPerYear
            let against = odds.map {
                "\(relation(f, $0.unwritableMinutesPerYear)) \($0.brokers) as \($0.layout) "
                    + "(\(minutes($0.unwritableMinutesPerYear)))"
            }
            let verdict = evenVerdict(even, printed(f), below: at(even - 1), above: at(even + 1))
            out.append(
                "\(even) brokers as \(e.layout) (RF \(rf), min.ISR \(m)) have \(minutes(f)) with some partition "
                    + "unwritable, \(against.joined(separator: " and ")): \(verdict); brokers are not a quorum "
                    + "(a partition needs min.ISR of its own replicas, not a majority of brokers)")
        }
        return out
    }

    /// What the even count's printed figure `f` says against the odd counts below and above it (same setting).
    static func evenVerdict(_ even: Int, _ f: Double, below: KafkaCandidate?, above: KafkaCandidate?) -> String {
        let low = below.map { printed($0.unwritableMinutesPerYear) }
        let high = above.map { printed($0.unwritableMinutesPerYear) }
        switch (low, high) {
        case (let l?, let h?) where f <= l && f <= h:
            return "\(even) brokers do as well as the odd counts beside them or better"
        case (let l?, let h?) where l < f && f <= h:
            return "the figure grows with the broker count whatever its parity, so an even count costs nothing "
                + "for being even"
        case (let l?, let h?) where h < f && f <= l:
            return "the figure falls with the broker count whatever its parity, so an even count costs nothing "
                + "for being even"
        case (let l?, let h?) where f > l && f > h:
            return "here the even count does worse than both odd counts beside it"
        case (let l?, nil):
            return f <= l ? "\(even) brokers do as well as \(even - 1) or better" : "here the even count does worse"
        case (nil, let h?):
            return f <= h ? "\(even) brokers do as well as \(even + 1) or better" : "here the even count does worse"
        default: return ""
        }
    }

    /// The fewest against the most brokers at the choice's setting: what adding brokers does to the figure.
    static func brokerCountReason(_ r: KafkaRecommendation) -> String? {
        guard let pick = r.chosen ?? r.best else { return nil }
        let same = r.candidates.filter {
            $0.replicationFactor == pick.replicationFactor && $0.minInsyncReplicas == pick.minInsyncReplicas
        }
        guard let few = same.min(by: { $0.brokers < $1.brokers }), let many = same.max(by: { $0.brokers < $1.brokers }),
            few.brokers < many.brokers
        else { return nil }
        let rel = relation(many.unwritableMinutesPerYear, few.unwritableMinutesPerYear)
        var line =
            "at \(pick.setting), \(many.brokers) brokers have \(minutes(many.unwritableMinutesPerYear)), "
            + "\(rel) \(few.brokers) (\(minutes(few.unwritableMinutesPerYear)))"
        let (a, b) = (few.figures.unwritablePartitionMinutesPerYear, many.figures.unwritablePartitionMinutesPerYear)
        if relation(a, b) == "the same as" {
            line +=
                ", while each partition's own time is unchanged (\(Recommendation.figureText(a)) unwritable "
                + "partition-min/yr)"
        }
        if rel != "lower than" {
            line +=
                ": more brokers spread the partitions over more replica sets, so more failure combinations "
                + "reach some partition; add brokers for throughput and storage, not for this figure"
        }
        return line
    }

    /// What losing a zone does to the choice.
    static func zoneLossReason(_ r: KafkaRecommendation) -> String? {
        guard let pick = r.chosen ?? r.best else { return nil }
        let zones = r.request.zones
        let structural =
            zones.contains { $0.outage != nil }
            ? "" : " (zones never fail in this model: this is the placement's structure, not a modelled outage)"
        if pick.writableThroughAnyZoneLoss {
            return "\(named(pick)) keep every partition writable through the loss of any one zone" + structural
        }
        let losses = zip(zones, pick.unwritableOnZoneLoss).filter { $0.1 > 0 }.map {
            "zone \($0.0.name) leaves \($0.1) of \(pick.figures.partitions)"
        }
        return "\(named(pick)) do not survive every zone loss: losing "
            + losses.joined(separator: ", losing ") + " partitions below min.insync.replicas" + structural
    }

    /// "as 2/2/1", or "in one zone".
    static func placed(_ p: PlacementEvaluation) -> String { p.zonesUsed == 1 ? "in one zone" : "as \(p.layout)" }

    /// The controllers: the choice, why not an even count, what two zones cannot do.
    static func controllerReasons(_ r: KafkaRecommendation) -> [String] {
        var out: [String] = []
        let limit = limitMinutes(r)
        if let c = r.chosenControllers {
            out.append(
                "\(c.voters) KRaft controllers \(placed(c)) meet the target with \(minutes(c.downtimeMinutesPerYear)) "
                    + "without a quorum: the fewest that do")
            // The ensemble advice's rule: a placement that survives more zone losses goes first, even with a higher
            // figure; say so where the table shows a lower one of the same count.
            if let best = r.controllers.first(where: { $0.voters == c.voters && $0 != c }),
                relation(best.downtimeMinutesPerYear, c.downtimeMinutesPerYear) == "lower than"
            {
                out.append(
                    "\(best.voters) controllers \(placed(best)) have the lowest figure of that count "
                        + "(\(minutes(best.downtimeMinutesPerYear))) but keep a quorum through the loss of fewer zones "
                        + "(\(best.zonesSurvivable) against \(c.zonesSurvivable)); both meet the target")
            }
            for odd in r.controllers where odd.voters < c.voters && odd.voters % 2 == 1 && odd.voters >= 3 {
                out.append(
                    "\(odd.voters) controllers (at best \(placed(odd))) miss it: \(minutes(odd.downtimeMinutesPerYear))"
                )
            }
        } else if let c = r.bestControllers {
            out.append(
                "no controller count meets the target of \(minutes(limit)): the best is \(c.voters) \(placed(c)) "
                    + "with \(minutes(c.downtimeMinutesPerYear)) without a quorum")
        }
        for even in r.controllers where even.voters % 2 == 0 {
            guard let odd = r.controllers.first(where: { $0.voters == even.voters - 1 }),
                odd.failuresTolerated == even.failuresTolerated
            else { continue }
            let rel = relation(even.downtimeMinutesPerYear, odd.downtimeMinutesPerYear)
            var line =
                "\(even.voters) controllers (at best \(placed(even))) tolerate \(even.failuresTolerated) "
                + "failure(s), as \(odd.voters) do, with \(minutes(even.downtimeMinutesPerYear)) without a quorum, "
                + "\(rel) \(odd.voters) (\(minutes(odd.downtimeMinutesPerYear)))"
            if rel == "higher than" {
                line +=
                    ": unlike brokers, controllers are a majority quorum (KRaft, as ZooKeeper), so an even "
                    + "count adds a failure source but no tolerance"
            }
            out.append(line)
        }
        if r.request.zones.count == 2, !r.controllers.isEmpty, !r.controllers.contains(where: \.survivesAnyZoneLoss),
            let best = r.bestControllers
        {
            out.append(
                "no controller placement over two zones keeps a quorum through the loss of "
                    + "the zone with the most controllers (best: \(best.voters) \(placed(best)), "
                    + "\(minutes(best.downtimeMinutesPerYear))); a third zone, even with one controller, buys that")
        }
        return out
    }
}
