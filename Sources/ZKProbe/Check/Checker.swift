import Foundation
import ToolkitSupport

/// Asks every member of an ensemble at once and turns the replies into a `CheckReport`.
///
/// One batch of exchanges (`srvr`, `mntr`, `conf`, `ruok` to every member) goes out concurrently, so a member
/// that never answers costs one deadline however many there are. A member whose whitelist refuses `srvr` is
/// asked `stat` in a second batch.
public struct Checker: Sendable {
    /// Sends the words; its options set the per-member deadline.
    public var client: FourLetterClient
    /// Turns the replies into the verdict; holds the thresholds.
    public var assessment: EnsembleAssessment

    /// A checker with the given client and assessment; the defaults match `zkprobe check` without flags.
    public init(client: FourLetterClient = FourLetterClient(), assessment: EnsembleAssessment = EnsembleAssessment()) {
        self.client = client
        self.assessment = assessment
    }

    static let words = ["srvr", "mntr", "conf", "ruok"]

    /// Checks the members of `targets`; with `discover`, first asks them for the membership in `conf` and
    /// checks every member listed there instead.
    public func check(_ targets: EnsembleTargets, discover: Bool = false) throws(TargetError) -> CheckReport {
        let start = ContinuousClock.now
        var targets = targets
        var discoveryFindings: [Finding] = []
        if discover {
            let (found, finding) = try discoverMembership(targets)
            if let found { targets = found }
            if let finding { discoveryFindings.append(finding) }
        }
        let endpoints = targets.endpoints
        let requests = endpoints.flatMap { e in Self.words.map { (word: $0, endpoint: e) } }
        let results = client.ask(requests)
        var members: [MemberReport] = []
        var statRetry: [Int] = []
        for (i, endpoint) in endpoints.enumerated() {
            let slice = Array(results[(i * Self.words.count)..<((i + 1) * Self.words.count)])
            let report = Self.member(
                address: endpoint.description, endpoint: endpoint, srvr: slice[0], mntr: slice[1], conf: slice[2],
                ruok: slice[3], flagConf: discover)
            if report.notWhitelisted.contains("srvr") { statRetry.append(i) }
            members.append(report)
        }
        if !statRetry.isEmpty {
            let retries = client.ask(statRetry.map { (word: "stat", endpoint: endpoints[$0]) })
            for (n, i) in statRetry.enumerated() {
                var redone = members[i]
                Self.apply(stat: retries[n], word: "stat", to: &redone)
                if redone.zxid != nil || redone.state != members[i].state { members[i] = redone }
            }
        }
        let expectation = EnsembleExpectation(voters: targets.configuredVoters, source: targets.membership == nil ? nil : targets.source)
        let elapsed = ContinuousClock.now - start
        var report = assessment.assess(members, expectation: expectation, durationSeconds: elapsed.seconds)
        if !discoveryFindings.isEmpty {
            report.findings = discoveryFindings + report.findings
            report.verdict = report.findings.map(\.severity).reduce(.ok, Severity.worst)
        }
        return report
    }

    /// The membership in the first `conf` that lists one.
    func discoverMembership(_ seeds: EnsembleTargets) throws(TargetError) -> (EnsembleTargets?, Finding?) {
        let replies = client.ask(seeds.endpoints.map { (word: "conf", endpoint: $0) })
        var reasons: [String] = []
        for (seed, result) in zip(seeds.endpoints, replies) {
            switch result {
            case .failure(let error):
                reasons.append(error.description)
            case .success(let exchange):
                do {
                    switch try ServerConfig.parse(exchange.text, server: seed.description) {
                    case .refused(let refusal):
                        reasons.append(refusal.message(server: seed.description, word: "conf"))
                    case .answer(let config):
                        guard !config.membership.isEmpty else {
                            reasons.append("\(seed): conf lists no membership (ZooKeeper before 3.5?)")
                            continue
                        }
                        return (try Self.targets(from: config, seed: seed), nil)
                    }
                } catch let error as TargetError {
                    throw error
                } catch {
                    reasons.append("\(error)")
                }
            }
        }
        return (
            nil,
            Finding(
                .unknown, "discovery-failed",
                "could not discover the membership (\(reasons.joined(separator: "; "))); checking the members given")
        )
    }

    /// The members a `conf` reply lists, at their client endpoints (the conf's own `clientPort`, else the
    /// default port, where a line has no `;clientPort`).
    static func targets(from config: ServerConfig, seed: Endpoint) throws(TargetError) -> EnsembleTargets {
        let entries = config.membership.map(MembershipEntry.init)
        var endpoints: [Endpoint] = []
        for entry in entries {
            let port = config.clientPort ?? Endpoint.defaultPort
            if let endpoint = try EnsembleTargets.clientEndpoint(of: entry, defaultClientPort: port) {
                endpoints.append(endpoint)
            }
        }
        return EnsembleTargets(endpoints: endpoints, membership: entries, source: "conf of \(seed)")
    }

    static func member(
        address: String, endpoint: Endpoint, srvr: Result<Exchange, ProbeError>, mntr: Result<Exchange, ProbeError>,
        conf: Result<Exchange, ProbeError>, ruok: Result<Exchange, ProbeError>, flagConf: Bool
    ) -> MemberReport {
        var m = MemberReport(address: address, state: .error)
        apply(stat: srvr, word: "srvr", to: &m)
        if case .success(let exchange) = ruok {
            m.imok = exchange.text == "imok"
        }
        if case .success(let exchange) = mntr {
            do {
                switch try Monitor.parse(exchange.text, server: address) {
                case .refused(.notWhitelisted):
                    m.notWhitelisted.append("mntr")
                case .refused:
                    break
                case .answer(let monitor):
                    apply(monitor: monitor, to: &m)
                }
            } catch {
                if m.problem == nil, m.state.isServing { m.problem = error.description }
            }
        }
        if case .success(let exchange) = conf {
            if case .answer(let config)? = try? ServerConfig.parse(exchange.text, server: address) {
                if config.hasMembershipSection { m.membership = config.membership.map(MembershipEntry.init) }
            } else if Refusal.detect(in: exchange.text).map({ if case .notWhitelisted = $0 { true } else { false } })
                == true, flagConf
            {
                m.notWhitelisted.append("conf")
            }
        }
        return m
    }

    /// Reads a `srvr` or `stat` result into `m`: its state, or why there is none.
    static func apply(stat result: Result<Exchange, ProbeError>, word: String, to m: inout MemberReport) {
        switch result {
        case .failure(let error):
            m.problem = error.description
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
                    m.problem = nil
                    m.state = state(of: stats.mode)
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
                    if stats.isReadOnly { m.state = .readOnly }
                }
            } catch {
                m.state = .error
                m.problem = error.description
            }
        }
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
