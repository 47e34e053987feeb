/// The client side of the check: with ``Checker/clientProbe`` set, one ``ClientSession`` per member runs in the
/// same batch (one `poll` loop, one deadline) as the words, whatever the member says of itself: the session is
/// the ground truth of what clients get.
extension Checker {
    /// One session per endpoint for ``clientProbe``, or none; a write probe's sessions share one barrier and one
    /// visibility node, named afresh for each batch.
    func clientSessions(for endpoints: [Endpoint], options: ProbeOptions) -> [ClientSession] {
        guard let clientProbe, !endpoints.isEmpty else { return [] }
        var random = SystemRandomNumberGenerator()
        let node = clientProbe.writePath.map { ProbeNodeName.make(under: $0, using: &random) }
        return ClientSession.batch(
            clientProbe, endpoints: endpoints, deadline: options.deadline, visibilityNode: node,
            now: ContinuousClock.now)
    }
}
