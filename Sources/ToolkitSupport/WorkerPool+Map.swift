import Synchronization

extension WorkerPool {
    /// Runs `task(0)`, …, `task(count - 1)`, each exactly once, on the pool's threads, and returns their
    /// results in index order; a task that throws leaves its error in its place and the others run on.
    ///
    /// Blocks until every task has ended. The threads take indexes in increasing order from one counter, so the
    /// number of threads changes which thread runs what and nothing else. On a pool that is shutting down, the
    /// tasks run on the calling thread.
    package func map<Success: Sendable, Failure: Error>(
        _ count: Int, _ task: @escaping @Sendable (Int) throws(Failure) -> Success
    ) -> [Result<Success, Failure>] {
        let board = MapBoard(count: count, task)
        let loops = min(threadCount, count)
        guard loops > 0 else { return [] }
        if submit(Array(repeating: { board.loop() }, count: loops)) {
            board.waitForLoops(loops)
        } else {
            board.loop()
        }
        return board.results()
    }

    /// ``map(_:_:)`` on a pool of its own, of at most `threads` threads and never more than `count`, shut down
    /// before it returns; with one thread or none needed, the tasks run on the calling thread.
    package static func map<Success: Sendable, Failure: Error>(
        _ count: Int, threads: Int, name: String, stackSize: Int? = nil,
        _ task: @escaping @Sendable (Int) throws(Failure) -> Success
    ) -> [Result<Success, Failure>] {
        guard min(threads, count) > 1 else {
            let board = MapBoard(count: count, task)
            board.loop()
            return board.results()
        }
        let pool = WorkerPool(threads: min(threads, count), name: name, stackSize: stackSize)
        defer { pool.shutdown() }
        return pool.map(count, task)
    }
}

/// Hands out the indexes of one `map` to its loops and keeps the results by index.
private final class MapBoard<Success: Sendable, Failure: Error>: Sendable {
    let count: Int
    let task: @Sendable (Int) throws(Failure) -> Success
    let next = Atomic<Int>(0)
    let slots: Mutex<[Result<Success, Failure>?]>
    let loopsEnded = WaitableMutex(0)

    init(count: Int, _ task: @escaping @Sendable (Int) throws(Failure) -> Success) {
        self.count = count
        self.task = task
        slots = Mutex(Array(repeating: nil, count: count))
    }

    /// Runs tasks until none is left.
    func loop() {
        while true {
            let index = next.add(1, ordering: .relaxed).oldValue
            guard index < count else { break }
            let result = Result { () throws(Failure) -> Success in try task(index) }
            slots.withLock { $0[index] = result }
        }
        loopsEnded.withLock { $0 += 1 }
    }

    func waitForLoops(_ loops: Int) {
        _ = loopsEnded.wait { $0 == loops ? true : nil }
    }

    func results() -> [Result<Success, Failure>] {
        slots.withLock { $0.map { $0! } }
    }
}
