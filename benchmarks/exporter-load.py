#!/usr/bin/env python3
"""Load driver for benchmarks/exporter: scrapes a running `zkprobe serve` as Prometheus (or an attacker) would,
prints each figure and appends it as one JSON line to --out, so that `table` can print NEW beside BASELINE.

  exporter-load.py --port P --pid PID --targets e1,e2,... --silent e1,e11,... --out R.jsonl --binary new \
      --figure "300 at once" MODE [options]

MODE burst: every target scraped at the same instant, --rounds rounds (one keep-alive connection per target).
MODE spread: every target once per --interval, evenly spread over it (Prometheus's scrape offsets), --intervals.
MODE rss-probe: --scrapes /probe scrapes over every target, --concurrency at a time; VmRSS after each.
MODE rss-metrics: --scrapes /metrics scrapes (an exporter with --metrics-ensembles), --concurrency at a time,
    no new one after --max-seconds; VmRSS after each.
MODE legit: the legitimate scraper of the abuse section: `spread` for --seconds; with --relative-to FIGURE also
    its p99 over that figure's (same binary); with --checks-rate the exporter's checks_total delta per second and
    per /metrics answered (with --metrics-ensembles: 1 / the clients sharing each ensemble's check).
MODE abuse: a hostile client (--kind fin|slow-target|pipeline|slowloris|metrics-loop) until SIGTERM; its own
    counts on stderr. Binds source addresses from --sources (127.0.0.2..), never the legitimate 127.0.0.1.
MODE gauges: the exporter's /metrics gauges named by --names, recorded as a figure.
MODE prometheus: counts from a real Prometheus's HTTP API (--prom-port) after it scraped the targets.
MODE table FILE: the figures of FILE, NEW beside BASELINE with the ratio NEW / BASELINE.
MODE free-port: a free 127.0.0.1 port below 32768 (random, checked by binding).

Healthy: a target not in --silent. A failed scrape: not 200, or zkprobe_probe_success 0 on a healthy target.
"""
import argparse
import collections
import concurrent.futures
import http.client
import json
import math
import os
import random
import selectors
import signal
import socket
import sys
import threading
import time
import urllib.parse
import urllib.request

Scrape = collections.namedtuple("Scrape", "target seconds status success error")
BINARIES = ("new", "baseline")


# ---- pure helpers (benchmarks/tests/test_exporter_load.py) ----

def pct(values, p):
    """The p-th percentile by nearest rank on the sorted values (None for none)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def exposition_values(text):
    """{series: value} of a text exposition (series as written, labels included); comments and junk skipped."""
    values = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        name, _, rest = line.rpartition(" ")
        if "}" in rest or not name:
            continue
        try:
            values[name] = float(rest)
        except ValueError:
            continue
    return values


def series_sum(values, prefix):
    """The sum of the samples whose series starts with prefix (e.g. every outcome of one path)."""
    return sum(v for k, v in values.items() if k.startswith(prefix))


def probe_success(body):
    """zkprobe_probe_success of a /probe answer, or None when it has none."""
    for line in body.splitlines():
        if line.startswith("zkprobe_probe_success ") or line.startswith("zkprobe_probe_success{"):
            try:
                return float(line.rsplit(" ", 1)[1])
            except ValueError:
                return None
    return None


def status_kib(text, key):
    """A `Key:   N kB` line of /proc/PID/status, in KiB (None when absent)."""
    for line in text.splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return None


def stat_cpu_ticks(text):
    """utime + stime (clock ticks) of a /proc/PID/stat line; the command may hold spaces and parentheses."""
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[11]) + int(fields[12])


def summarize(scrapes, silent):
    """Latency and failure counts of scrapes: every one, and the healthy targets' alone."""
    silent = set(silent)
    every = [s.seconds * 1000 for s in scrapes]
    healthy = [s.seconds * 1000 for s in scrapes if s.target not in silent]
    sick = sum(1 for s in scrapes if s.status == 200 and s.target not in silent and s.success == 0)
    return {
        "scrapes": len(scrapes),
        "p50 ms": pct(every, 50),
        "p99 ms": pct(every, 99),
        "healthy p99 ms": pct(healthy, 99),
        "failed (non-200 or success 0 on healthy)": sum(1 for s in scrapes if s.status != 200) + sick,
        "answered 503": sum(1 for s in scrapes if s.status == 503),
        "no answer (reset, timeout)": sum(1 for s in scrapes if s.status == 0),
        "success 0 on healthy": sick,
    }


