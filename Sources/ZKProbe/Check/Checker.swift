import ToolkitSupport

/// The whole check of an ensemble: ``check(_:)`` takes a ``CheckRequest`` and returns the ``CheckReport``, for
/// `zkprobe check`, `zkprobe serve` and any program that embeds ZKProbe alike.
///
/// One batch of exchanges (`srvr`, `mntr`, `conf`, `ruok` to every member) goes out concurrently, so a member
/// that never answers costs one deadline however many there are. A member whose whitelist refuses `srvr` is
/// asked `stat` in a second batch. With ``admin``, each member's AdminServer is asked in the same batch and
/// answers for the words the whitelist refuses (`Checker+AdminServer.swift`).
public struct Checker: Sendable {
    /// Sends the words; its options set the per-member deadline.
    var client: FourLetterClient
    /// Turns the replies into findings; holds the thresholds.
    var assessment: EnsembleAssessment
    /// Where each member's AdminServer is; `nil`: four-letter words only.
    var admin: AdminTarget?
    /// The client probe run through every member in the same batches; `nil`: none.
    var clientProbe: ClientProbe?
    /// Whether members learned from the members' `conf` are asked.
    var learnedMembers: LearnedMembers = .ask

    /// A checker with the given client and assessment; the defaults match `zkprobe check` without flags.
    init(
        client: FourLetterClient = FourLetterClient(), assessment: EnsembleAssessment = EnsembleAssessment(),
        admin: AdminTarget? = nil, clientProbe: ClientProbe? = nil
    ) {
        self.client = client
        self.assessment = assessment
        self.admin = admin
        self.clientProbe = clientProbe
    }

    /// Runs the check `request` asks for: the one entry point. Its findings are final (the members' trouble
    /// the check itself caused, the assessment's rules, the AdminServer's, the client probe's (``ClientVerdict``),
    /// then the expected mode), and the verdict is theirs (``CheckReport/verdict``).
    public static func check(_ request: CheckRequest) -> CheckReport {
        CheckRun(request).runHere()
    }

    /// The checker `request` describes: its probe options, thresholds, AdminServer, client probe and policy for
    /// learned members.
    init(request: CheckRequest) {
        let policy = request.policy
        let assessment = EnsembleAssessment(
            thresholds: policy.thresholds, requiredWords: policy.requiredWords,
            suggestsAdminServer: request.admin == nil)
        self.init(
            client: FourLetterClient(options: request.probe), assessment: assessment, admin: request.admin,
            clientProbe: request.clientProbe)
        learnedMembers = request.learnedMembers
    }

    static let words = ["srvr", "mntr", "conf", "ruok"]

    /// `unasked` as it stands when `policy` allows asking it at the address the members' `conf` gave; otherwise
    /// without an endpoint, so it is reported as `member-not-asked`, with the address and why.
    static func refuseUnlisted(
        _ unasked: EnsembleMembership.Unasked, policy: LearnedMembers, given: [Endpoint]
    ) -> EnsembleMembership.Unasked {
        guard let endpoint = unasked.endpoint, !policy.allows(endpoint, given: given) else { return unasked }
        var refused = unasked
        refused.endpoint = nil
        refused.reason =
            "server.\(unasked.entry.id) at \(endpoint) is listed by the members' conf but not among the members "
            + "given, so it was not asked (the check connects only where its configuration says); name it with the "
            + "members, in \(hint: .config), or in \(hint: .allowLearnedMembers)"
        return refused
    }

    /// A client for a second batch: the time left of this check's deadline, and never less than a short slack,
    /// so the whole check stays within about one deadline.
    func remainingClient(since start: ContinuousClock.Instant) -> FourLetterClient {
        var options = client.options
        let left = options.deadline - (ContinuousClock.now - start)
        let slack = min(options.deadline, .milliseconds(500))
        options.deadline = max(left, slack)
        return FourLetterClient(options: options)
    }

    /// All replies of one check together may hold at most this many bytes, however many members there are.
    static let replyBudget = 64 << 20

    /// The batch that asks each endpoint `srvr mntr conf ruok` at once (and its AdminServer, with ``admin``, and
    /// the client probe's sessions). Each exchange may use its share of ``replyBudget`` (at least 64 KiB, at most
    /// the client's own cap).
    func probeBatch(_ endpoints: [Endpoint], using client: FourLetterClient) -> ProbeBatch {
        let exchanges = endpoints.count * (Self.words.count + (admin == nil ? 0 : AdminClient.checkCommands.count))
        var options = client.options
        options.maxReplyBytes = min(options.maxReplyBytes, max(64 << 10, Self.replyBudget / max(exchanges, 1)))
        return askBatch(endpoints, options: options)
    }

