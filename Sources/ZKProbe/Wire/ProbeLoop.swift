import SystemSupport

import Glibc

/// Runs many four-letter-word exchanges at once on the calling thread: non-blocking sockets multiplexed with
/// `poll`, each exchange with its own deadline, at most `limit` of them under way at once.
///
/// It also runs conversations: a ``ClientSession`` gets the connection after connecting, the bytes the server
/// sends and the passing of time, and says what to send next, until it is finished; the loop's deadline per
/// flight bounds it as it bounds a word.
///
/// Asking N servers takes about one deadline (times ⌈N / limit⌉), not N deadlines. Host names are looked up by a
/// ``HostResolver`` on a few threads; numeric addresses never block.
///
/// The loop holds many batches (``ProbeBatch``) of many checks at once, each with its own outcomes and completion
/// (``add(_:owner:until:completion:)``, ``turn(watching:)``): ``CheckReactor`` runs every check of `zkprobe serve`
/// on one. Its ``budget`` bounds the sockets of all batches together; a batch that does not fit waits until it
/// does (batches of earlier checks first) rather than starting in waves, unless it alone exceeds the budget.
final class ProbeLoop {
    typealias Instant = ContinuousClock.Instant

    /// Descriptors left for the rest of the process when sizing the in-flight limit from `RLIMIT_NOFILE`.
    static let descriptorHeadroom = 64
    /// The most bytes read from one socket per `recv` call.
    static let readChunk = 64 * 1024
    /// The most `recv` calls for one socket per `poll` round, so that one fast server cannot starve the others.
    static let readsPerRound = 16

    /// The most sockets to members all batches together hold at once.
    let budget: Int
    private let clock = ContinuousClock()
    /// Batches under way, and those waiting for room in ``budget`` in the order they are admitted.
    private var running: [BatchRun] = []
    private var waiting: [BatchRun] = []
    private var resolver: HostResolver?
    /// Hosts being looked up: a flight to one of them waits for the answer rather than asking again.
    private var pendingLookups: Set<Endpoint> = []
    private var scratch: [UInt8]

    /// An empty loop whose batches together hold at most `budget` sockets.
    init(budget: Int) {
        self.budget = max(1, budget)
        self.scratch = [UInt8](repeating: 0, count: Self.readChunk)
    }

    convenience init(options: ProbeOptions, requests: [(word: String, endpoint: Endpoint)]) {
        self.init(options: options, wireRequests: requests.map { WireRequest(word: $0.word, endpoint: $0.endpoint) })
    }

    /// A loop over any mix of four-letter words and other requests (``AdminClient``'s HTTP GETs), so that both
    /// kinds share one `poll` loop and one deadline.
    convenience init(options: ProbeOptions, wireRequests requests: [WireRequest], sessions: [ClientSession] = []) {
        self.init(budget: options.maxInFlight)
        add(ProbeBatch(options: options, requests: requests, sessions: sessions), owner: 0) { _ in }
    }

    /// Runs every request to an outcome and returns the outcomes in request order, then the sessions'. A
    /// session's outcome is a failure when the loop ended it (deadline, refused, reset, a system call), and an
    /// empty exchange when it finished by itself: its ``ClientSession/result`` says how.
    func run() -> [Result<Exchange, ProbeError>] {
        let first = running.first ?? waiting.first
        while !isIdle { turn() }
        return first?.results.map { $0! } ?? []
    }

    /// Queues `batch` of check `owner`; `completion` gets its outcomes on the loop's thread during a later
    /// ``turn(watching:)``, unless the owner is cancelled first. No flight of the batch outlives `cap`.
    func add(
        _ batch: ProbeBatch, owner: Int, until cap: Instant? = nil,
        completion: @escaping ([Result<Exchange, ProbeError>]) -> Void
    ) {
        let run = BatchRun(batch, owner: owner, cap: cap, budget: budget, completion: completion)
        let position = waiting.lastIndex { $0.owner <= owner }.map { $0 + 1 } ?? 0
        waiting.insert(run, at: position)
    }

