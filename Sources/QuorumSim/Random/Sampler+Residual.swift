import Glibc

extension Sampler {
    /// The distribution's mean, in hours (`Distribution.mean` of the distribution it was made from).
    var mean: Double {
        switch kind {
        case .exponential, .fixed: return a
        case .weibull: return a * tgamma(1 + b)
        case .lognormal: return a * exp(b * b / 2)
        }
    }

    /// One sample of the *residual life* at a random time in a long renewal process of this
    /// distribution (the equilibrium, or excess, distribution: density (1 − F(x)) / mean), in hours.
    ///
    /// The residual life is `V × X̃` with V uniform on (0, 1) and X̃ drawn from the length-biased
    /// distribution (density x f(x) / mean), sampled exactly for each kind:
    /// - exponential: memoryless, so the residual is a plain sample (the same draws as `sample`);
    /// - fixed v: X̃ = v, so the residual is uniform on (0, v);
    /// - Weibull (shape k, scale λ): X̃ = λ G^(1/k) with G ~ Gamma(1 + 1/k) (Marsaglia–Tsang);
    /// - lognormal (median m, σ): X̃ is lognormal with median m e^(σ²): X̃ = m exp(σ² + σ Z).
    @inlinable
    public func sampleResidual<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        switch kind {
        case .exponential:
            return a * generator.nextStandardExponential()
        case .fixed:
            return a * generator.nextOpenUnit()
        case .weibull:
            let g = Self.gamma(shape: 1 + b, using: &generator)
            return generator.nextOpenUnit() * a * pow(g, b)
        case .lognormal:
            let z = generator.nextStandardNormal()
            return generator.nextOpenUnit() * a * exp(b * b + b * z)
        }
    }

    /// A Gamma(`shape`, 1) deviate for `shape` ≥ 1 (Marsaglia and Tsang 2000, exact rejection).
    @inlinable
    static func gamma<G: RandomNumberGenerator>(shape: Double, using generator: inout G) -> Double {
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            let x = generator.nextStandardNormal()
            let t = 1 + c * x
            if t <= 0 { continue }
            let v = t * t * t
            let u = generator.nextOpenUnit()
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }
}