def windows(samples, window):
    """(max of the first `window` samples, max of the last `window`, peak) of a list of numbers."""
    if not samples:
        return None, None, None
    return max(samples[:window]), max(samples[-window:]), max(samples)


def spread_offsets(count, interval):
    """Start offsets of `count` targets spread evenly over `interval` seconds."""
    return [interval * i / count for i in range(count)]


def ratio_text(new, baseline):
    """NEW / BASELINE as `0.42x`; `=` when both are 0; `-` when it is undefined."""
    if not isinstance(new, (int, float)) or not isinstance(baseline, (int, float)):
        return "-"
    if baseline == 0:
        return "=" if new == 0 else "-"
    return f"{new / baseline:.2f}x"


def value_text(value):
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value) < 1e6 else f"{value:.3g}"
    return str(value)


def table(records):
    """The figures of records (dicts: figure, binary, values), each a compact table NEW | BASELINE | ratio, in the
    order they were first measured. A later record of the same figure and binary replaces an earlier one."""
    figures = {}
    for record in records:
        figures.setdefault(record["figure"], {})[record["binary"]] = record["values"]
    lines = []
    for figure, by_binary in figures.items():
        keys = []
        for binary in BINARIES:
            keys += [k for k in by_binary.get(binary, {}) if k not in keys]
        width = max([len(k) for k in keys] + [6])
        lines.append(f"== {figure}")
        lines.append(f"  {'':<{width}} {'NEW':>12} {'BASELINE':>12} {'NEW/BASE':>9}")
        for key in keys:
            new, baseline = by_binary.get("new", {}).get(key), by_binary.get("baseline", {}).get(key)
            lines.append(f"  {key:<{width}} {value_text(new):>12} {value_text(baseline):>12} "
                         f"{ratio_text(new, baseline):>9}")
        saturated = [b for b in BINARIES if (by_binary.get(b, {}).get("fake fleet CPU, % of a core") or 0) >= 90]
        if saturated:
            lines.append(f"  note: the fake fleet saturated a core ({', '.join(saturated)}): "
                         "those latencies include its queue")
    return "\n".join(lines)


def prometheus_series(answer):
    """[(labels, value)] of a Prometheus /api/v1/query answer (vector or scalar); raises on an error answer."""
    if answer.get("status") != "success":
        raise ValueError(f"prometheus: {answer.get('errorType', '')} {answer.get('error', answer)}")
    data = answer["data"]
    if data["resultType"] == "scalar":
        return [({}, float(data["result"][1]))]
    return [(item["metric"], float(item["value"][1])) for item in data["result"]]


# ---- the exporter and the processes ----

def read_proc(pid, name):
    try:
        with open(f"/proc/{pid}/{name}") as f:
            return f.read()
    except OSError:
        return ""


def rss_kib(pid, key="VmRSS"):
    return status_kib(read_proc(pid, "status"), key)


def cpu_seconds(pid):
    text = read_proc(pid, "stat")
    return stat_cpu_ticks(text) / os.sysconf("SC_CLK_TCK") if text else None


class CPUWatch:
    """CPU seconds of a process over a measurement, as a percentage of one core."""

    def __init__(self, pid):
        self.pid, self.cpu, self.wall = pid, cpu_seconds(pid) if pid else None, time.monotonic()

    def percent(self):
        if self.cpu is None:
            return None
        return 100 * (cpu_seconds(self.pid) - self.cpu) / max(time.monotonic() - self.wall, 1e-9)


def cpu_watches(args):
    """CPU watches of the exporter, the fake fleet and (in the abuse section) the attackers' process."""
    pids = {"exporter CPU, % of a core": args.pid, "fake fleet CPU, % of a core": args.fakes_pid,
            "attackers' CPU, % of a core": args.abuser_pid}
    return {label: CPUWatch(pid) for label, pid in pids.items() if pid}


