/// The continuous-time Markov chain of independent exponential two-state parts.
///
/// A state is a bit mask over the parts (bit set = down or cut); its stationary
/// probability is the product of each part's long-run probability. Used for exact episode
/// frequencies and for the election estimate. Visits all 2^parts states.
struct ComponentChain: Sendable {
    enum Kind: Sendable {
        case zone(Int)
        case link(Int, Int)
        case voter(index: Int, zone: Int)
    }

    struct Part: Sendable {
        var kind: Kind
        var component: TwoStateComponent
    }

    let model: ProductForm
    let parts: [Part]
    private let lowBits: Int
    private let lowMask: Int
    private let lowProbability: [Double]
    private let highProbability: [Double]
    /// State bit of each zone part, with its zone.
    private let zoneBits: [(bit: Int, zone: Int)]
    /// State bit of each link part, with its zones.
    private let linkBits: [(bit: Int, a: Int, b: Int)]
    /// Every voter: its server bit, its zone's bit, and its own part's state bit (0 if it never fails).
    private let voterBits: [(serverBit: UInt64, zoneBit: UInt64, ownBit: Int)]

    /// The most parts the chain enumerates (2^20 states, each with up to 20 neighbours).
    static let partLimit = 20

    init(model: ProductForm) {
        self.model = model
        var parts: [Part] = model.zoneParts.map { Part(kind: .zone($0.zone), component: $0.component) }
        parts += model.linkParts.map { Part(kind: .link($0.zoneA, $0.zoneB), component: $0.component) }
        var voterBits: [(serverBit: UInt64, zoneBit: UInt64, ownBit: Int)] = []
        for v in model.voterParts {
            var ownBit = 0
            if let c = v.component {
                ownBit = 1 << parts.count
                parts.append(Part(kind: .voter(index: v.index, zone: v.zone), component: c))
            }
            voterBits.append((1 << UInt64(v.index), 1 << UInt64(v.zone), ownBit))
        }
        self.parts = parts
        self.voterBits = voterBits
        var zoneBits: [(bit: Int, zone: Int)] = []
        var linkBits: [(bit: Int, a: Int, b: Int)] = []
        for (k, part) in parts.enumerated() {
            switch part.kind {
            case .zone(let z): zoneBits.append((1 << k, z))
            case .link(let a, let b): linkBits.append((1 << k, a, b))
            case .voter: break
            }
        }
        self.zoneBits = zoneBits
        self.linkBits = linkBits
        lowBits = parts.count / 2
        lowMask = (1 << lowBits) - 1
        lowProbability = Self.halfProducts(parts[..<lowBits])
        highProbability = Self.halfProducts(parts[lowBits...])
    }

    /// Why the chain cannot be used for `scenario`, if it cannot.
    static func problems(scenario: Scenario, model: ProductForm) -> [ExactLimitation] {
        var problems: [ExactLimitation] = []
        if scenario.maintenance != nil { problems.append(.maintenance) }
        for c in model.allComponents where !c.isExponential {
            problems.append(.notExponential(component: c.label))
        }
        let count = model.allComponents.count
        if count > partLimit {
            problems.append(
                .tooManyStates(
                    states: Double(sign: .plus, exponent: count, significand: 1),
                    limit: Double(sign: .plus, exponent: partLimit, significand: 1)))
        }
        return problems
    }

    var stateCount: Int { 1 << parts.count }

    /// Stationary probability of `state`.
    @inline(__always)
    func probability(_ state: Int) -> Double {
        lowProbability[state & lowMask] * highProbability[state >> lowBits]
    }

    /// Products over the low and high halves of the state bits, so a state's probability is one multiplication.
    private static func halfProducts(_ parts: ArraySlice<Part>) -> [Double] {
        (0..<(1 << parts.count)).map { half in
            var p = 1.0
            for (k, part) in parts.enumerated() { p *= part.component.probability(bad: half & (1 << k) != 0) }
            return p
        }
    }

    /// Rate (per hour) at which part `k` flips out of its state in `state`.
    @inline(__always)
    func flipRate(_ state: Int, part k: Int) -> Double {
        let c = parts[k].component
        return state & (1 << k) != 0 ? c.repairRate : c.failureRate
    }

    /// Up servers in `state`; fills `cut` (zone count long) and tells whether anything is cut.
    @inline(__always)
    func servers(in state: Int, cut: inout [UInt64]) -> (up: UInt64, anyCut: Bool) {
        var zoneDown: UInt64 = 0
        var anyCut = false
        for z in 0..<cut.count { cut[z] = 0 }
        for (bit, z) in zoneBits where state & bit != 0 { zoneDown |= 1 << UInt64(z) }
        for (bit, a, b) in linkBits where state & bit != 0 {
            cut[a] |= 1 << UInt64(b)
            cut[b] |= 1 << UInt64(a)
            anyCut = true
        }
        var up: UInt64 = 0
        for v in voterBits where zoneDown & v.zoneBit == 0 && state & v.ownBit == 0 { up |= v.serverBit }
        return (up, anyCut)
    }

    /// Whether `state` can serve, for every state.
    func servingByState() -> [Bool] {
        var cut = [UInt64](repeating: 0, count: model.zoneCount)
        let reach = model.reachability
        let rule = model.rule
        return (0..<stateCount).map { s in
            let (up, anyCut) = servers(in: s, cut: &cut)
            return anyCut ? reach.canServe(up: up, cut: cut, rule: rule) : reach.canServe(up: up, cut: [], rule: rule)
        }
    }

    /// Up voters that could lead in each state (empty when the state cannot serve).
    func leadersByState() -> [UInt64] {
        var cut = [UInt64](repeating: 0, count: model.zoneCount)
        let reach = model.reachability
        let rule = model.rule
        return (0..<stateCount).map { s in
            let (up, anyCut) = servers(in: s, cut: &cut)
            return reach.possibleLeaders(up: up, cut: anyCut ? cut : [], rule: rule)
        }
    }
}
