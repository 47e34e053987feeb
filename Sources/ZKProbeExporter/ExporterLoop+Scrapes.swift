import ToolkitSupport
import ZKProbe

/// Routing a request, sharing its checks with other scrapes, and answering when they are done or its deadline
/// passes.
extension ExporterLoop {
    static let landingPage = """
        zkprobe serve: a Prometheus exporter of ZooKeeper ensemble checks.
        /probe?target=NAME             checks the configured ensemble NAME (the multi-target pattern)
        /probe?target=NAME&debug=true  the same check as its text report and findings, for a person
        /metrics                       the exporter's own health (and every ensemble, when it was started so)

        """

    func route(_ head: HTTPRequestHead, fd: Int32) {
        let now = ContinuousClock.now
        switch head.path {
        case "/probe":
            guard let name = head.parameter("target"), !name.isEmpty else {
                refuse(
                    fd, 400, "missing parameter: /probe?target=NAME, NAME an ensemble of the configuration", drop: nil,
                    path: "/probe")
                return
            }
            guard let target = configuration.target(named: name) else {
                // Never a connection for a name the configuration does not hold (docs/zkprobe-serve.md, SSRF).
                exporter.log.scrapeError("unknown target", [("target", name), ("config", configuration.source)])
                refuse(
                    fd, 404, "unknown target \"\(name)\": not an ensemble of \(configuration.source)", drop: nil,
                    path: "/probe")
                return
            }
            startScrape(fd, path: "/probe", targets: [target], head: head, includeSelf: false, now: now)
        case "/metrics":
            let targets = settings.metricsIncludeEnsembles ? configuration.targets : []
            startScrape(fd, path: "/metrics", targets: targets, head: head, includeSelf: true, now: now)
        case "/":
            statistics.record(path: "other", outcome: .success, seconds: 0)
            send(fd, Self.response(200, Self.landingPage, keepAlive: connections[fd]?.keepAlive ?? false))
        default:
            refuse(fd, 404, "not found: the paths are /probe?target=NAME and /metrics", drop: nil)
        }
    }

    /// Joins (or starts) one check per target, all with the scrape's deadline; answers at once when there are none.
    private func startScrape(
        _ fd: Int32, path: String, targets: [ProbeTarget], head: HTTPRequestHead, includeSelf: Bool,
        now: ContinuousClock.Instant
    ) {
        let budget = settings.scrapeBudget(header: head.headers["x-prometheus-scrape-timeout-seconds"])
        let debug = path == "/probe" && ["true", "1"].contains(head.parameter("debug"))
        var scrape = Scrape(
            path: path, started: now, deadline: now + budget, budget: budget,
            keepAlive: connections[fd]?.keepAlive ?? false, includeSelf: includeSelf, debug: debug, targets: [])
        guard let checks = scheduler.join(targets, generation: generation, waiter: fd, deadline: scrape.deadline)
        else {
            exporter.log.scrapeError("too many checks waiting; answered 503", [("path", path)])
            refuse(fd, 503, "too many checks waiting; try again later", drop: nil, path: path)
            return
        }
        scrape.targets = zip(targets, checks).map { ($0, $1.id, $1.joined) }
        scrapes[fd] = scrape
        if targets.isEmpty { answer(fd) }
    }

    /// Starts the queued checks there is room for; the scrapes of those dropped unrun (their deadline passed)
    /// go without them.
    func startChecks() {
        for flight in scheduler.startQueued(now: ContinuousClock.now) { deliver(flight, nil) }
    }

    /// A check ended: rendered once for every scrape waiting for it.
    func checkFinished(_ id: Int, _ report: CheckReport) {
        guard let flight = scheduler.finish(id) else { return }
        statistics.checksRun += 1
        deliver(flight, RenderedCheck(report, of: flight.target, finished: ContinuousClock.now))
    }

    /// Gives each waiter of `flight` its result (`nil`: not run); a scrape is answered with its last one.
    private func deliver(_ flight: CheckScheduler.Flight, _ result: RenderedCheck?) {
        for fd in flight.waiters where scrapes[fd] != nil {
            // In place: a copy of the scrape would copy its results at every check (quadratic in the ensembles of
            // a `/metrics --metrics-ensembles` scrape).
            scrapes[fd]!.results.updateValue(result, forKey: flight.id)  // `nil` stored too: "not run"
            if let scrape = scrapes[fd], scrape.results.count == scrape.targets.count { answer(fd) }
        }
    }