def cpu_figures(watches):
    return {label: watch.percent() for label, watch in watches.items()}


class Scraper:
    """GETs on one keep-alive connection per key (a target: Prometheus keeps one per target). A request on a
    reused connection that fails before any answer is retried once on a new one, as Go's net/http does."""

    def __init__(self, port, timeout_header, source=None):
        self.port, self.source = port, source
        self.headers = {"X-Prometheus-Scrape-Timeout-Seconds": str(timeout_header)}
        self.client_timeout = float(timeout_header) + 2
        self.connections = {}
        self.lock = threading.Lock()

    def connection(self, key):
        with self.lock:
            conn = self.connections.pop(key, None)
        if conn is not None:
            return conn, True
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.client_timeout,
                                          source_address=(self.source, 0) if self.source else None)
        return conn, False

    def get(self, path, key=None, target=None):
        key = key if key is not None else path
        start = time.perf_counter()
        for _ in range(2):
            conn, reused = self.connection(key)
            try:
                conn.request("GET", path, headers=self.headers)
                response = conn.getresponse()
                body = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as error:
                conn.close()
                if reused:
                    continue
                return Scrape(target, time.perf_counter() - start, 0, None, type(error).__name__)
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                return Scrape(target, time.perf_counter() - start, 0, None, type(error).__name__)
            if response.will_close:
                conn.close()
            else:
                with self.lock:
                    self.connections[key] = conn
            text = body.decode("utf-8", "replace")
            return Scrape(target, time.perf_counter() - start, response.status,
                          probe_success(text) if path.startswith("/probe") else None, None)
        return Scrape(target, time.perf_counter() - start, 0, None, "RemoteDisconnected")


def run_schedule(scraper, jobs):
    """Scrapes /probe?target=T at each (monotonic start, T) of jobs, in start order; returns every Scrape."""
    jobs = sorted(jobs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, min(len(jobs), 1200))) as pool:
        futures = []
        for start, target in jobs:
            delay = start - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(scraper.get, f"/probe?target={target}", target, target))
        return [f.result() for f in futures]


def emit(args, values):
    """Prints a figure's line and appends it to --out."""
    record = {"figure": args.figure, "binary": args.binary, "values": values}
    print(f"[{args.binary}] {record['figure']}: " + ", ".join(f"{k} {value_text(v)}" for k, v in values.items()),
          flush=True)
    if args.out:
        with open(args.out, "a") as f:
            f.write(json.dumps(record) + "\n")


def recorded(args, figure):
    """The values of an earlier figure of the same binary in --out."""
    found = {}
    if args.out and os.path.exists(args.out):
        with open(args.out) as f:
            for line in f:
                record = json.loads(line)
                if record["figure"] == figure and record["binary"] == args.binary:
                    found = record["values"]
    return found


