#!/usr/bin/env python3
"""Load driver for benchmarks/exporter: scrapes a running `zkprobe serve` as Prometheus would and prints figures.

  exporter-load.py --port P --pid PID --targets e1,e2,... --silent e10,e20,... MODE

MODE latency-one: sequential /probe scrapes of one healthy ensemble (and of one silent one).
MODE latency-fleet: rounds in which every target is scraped at once (Prometheus with one scrape interval).
MODE rss: 10,000 /probe scrapes over every target, 32 at a time; VmRSS after 1k, 5k, 10k; VmHWM at the end.
MODE idle: 500 idle connections held open while latency-one and latency-fleet run again.
MODE metrics-all: /metrics of an exporter started with --metrics-ensembles (every ensemble in one scrape).
"""
import argparse
import concurrent.futures
import http.client
import socket
import statistics
import threading
import time

TIMEOUT_HEADER = {"X-Prometheus-Scrape-Timeout-Seconds": "2"}


def scrape(port, path, conn_cache=None):
    """One GET on a keep-alive connection (per thread); returns (seconds, status, body)."""
    conn = conn_cache.conn if conn_cache is not None and hasattr(conn_cache, "conn") else None
    if conn is None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        if conn_cache is not None:
            conn_cache.conn = conn
    start = time.perf_counter()
    try:
        conn.request("GET", path, headers=TIMEOUT_HEADER)
        response = conn.getresponse()
        body = response.read()
        status = response.status
    except (OSError, http.client.HTTPException):
        conn.close()
        if conn_cache is not None:
            del conn_cache.conn
        return time.perf_counter() - start, 0, b""
    return time.perf_counter() - start, status, body


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report(label, seconds, statuses=None):
    ms = [s * 1000 for s in seconds]
    extra = ""
    if statuses is not None:
        bad = sum(1 for s in statuses if s != 200)
        extra = f", non-200: {bad}"
    print(f"{label:<58} p50 {pct(ms, 50):8.1f} ms  p99 {pct(ms, 99):8.1f} ms  (n={len(ms)}{extra})")


def latency_one(args, label_suffix=""):
    local = threading.local()
    healthy = [t for t in args.targets if t not in args.silent][0]
    runs = [scrape(args.port, f"/probe?target={healthy}", local) for _ in range(args.one_runs)]
    report(f"1 ensemble, /probe, sequential{label_suffix}", [r[0] for r in runs], [r[1] for r in runs])
    if args.silent:
        runs = [scrape(args.port, f"/probe?target={args.silent[0]}", local) for _ in range(5)]
        report(f"1 ensemble with a silent member{label_suffix}", [r[0] for r in runs], [r[1] for r in runs])


def latency_fleet(args, label_suffix=""):
    local = threading.local()
    all_s, healthy_s, statuses = [], [], []
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(args.targets)) as pool:
        for _ in range(args.rounds):
            futures = {pool.submit(scrape, args.port, f"/probe?target={t}", local): t for t in args.targets}
            for future, target in futures.items():
                seconds, status, _ = future.result()
                all_s.append(seconds)
                statuses.append(status)
                if target not in args.silent:
                    healthy_s.append(seconds)
    n = len(args.targets)
    report(f"{n} ensembles, all scraped at once, every scrape{label_suffix}", all_s, statuses)
    report(f"{n} ensembles, the {n - len(args.silent)} without a silent member{label_suffix}", healthy_s)


def rss_kib(pid, key="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return -1


def rss(args):
    local = threading.local()
    paths = [f"/probe?target={t}" for t in args.targets]
    done = 0
    checkpoints = {1000, 5000, 10000}
    statuses = []
    print(f"RSS before scraping: {rss_kib(args.pid)} KiB")
    with concurrent.futures.ThreadPoolExecutor(max_workers=32) as pool:
        while done < 10000:
            batch = [pool.submit(scrape, args.port, paths[(done + i) % len(paths)], local) for i in range(1000)]
            statuses += [f.result()[1] for f in batch]
            done += 1000
            if done in checkpoints:
                print(f"RSS after {done:>6} scrapes: {rss_kib(args.pid)} KiB")
    print(f"peak RSS (VmHWM) after 10,000 scrapes: {rss_kib(args.pid, 'VmHWM')} KiB; "
          f"non-200 answers: {sum(1 for s in statuses if s != 200)}")


def idle(args):
    sockets = []
    for _ in range(500):
        s = socket.create_connection(("127.0.0.1", args.port))
        sockets.append(s)
    time.sleep(0.5)
    _, _, body = scrape(args.port, "/metrics")
    open_line = [l for l in body.decode().splitlines() if l.startswith("zkprobe_exporter_connections_open ")]
    print(f"500 idle connections opened; exporter reports {open_line[0] if open_line else '?'}")
    latency_one(args, " + 500 idle")
    latency_fleet(args, " + 500 idle")
    alive = 0
    for s in sockets:
        s.setblocking(False)
        try:
            alive += 0 if s.recv(1) == b"" else 1
        except BlockingIOError:
            alive += 1
        s.close()
    print(f"idle connections still open after the scrapes: {alive}/500")


def metrics_all(args):
    runs = [scrape(args.port, "/metrics") for _ in range(args.rounds)]
    report(f"/metrics checking all {len(args.targets)} ensembles in one scrape", [r[0] for r in runs],
           [r[1] for r in runs])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--targets", required=True)
    parser.add_argument("--silent", default="")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--one-runs", type=int, default=500)
    parser.add_argument("mode")
    args = parser.parse_args()
    args.targets = args.targets.split(",")
    args.silent = [s for s in args.silent.split(",") if s]
    {"latency-one": latency_one, "latency-fleet": latency_fleet, "rss": rss, "idle": idle,
     "metrics-all": metrics_all}[args.mode](args)


if __name__ == "__main__":
    main()
