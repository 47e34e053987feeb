import Testing

@testable import QuorumSim

/// `recommend --kafka`'s advice: figures against closed forms, ranking by the printed figure, why-lines that
/// agree with the printed tables.
struct KafkaRecommenderTests {
    static func request(zones: Int, target: RecommendRequest.Target = .availability(0.99999)) -> KafkaRecommendRequest {
        KafkaRecommendRequest(
            zones: (0..<zones).map {
                Zone(name: String(UnicodeScalar(UInt8(97 + $0))), outage: ModelDefaults.zoneOutage)
            },
            target: target)
    }

    /// One row of the printed cluster table.
    struct Row {
        var brokers: Int
        var starred: Bool
        var layout: String
        var rf: Int
        var minISR: Int
        var unwritable: Double
    }

    /// The cluster table of `text`, read back from its printed cells.
    static func clusterRows(_ text: String) throws -> [Row] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("brokers  layout") })
        return try lines[(start + 1)...].prefix { !$0.isEmpty }.map { line in
            var cells = line.split(separator: " ").map(String.init)
            let starred = cells.count > 1 && cells[1] == "*"
            if starred { cells.remove(at: 1) }
            return Row(
                brokers: try #require(Int(cells[0])), starred: starred, layout: cells[1],
                rf: try #require(Int(cells[2])),
                minISR: try #require(Int(cells[3])), unwritable: try #require(Double(cells[6])))
        }
    }

    /// The controller table's printed "no quorum" figure of each count (its first row: the lowest of the count).
    static func controllerFigures(_ text: String) throws -> [Int: Double] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("controllers  layout") })
        var out: [Int: Double] = [:]
        for line in lines[(start + 1)...].prefix(while: { !$0.isEmpty }) {
            let cells = line.split(separator: " ").map(String.init).filter { $0 != "*" }
            let n = try #require(Int(cells[0]))
            if out[n] == nil {
                out[n] = try #require(Double(cells[cells[3] == "loses" ? 5 : 4]))
            }
        }
        return out
    }

    /// P(a broker or controller is down): its own process or its zone.
    static var nodeDown: Double {
        let s = ModelDefaults.serverMTTR.hours / (ModelDefaults.serverMTTF.hours + ModelDefaults.serverMTTR.hours)
        let z = ModelDefaults.zoneMTTR.hours / (ModelDefaults.zoneMTTF.hours + ModelDefaults.zoneMTTR.hours)
        return 1 - (1 - s) * (1 - z)
    }

    /// Three brokers as 1/1/1 with RF 3 hold every partition on every broker, one per zone, all independent: the
    /// cluster is unwritable when more than RF − min.ISR of them are down; 3 controllers as 1/1/1 lose quorum
    /// when 2 are down. Closed forms, written here, against the candidates' figures.
    @Test func threeBrokersAndThreeControllersOverThreeZonesMatchTheClosedForms() throws {
        let r = try KafkaRecommender.recommend(Self.request(zones: 3))
        let q = Self.nodeDown
        // P(at least k of the three down)
        let atLeast = [3: q * q * q, 2: 3 * q * q * (1 - q) + q * q * q, 1: 1 - (1 - q) * (1 - q) * (1 - q)]
        for minISR in 1...3 {
            let c = try #require(
                r.candidates.first { $0.brokers == 3 && $0.replicationFactor == 3 && $0.minInsyncReplicas == minISR })
            #expect(c.counts == [1, 1, 1])
            let expected = atLeast[4 - minISR]!
            #expect(abs(c.figures.unwritable - expected) <= 1e-9 * expected, "min.ISR \(minISR)")
        }
        let three = try #require(r.controllers.first { $0.voters == 3 })
        #expect(three.counts == [1, 1, 1])
        #expect(abs(three.quorumUnavailability - atLeast[2]!) <= 1e-9 * atLeast[2]!)
    }

    /// With 3 brokers as 2/1 and RF 3 every partition has two replicas in zone a: losing it leaves all 12 below
    /// min.ISR 2, losing b none.
    @Test func zoneLossCountsThePartitionsLeftBelowMinISR() throws {
        let r = try KafkaRecommender.recommend(Self.request(zones: 2))
        let c = try #require(
            r.candidates.first { $0.brokers == 3 && $0.replicationFactor == 3 && $0.minInsyncReplicas == 2 })
        #expect(c.counts == [2, 1])
        #expect(c.unwritableOnZoneLoss == [12, 0])
        #expect(!c.writableThroughAnyZoneLoss)
        let one = try #require(
            r.candidates.first { $0.brokers == 3 && $0.replicationFactor == 3 && $0.minInsyncReplicas == 1 })
        #expect(one.writableThroughAnyZoneLoss)
    }

    /// The table is in the order of its printed figure, and the starred row is the fewest brokers whose printed
    /// figure meets the target, for 3 zones and 2 zones and two targets.
    @Test(arguments: [(3, 5.0), (3, 60.0), (3, 0.01), (2, 200.0), (2, 1.0)])
    func theTableIsRankedByThePrintedFigure(_ zones: Int, _ target: Double) throws {
        let r = try KafkaRecommender.recommend(Self.request(zones: zones, target: .downtimeMinutesPerYear(target)))
        let rows = try Self.clusterRows(r.text())
        #expect(rows.count == r.candidates.count && rows.count > 20)
        for (a, b) in zip(rows, rows.dropFirst()) { #expect(a.unwritable <= b.unwritable, "\(a) before \(b)") }
        let starred = rows.filter(\.starred)
        let fewest = rows.filter { $0.unwritable <= target }.map(\.brokers).min()
        #expect(starred.count == (fewest == nil ? 0 : 1))
        if let pick = starred.first {
            #expect(pick.unwritable <= target)
            #expect(pick.brokers == fewest)
        }
        #expect(r.text().contains(fewest == nil ? "NO CLUSTER meets the target" : "RECOMMENDED: \(fewest!) brokers"))
    }

    /// Every even-versus-odd line quotes the table's printed figures, its "higher/lower/the same as" follows them,
    /// and its verdict is the one those figures allow.
    @Test(arguments: [2, 3])
    func evenBrokerLinesAgreeWithThePrintedTable(_ zones: Int) throws {
        let r = try KafkaRecommender.recommend(Self.request(zones: zones))
        let rows = try Self.clusterRows(r.text())
        let lines = r.reasons.filter { $0.contains("brokers are not a quorum") }
        #expect(lines.count >= 2)
        let evenCount = zones == 2 ? 4 : 6
        for line in lines {
            // "6 brokers as 2/2/2 (RF 3, min.ISR 2) have 193 min/yr with some partition unwritable, higher than
            // 5 as 2/2/1 (130 min/yr) and lower than 7 as 3/2/2 (255 min/yr): <verdict>; brokers are not …"
            let words = line.split(separator: " ").map(String.init)
            #expect(words[0] == "\(evenCount)")
            let rf = try #require(Int(words[5].filter(\.isNumber)))
            let minISR = try #require(Int(words[7].filter(\.isNumber)))
            let figure = try #require(Double(words[9]))
            func printed(_ n: Int) throws -> Double {
                try #require(rows.first { $0.brokers == n && $0.rf == rf && $0.minISR == minISR }).unwritable
            }
            #expect(try printed(evenCount) == figure, "\(line)")
            var compared: [(Int, Double)] = []
            for odd in [evenCount - 1, evenCount + 1] {
                guard let at = line.range(of: " than \(odd) as ") ?? line.range(of: " the same as \(odd) as ") else {
                    continue
                }
                let before = line[..<at.lowerBound]
                let word = before.hasSuffix("higher") ? "higher" : before.hasSuffix("lower") ? "lower" : "same"
                let value = try printed(odd)
                let after = line[at.upperBound...]
                let quoted = try #require(after.split(separator: "(").dropFirst().first?.split(separator: " ").first)
                #expect(Double(quoted) == value, "\(line)")
                let expected = figure > value ? "higher" : figure < value ? "lower" : "same"
                #expect(word == expected, "\(line)")
                compared.append((odd, value))
            }
            #expect(!compared.isEmpty)
            if compared.count == 2 {
                let (low, high) = (compared[0].1, compared[1].1)
                if line.contains("do as well as the odd counts beside them or better") {
                    #expect(figure <= low && figure <= high, "\(line)")
                } else if line.contains("grows with the broker count") {
                    #expect(low < figure && figure <= high, "\(line)")
                } else if line.contains("falls with the broker count") {
                    #expect(high < figure && figure <= low, "\(line)")
                } else {
                    #expect(line.contains("worse than both") && figure > low && figure > high, "\(line)")
                }
            }
        }
    }

    /// "4 controllers … with X min/yr without a quorum, higher than 3 (Y min/yr)": the figures are the controller
    /// table's, and "an even count adds a failure source" is said only when the even count's is higher.
    @Test(arguments: [2, 3])
    func evenControllerLineAgreesWithThePrintedTable(_ zones: Int) throws {
        let r = try KafkaRecommender.recommend(Self.request(zones: zones))
        let figures = try Self.controllerFigures(r.text())
        let line = try #require(r.reasons.first { $0.hasPrefix("4 controllers") })
        let four = try #require(figures[4])
        let three = try #require(figures[3])
        #expect(line.contains("with \(Recommendation.figureText(four)) min/yr without a quorum"))
        #expect(line.contains("3 (\(Recommendation.figureText(three)) min/yr)"))
        #expect(line.contains("higher than") == (four > three))
        #expect(line.contains("adds a failure source but no tolerance") == (four > three))
    }

    /// Over two zones no majority survives losing the larger side; over three, the chosen controllers do.
    @Test func controllersNeedAThirdZoneToSurviveAZoneLoss() throws {
        let two = try KafkaRecommender.recommend(Self.request(zones: 2))
        #expect(two.controllers.allSatisfy { !$0.survivesAnyZoneLoss })
        #expect(two.reasons.contains { $0.hasPrefix("no controller placement over two zones keeps a quorum") })
        let three = try KafkaRecommender.recommend(Self.request(zones: 3, target: .downtimeMinutesPerYear(60)))
        let chosen = try #require(three.chosenControllers)
        #expect(chosen.survivesAnyZoneLoss && chosen.voters % 2 == 1)
        #expect(!three.reasons.contains { $0.hasPrefix("no controller placement") })
    }

    /// Where the chosen controllers are not the lowest printed figure of their count (a placement that survives more
    /// zone losses goes first, as in the ensemble advice), a why-line says so with both figures; where they are, none.
    @Test func aChosenControllerPlacementAboveTheLowestOfItsCountIsExplained() throws {
        let two = try KafkaRecommender.recommend(Self.request(zones: 2, target: .downtimeMinutesPerYear(200)))
        let chosen = try #require(two.chosenControllers)
        let best = try #require(two.controllers.first { $0.voters == chosen.voters && $0 != chosen })
        #expect(
            KafkaRecommender.printed(best.downtimeMinutesPerYear)
                < KafkaRecommender.printed(chosen.downtimeMinutesPerYear))
        let line = try #require(
            two.reasons.first { $0.hasPrefix("\(chosen.voters) controllers") && $0.contains("lowest figure of that count") })
        #expect(line.contains("(\(Recommendation.figureText(best.downtimeMinutesPerYear)) min/yr)"), "\(line)")
        #expect(best.zonesSurvivable < chosen.zonesSurvivable)
        #expect(line.contains("(\(best.zonesSurvivable) against \(chosen.zonesSurvivable))"), "\(line)")
        let three = try KafkaRecommender.recommend(Self.request(zones: 3, target: .downtimeMinutesPerYear(60)))
        let chosenThree = try #require(three.chosenControllers)
        #expect(!three.controllers.contains { $0.voters == chosenThree.voters && $0 != chosenThree })
        #expect(!three.reasons.contains { $0.contains("controllers") && $0.contains("lowest figure of that count") })
    }

    /// Brokers spread evenly: every count over every zone count sums to it and differs by at most one per zone.
    @Test func brokersAreSpreadEvenly() {
        for zones in 1...8 {
            for n in 1...12 {
                let counts = KafkaRecommender.spread(n, over: zones)
                #expect(counts.count == zones && counts.reduce(0, +) == n)
                #expect(counts.max()! - counts.min()! <= 1)
            }
        }
    }

    @Test func requestsThatCannotBeEvaluatedAreRefused() {
        var r = Self.request(zones: 3)
        r.brokerCounts = [2]
        r.replicationFactors = [3]
        #expect(throws: AdviceError.self) { try KafkaRecommender.recommend(r) }
        r = Self.request(zones: 8)
        r.brokerCounts = [12]
        r.partitions = 1000
        #expect(throws: AdviceError.self) { try KafkaRecommender.recommend(r) }
        #expect(throws: AdviceError.self) { try KafkaRecommender.recommend(Self.request(zones: 0)) }
    }
}
