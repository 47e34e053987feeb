/// A response body the loop writes as the client's socket drains, instead of one array built in memory: what
/// `/metrics` with every ensemble answers (300 ensembles are a few megabytes of text).
///
/// CONTRACT (issue 20): the scrape side produces streams (`ExporterLoop+Scrapes.swift`); the connection side
/// (`ExporterLoop+Connections.swift`) frames and writes them (`sendStreamed`). The loop's thread only.
protocol BodyStream: AnyObject {
    /// The next bytes of the body, at most about `limit` (never empty), or `nil` at its end. Called only when the
    /// socket has room for more, so a client that does not read holds no more than one piece.
    func next(upTo limit: Int) -> [UInt8]?
}
