/// How bad a finding is, in the Monitoring Plugins' order.
public enum Severity: Int, Sendable, Comparable, CaseIterable {
    case ok = 0
    case warning = 1
    case critical = 2
    case unknown = 3

    /// The lower-case word used in JSON (`ok`, `warning`, `critical`, `unknown`).
    public var word: String {
        switch self {
        case .ok: return "ok"
        case .warning: return "warning"
        case .critical: return "critical"
        case .unknown: return "unknown"
        }
    }

    /// The upper-case word of a Nagios status line.
    public var nagiosWord: String { word.uppercased() }

    /// The process exit code (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
    public var exitCode: Int32 { Int32(rawValue) }

    /// How bad the state is, as Nagios plugins combine states: critical beats unknown beats warning beats ok.
    /// The exit code's order differs (unknown is 3), so the ranking is written out here.
    private var rank: Int {
        switch self {
        case .ok: return 0
        case .warning: return 1
        case .unknown: return 2
        case .critical: return 3
        }
    }

    /// Worse of two (the larger in this type's order).
    static func worst(_ a: Severity, _ b: Severity) -> Severity { max(a, b) }

    /// Orders by how bad a state is (``worst(_:_:)``), not by exit code: `.unknown < .critical`.
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One thing the check noticed, with what to do about it.
public struct Finding: Sendable, Equatable {
    /// How bad it is; the report's verdict is the worst of its findings.
    public var severity: Severity
    /// A stable identifier for the kind of finding (`no-quorum`, `several-leaders`, …), documented in
    /// docs/zkprobe-check.md.
    public var code: String
    /// The member it concerns, when it concerns one.
    public var member: String?
    /// One line for an operator.
    public var message: String

    /// A finding; `member` is `nil` when it concerns the ensemble as a whole.
    public init(_ severity: Severity, _ code: String, member: String? = nil, _ message: String) {
        self.severity = severity
        self.code = code
        self.member = member
        self.message = message
    }
}