    /// The scrape on `fd` no longer waits for its unfinished checks: those no one else waits for are stopped.
    func leaveChecks(of scrape: Scrape, _ fd: Int32) {
        let unfinished = scrape.targets.map(\.check).filter { scrape.results.index(forKey: $0) == nil }
        statistics.checksCancelled += scheduler.leave(unfinished, waiter: fd)
    }

    /// Answers the scrape on `fd` with every check it has; a target without one has `zkprobe_probe_success 0`.
    func answer(_ fd: Int32) {
        guard let scrape = scrapes.removeValue(forKey: fd) else { return }
        leaveChecks(of: scrape, fd)
        let now = ContinuousClock.now
        var checks: [RenderedCheck] = []
        var probe = ProbeFamilies()
        for (target, id, joined) in scrape.targets {
            if case let check?? = scrape.results[id] {
                checks.append(check)
                if joined { statistics.checksShared += 1 }
                probe.add(
                    target.name, success: true, seconds: (check.finished - scrape.started).seconds,
                    budget: scrape.budget)
            } else {
                statistics.checksTimedOut += 1
                probe.add(target.name, success: false, seconds: (now - scrape.started).seconds, budget: scrape.budget)
                exporter.log.scrapeError(
                    "check not finished within the scrape's deadline",
                    [("target", target.name), ("deadline", NumberText.compact(scrape.budget.seconds))])
            }
        }
        let failed = checks.count < scrape.targets.count
        statistics.record(
            path: scrape.path, outcome: failed ? .failure : .success, seconds: (now - scrape.started).seconds)
        let exposition = "text/plain; version=0.0.4; charset=utf-8"
        if scrape.debug {
            send(fd, Self.response(200, debugText(checks.first, scrape) + probe.text, keepAlive: scrape.keepAlive))
        } else if !scrape.includeSelf {
            let body = checks.flatMap(\.exposition) + Array(probe.text.utf8)
            send(fd, Self.response(200, bytes: body, keepAlive: scrape.keepAlive, contentType: exposition))
        } else {
            let own = statistics.render(
                connections: connections.count, requestsInFlight: scrapes.count, running: scheduler.inFlight,
                queued: scheduler.queued)
            let stream = ExpositionStream(checks, tail: Array((probe.text + own).utf8))
            sendStreamed(fd, stream: stream, keepAlive: scrape.keepAlive, contentType: exposition)
        }
    }

    /// `/probe?...&debug=true`: the check's report as `zkprobe check` prints it (findings included), or why
    /// there is none, then a blank line before the probe's series.
    private func debugText(_ check: RenderedCheck?, _ scrape: Scrape) -> String {
        guard let check else {
            return "the check did not finish within the scrape's deadline of "
                + "\(NumberText.compact(scrape.budget.seconds)) s\n\n"
        }
        return check.report.text(colour: false) + "\n"
    }
}

/// The `zkprobe_probe_*` families: one sample per target of a scrape.
struct ProbeFamilies {
    var success: [([(String, String)], Double)] = []
    var duration: [([(String, String)], Double)] = []
    var deadline: [([(String, String)], Double)] = []

    mutating func add(_ name: String, success ok: Bool, seconds: Double, budget: Duration) {
        let labels = [("ensemble", name)]
        success.append((labels, ok ? 1 : 0))
        duration.append((labels, seconds))
        deadline.append((labels, budget.seconds))
    }

    var text: String {
        var out = PrometheusText()
        out.gauge(
            "zkprobe_probe_success",
            "1 when the check finished within the scrape's deadline (its verdict is zkprobe_ensemble_verdict).",
            success)
        out.gauge("zkprobe_probe_duration_seconds", "Seconds from the request to the check's end.", duration)
        out.gauge(
            "zkprobe_probe_deadline_seconds",
            "The time the scrape allowed: its timeout header (or the default) minus the offset.", deadline)
        return out.output
    }
}
