import SystemSupport

/// Why a four-letter-word exchange produced no reply. Every case names the server; the description is one line
/// for an operator saying what happened and what to look at.
public enum ProbeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The word is not exactly four lower-case letters; nothing was sent.
    case invalidWord(String, endpoint: Endpoint)
    /// Name resolution failed; `failure` carries the `EAI_*` code and `gai_strerror`'s text.
    case resolutionFailed(endpoint: Endpoint, failure: ResolutionFailure)
    /// Every address of the server refused the connection: nothing listens on that port.
    case refused(endpoint: Endpoint)
    /// No route to the server, or the address family is unavailable: the `errno` of `connect`.
    case unreachable(endpoint: Endpoint, errno: Errno)
    /// The deadline passed at `stage`, with `bytesReceived` bytes of the reply read.
    case timedOut(endpoint: Endpoint, word: String, stage: ProbeStage, bytesReceived: Int, deadline: Duration)
    /// The server reset the connection after `bytesReceived` bytes of the reply.
    case reset(endpoint: Endpoint, word: String, bytesReceived: Int)
    /// The reply passed `limit` bytes; reading stopped there.
    case tooLarge(endpoint: Endpoint, word: String, limit: Int)
    /// Any other system call failure: `operation` is the call (`socket`, `recv`, ...), `errno` its error.
    case systemError(endpoint: Endpoint, word: String, operation: String, errno: Errno)

    /// The server the exchange was with.
    public var endpoint: Endpoint {
        switch self {
        case .invalidWord(_, let endpoint), .resolutionFailed(let endpoint, _), .refused(let endpoint),
            .unreachable(let endpoint, _), .timedOut(let endpoint, _, _, _, _), .reset(let endpoint, _, _),
            .tooLarge(let endpoint, _, _), .systemError(let endpoint, _, _, _):
            return endpoint
        }
    }

    /// The word of the failed exchange, where one was being sent.
    public var word: String? {
        switch self {
        case .invalidWord(let word, _), .timedOut(_, let word, _, _, _), .reset(_, let word, _),
            .tooLarge(_, let word, _), .systemError(_, let word, _, _):
            return word
        case .resolutionFailed, .refused, .unreachable:
            return nil
        }
    }

    /// The system's reason when the exchange failed for the prober's own shortage of descriptors, memory or
    /// buffers (by `errno` and `EAI_*` code: ``Errno/isResourceShortage``), not for anything about the server.
    package var resourceShortage: String? {
        switch self {
        case .systemError(_, _, _, let errno), .unreachable(_, let errno):
            return errno.isResourceShortage ? errno.description : nil
        case .resolutionFailed(_, let failure):
            return failure.isResourceShortage ? failure.message : nil
        default:
            return nil
        }
    }

    public var description: String {
        let server = endpoint.description
        switch self {
        case .invalidWord(let word, _):
            return "\(server): \"\(word)\" is not a four-letter word; use exactly 4 lower-case letters, such as "
                + "ruok, srvr, stat, mntr, conf or isro"
        case .resolutionFailed(let endpoint, let failure):
            return "\(server): cannot resolve \(endpoint.host): \(failure) (check the host name and DNS)"
        case .refused:
            return "\(server): connection refused (is ZooKeeper running and is this its clientPort?)"
        case .unreachable(_, let errno):
            return "\(server): cannot reach the server: \(errno) (check the address, routes and firewalls)"
        case .timedOut(let endpoint, let word, let stage, let received, let deadline):
            let limit = Self.format(deadline)
            switch stage {
            case .resolving:
                return "\(server): could not resolve \(endpoint.host) for \(word) within \(limit) "
                    + "(slow or unreachable DNS?)"
            case .connecting:
                return "\(server): no TCP connection for \(word) within \(limit) "
                    + "(host down, or a firewall dropping packets?)"
            case .sending:
                return "\(server): could not send \(word) within \(limit) (connected; a paused or overloaded server?)"
            case .reading where received == 0:
                return "\(server): no answer to \(word) within \(limit) "
                    + "(connected, 0 bytes received; a paused or overloaded server?)"
            case .reading:
                return "\(server): \(word) reply not finished within \(limit) "
                    + "(connected, \(received) bytes received; a paused or overloaded server?)"
            }
        case .reset(_, let word, let received):
            return "\(server): connection reset during \(word) after \(received) bytes "
                + "(server restarted, crashed, or dropped the connection)"
        case .tooLarge(_, let word, let limit):
            return "\(server): \(word) reply is larger than \(Self.format(bytes: limit)); stopped reading "
                + "(raise the reply size limit if this server really sends that much)"
        case .systemError(_, let word, let operation, let errno):
            return "\(server): \(operation) failed during \(word): \(errno)"
        }
    }

    /// `5 s`, `1.5 s`, `0.25 s`.
    static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let millis = seconds * 1000 + (attoseconds + 500_000_000_000_000) / 1_000_000_000_000_000
        let whole = millis / 1000
        var fraction = String(millis % 1000)
        guard fraction != "0" else { return "\(whole) s" }
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction) s"
    }

    /// `4 MiB (4194304 bytes)`, `1000 bytes`.
    package static func format(bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB (\(bytes) bytes)" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB (\(bytes) bytes)" }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
    }
}