    /// Reads ``probeBatch(_:using:)``'s outcomes into one report per endpoint, and returns them with the
    /// positions of the members to ask `stat` next (their whitelist refuses `srvr`). `cutShort`: the batch ran on
    /// what was left of the check's deadline, so running out of it proves less than a deadline. AdminServer
    /// trouble goes to `adminFindings`.
    func members(
        of endpoints: [Endpoint], from batch: BatchResults, cutShort: Bool, adminFindings: inout [Finding]
    ) -> (members: [MemberReport], statRetry: [Int]) {
        let results = batch.words
        var members: [MemberReport] = []
        var statRetry: [Int] = []
        for (i, endpoint) in endpoints.enumerated() {
            let slice = Array(results[(i * Self.words.count)..<((i + 1) * Self.words.count)])
            var report = Self.member(
                address: endpoint.description, endpoint: endpoint, srvr: slice[0], mntr: slice[1], conf: slice[2],
                ruok: slice[3])
            if cutShort, case .failure(.timedOut) = slice[0] {
                report.cutShort = true
            }
            if i < batch.admin.count, let finding = Self.apply(admin: batch.admin[i], to: &report) {
                adminFindings.append(finding)
            }
            if i < batch.client.count { report.client = batch.client[i] }
            if report.notWhitelisted.contains("srvr") { statRetry.append(i) }
            members.append(report)
        }
        return (members, statRetry)
    }

    /// Reads the `stat` retries (`retries[n]` for `members[statRetry[n]]`): a member's report is redone when
    /// `stat` told more than `srvr`'s refusal.
    static func apply(
        statRetries retries: [Result<Exchange, ProbeError>], at statRetry: [Int], to members: inout [MemberReport]
    ) {
        for (n, i) in statRetry.enumerated() {
            var redone = members[i]
            apply(stat: retries[n], word: "stat", to: &redone)
            if redone.zxid != nil || redone.state != members[i].state { members[i] = redone }
        }
    }

    /// The hierarchical quorum (`group.G`/`weight.N`) a member's `conf` reports, when one does.
    static func hierarchy(reportedBy members: [MemberReport]) -> Hierarchy? {
        members.lazy.compactMap(\.hierarchy).first
    }

    /// Takes out the members whose exchanges failed for the check's own reasons (out of file descriptors or
    /// memory, the resolver failing): their state says nothing about them, so they are reported as not asked,
    /// and the verdict is at least UNKNOWN rather than blaming them.
    static func setAsideLocalTrouble(_ members: inout [MemberReport]) -> [Finding] {
        let troubled = members.filter { $0.localTrouble != nil }
        guard !troubled.isEmpty else { return [] }
        members.removeAll { $0.localTrouble != nil }
        let names = troubled.map(\.address).joined(separator: ", ")
        return [checkResources(couldNot: "ask \(names)", troubled[0].localTrouble!)]
    }

    /// The `check-resources` finding: the check could not do `what` (`ask zk1:2181`) for its own `trouble`.
    static func checkResources(couldNot what: String, _ trouble: String) -> Finding {
        Finding(
            .checkResources,
            "the check itself could not \(what): \(trouble); raise its open-file limit (ulimit -n) or run fewer "
                + "checks at once")
    }

    /// Whether `error` is the check's own trouble rather than the member's.
    static func localTrouble(_ error: ProbeError) -> String? {
        error.resourceShortage
    }

    /// Keeps one report per member when the same server was named twice (`localhost:2181` and `127.0.0.1:2181`):
    /// the same numeric address that answered, and the same port.
    static func dropDuplicates(_ members: inout [MemberReport]) -> [Finding] {
        var findings: [Finding] = []
        var kept: [MemberReport] = []
        for m in members {
            if let twin = kept.first(where: { isSameServer($0, m) }) {
                findings.append(
                    Finding(
                        .sameMemberTwice, member: m.address,
                        "\(m.address) and \(twin.address) are the same server; it is counted once"))
            } else {
                kept.append(m)
            }
        }
        members = kept
        return findings
    }

    static func isSameServer(_ a: MemberReport, _ b: MemberReport) -> Bool {
        guard let from = a.answeredFrom, let port = a.endpoint?.port else { return false }
        return b.answeredFrom == from && b.endpoint?.port == port
    }

    static func member(
        address: String, endpoint: Endpoint, srvr: Result<Exchange, ProbeError>, mntr: Result<Exchange, ProbeError>,
        conf: Result<Exchange, ProbeError>, ruok: Result<Exchange, ProbeError>
    ) -> MemberReport {
        var m = MemberReport(address: address, state: .error)
        m.endpoint = endpoint
        apply(stat: srvr, word: "srvr", to: &m)
        for result in [srvr, mntr, conf, ruok] {
            if m.answeredFrom == nil, case .success(let exchange) = result {
                m.answeredFrom = numericAddress(exchange.address)
            }
        }
        if case .success(let exchange) = ruok {
            // A refused ruok was not asked: it says nothing about the member's health.
            if isNotWhitelisted(exchange.text) {
                m.notWhitelisted.append("ruok")
            } else {
                m.imok = exchange.text == "imok"
            }
        }
        if case .success(let exchange) = mntr { apply(mntr: exchange, to: &m) }
        if case .success(let exchange) = conf { apply(conf: exchange, to: &m) }
        return m
    }

    static func isNotWhitelisted(_ reply: String) -> Bool {
        if case .notWhitelisted? = Refusal.detect(in: reply) { return true }
        return false
    }