    /// Drops every batch of check `owner` and closes its sockets; no completion of it is called. A client
    /// session cut off this way is simply closed: its server expires it.
    func cancel(owner: Int) {
        drop { $0.owner == owner }
    }

    /// Drops every batch, closing their sockets, without calling their completions.
    func cancelAll() {
        drop { _ in true }
    }

    private func drop(where isDropped: (BatchRun) -> Bool) {
        waiting.removeAll(where: isDropped)
        for run in running where isDropped(run) {
            for position in run.active.indices { closeDescriptor(&run.active[position]) }
        }
        running.removeAll(where: isDropped)
    }

    /// Whether no batch is running or waiting.
    var isIdle: Bool { running.isEmpty && waiting.isEmpty }

    /// The flights under way, for tests that look at a socket between ``handleEvents(watching:)`` and ``moveOn()``.
    var activeFlights: [ProbeFlight] { running.flatMap(\.active) }

    /// One turn: starts what fits, waits for socket events (and `descriptor`'s `POLLIN`, without a timeout when
    /// nothing else is under way) and handles them, ends what is past its deadline, and calls the completions
    /// of the batches that finished. Returns whether `descriptor` was readable.
    @discardableResult
    func turn(watching descriptor: Int32? = nil) -> Bool {
        let woken = handleEvents(watching: descriptor)
        moveOn()
        return woken
    }

    /// A turn's first half: starts what fits, then waits for socket events and handles them. Returns whether
    /// `descriptor` was readable.
    @discardableResult
    func handleEvents(watching descriptor: Int32? = nil) -> Bool {
        // A batch that ends as it starts (no socket needed) may bring its check's next batch at once.
        repeat { admit() } while settle()
        guard !isIdle || descriptor != nil else { return false }
        return waitAndHandleEvents(watching: descriptor)
    }

    /// A turn's second half: ends what is past its deadline, finishes batches, and lets the sessions move on with
    /// time (their pings go out here, after the poll: what a server does in between, a send meets first).
    func moveOn() {
        expire()
        settle()
        advanceSessions()
    }

    // MARK: Starting exchanges

    /// Admits waiting batches in order while they fit in the budget (a batch whose check's deadline passed
    /// needs no socket), then starts each running batch's requests until its `limit` are under way.
    private func admit() {
        let now = clock.now
        var holding = running.reduce(0) { $0 + $1.holding }
        while let next = waiting.first {
            guard next.isPastCap(now) || holding == 0 || holding + next.holding <= budget else { break }
            waiting.removeFirst()
            running.append(next)
            holding += next.holding
        }
        for run in running { admit(run) }
    }

    private func admit(_ run: BatchRun) {
        while run.nextRequest < run.results.count, run.active.count < run.limit {
            let index = run.nextRequest
            let requests = run.batch.requests
            let session = index < requests.count ? nil : run.batch.sessions[index - requests.count]
            let request =
                session.map { WireRequest(word: "session", endpoint: $0.endpoint, message: []) } ?? requests[index]
            let (word, endpoint) = (request.word, request.endpoint)
            let now = clock.now
            var flight = ProbeFlight(
                index: index, request: request, started: now, deadline: run.options.deadline, until: run.cap)
            flight.session = session
            run.nextRequest += 1
            if request.message == nil, !FourLetterClient.isFourLetterWord(word) {
                flight.outcome = .failure(.invalidWord(word, endpoint: endpoint))
            } else if run.isPastCap(now) {
                flight.outcome = .failure(
                    .timedOut(
                        endpoint: endpoint, word: word, stage: .connecting, bytesReceived: 0,
                        deadline: run.options.deadline))
            } else {
                switch Syscalls.resolve(host: endpoint.host, port: endpoint.port, numericOnly: true) {
                case .success(let addresses):
                    flight.addresses = addresses
                    connectNextAddress(&flight)
                case .failure(let failure) where failure.isNotNumeric:
                    lookUp(&flight, for: run)
                case .failure(let failure):
                    flight.outcome = .failure(.resolutionFailed(endpoint: endpoint, failure: failure))
                }
            }
            run.active.append(flight)
        }
    }

