import SystemSupport

import Glibc

/// The state of one exchange the probe loop is working on.
struct ProbeFlight {
    typealias Instant = ContinuousClock.Instant

    /// The request's position, so that results come back in request order.
    let index: Int
    let word: String
    let endpoint: Endpoint
    /// The word's four bytes and nothing else. The server reads exactly four bytes, and a server that closes with
    /// unread bytes (a trailing newline) makes the kernel send a reset, which can destroy the reply in flight.
    /// For an HTTP request (``WireRequest``), the whole request.
    /// For a ``ClientSession``, what it queued and is not sent yet.
    var message: [UInt8]
    /// Whether to half-close after sending: a four-letter word's server expects it; an HTTP server may read the
    /// early end of stream as an aborted request, so HTTP requests keep their write side open.
    let halfClose: Bool
    /// Whether the reply so far is whole, for protocols that say so themselves (HTTP's `Content-Length`), so that
    /// a server that keeps the connection open does not cost the whole deadline. `nil`: read until close.
    let isComplete: (@Sendable ([UInt8]) -> Bool)?
    let started: Instant
    /// The deadline per exchange as configured, which errors report.
    let timeout: Duration
    /// The one deadline for the whole exchange: `timeout` after it started, or its check's deadline if earlier.
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
    /// The conversation this flight carries, instead of one message and a reply read until close.
    var session: ClientSession?
    /// A send met `ECONNRESET`: the send took the socket's error, so the reads that follow see only an end of
    /// stream. A session's end of stream is then the reset it was (``ProbeLoop``'s `converse`).
    var resetBySend = false
    /// When a session flight that failed reconnects (``ClientSession/mayRetry``); no socket until then.
    var retryAt: Instant?
    /// Set once; the loop then records it and forgets the flight.
    var outcome: Result<Exchange, ProbeError>?

    init(index: Int, request: WireRequest, started: Instant, deadline: Duration, until cap: Instant? = nil) {
        self.index = index
        self.word = request.word
        self.endpoint = request.endpoint
        self.message = request.message ?? Array(request.word.utf8)
        self.halfClose = request.message == nil
        self.isComplete = request.isComplete
        self.started = started
        self.timeout = deadline
        self.deadline = min(started + deadline, cap ?? started + deadline)
        self.attemptDeadline = self.deadline
    }

    /// The address being tried, once connecting has started.
    var currentAddress: SocketAddress? {
        nextAddress > 0 && nextAddress <= addresses.count ? addresses[nextAddress - 1] : nil
    }

    /// The next moment the loop must look at this flight even without socket events.
    var wakeTime: Instant {
        let own = stage == .connecting ? min(attemptDeadline, deadline) : deadline
        return min(own, retryAt ?? own, session?.wakeTime ?? own)
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

/// One exchange for the probe loop: a four-letter word (``message`` `nil`: the word's bytes are sent and the
/// write side half-closed) or any other request, such as an AdminServer HTTP GET, sent as given.
struct WireRequest: Sendable {
    /// The word, or a label naming the request in errors (`GET /commands/monitor`).
    var word: String
    var endpoint: Endpoint
    /// The bytes to send instead of the word; `nil` for a four-letter word.
    var message: [UInt8]? = nil
    /// See ``ProbeFlight/isComplete``.
    var isComplete: (@Sendable ([UInt8]) -> Bool)? = nil
}
