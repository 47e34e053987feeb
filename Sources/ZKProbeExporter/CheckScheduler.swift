import ZKProbe

import Glibc

/// The checks of `zkprobe serve`: one check per target at a time (single-flight), at most
/// ``ExporterSettings/maxConcurrentChecks`` on the ``CheckReactor``s, a bounded queue beyond.
///
/// Scrapes (waiters, by their connection's descriptor) join a target's check in flight or start one; a check
/// no one waits for any more is dropped from the queue or cancelled on its reactor.
///
/// The queue is fair between scrapes, not first come first served between checks: queued checks start one
/// scrape at a time in turn, each scrape's own checks in order. A `/metrics` scrape of every ensemble queues
/// hundreds of checks at once; a `/probe` scrape behind it waits for one check per scrape ahead of it, not for
/// all of them (20 clients looping `/metrics` over 300 ensembles made every other scrape wait behind 300). Used by the loop's thread
/// only; the reactors report finished checks through `finished` (on their threads).
final class CheckScheduler {
    /// Which check a scrape may share: the same target of the same configuration (a reload starts new checks).
    struct Key: Hashable {
        var name: String
        var generation: Int
    }

    /// One check, queued or running.
    struct Flight {
        let id: Int
        let key: Key
        let target: ProbeTarget
        /// The deadline of the scrape that started it: the check ends a reserve before it.
        let deadline: ContinuousClock.Instant
        /// The scrapes waiting for it.
        var waiters: Set<Int32>
        /// The reactor running it; `nil` while queued.
        var reactor: Int?
    }

    /// Reactors to run checks on: one per core, at most 4 (``CheckReactor/reactorCount``).
    static var reactorCount: Int { CheckReactor.reactorCount }

    private let reactors: [CheckReactor]
    private let maxRunning: Int
    private let maxQueued: Int
    private let connectionsPerCheck: Int
    private let finished: @Sendable (Int, CheckReport) -> Void
    private var flights: [Int: Flight] = [:]
    private var byKey: [Key: Int] = [:]
    /// Each waiting scrape's checks to start, in order; an id no longer queued (started by another scrape's turn,
    /// or dropped) is skipped.
    private var queues: [Int32: [Int]] = [:]
    /// The scrapes with checks to start, in turn order from `turnHead`; one not in `queues` is skipped.
    private var turns: [Int32] = []
    private var turnHead = 0
    private var running = [Int]()
    private var nextID = 1
    /// Checks waiting for room on a reactor.
    private(set) var queued = 0

    /// Starts ``reactorCount`` reactors sharing `settings`' socket budget; `finished` gets each check's report.
    init(settings: ExporterSettings, finished: @escaping @Sendable (Int, CheckReport) -> Void) {
        let count = Self.reactorCount
        reactors = (0..<count).map { index in
            CheckReactor(
                name: "zkprobe-check-\(index)",
                maxConnections: max(settings.connectionsPerCheck, settings.maxCheckConnections / count))
        }
        running = Array(repeating: 0, count: count)
        maxRunning = max(1, settings.maxConcurrentChecks)
        maxQueued = max(1, settings.maxQueuedChecks)
        connectionsPerCheck = settings.connectionsPerCheck
        self.finished = finished
    }

    /// Checks on the reactors now.
    var inFlight: Int { running.reduce(0, +) }

    /// Makes `waiter` wait for the check of each of `targets`: the one in flight for the same key, or a new one
    /// with `deadline`. Returns each check's id and whether it was joined (started by another scrape); `nil`, and
    /// nothing joined, when the new checks would not fit in the queue (answer 503).
    func join(
        _ targets: [ProbeTarget], generation: Int, waiter: Int32, deadline: ContinuousClock.Instant
    ) -> [(id: Int, joined: Bool)]? {
        let keys = targets.map { Key(name: $0.name, generation: generation) }
        let fresh = keys.filter { byKey[$0] == nil }.count
        guard fresh <= maxRunning - inFlight + maxQueued - queued else { return nil }
        return zip(targets, keys).map { target, key in
            if let id = byKey[key] {
                flights[id]?.waiters.insert(waiter)
                // Queued still: this scrape's turn may start it too.
                if flights[id]?.reactor == nil { enqueue(id, for: waiter) }
                return (id, true)
            }
            let id = nextID
            nextID += 1
            flights[id] = Flight(id: id, key: key, target: target, deadline: deadline, waiters: [waiter])
            byKey[key] = id
            enqueue(id, for: waiter)
            queued += 1
            return (id, false)
        }
    }

