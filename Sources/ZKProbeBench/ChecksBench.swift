import Synchronization
import ToolkitSupport
import ZKProbe

import Glibc

/// The driver behind benchmarks/reactor-checks: checks every ensemble of a file at once, either all on one
/// ``CheckReactor`` (`--mode reactor`, `zkprobe serve`'s way since issue 20) or each on a thread of a pool of
/// `threads` (`--mode threads`, the way before it), and prints one line of figures:
///
///     mode=reactor checks=300 with_leader=300 with_unresponsive=30 wall_s=1.043 peak_threads=2 cpu_s=0.41
///         max_rss_kib=20480
///
/// `peak_threads` is the most threads the process had while the checks ran (`/proc/self/status`), the main
/// thread included.
func benchChecks(mode: String, ensembles lines: [String], deadline: Duration, threads: Int) {
    let requests = lines.map { line in
        do {
            let targets = try EnsembleTargets.fromConnectString(line)
            return CheckRequest(targets: targets, probe: ProbeOptions(deadline: deadline))
        } catch {
            fail("\(line): \(error)")
        }
    }
    let reports = Mutex<[Int: CheckReport]>([:])
    let record: @Sendable (Int, CheckReport) -> Void = { id, report in reports.withLock { $0[id] = report } }
    let clock = ContinuousClock()
    let start = clock.now
    var stop: () -> Void = {}
    switch mode {
    case "reactor":
        let reactor = CheckReactor(name: "bench-reactor", maxConnections: 4096)
        for (id, request) in requests.enumerated() {
            reactor.start(request, id: id, until: start + deadline * 10, maxConnections: 64, done: record)
        }
        stop = { reactor.shutdown() }
    default:
        let pool = WorkerPool(threads: threads, name: "bench-check")
        _ = pool.submit(requests.enumerated().map { id, request in { record(id, Checker.check(request)) } })
        stop = { _ = pool.shutdown() }
    }
    var peakThreads = 0
    while reports.withLock({ $0.count }) < requests.count {
        peakThreads = max(peakThreads, threadCount())
        usleep(5_000)
    }
    let wall = clock.now - start
    stop()
    let all = reports.withLock { Array($0.values) }
    let withLeader = all.filter { $0.leader != nil }.count
    let withUnresponsive = all.filter { $0.members.contains { $0.state == .unresponsive } }.count
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    print(
        "mode=\(mode) checks=\(all.count) with_leader=\(withLeader) with_unresponsive=\(withUnresponsive)"
            + " wall_s=\(NumberText.printf("%.3f", wall.seconds)) peak_threads=\(peakThreads)"
            + " cpu_s=\(NumberText.printf("%.2f", cpuSeconds(usage))) max_rss_kib=\(usage.ru_maxrss)")
}

/// The `Threads:` line of `/proc/self/status`.
private func threadCount() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(cString: line)
        if text.hasPrefix("Threads:") { return Int(String(text.dropFirst(8).filter(\.isNumber))) ?? 0 }
    }
    return 0
}

/// User and system CPU time of the whole process.
private func cpuSeconds(_ usage: rusage) -> Double {
    let seconds = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
    return Double(seconds) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