def exporter_values(port):
    """(HTTP status, the exporter's own /metrics as {series: value}); (0, {}) when it does not answer."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", "/metrics")
        response = conn.getresponse()
        return response.status, exposition_values(response.read().decode("utf-8", "replace"))
    except (OSError, http.client.HTTPException):
        return 0, {}
    finally:
        conn.close()


# ---- modes ----

def burst(args):
    watches, scraper, scrapes, worst = cpu_watches(args), Scraper(args.port, args.timeout_header), [], 0
    for _ in range(args.rounds):
        now = time.monotonic()
        round_scrapes = run_schedule(scraper, [(now, t) for t in args.targets])
        worst = max(worst, pct([s.seconds * 1000 for s in round_scrapes], 99))
        scrapes += round_scrapes
        time.sleep(args.pause)
    values = summarize(scrapes, args.silent)
    values["worst round p99 ms"] = worst
    values |= cpu_figures(watches)
    emit(args, values)


def spread_scrapes(args, seconds):
    scraper = Scraper(args.port, args.timeout_header)
    offsets = spread_offsets(len(args.targets), args.interval)
    t0 = time.monotonic() + 0.2
    rounds = max(1, math.ceil(seconds / args.interval))
    jobs = [(t0 + r * args.interval + offsets[i], t) for r in range(rounds) for i, t in enumerate(args.targets)]
    return run_schedule(scraper, jobs)


def spread(args):
    watches = cpu_watches(args)
    values = summarize(spread_scrapes(args, args.intervals * args.interval), args.silent)
    values |= cpu_figures(watches)
    emit(args, values)


def legit(args):
    watches, before, t0 = cpu_watches(args), exporter_values(args.port)[1] if args.checks_rate else {}, time.time()
    values = summarize(spread_scrapes(args, args.seconds), args.silent)
    if args.relative_to:
        undisturbed = recorded(args, args.relative_to).get("healthy p99 ms")
        values["healthy p99 / undisturbed"] = (values["healthy p99 ms"] / undisturbed
                                              if undisturbed and values["healthy p99 ms"] is not None else None)
    if args.checks_rate:
        after = exporter_values(args.port)[1]
        name, metrics = "zkprobe_exporter_checks_total", 'zkprobe_exporter_scrapes_total{path="/metrics"'
        checks = after.get(name, 0) - before.get(name, 0) if name in after and name in before else None
        answers = series_sum(after, metrics) - series_sum(before, metrics)
        values["checks run per second"] = checks / (time.time() - t0) if checks is not None else None
        values["checks per /metrics answered"] = checks / answers if checks is not None and answers else None
    values |= cpu_figures(watches)
    emit(args, values)


def rss_run(args, paths):
    watches, scraper = cpu_watches(args), Scraper(args.port, args.timeout_header)
    samples, statuses, lock = [], [], threading.Lock()
    start_kib, end = rss_kib(args.pid), time.monotonic() + args.max_seconds

    def one(i):
        if time.monotonic() > end:
            return
        s = scraper.get(paths[i % len(paths)], key=threading.get_ident())
        kib = rss_kib(args.pid)
        with lock:
            statuses.append(s.status)
            samples.append(kib)

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        list(pool.map(one, range(args.scrapes)))
    first, last, peak = windows([k / 1024 for k in samples if k], args.window)
    hwm = rss_kib(args.pid, "VmHWM")
    emit(args, {
        "scrapes": len(samples),
        "RSS at start MiB": start_kib / 1024 if start_kib else None,
        f"RSS first {args.window} (max) MiB": first,
        f"RSS last {args.window} (max) MiB": last,
        "growth last - first MiB": last - first if first is not None else None,
        "peak RSS (VmHWM) MiB": hwm / 1024 if hwm else None,
        "non-200": sum(1 for s in statuses if s != 200),
    } | cpu_figures(watches))


def rss_probe(args):
    rss_run(args, [f"/probe?target={t}" for t in args.targets])


def rss_metrics(args):
    rss_run(args, ["/metrics"])


def gauges(args):
    """The named series of /metrics; asked again every 0.5 s for 5 s while /metrics is refused (503 at the
    connection limit), and the last answer's status recorded beside them."""
    for _ in range(10):
        status, values = exporter_values(args.port)
        if status == 200:
            break
        time.sleep(0.5)
    emit(args, {"/metrics answer (HTTP status)": status} | {name: values.get(name) for name in args.names.split(",")})


def prometheus(args):
    def query(expr):
        url = f"http://127.0.0.1:{args.prom_port}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
        with urllib.request.urlopen(url, timeout=30) as answer:
            return prometheus_series(json.load(answer))

    w, silent = args.range, set(args.silent)
    every_round_up = query(f'min_over_time(up{{job="zookeeper"}}[{w}]) == 1')
    zero = query(f"min_over_time(zkprobe_probe_success[{w}]) == 0")
    scrapes = query(f'sum(count_over_time(up{{job="zookeeper"}}[{w}]))')
    durations = query(f'quantile(0.99, max_over_time(scrape_duration_seconds{{job="zookeeper"}}[{w}]))')
    emit(args, {
        "targets": len(args.targets),
        "up 1 in every scrape": len(every_round_up),
        "scrapes made": int(scrapes[0][1]) if scrapes else 0,
        "healthy with probe_success 0": sum(1 for labels, _ in zero if labels.get("instance") not in silent),
        "silent-member ones with probe_success 0": sum(1 for labels, _ in zero if labels.get("instance") in silent),
        "p99 of each target's slowest scrape ms": durations[0][1] * 1000 if durations else None,
    })