    /// `waiter` no longer waits for the checks `ids` (answered, or its client gone). A check left without
    /// waiters is dropped from the queue or cancelled on its reactor; returns how many were.
    func leave(_ ids: [Int], waiter: Int32) -> Int {
        queues[waiter] = nil
        var stopped = 0
        for id in ids {
            guard var flight = flights[id], flight.waiters.remove(waiter) != nil else { continue }
            guard flight.waiters.isEmpty else {
                flights[id] = flight
                continue
            }
            remove(flight)
            if let reactor = flight.reactor { reactors[reactor].cancel(id) }
            stopped += 1
        }
        return stopped
    }

    /// The check `id` ended with a report: its flight, now over (a new scrape of its target starts a new
    /// check); `nil` when it was cancelled meanwhile.
    func finish(_ id: Int) -> Flight? {
        guard let flight = flights[id] else { return nil }
        remove(flight)
        return flight
    }

    /// Starts queued checks while there is room, one scrape's next check at a time in turn, each on the
    /// least-loaded reactor. A check whose deadline has passed is dropped unrun: those are returned, so that
    /// their waiters answer without them.
    func startQueued(now: ContinuousClock.Instant) -> [Flight] {
        var expired: [Flight] = []
        while inFlight < maxRunning, let id = nextQueued() {
            guard var flight = flights[id] else { continue }
            let left = flight.deadline - now
            guard left > .zero else {
                remove(flight)
                expired.append(flight)
                continue
            }
            queued -= 1
            let reactor = running.indices.min { running[$0] < running[$1] }!
            running[reactor] += 1
            flight.reactor = reactor
            flights[id] = flight
            // Keep a little of the scrape for rendering and sending: the check ends before the scrape does.
            let until = flight.deadline - min(.milliseconds(200), left / 10)
            reactors[reactor].start(
                flight.target.request, id: id, until: until, maxConnections: connectionsPerCheck, done: finished)
        }
        return expired
    }

    private func enqueue(_ id: Int, for waiter: Int32) {
        if queues[waiter] == nil {
            queues[waiter] = []
            turns.append(waiter)
        }
        queues[waiter]!.append(id)
    }

    /// The next queued check in turn: the next of the scrape whose turn it is, that scrape then going to the end
    /// of the turns while it has more; `nil` when nothing is queued.
    private func nextQueued() -> Int? {
        defer {
            if turnHead > 1024, turnHead * 2 > turns.count {
                turns.removeFirst(turnHead)
                turnHead = 0
            }
        }
        while turnHead < turns.count {
            let waiter = turns[turnHead]
            turnHead += 1
            guard var ids = queues[waiter] else { continue }
            // Ids ahead that another scrape's turn started or that were dropped are skipped.
            while let first = ids.first, flights[first]?.reactor != nil || flights[first] == nil { ids.removeFirst() }
            guard let id = ids.first else {
                queues[waiter] = nil
                continue
            }
            ids.removeFirst()
            if ids.isEmpty {
                queues[waiter] = nil
            } else {
                queues[waiter] = ids
                turns.append(waiter)
            }
            return id
        }
        return nil
    }

    /// Cancels every check and stops the reactors.
    func shutdown() {
        for reactor in reactors { reactor.shutdown() }
        flights.removeAll()
        byKey.removeAll()
        queues.removeAll()
        turns.removeAll()
        turnHead = 0
        queued = 0
        running = running.map { _ in 0 }
    }

    private func remove(_ flight: Flight) {
        flights.removeValue(forKey: flight.id)
        byKey.removeValue(forKey: flight.key)
        if let reactor = flight.reactor { running[reactor] -= 1 } else { queued -= 1 }
    }
}
