import ToolkitSupport

/// A threshold range in the syntax of the Monitoring Plugins development guidelines
/// (https://www.monitoring-plugins.org/doc/guidelines.html#THRESHOLDFORMAT): `[@]start:end`.
///
/// | text | alerts when the value is |
/// | --- | --- |
/// | `10` | outside 0…10 (below 0 or above 10) |
/// | `10:` | below 10 |
/// | `~:10` | above 10 |
/// | `10:20` | outside 10…20 |
/// | `@10:20` | inside 10…20, ends included |
///
/// Both ends belong to the range. `~` is minus infinity; a missing end is plus infinity.
public struct ThresholdRange: Sendable, Equatable, CustomStringConvertible {
    /// The lower end; `-infinity` for `~`.
    public var start: Double
    /// The upper end; `+infinity` when the text leaves it off (`10:`).
    public var end: Double
    /// `@`: a value inside `start...end` alerts; otherwise a value outside it does.
    public var alertsInside: Bool

    /// A range from its parts; `start` must not be above `end` (``init(guidelines:)`` refuses that text).
    public init(start: Double, end: Double, alertsInside: Bool = false) {
        self.start = start
        self.end = end
        self.alertsInside = alertsInside
    }

    /// "At or above `limit` alerts": the meaning a plain number had for `zkprobe check`'s flags before ranges,
    /// kept for old command lines. In the guidelines' syntax that is `@limit:` (inside `limit…∞` alerts); the
    /// guidelines' own plain `limit` would alert only above it, not at it.
    public static func atLeast(_ limit: Double) -> ThresholdRange {
        ThresholdRange(start: limit, end: .infinity, alertsInside: true)
    }

    /// Parses the guidelines' syntax exactly: a plain number `N` is `0:N`. Returns `nil` for anything else,
    /// including `nan`, `inf`, a start above the end, and `~:` (which could never alert).
    public init?(guidelines text: String) {
        var body = Substring(text)
        let inside = body.first == "@"
        if inside { body = body.dropFirst() }
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        let start: Double
        let end: Double
        switch parts.count {
        case 1:
            guard let e = Self.number(parts[0]) else { return nil }
            (start, end) = (0, e)
        case 2:
            guard let s = parts[0] == "~" ? -Double.infinity : Self.number(parts[0]) else { return nil }
            guard let e = parts[1].isEmpty ? Double.infinity : Self.number(parts[1]) else { return nil }
            // `~:` is "alert outside −∞…∞": a threshold that can never fire is a typo, not a wish.
            guard s.isFinite || e.isFinite else { return nil }
            (start, end) = (s, e)
        default:
            return nil
        }
        guard start <= end else { return nil }
        self.init(start: start, end: end, alertsInside: inside)
    }

    /// Parses a `zkprobe check` threshold flag: the guidelines' syntax, except that a plain number keeps its old
    /// meaning, "at or above N alerts" (``atLeast(_:)``), so existing command lines judge as before.
    public init?(flag text: String) {
        if let plain = Self.number(Substring(text)) {
            self = .atLeast(plain)
        } else {
            self.init(guidelines: text)
        }
    }

    /// A finite decimal number, as the guidelines' class `[-0-9.]` with an optional exponent: the flags' one
    /// number grammar, ``DecimalText``.
    private static func number(_ text: Substring) -> Double? { DecimalText.double(text) }

    /// Whether `value` lies in `start...end`, ends included.
    public func contains(_ value: Double) -> Bool { start <= value && value <= end }

    /// Whether `value` raises this alert. A NaN never does: it was not measured, and the caller reports that.
    public func alerts(_ value: Double) -> Bool {
        guard !value.isNaN else { return false }
        return alertsInside ? contains(value) : !contains(value)
    }

    /// Whether every value `other` alerts on also makes this range alert: a warning range must cover its critical
    /// range this way, or a value could be critical without being a warning first.
    public func alertsWheneverAlerts(_ other: ThresholdRange) -> Bool {
        switch (alertsInside, other.alertsInside) {
        case (false, false):
            // Outside [s, e] alerts: a narrower OK interval alerts on more.
            return start >= other.start && end <= other.end
        case (true, true):
            return start <= other.start && other.end <= end
        case (false, true):
            // `other` alerts on one interval: it must lie wholly below or above this range's OK interval.
            return other.end < start || other.start > end
        case (true, false):
            // `other` alerts on the rays below its start and above its end: this interval must hold both.
            let lowCovered = !other.start.isFinite || (start == -.infinity && end >= other.start)
            let highCovered = !other.end.isFinite || (end == .infinity && start <= other.end)
            return lowCovered && highCovered
        }
    }

    /// The range in the guidelines' syntax, shortest form: `10`, `10:`, `~:10`, `10:20`, `@10:`.
    public var description: String {
        let at = alertsInside ? "@" : ""
        if !alertsInside && start == 0 && end.isFinite { return Self.text(end) }
        let head = start.isFinite ? Self.text(start) : "~"
        return at + head + ":" + (end.isFinite ? Self.text(end) : "")
    }

    /// In words, for a finding: "at or above 100", "outside 10:20".
    public var explanation: String {
        if alertsInside && end == .infinity && start.isFinite { return "at or above \(Self.text(start))" }
        if !alertsInside && start == -.infinity { return "above \(Self.text(end))" }
        if !alertsInside && end == .infinity { return "below \(Self.text(start))" }
        return (alertsInside ? "inside " : "outside ") + description.filter { $0 != "@" }
    }

    /// A bound as perfdata allows it: plain decimals, no exponent (the guidelines' class `[-0-9.]`).
    static func text(_ v: Double) -> String {
        NumberText.compact(v, format: "%.3f")
    }
}

/// A number literal is the flags' plain number, "at or above N alerts" (``ThresholdRange/atLeast(_:)``), so that
/// code written when thresholds were numbers (`thresholds.lagWarning = 5`) keeps its meaning.
extension ThresholdRange: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    public init(integerLiteral value: Int) { self = .atLeast(Double(value)) }
    public init(floatLiteral value: Double) { self = .atLeast(value) }
}