def free_port(_args):
    rng = random.Random()
    for _ in range(1000):
        port = rng.randrange(10000, 32768)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        print(port)
        return
    raise SystemExit("exporter-load: no free port below 32768")


# ---- hostile clients ----

class Abuse:
    """One hostile client kind, run until SIGTERM (or --seconds); counts what it did."""

    def __init__(self, args):
        self.args, self.stop, self.counts = args, threading.Event(), collections.Counter()
        self.sources = args.sources.split(",")
        self.lock = threading.Lock()

    def count(self, what, n=1):
        with self.lock:
            self.counts[what] += n

    def connect(self, i, timeout=5):
        return socket.create_connection(("127.0.0.1", self.args.port), timeout=timeout,
                                        source_address=(self.sources[i % len(self.sources)], 0))

    def request(self, path, timeout_header):
        return (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Prometheus-Scrape-Timeout-Seconds: {timeout_header}"
                "\r\n\r\n").encode()

    def fin(self, i):
        """Sends a /probe of the slow target and closes at once (FIN), in a loop."""
        data = self.request(f"/probe?target={self.args.slow_target}", 10)
        while not self.stop.is_set():
            try:
                with self.connect(i) as s:
                    s.sendall(data)
                self.count("requests sent then closed")
            except OSError as error:
                self.count(f"connect/send errors ({error.strerror or type(error).__name__})")
            self.stop.wait(self.args.pause)

    def looping(self, i, path, timeout_header):
        """Scrapes path in a loop on a keep-alive connection, reading each answer."""
        scraper = Scraper(self.args.port, timeout_header, self.sources[i % len(self.sources)])
        while not self.stop.is_set():
            s = scraper.get(path, key=i)
            self.count(f"answers {s.status}" if s.status else "no answer")
            if not s.status:
                self.stop.wait(0.1)

    def slow_target(self, i):
        self.looping(i, f"/probe?target={self.args.slow_target}", 120)

    def metrics_loop(self, i):
        self.looping(i, "/metrics", 10)

    def pipeline(self):
        """Connections each sending --pipelined GET /metrics at once and never reading."""
        selector, blob = selectors.DefaultSelector(), self.request("/metrics", 10) * self.args.pipelined
        for i in range(self.args.clients):
            try:
                s = self.connect(i)
            except OSError as error:
                self.count(f"connect errors ({error.strerror or type(error).__name__})")
                continue
            s.setblocking(False)
            selector.register(s, selectors.EVENT_WRITE, [blob])
        while not self.stop.is_set() and selector.get_map():
            for key, _ in selector.select(timeout=0.5):
                try:
                    sent = key.fileobj.send(key.data[0])
                except BlockingIOError:
                    continue
                except OSError:
                    self.count("connections dropped by the exporter")
                    selector.unregister(key.fileobj)
                    key.fileobj.close()
                    continue
                key.data[0] = key.data[0][sent:]
                self.count("bytes sent", sent)
                if not key.data[0]:
                    selector.unregister(key.fileobj)  # all sent: hold it open, never read
                    self.held.append(key.fileobj)
        self.stop.wait()

    def slowloris(self):
        """--clients sockets sending a request head a byte every --trickle seconds, reconnecting when dropped."""
        head = self.request(f"/probe?target={self.args.slow_target}", 10)
        sockets, next_at = {}, time.monotonic()
        while not self.stop.is_set():
            reconnects = 0
            for i in range(self.args.clients):
                if i in sockets or reconnects >= 100:
                    continue
                try:
                    s = self.connect(i, timeout=2)
                    s.setblocking(False)
                    s.send(head[:len(head) // 2])
                    sockets[i] = [s, len(head) // 2]
                    self.count("connections opened")
                except OSError as error:
                    self.count(f"connect errors ({error.strerror or type(error).__name__})")
                reconnects += 1
            if time.monotonic() >= next_at:
                next_at = time.monotonic() + self.args.trickle
                for i, (s, sent) in list(sockets.items()):
                    try:
                        s.send(head[sent % (len(head) - 4):][:1])
                        sockets[i][1] += 1
                    except OSError:
                        self.count("connections dropped by the exporter")
                        s.close()
                        del sockets[i]
            self.stop.wait(0.2)
        for s, _ in sockets.values():
            s.close()

    def run(self):
        kind, threads, self.held = self.args.kind, [], []
        signal.signal(signal.SIGTERM, lambda *_: self.stop.set())
        if kind in ("fin", "slow-target", "metrics-loop"):
            target = {"fin": self.fin, "slow-target": self.slow_target, "metrics-loop": self.metrics_loop}[kind]
            threads = [threading.Thread(target=target, args=(i,), daemon=True) for i in range(self.args.clients)]
        else:
            threads = [threading.Thread(target={"pipeline": self.pipeline, "slowloris": self.slowloris}[kind],
                                        daemon=True)]
        for t in threads:
            t.start()
        self.stop.wait(self.args.seconds)
        self.stop.set()
        deadline = time.monotonic() + 5  # a client blocked in a long answer is a daemon thread: left behind
        for t in threads:
            t.join(timeout=max(0, deadline - time.monotonic()))
        for s in self.held:
            s.close()
        print(f"abuse {kind} ({self.args.clients} clients): "
              + ", ".join(f"{k} {v}" for k, v in sorted(self.counts.items())), file=sys.stderr, flush=True)


def abuse(args):
    Abuse(args).run()


def print_table(args):
    with open(args.file) as f:
        print(table([json.loads(line) for line in f if line.strip()]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["burst", "spread", "rss-probe", "rss-metrics", "legit", "abuse", "gauges",
                                         "prometheus", "table", "free-port"])
    parser.add_argument("file", nargs="?", help="table: the results file")
    parser.add_argument("--port", type=int)
    parser.add_argument("--pid", type=int)
    parser.add_argument("--fakes-pid", type=int)
    parser.add_argument("--abuser-pid", type=int, help="legit: the attackers' process, for its CPU use")
    parser.add_argument("--targets", default="")
    parser.add_argument("--silent", default="")
    parser.add_argument("--out")
    parser.add_argument("--binary", default="new", choices=BINARIES)
    parser.add_argument("--figure", default="")
    parser.add_argument("--timeout-header", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pause", type=float, default=1.0, help="burst: between rounds; abuse fin: between sends")
    parser.add_argument("--interval", type=float, default=15)
    parser.add_argument("--intervals", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--relative-to")
    parser.add_argument("--checks-rate", action="store_true",
                        help="legit: also the checks run per second and per /metrics answered (--metrics-ensembles)")
    parser.add_argument("--scrapes", type=int, default=10000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--window", type=int, default=1000)
    parser.add_argument("--max-seconds", type=float, default=1e9)
    parser.add_argument("--names", default="")
    parser.add_argument("--prom-port", type=int)
    parser.add_argument("--range", default="2m", help="prometheus: the range the counts are taken over")
    parser.add_argument("--kind", choices=["fin", "slow-target", "pipeline", "slowloris", "metrics-loop"])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--sources", default="127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5")
    parser.add_argument("--slow-target", default="e1")
    parser.add_argument("--pipelined", type=int, default=300)
    parser.add_argument("--trickle", type=float, default=3)
    args = parser.parse_args()
    args.targets = [t for t in args.targets.split(",") if t]
    args.silent = [s for s in args.silent.split(",") if s]
    modes = {"burst": burst, "spread": spread, "rss-probe": rss_probe, "rss-metrics": rss_metrics, "legit": legit,
             "abuse": abuse, "gauges": gauges, "prometheus": prometheus, "table": print_table,
             "free-port": free_port}
    modes[args.mode](args)


if __name__ == "__main__":
    main()
