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
    /// How bad it is (one of ``FindingCode/severities``); the report's verdict is the worst of its findings.
    public var severity: Severity
    /// The kind of finding; its raw value (`no-quorum`, `election-in-progress`, …) is what every output shows,
    /// documented in docs/zkprobe-check.md.
    public var code: FindingCode
    /// The member it concerns, when it concerns one.
    public var member: String?
    /// One line for an operator, with what to change as ``CheckHint`` values.
    public var text: HintedText

    /// ``text`` in the library's own words (``HintedText/description``); `zkprobe check` spells the hints as
    /// its flags first (``CheckReport/spellingHints(_:)``).
    public var message: String { text.description }

    /// A finding of `code`'s usual severity (its first); `member` is `nil` when it concerns the ensemble as a whole.
    public init(_ code: FindingCode, member: String? = nil, _ text: HintedText) {
        self.init(code.severities[0], code, member: member, text)
    }

    /// A finding of a code that may carry several severities: `severity` must be one of them.
    public init(_ severity: Severity, _ code: FindingCode, member: String? = nil, _ text: HintedText) {
        precondition(code.severities.contains(severity), "\(code.rawValue) is never \(severity.word)")
        self.severity = severity
        self.code = code
        self.member = member
        self.text = text
    }

    /// A finding with a plain message, of `code`'s usual severity.
    public init(_ code: FindingCode, member: String? = nil, _ message: String) {
        self.init(code, member: member, HintedText(message))
    }

    /// A finding with a plain message, of a code that may carry several severities.
    public init(_ severity: Severity, _ code: FindingCode, member: String? = nil, _ message: String) {
        self.init(severity, code, member: member, HintedText(message))
    }

    /// `self` with its hints spelled by `spell` (the command line's flags), as plain text.
    public func spellingHints(_ spell: (CheckHint) -> String) -> Finding {
        var spelled = self
        spelled.text = HintedText(text.spelled(spell))
        return spelled
    }
}
