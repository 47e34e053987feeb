import ToolkitSupport

extension NumberText {
    /// A mean with its 95 % half-width, both with the decimals the half-width calls for.
    static func estimate(_ estimate: Estimate, scale: Double = 1, suffix: String = "", significant: Int = 4) -> String {
        let mean = estimate.mean * scale
        let half = estimate.halfWidth * scale
        let fallback = decimals(forValue: mean, significant: significant)
        guard estimate.ci95 != nil else { return fixed(mean, fallback) + suffix }
        let d = decimals(forHalfWidth: half, fallback: fallback)
        return "\(fixed(mean, d))\(suffix) ± \(fixed(half, d))\(suffix)"
    }
}
