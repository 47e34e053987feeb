/// The members of a check as the operator names them: a zoo.cfg, a connect string, addresses. ``gather(readFile:)``
/// turns them into the ``EnsembleTargets`` a ``CheckRequest`` holds.
public struct TargetSources: Sendable, Equatable {
    /// `HOST[:PORT]` addresses, each a member.
    public var addresses: [String]
    /// Kafka's `zookeeper.connect` (``EnsembleTargets/fromConnectString(_:defaultPort:)``).
    public var connect: String?
    /// The path of a zoo.cfg (``EnsembleTargets/fromZooConfig(_:path:readFile:)``).
    public var config: String?

    /// Sources as given; at least one must name a member.
    public init(addresses: [String] = [], connect: String? = nil, config: String? = nil) {
        self.addresses = addresses
        self.connect = connect
        self.config = config
    }

    /// The members to ask, from the zoo.cfg, the connect string and the addresses, each once (the same member
    /// named twice is asked once); the membership, hierarchy and standalone flag come from the zoo.cfg. The zoo.cfg
    /// (and its dynamic file) is read through `readFile`, which bounds what it reads.
    ///
    /// - Throws: ``TargetError``, one line saying what to change.
    public func gather<E: Error>(readFile: (String) throws(E) -> String) throws(TargetError) -> EnsembleTargets {
        var endpoints: [Endpoint] = []
        var gathered = EnsembleTargets(endpoints: [], source: "")
        if let path = config {
            let text: String
            do {
                text = try readFile(path)
            } catch {
                throw TargetError("\(hint: .config) \(error)" as HintedText)
            }
            gathered = try EnsembleTargets.fromZooConfig(text, path: path) { try? readFile($0) }
            endpoints = gathered.endpoints
        }
        if let connect { endpoints += try EnsembleTargets.fromConnectString(connect).endpoints }
        for address in addresses { endpoints.append(try EnsembleTargets.endpoint(address)) }
        var seen: Set<Endpoint> = []
        gathered.endpoints = endpoints.filter { seen.insert($0).inserted }
        guard !gathered.endpoints.isEmpty else {
            throw TargetError(
                "no members: give HOST[:PORT] arguments, \(hint: .connect) or \(hint: .config) (\(hint: .help))"
                    as HintedText)
        }
        return gathered
    }
}