    /// Uses an earlier answer for the flight's host, or queues a lookup; the flight waits in `.resolving`.
    private func lookUp(_ flight: inout ProbeFlight, for run: BatchRun) {
        if let answer = run.lookups[flight.endpoint] { return apply(answer, to: &flight) }
        if pendingLookups.contains(flight.endpoint) { return }
        if resolver == nil {
            do {
                resolver = try HostResolver()
            } catch {
                flight.outcome = .failure(failure(flight, "pipe", error))
                return
            }
        }
        pendingLookups.insert(flight.endpoint)
        resolver!.lookUp(flight.endpoint)
    }

    private func apply(_ answer: Result<[SocketAddress], ResolutionFailure>, to flight: inout ProbeFlight) {
        switch answer {
        case .success(let addresses):
            flight.addresses = addresses
            connectNextAddress(&flight)
        case .failure(let failure):
            flight.outcome = .failure(.resolutionFailed(endpoint: flight.endpoint, failure: failure))
        }
    }

    /// Opens a socket to the next untried address and starts connecting. When every address has failed, finishes
    /// the flight with the most telling failure: a refusal if any address refused, else the last one.
    private func connectNextAddress(_ flight: inout ProbeFlight) {
        while flight.nextAddress < flight.addresses.count {
            let address = flight.addresses[flight.nextAddress]
            flight.nextAddress += 1
            let now = clock.now
            let untried = flight.addresses.count - flight.nextAddress + 1
            flight.attemptDeadline = now < flight.deadline ? now + (flight.deadline - now) / untried : now
            flight.stage = .connecting
            do {
                flight.descriptor = try Syscalls.tcpSocket(family: address.family)
            } catch {
                remember(connectFailure(flight, "socket", error), in: &flight)
                continue
            }
            do {
                if try Syscalls.connect(flight.descriptor, to: address) == .connected {
                    connected(&flight)
                }
                return
            } catch {
                closeDescriptor(&flight)
                remember(connectFailure(flight, "connect", error), in: &flight)
            }
        }
        flight.outcome = .failure(
            flight.earlierFailure
                // No address at all: never happens, as `resolve` fails on an empty list first.
                ?? .unreachable(endpoint: flight.endpoint, errno: Errno(EADDRNOTAVAIL)))
    }

    private func remember(_ failure: ProbeError, in flight: inout ProbeFlight) {
        if case .refused = flight.earlierFailure { return }
        flight.earlierFailure = failure
    }

    private func connected(_ flight: inout ProbeFlight) {
        let now = clock.now
        flight.connectedAt = now
        flight.stage = .sending
        if let session = flight.session {
            session.connected(started: flight.started, deadline: flight.deadline, now: now)
            return pump(&flight)
        }
        send(&flight)
    }

    // MARK: Socket events

