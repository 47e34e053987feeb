import ToolkitSupport

/// The AdminServer side of the check: since 3.5 a default ensemble answers only `srvr` over four-letter words,
/// but serves every command as JSON over HTTP. With ``Checker/admin`` set, each member's AdminServer is asked
/// in the same batch (one `poll` loop, one deadline) as the words, and what the words did not give (refused by
/// `4lw.commands.whitelist`) is taken from it, so a `srvr`-only ensemble is judged on the same figures.
extension Checker {
    /// What one batch brought back: the words' results in ``words`` order per endpoint, per endpoint the
    /// AdminServer's results by command (empty without an AdminServer), and per endpoint what the client probe
    /// measured (empty without one).
    struct BatchResults {
        var words: [Result<Exchange, ProbeError>]
        var admin: [[String: Result<AdminExchange, AdminError>]]
        var client: [ClientMeasurement] = []
    }

    /// The batch that asks `endpoints` the words and, with ``admin``, ``AdminClient/checkCommands``, all in one
    /// loop, with the client probe's sessions.
    func askBatch(_ endpoints: [Endpoint], options: ProbeOptions) -> ProbeBatch {
        var requests = endpoints.flatMap { e in Self.words.map { WireRequest(word: $0, endpoint: e) } }
        if let admin {
            let client = AdminClient(target: admin, options: options)
            requests += endpoints.flatMap { e in AdminClient.checkCommands.map { client.request($0, member: e) } }
        }
        let sessions = clientSessions(for: endpoints, options: options)
        return ProbeBatch(options: options, requests: requests, sessions: sessions)
    }

    /// Sorts ``askBatch(_:options:)``'s outcomes (`results`) by kind and endpoint.
    func batchResults(_ results: [Result<Exchange, ProbeError>], of batch: ProbeBatch, endpoints: [Endpoint])
        -> BatchResults
    {
        let commands = admin == nil ? [] : AdminClient.checkCommands
        let wordCount = endpoints.count * Self.words.count
        var perEndpoint: [[String: Result<AdminExchange, AdminError>]] = []
        for i in endpoints.indices where !commands.isEmpty {
            let first = wordCount + i * commands.count
            var byCommand: [String: Result<AdminExchange, AdminError>] = [:]
            for (n, command) in commands.enumerated() {
                byCommand[command] = AdminClient.outcome(results[first + n], command: command)
            }
            perEndpoint.append(byCommand)
        }
        return BatchResults(
            words: Array(results[..<wordCount]), admin: perEndpoint, client: batch.sessions.map(\.result))
    }

    /// The AdminServer command that stands for each four-letter word the check asks.
    static let adminCommandForWord = ["srvr": "server_stats", "mntr": "monitor", "conf": "configuration", "ruok": "ruok"]

    /// Fills `m` from its AdminServer's answers where the words were refused, and returns a finding when the
    /// AdminServer could not be used although the member answered its words (the operator asked for it).
    static func apply(admin results: [String: Result<AdminExchange, AdminError>], to m: inout MemberReport) -> Finding? {
        var failures: [HintedText] = []
        for word in words where m.notWhitelisted.contains(word) {
            guard let command = adminCommandForWord[word], let result = results[command] else { continue }
            switch result {
            case .failure(let error):
                failures.append(error.text)
            case .success(let answer):
                do {
                    try apply(admin: answer, word: word, membership: results["voting_view"], to: &m)
                    m.notWhitelisted.removeAll { $0 == word }
                } catch {
                    failures.append("AdminServer \(answer.exchange.endpoint): \(error.description)" as HintedText)
                }
            }
        }
        if failures.isEmpty, m.answeredFrom != nil, let failure = serverStatsProblem(results["server_stats"], of: m) {
            // Nothing was missing, but a broken AdminServer the operator named is still worth saying.
            failures.append(failure)
        }
        guard let first = failures.first, m.answeredFrom != nil else { return nil }
        let missing = m.notWhitelisted.isEmpty ? "" : "; \(m.notWhitelisted.joined(separator: ", ")) judged without"
        return Finding(.adminServerUnusable, member: m.address, first.oneLine(limit: 300) + HintedText(missing))
    }

    /// Why the AdminServer's `server_stats` is of no use although the member answered its words: not HTTP, not
    /// ZooKeeper's JSON, or "not serving" while the member serves. `nil` when it reads.
    static func serverStatsProblem(_ result: Result<AdminExchange, AdminError>?, of m: MemberReport) -> HintedText? {
        switch result {
        case .failure(let error)?:
            return error.text
        case .success(let answer)?:
            do {
                let reply = try AdminReplies.serverStats(answer.response.body, server: m.address)
                try refuseNotServing(reply.refusal, command: "server_stats", of: m)
                return nil
            } catch {
                return "AdminServer \(answer.exchange.endpoint): \(error.description)"
            }
        case nil:
            return nil
        }
    }

    /// An AdminServer that says "not serving" while the member serves its four-letter words is not this member's
    /// (or is broken): its answer would hide the member's figures, so it is an error, not a refusal.
    static func refuseNotServing(_ refusal: Refusal?, command: String, of m: MemberReport) throws(ReplyParseError) {
        guard refusal == .notServing, m.state.isServing else { return }
        throw ReplyErrorContext(server: m.address, command: command).reply(
            "the AdminServer answers \"not currently serving requests\" while \(m.address) serves (\(m.state.rawValue))")
    }

    /// Reads one AdminServer answer in place of `word`.
    static func apply(
        admin answer: AdminExchange, word: String, membership: Result<AdminExchange, AdminError>?,
        to m: inout MemberReport
    ) throws(ReplyParseError) {
        let body = answer.response.body
        switch word {
        case "srvr":
            let stats = try AdminReplies.serverStats(body, server: m.address)
            apply(stats: stats, to: &m)
        case "mntr":
            let reply = try AdminReplies.monitor(body, server: m.address, lenient: true)
            try refuseNotServing(reply.refusal, command: "monitor", of: m)
            if case .answer(let monitor) = reply { apply(monitor: monitor, to: &m) }
        case "conf":
            let reply = try AdminReplies.configuration(body, server: m.address)
            try refuseNotServing(reply.refusal, command: "configuration", of: m)
            guard case .answer(let config) = reply else { return }
            m.serverId = config.serverId
            m.configuredClientPort = config.clientPort
            if case .success(let view)? = membership,
                case .answer(let specs)? = try? AdminReplies.votingView(
                    view.response.body, server: m.address, ownId: config.serverId)
            {
                m.membership = specs.map(MembershipEntry.init)
            }
        default:
            let imok = try AdminReplies.ruok(body, server: m.address)
            try refuseNotServing(imok ? nil : .notServing, command: "ruok", of: m)
            m.imok = imok
        }
    }

    /// Reads `server_stats` the way ``apply(stat:word:to:)`` reads `srvr`; the exchange's timings stay the words'.
    static func apply(stats reply: Reply<ServerStats>, to m: inout MemberReport) {
        switch reply {
        case .refused:
            m.state = .notServing
            m.problem = nil
        case .answer(let stats):
            apply(stats: stats, to: &m)
        }
    }
}
