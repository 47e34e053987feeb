import ToolkitSupport

/// The AdminServer side of the check: since 3.5 a default ensemble answers only `srvr` over four-letter words,
/// but serves every command as JSON over HTTP. With ``Checker/admin`` set, each member's AdminServer is asked
/// in the same batch (one `poll` loop, one deadline) as the words, and what the words did not give (refused by
/// `4lw.commands.whitelist`) is taken from it, so a `srvr`-only ensemble is judged on the same figures.
extension Checker {
    /// What one batch brought back: the words' results in ``words`` order per endpoint, and per endpoint the
    /// AdminServer's results by command (empty without an AdminServer).
    struct BatchResults {
        var words: [Result<Exchange, ProbeError>]
        var admin: [[String: Result<AdminExchange, AdminError>]]
    }

    /// Asks `endpoints` the words and, with ``admin``, ``AdminClient/checkCommands``, all in one loop.
    func askBatch(_ endpoints: [Endpoint], options: ProbeOptions) -> BatchResults {
        var requests = endpoints.flatMap { e in Self.words.map { WireRequest(word: $0, endpoint: e) } }
        let commands = admin == nil ? [] : AdminClient.checkCommands
        if let admin {
            let client = AdminClient(target: admin, options: options)
            requests += endpoints.flatMap { e in commands.map { client.request($0, member: e) } }
        }
        let results = ProbeLoop(options: options, wireRequests: requests).run()
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
        return BatchResults(words: Array(results[..<wordCount]), admin: perEndpoint)
    }

    /// The AdminServer command that stands for each four-letter word the check asks.
    static let adminCommandForWord = ["srvr": "server_stats", "mntr": "monitor", "conf": "configuration", "ruok": "ruok"]

    /// Fills `m` from its AdminServer's answers where the words were refused, and returns a finding when the
    /// AdminServer could not be used although the member answered its words (the operator asked for it).
    static func apply(admin results: [String: Result<AdminExchange, AdminError>], to m: inout MemberReport) -> Finding? {
        var failures: [String] = []
        for word in words where m.notWhitelisted.contains(word) {
            guard let command = adminCommandForWord[word], let result = results[command] else { continue }
            switch result {
            case .failure(let error):
                failures.append(error.description)
            case .success(let answer):
                do {
                    try apply(admin: answer, word: word, membership: results["voting_view"], to: &m)
                    m.notWhitelisted.removeAll { $0 == word }
                } catch {
                    failures.append("AdminServer \(answer.exchange.endpoint): \(error.description)")
                }
            }
        }
        if failures.isEmpty, m.answeredFrom != nil, case .failure(let error)? = results["server_stats"] {
            // Nothing was missing, but a broken AdminServer the operator named is still worth saying.
            failures.append(error.description)
        }
        guard let first = failures.first, m.answeredFrom != nil else { return nil }
        let missing = m.notWhitelisted.isEmpty ? "" : "; \(m.notWhitelisted.joined(separator: ", ")) judged without"
        return Finding(.warning, "admin-server-unusable", member: m.address, oneLine(first, limit: 300) + missing)
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
            if case .answer(let monitor) = try AdminReplies.monitor(body, server: m.address) {
                apply(monitor: monitor, to: &m)
            }
        case "conf":
            guard case .answer(let config) = try AdminReplies.configuration(body, server: m.address) else { return }
            m.serverId = config.serverId
            m.configuredClientPort = config.clientPort
            if case .success(let view)? = membership,
                case .answer(let specs)? = try? AdminReplies.votingView(view.response.body, server: m.address)
            {
                m.membership = specs.map(MembershipEntry.init)
            }
        default:
            m.imok = try AdminReplies.ruok(body, server: m.address)
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

    /// Adds the AdminServer as the alternative to the OK-level `words-not-whitelisted` finding when the check
    /// was run without one: most such ensembles have it on port 8080 already.
    static func suggestAdminServer(_ findings: inout [Finding]) {
        for i in findings.indices where findings[i].code == "words-not-whitelisted" {
            findings[i].message += "; or ask the AdminServer instead: --admin-port 8080"
        }
    }
}