    private func waitAndHandleEvents(watching descriptor: Int32?) -> Bool {
        var fds: [pollfd] = []
        var owners: [(run: BatchRun, position: Int)?] = []
        var wake = waiting.compactMap(\.cap).min()
        var resolving = !pendingLookups.isEmpty
        for run in running {
            for (position, flight) in run.active.enumerated() {
                if flight.stage == .resolving { resolving = true }
                wake = min(wake ?? flight.wakeTime, flight.wakeTime)
                let events = flight.pollEvents
                guard events != 0 else { continue }
                fds.append(pollfd(fd: flight.descriptor, events: events, revents: 0))
                owners.append((run, position))
            }
        }
        if resolving, let resolver {
            fds.append(pollfd(fd: resolver.wakeDescriptor, events: Int16(POLLIN), revents: 0))
            owners.append(nil)
        }
        if let descriptor { fds.append(pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)) }
        let timeout = wake.map { Self.milliseconds(until: $0, from: clock.now) } ?? (descriptor == nil ? 0 : -1)
        do {
            guard try Syscalls.poll(&fds, timeoutMilliseconds: timeout) > 0 else { return false }
        } catch {
            for run in running {
                for position in run.active.indices where run.active[position].outcome == nil {
                    run.active[position].outcome = .failure(failure(run.active[position], "poll", error))
                }
            }
            return false
        }
        for (entry, owner) in zip(fds, owners) where entry.revents != 0 {
            if let owner {
                handle(&owner.run.active[owner.position], of: owner.run)
            } else {
                takeLookups()
            }
        }
        return descriptor != nil && fds[fds.count - 1].revents != 0
    }

    private func takeLookups() {
        guard let resolver else { return }
        for (endpoint, answer) in resolver.takeAnswers() {
            pendingLookups.remove(endpoint)
            for run in running {
                for position in run.active.indices
                where run.active[position].stage == .resolving && run.active[position].endpoint == endpoint
                    && run.active[position].outcome == nil && run.active[position].retryAt == nil
                {
                    run.lookups[endpoint] = answer
                    apply(answer, to: &run.active[position])
                }
            }
        }
    }

    private func handle(_ flight: inout ProbeFlight, of run: BatchRun) {
        guard flight.outcome == nil else { return }
        switch flight.stage {
        case .resolving:
            return
        case .connecting:
            if let error = Syscalls.pendingError(flight.descriptor) {
                closeDescriptor(&flight)
                remember(connectFailure(flight, "connect", error), in: &flight)
                connectNextAddress(&flight)
            } else {
                connected(&flight)
            }
        case .sending:
            send(&flight)
        case .reading:
            read(&flight, of: run)
        }
    }

    private func send(_ flight: inout ProbeFlight) {
        let descriptor = flight.descriptor
        let result = flight.message[flight.bytesSent...].withUnsafeBytes { bytes in
            Result { () throws(Errno) -> Int? in try Syscalls.send(descriptor, bytes) }
        }
        do {
            guard let sent = try result.get() else { return }
            flight.bytesSent += sent
            if flight.bytesSent == flight.message.count {
                if flight.halfClose { Syscalls.shutdownWrite(flight.descriptor) }
                flight.stage = .reading
            }
        } catch where error.code == EPIPE || error.code == ECONNRESET {
            // The server already closed; what it sent before closing is still there to read.
            if error.code == ECONNRESET { flight.resetBySend = true }
            flight.stage = .reading
        } catch {
            flight.outcome = .failure(failure(flight, "send", error))
        }
    }

    private func read(_ flight: inout ProbeFlight, of run: BatchRun) {
        let options = run.options
        if flight.session != nil { return converse(&flight) }
        for _ in 0..<Self.readsPerRound {
            let room = min(scratch.count, max(0, options.maxReplyBytes) + 1 - flight.reply.count)
            let descriptor = flight.descriptor
            let result = scratch.withUnsafeMutableBytes { buffer in
                Result { () throws(Errno) -> Int? in
                    try Syscalls.receive(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<room]))
                }
            }
            let count: Int?
            do {
                count = try result.get()
            } catch  where error.code == ECONNRESET {
                flight.outcome = .failure(
                    .reset(endpoint: flight.endpoint, word: flight.word, bytesReceived: flight.reply.count))
                return
            } catch {
                flight.outcome = .failure(failure(flight, "recv", error))
                return
            }
            guard let count else { return }
            if count > 0 { flight.reply.append(contentsOf: scratch[..<count]) }
            if count == 0 || (count > 0 && flight.reply.count <= max(0, options.maxReplyBytes)
                && flight.isComplete?(flight.reply) == true)
            {
                let now = clock.now
                let exchange = Exchange(
                    endpoint: flight.endpoint, word: flight.word, reply: flight.reply,
                    address: flight.currentAddress?.description ?? "?",
                    connectTime: (flight.connectedAt ?? now) - flight.started, totalTime: now - flight.started)
                flight.outcome = .success(exchange)
                return
            }
            if flight.reply.count > max(0, options.maxReplyBytes) {
                flight.outcome = .failure(
                    .tooLarge(endpoint: flight.endpoint, word: flight.word, limit: options.maxReplyBytes))
                return
            }
        }
    }

    // MARK: Conversations

    /// Reads what the server sent to a session flight and hands it to the session: no reply is kept here, and
    /// the session's framer refuses a packet over its cap before holding it.
    private func converse(_ flight: inout ProbeFlight) {
        guard let session = flight.session else { return }
        for _ in 0..<Self.readsPerRound {
            let descriptor = flight.descriptor
            let result = scratch.withUnsafeMutableBytes { buffer in
                Result { () throws(Errno) -> Int? in try Syscalls.receive(descriptor, into: buffer) }
            }
            do throws(Errno) {
                guard let count = try result.get() else { return }
                // A reset that landed after the last poll, before a ping went out (a loaded machine): the ping's
                // send took the error, and this end of stream is all the read sees of it.
                if count == 0, flight.resetBySend { throw Errno(ECONNRESET) }
                if count == 0 {
                    session.serverClosed(now: clock.now)
                } else {
                    session.receive(scratch[..<count], now: clock.now)
                }
                pump(&flight)
                if count == 0 || flight.outcome != nil { return }
            } catch where error.code == ECONNRESET {
                flight.outcome = .failure(.reset(endpoint: flight.endpoint, word: flight.word, bytesReceived: 0))
                return
            } catch {
                flight.outcome = .failure(failure(flight, "recv", error))
                return
            }
        }
    }

    /// Sends what a session queued, and finishes its flight once the session is finished.
    private func pump(_ flight: inout ProbeFlight) {
        guard let session = flight.session, flight.outcome == nil else { return }
        let bytes = session.takeOutgoing()
        if !bytes.isEmpty {
            flight.message = Array(flight.message[flight.bytesSent...]) + bytes
            flight.bytesSent = 0
            flight.stage = .sending
            send(&flight)
        }
        if session.isFinished, flight.outcome == nil {
            let now = clock.now
            flight.outcome = .success(
                Exchange(
                    endpoint: flight.endpoint, word: flight.word, reply: [],
                    address: flight.currentAddress?.description ?? "?",
                    connectTime: (flight.connectedAt ?? now) - flight.started, totalTime: now - flight.started))
        }
    }

    /// Lets every connected session move on with time and with what the others did (the write barrier).
    private func advanceSessions() {
        let now = clock.now
        for run in running {
            for position in run.active.indices where run.active[position].outcome == nil {
                if let retryAt = run.active[position].retryAt {
                    if now >= retryAt {
                        run.active[position].retryAt = nil
                        connectNextAddress(&run.active[position])
                    }
                    continue
                }
                guard let session = run.active[position].session, run.active[position].connectedAt != nil else {
                    continue
                }
                session.tick(now: now)
                pump(&run.active[position])
            }
        }
    }

    /// The shortest pause before a session reconnects, doubled with each attempt up to ``retryPauseLimit``.
    static let retryPause = Duration.milliseconds(25)
    static let retryPauseLimit = Duration.milliseconds(200)

    /// Starts a failed session over on a new connection, as a client library retries, when the session may retry
    /// (``ClientSession/mayRetry``), its endpoint resolved, no session of the batch completed yet (once one has,
    /// the ensemble took a client and this member's failure is its own), and a pause and a short attempt still fit
    /// before the flight's deadline. The flight then waits without a socket until ``ProbeFlight/retryAt``.
    private func scheduleRetry(_ flight: inout ProbeFlight, _ session: ClientSession, of run: BatchRun) -> Bool {
        let now = clock.now
        let pause = min(Self.retryPauseLimit, Self.retryPause * (1 << min(session.attempts - 1, 8)))
        guard session.mayRetry, !flight.addresses.isEmpty, !run.batch.sessions.contains(where: \.hasCompleted),
            now + pause + Self.retryPauseLimit < flight.deadline
        else { return false }
        closeDescriptor(&flight)
        session.restart(now: now)
        flight.outcome = nil
        flight.retryAt = now + pause
        flight.stage = .resolving
        flight.nextAddress = 0
        flight.earlierFailure = nil
        flight.message = []
        flight.bytesSent = 0
        flight.resetBySend = false
        flight.connectedAt = nil
        return true
    }

    // MARK: Deadlines and finishing

    /// Ends flights past their deadline, and moves a connect attempt past its share of the time to the next
    /// address.
    private func expire() {
        let now = clock.now
        for run in running {
            for position in run.active.indices where run.active[position].outcome == nil {
                let flight = run.active[position]
                if now >= flight.deadline {
                    run.active[position].outcome = .failure(
                        .timedOut(
                            endpoint: flight.endpoint, word: flight.word, stage: flight.stage,
                            bytesReceived: flight.reply.count, deadline: flight.timeout))
                } else if flight.stage == .connecting, now >= flight.attemptDeadline {
                    closeDescriptor(&run.active[position])
                    remember(
                        .timedOut(
                            endpoint: flight.endpoint, word: flight.word, stage: .connecting, bytesReceived: 0,
                            deadline: flight.timeout), in: &run.active[position])
                    connectNextAddress(&run.active[position])
                }
            }
        }
    }

    /// Records finished flights, closing their sockets, and drops them from the active lists; then hands each
    /// finished batch its outcomes (a completion may add the check's next batch). Returns whether a batch
    /// finished.
    @discardableResult
    private func settle() -> Bool {
        for run in running {
            for position in run.active.indices {
                guard let outcome = run.active[position].outcome else { continue }
                closeDescriptor(&run.active[position])
                if let session = run.active[position].session {
                    let transport: ProbeError? = if case .failure(let error) = outcome { error } else { nil }
                    session.connectionEnded(transport: transport)
                    if scheduleRetry(&run.active[position], session, of: run) { continue }
                    session.ended(transport: transport, now: clock.now)
                }
                run.results[run.active[position].index] = outcome
            }
            run.active.removeAll { $0.outcome != nil }
        }
        let finished = running.filter(\.isFinished)
        guard !finished.isEmpty else { return false }
        running.removeAll(where: \.isFinished)
        for run in finished { run.completion(run.results.map { $0! }) }
        return true
    }

    private func closeDescriptor(_ flight: inout ProbeFlight) {
        guard flight.descriptor >= 0 else { return }
        Syscalls.close(flight.descriptor)
        flight.descriptor = -1
    }

    // MARK: Errors

    private func connectFailure(_ flight: ProbeFlight, _ operation: String, _ error: Errno) -> ProbeError {
        Self.classifyConnectFailure(
            error, endpoint: flight.endpoint, word: flight.word, operation: operation, deadline: flight.timeout)
    }

    /// Sorts a `socket` or `connect` failure into the error an operator acts on: refused (nothing listens),
    /// unreachable (routing, or no IPv6 here), timed out, or anything else as a system error.
    static func classifyConnectFailure(
        _ error: Errno, endpoint: Endpoint, word: String, operation: String, deadline: Duration
    ) -> ProbeError {
        switch error.code {
        case ECONNREFUSED:
            return .refused(endpoint: endpoint)
        case ENETUNREACH, EHOSTUNREACH, EHOSTDOWN, EADDRNOTAVAIL, EAFNOSUPPORT, ENETDOWN:
            return .unreachable(endpoint: endpoint, errno: error)
        case ETIMEDOUT:
            return .timedOut(endpoint: endpoint, word: word, stage: .connecting, bytesReceived: 0, deadline: deadline)
        default:
            return .systemError(endpoint: endpoint, word: word, operation: operation, errno: error)
        }
    }

    private func failure(_ flight: ProbeFlight, _ operation: String, _ error: Errno) -> ProbeError {
        .systemError(endpoint: flight.endpoint, word: flight.word, operation: operation, errno: error)
    }

    /// Whole milliseconds from `now` until `instant`, rounded up so that `poll` never wakes early and spins.
    static func milliseconds(until instant: Instant, from now: Instant) -> Int32 {
        guard instant > now else { return 0 }
        let (seconds, attoseconds) = (instant - now).components
        let millis = seconds.multipliedReportingOverflow(by: 1000)
        guard !millis.overflow, millis.partialValue < Int64(Int32.max) else { return Int32.max }
        let rounded = millis.partialValue + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(min(rounded, Int64(Int32.max)))
    }
}
