/// One batch of exchanges for the probe loop: requests and client sessions that start together, each with the
/// batch's deadline, and whose outcomes come back together (requests' in order, then the sessions').
struct ProbeBatch {
    /// The deadline per exchange, the reply cap and how many of the batch's exchanges may be under way at once.
    var options: ProbeOptions
    var requests: [WireRequest]
    /// Run as flights after ``requests``; see ``ProbeLoop``.
    var sessions: [ClientSession] = []

    /// How many outcomes the batch brings back.
    var count: Int { requests.count + sessions.count }
}