    /// `::ffff:127.0.0.1` is `127.0.0.1`: the same server reached over IPv4 or IPv6-mapped IPv4.
    static func numericAddress(_ address: String) -> String {
        address.lowercased().hasPrefix("::ffff:") && address.contains(".") ? String(address.dropFirst(7)) : address
    }

    static func apply(mntr exchange: Exchange, to m: inout MemberReport) {
        do {
            switch try Monitor.parse(exchange.text, server: m.address, lenient: true) {
            case .refused(.notWhitelisted):
                m.notWhitelisted.append("mntr")
            case .refused:
                break
            case .answer(let monitor):
                apply(monitor: monitor, to: &m)
            }
        } catch {
            m.monitorSkipped = [error.description]
        }
    }

    static func apply(conf exchange: Exchange, to m: inout MemberReport) {
        if isNotWhitelisted(exchange.text) {
            m.notWhitelisted.append("conf")
            return
        }
        guard case .answer(let config)? = try? ServerConfig.parse(exchange.text, server: m.address) else { return }
        m.serverId = config.serverId
        m.configuredClientPort = config.clientPort
        if config.hasMembershipSection { m.membership = config.membership.map(MembershipEntry.init) }
        if !config.groups.isEmpty {
            let groups = Dictionary(
                config.groups.map { (Int(clamping: $0.key), Set($0.value.map { Int(clamping: $0) })) },
                uniquingKeysWith: { a, _ in a })
            let weights = Dictionary(
                config.weights.map { (Int(clamping: $0.key), Int(clamping: $0.value)) }, uniquingKeysWith: { a, _ in a })
            m.hierarchy = Hierarchy(groups: groups, weights: weights)
        }
    }

    /// Reads a `srvr` or `stat` result into `m`: its state, or why there is none.
    static func apply(stat result: Result<Exchange, ProbeError>, word: String, to m: inout MemberReport) {
        switch result {
        case .failure(let error):
            m.problem = error.description
            m.localTrouble = localTrouble(error)
            switch error {
            case .refused, .unreachable, .resolutionFailed: m.state = .unreachable
            case .timedOut(_, _, let stage, _, _):
                m.state = stage == .reading || stage == .sending ? .unresponsive : .unreachable
            default: m.state = .error
            }
        case .success(let exchange):
            m.connectSeconds = exchange.connectTime.seconds
            m.exchangeSeconds = exchange.totalTime.seconds
            do {
                switch try ServerStats.parse(exchange.text, server: m.address, command: word) {
                case .refused(.notServing):
                    m.state = .notServing
                    m.problem = nil
                case .refused(.notWhitelisted):
                    if !m.notWhitelisted.contains(word) { m.notWhitelisted.append(word) }
                    m.problem = "\(word) is not whitelisted"
                case .refused(.empty):
                    m.state = .error
                    m.problem = "\(m.address) closed the connection without answering \(word)"
                case .answer(let stats):
                    m.notWhitelisted.removeAll { $0 == "srvr" }
                    apply(stats: stats, to: &m)
                }
            } catch {
                m.state = .error
                m.problem = error.description
            }
        }
    }

    /// Reads what `srvr`/`stat` (or the AdminServer's `server_stats`) says into `m`: its role and figures.
    static func apply(stats: ServerStats, to m: inout MemberReport) {
        m.problem = nil
        m.state = stats.isReadOnly ? .readOnly : state(of: stats.mode)
        m.version = stats.version.text
        m.zxid = stats.zxid.value
        m.latencyMin = Double(stats.latency.min)
        m.latencyAvg = stats.latency.average
        m.latencyMax = Double(stats.latency.max)
        m.received = stats.received
        m.sent = stats.sent
        m.connections = stats.connections
        m.outstanding = stats.outstanding
        m.nodeCount = stats.nodeCount
    }

    static func apply(monitor: Monitor, to m: inout MemberReport) {
        m.learners = monitor.learners
        m.syncedFollowers = monitor.syncedFollowers
        m.syncedNonVotingFollowers = monitor.syncedNonVotingFollowers
        m.pendingSyncs = monitor.pendingSyncs
        m.openFileDescriptors = monitor.openFileDescriptorCount
        m.maxFileDescriptors = monitor.maxFileDescriptorCount
        m.quorumSize = monitor.quorumSize
        m.monitorValues = monitor.entries.compactMap { e in e.value.number.map { MonitorSample(e.key, $0) } }
        m.monitorSkipped = monitor.skipped.map(\.description)
        if m.version == nil { m.version = monitor.version?.text }
        // srvr refused by the whitelist: mntr still says what the member is.
        if m.notWhitelisted.contains("srvr"), let mode = monitor.serverState {
            m.state = state(of: mode)
            m.problem = nil
        }
    }

    static func state(of mode: ServerMode) -> MemberState {
        switch mode {
        case .leader: return .leader
        case .follower: return .follower
        case .observer: return .observer
        case .standalone: return .standalone
        case .readOnly: return .readOnly
        }
    }
}
