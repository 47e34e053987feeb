import ToolkitSupport
import ZKProbe

/// Routing a request, running its checks on the pool, and answering when they are done or its deadline passes.
extension ExporterLoop {
    static let landingPage = """
        zkprobe serve: a Prometheus exporter of ZooKeeper ensemble checks.
        /probe?target=NAME  checks the configured ensemble NAME (the multi-target pattern)
        /metrics            the exporter's own health (and every ensemble, when it was started so)

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

    /// Queues one check per target, all with the scrape's deadline; answers at once when there are none.
    private func startScrape(
        _ fd: Int32, path: String, targets: [ProbeTarget], head: HTTPRequestHead, includeSelf: Bool,
        now: ContinuousClock.Instant
    ) {
        let budget = settings.scrapeBudget(header: head.headers["x-prometheus-scrape-timeout-seconds"])
        var scrape = Scrape(
            path: path, started: now, deadline: now + budget, budget: budget,
            keepAlive: connections[fd]?.keepAlive ?? false, includeSelf: includeSelf, targets: [])
        var jobs: [CheckPool.Job] = []
        for target in targets {
            let id = nextJob
            nextJob += 1
            scrape.targets.append((target, id))
            jobs.append(
                CheckPool.Job(
                    id: id, target: target, deadline: scrape.deadline,
                    connectionsPerCheck: settings.connectionsPerCheck,
                    done: { [exporter] in exporter.finished($0, $1) }))
        }
        guard !jobs.isEmpty else {
            scrapes[fd] = scrape
            answer(fd)
            return
        }
        guard pool.submit(jobs) else {
            exporter.log.scrapeError("too many checks waiting; answered 503", [("path", path)])
            refuse(fd, 503, "too many checks waiting; try again later", drop: nil, path: path)
            return
        }
        for job in jobs { jobOwners[job.id] = fd }
        scrapes[fd] = scrape
    }

    /// A check ended: its scrape is answered when it was the last one.
    func checkFinished(_ id: Int, _ result: CheckReport?) {
        if result != nil { statistics.checksRun += 1 }
        guard let fd = jobOwners.removeValue(forKey: id), var scrape = scrapes[fd] else { return }
        scrape.results[id] = (result, ContinuousClock.now)
        scrapes[fd] = scrape
        if scrape.results.count == scrape.targets.count { answer(fd) }
    }

    /// Answers the scrape on `fd` with every report it has; a target without one has `zkprobe_probe_success 0`.
    func answer(_ fd: Int32) {
        guard let scrape = scrapes.removeValue(forKey: fd) else { return }
        let now = ContinuousClock.now
        let unfinished = scrape.targets.map(\.job).filter { scrape.results[$0] == nil }
        for job in unfinished { jobOwners.removeValue(forKey: job) }
        pool.cancel(unfinished)
        var entries: [PrometheusExposition.Entry] = []
        var probe = ProbeFamilies()
        var failed = false
        for (target, job) in scrape.targets {
            let (result, finishedAt) = scrape.results[job] ?? (nil, now)
            let seconds = (finishedAt - scrape.started).seconds
            switch result {
            case let report?:
                entries.append(
                    PrometheusExposition.Entry(
                        report: report, ensemble: target.name, includeMonitorValues: target.includeMonitorValues))
                probe.add(target.name, success: true, seconds: seconds, budget: scrape.budget)
            case nil:
                failed = true
                statistics.checksTimedOut += 1
                probe.add(target.name, success: false, seconds: seconds, budget: scrape.budget)
                exporter.log.scrapeError(
                    "check not finished within the scrape's deadline",
                    [("target", target.name), ("deadline", NumberText.compact(scrape.budget.seconds))])
            }
        }
        var body = PrometheusExposition.render(entries) + probe.text
        let elapsed = (now - scrape.started).seconds
        statistics.record(path: scrape.path, outcome: failed ? .failure : .success, seconds: elapsed)
        if scrape.includeSelf {
            let load = pool.load
            body += statistics.render(
                connections: connections.count, requestsInFlight: scrapes.count, running: load.running,
                queued: load.queued)
        }
        send(
            fd,
            Self.response(
                200, body, keepAlive: scrape.keepAlive, contentType: "text/plain; version=0.0.4; charset=utf-8"))
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
