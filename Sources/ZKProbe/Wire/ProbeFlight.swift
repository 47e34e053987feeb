#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The state of one exchange the probe loop is working on.
struct ProbeFlight {
    typealias Instant = ContinuousClock.Instant

    /// The request's position, so that results come back in request order.
    let index: Int
    let word: String
    let endpoint: Endpoint
    /// The word's four bytes and nothing else. The server reads exactly four bytes, and a server that closes with
    /// unread bytes (a trailing newline) makes the kernel send a reset, which can destroy the reply in flight.
    let message: [UInt8]
    let started: Instant
    /// The one deadline for the whole exchange.
    let deadline: Instant

    var stage: ProbeStage = .resolving
    /// Addresses to try in turn; `nextAddress` is the first not yet tried.
    var addresses: [SocketAddress] = []
    var nextAddress = 0
    /// The current connect attempt's own limit, so that a silent first address leaves time for the others.
    var attemptDeadline: Instant
    /// The socket, or -1. Closed by the loop exactly once, when moving to another address or when finishing.
    var descriptor: Int32 = -1
    var bytesSent = 0
    var connectedAt: Instant?
    var reply: [UInt8] = []
    /// The failure of an earlier address, reported if no later address works.
    var earlierFailure: ProbeError?
    /// Set once; the loop then records it and forgets the flight.
    var outcome: Result<Exchange, ProbeError>?

    init(index: Int, word: String, endpoint: Endpoint, started: Instant, deadline: Duration) {
        self.index = index
        self.word = word
        self.endpoint = endpoint
        self.message = Array(word.utf8)
        self.started = started
        self.deadline = started + deadline
        self.attemptDeadline = self.deadline
    }

    /// The address being tried, once connecting has started.
    var currentAddress: SocketAddress? {
        nextAddress > 0 && nextAddress <= addresses.count ? addresses[nextAddress - 1] : nil
    }

    /// The next moment the loop must look at this flight even without socket events.
    var wakeTime: Instant {
        stage == .connecting ? min(attemptDeadline, deadline) : deadline
    }

    /// The `poll` events this flight waits for, or 0 when it has no socket.
    var pollEvents: Int16 {
        guard descriptor >= 0 else { return 0 }
        switch stage {
        case .resolving: return 0
        case .connecting, .sending: return Int16(POLLOUT)
        case .reading: return Int16(POLLIN)
        }
    }
}
