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
    /// Voters that never fail.
    let alwaysUpVoters: [(index: Int, zone: Int)]

    /// The most parts the chain enumerates (2^22 states, each with up to 22 neighbours).
    static let partLimit = 22

    init(model: ProductForm) {
        self.model = model
        var parts: [Part] = model.zoneParts.map { Part(kind: .zone($0.zone), component: $0.component) }
        parts += model.linkParts.map { Part(kind: .link($0.zoneA, $0.zoneB), component: $0.component) }
        var always: [(index: Int, zone: Int)] = []
        for v in model.voterParts {
            if let c = v.component {
                parts.append(Part(kind: .voter(index: v.index, zone: v.zone), component: c))
            } else {
                always.append((v.index, v.zone))
            }
        }
        self.parts = parts
        self.alwaysUpVoters = always
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
        var p = 1.0
        for (k, part) in parts.enumerated() { p *= part.component.probability(bad: state & (1 << k) != 0) }
        return p
    }

    /// Rate (per hour) at which part `k` flips out of its state in `state`.
    @inline(__always)
    func flipRate(_ state: Int, part k: Int) -> Double {
        let c = parts[k].component
        return state & (1 << k) != 0 ? c.repairRate : c.failureRate
    }

    /// Up servers and cuts (empty array when nothing is cut) in `state`.
    func servers(in state: Int) -> (up: UInt64, cut: [UInt64]) {
        var zoneDown: UInt64 = 0
        var cut = [UInt64](repeating: 0, count: model.zoneCount)
        var anyCut = false
        var ownDown: UInt64 = 0
        var voters: [(index: Int, zone: Int)] = alwaysUpVoters
        for (k, part) in parts.enumerated() {
            let bad = state & (1 << k) != 0
            switch part.kind {
            case .zone(let z):
                if bad { zoneDown |= 1 << UInt64(z) }
            case .link(let a, let b):
                if bad {
                    cut[a] |= 1 << UInt64(b)
                    cut[b] |= 1 << UInt64(a)
                    anyCut = true
                }
            case .voter(let index, let zone):
                voters.append((index, zone))
                if bad { ownDown |= 1 << UInt64(index) }
            }
        }
        var up: UInt64 = 0
        for v in voters where zoneDown & (1 << UInt64(v.zone)) == 0 && ownDown & (1 << UInt64(v.index)) == 0 {
            up |= 1 << UInt64(v.index)
        }
        return (up, anyCut ? cut : [])
    }

    /// Up voters that could lead in each state (empty when the state cannot serve).
    func leadersByState() -> [UInt64] {
        (0..<stateCount).map { s in
            let (up, cut) = servers(in: s)
            return model.reachability.possibleLeaders(up: up, cut: cut, rule: model.rule)
        }
    }
}
