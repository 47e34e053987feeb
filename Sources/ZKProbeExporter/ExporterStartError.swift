import SystemSupport

/// Why the exporter could not start: the step (`bind 127.0.0.1:9141`, `resolve zk-exporter`) and the system's
/// reason, kept whole (``Errno``, ``ResolutionFailure``) so a caller can decide by code.
public struct ExporterStartError: Error, Sendable, CustomStringConvertible {
    /// What failed.
    public enum Reason: Sendable, Equatable, CustomStringConvertible {
        /// A system call's `errno`.
        case system(Errno)
        /// The resolver's failure.
        case resolution(ResolutionFailure)

        public var description: String {
            switch self {
            case .system(let errno): return errno.description
            case .resolution(let failure): return failure.description
            }
        }
    }

    /// The step, e.g. `bind 127.0.0.1:9141`.
    public var call: String
    public var reason: Reason

    /// The step and what the system says.
    public var description: String { "\(call): \(reason)" }

    init(call: String, _ reason: Reason) {
        self.call = call
        self.reason = reason
    }
}
