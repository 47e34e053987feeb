import ToolkitSupport
/// Sends four-letter words to ZooKeeper servers and reads each reply until the server closes the connection.
///
/// Every exchange has one deadline covering name resolution, connecting, sending and reading, and a reply size
/// cap, so that a paused, dripping, resetting or endless server ends in a ``ProbeError`` naming it rather than a
/// hang or unbounded memory. Many exchanges run at once on the calling thread, so asking 1,000 servers takes about
/// one deadline. `SIGPIPE` is ignored for the process.
///
/// ```swift
/// let client = FourLetterClient(options: ProbeOptions(deadline: .seconds(2)))
/// switch client.ask("mntr", try Endpoint(parsing: "zk1:2181")) {
/// case .success(let exchange): print(exchange.text)
/// case .failure(let error): print(error)  // zk1:2181: connection refused (is ZooKeeper running ...?)
/// }
/// ```
public struct FourLetterClient: Sendable {
    /// The deadline, reply size cap and concurrency limit for every exchange.
    public var options: ProbeOptions

    /// The words ZooKeeper 3.x answers on its client port (subject to `4lw.commands.whitelist`).
    public static let knownWords = ["ruok", "srvr", "stat", "mntr", "conf", "isro", "envi", "cons", "wchs", "dirs"]

    /// A client using `options` (deadline, reply cap, concurrency) for every exchange; the defaults suit one check.
    public init(options: ProbeOptions = .init()) {
        self.options = options
    }

    /// Whether `word` can be sent: exactly four lower-case ASCII letters. Unknown words are allowed (the server
    /// closes without answering); upper case is not, since the server reads it as a packet length.
    public static func isFourLetterWord(_ word: String) -> Bool {
        let bytes = Array(word.utf8)
        return bytes.count == 4 && bytes.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
    }

    /// Sends `word` to `endpoint` and reads the reply until the server closes, within ``options``' deadline.
    ///
    /// Blocks the calling thread for at most about the deadline.
    public func ask(_ word: String, _ endpoint: Endpoint) -> Result<Exchange, ProbeError> {
        ask([(word: word, endpoint: endpoint)])[0]
    }

    /// Runs every exchange concurrently and returns the outcomes in the order of `requests`.
    ///
    /// Each exchange has its own deadline from the moment it starts; at most ``ProbeOptions/maxInFlight`` (and
    /// fewer than the open-file limit) are under way at once, so N requests take about ⌈N / limit⌉ deadlines.
    /// Blocks the calling thread until every exchange has an outcome.
    public func ask(_ requests: [(word: String, endpoint: Endpoint)]) -> [Result<Exchange, ProbeError>] {
        guard !requests.isEmpty else { return [] }
        return ProbeLoop(options: options, requests: requests).run()
    }
}
