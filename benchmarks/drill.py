"""drill harness: `zkprobe watch` through a script of faults on real ZooKeeper ensembles, against kazoo writes.

Run through benchmarks/drill (which finds kazoo and builds zkprobe and quorumsim); that script's header documents
usage, environment and output. The ensembles, faults, restore and the truth writer are benchmarks/zk_harness.py's
(shared with verdict-truth); the arithmetic and the tables are benchmarks/drill_report.py's.
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time

import drill_report as report
import zk_harness
from zk_harness import ROOT, STOP, Ensemble, Interrupted, WriteProbe, check_stop, log, on_signal

zk_harness.PROGRAM = "drill"
ZKPROBE = os.environ["ZKPROBE"]
QUORUMSIM = os.environ.get("QUORUMSIM", "")
N = int(os.environ.get("DRILL_N", "10"))
WATCH = os.environ.get("DRILL_WATCH", "1") not in ("", "0")
CONCURRENT = os.environ.get("DRILL_CONCURRENT", "1") not in ("", "0")
OUT = os.environ.get("DRILL_OUT", os.path.join(ROOT, "benchmarks", "out", "drill"))
PROBE_PATH = "/zkprobe-drill"
WATCH_ARGS = ["--write-probe", PROBE_PATH, "--interval", "250ms", "--timeout", "1"]
TRUTH_PERIOD = report.TRUTH_RESOLUTION
HOLD_FOLLOWER = 2.0  # seconds a killed follower stays down: several rounds see it
HOLD_MAJORITY = 3.0  # seconds a paused majority stays paused
SETTLE_LIMIT = 30.0  # at most this long for the watch to see OK again after a restore
STABLE = 1.0  # seconds the watch's verdict must have stayed OK before a fault: a flicker would join two episodes
WARM_UP = 3.0  # seconds of truth writes before the first fault (a fresh JVM's first requests are slow)

# key, members, tickTime ms, syncLimit, base of its half of 31000-31999 (each tries base + 0, 10, … 40)
ENSEMBLES = [
    ("3@2000", 3, 2000, 5, 31000),
    ("5@500", 5, 500, 4, 31500),
]
ENSEMBLE_FILTER = os.environ.get("DRILL_ENSEMBLES", "")
FAULTS = ["kill leader", "pause leader", "kill follower", "pause majority", "restart all"]
FAULT_FILTER = os.environ.get("DRILL_FAULTS", "")


def title(key, members, tick, sync_limit):
    return f"{key}: {members} members, tickTime {tick} ms, syncLimit {sync_limit}"


class Truth:
    """Kazoo writes (zk_harness.WriteProbe, one client per member) launched every TRUTH_PERIOD, each with its own
    1 s deadline, so that a long outage still has one launched every 0.1 s: (launched, ok, finished) per write,
    epoch seconds."""

    def __init__(self, ens):
        self.probe = WriteProbe(ens, prefix="/drill-truth-")
        self.samples = []
        self.lock = threading.Lock()
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        nxt = time.monotonic()
        while not self.stop_event.is_set():
            threading.Thread(target=self.one, daemon=True).start()
            nxt += TRUTH_PERIOD
            self.stop_event.wait(max(nxt - time.monotonic(), 0))

    def one(self):
        launched = time.time()
        ok, _ = self.probe.write()
        with self.lock:
            self.samples.append((launched, ok, time.time()))

    def writes_work_since(self, t):
        with self.lock:
            return any(ok and launched >= t for launched, ok, _ in self.samples)

    def wait_writes_work(self, since, timeout, what):
        deadline = time.monotonic() + timeout
        while not self.writes_work_since(since):
            check_stop()
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what}: no truth write worked within {timeout:g} s")
            STOP.wait(TRUTH_PERIOD)

    def close(self):
        self.stop_event.set()
        self.thread.join()
        time.sleep(self.probe.deadline + 0.2)  # the writes still running record their results
        self.probe.close()


class Watch:
    """`zkprobe watch` on the ensemble, its change lines read as they come (the latest verdict), its timeline
    written to `path` when it is sent SIGTERM."""

    def __init__(self, ens, path, log_path):
        hosts = ",".join(f"127.0.0.1:{ens.ports[i]}" for i in ens.ids)
        self.path = path
        self.argv = [ZKPROBE, "watch", "--connect", hosts, *WATCH_ARGS, "--timeline", path]
        self.err = open(log_path, "w")
        self.proc = subprocess.Popen(self.argv, stdout=subprocess.PIPE, stderr=self.err, stdin=subprocess.DEVNULL,
                                     text=True)
        self.verdict = "OK"  # no change line before the first change: the first rounds are taken as OK
        self.changed = time.monotonic()
        self.lines = []
        self.reader = threading.Thread(target=self.read, daemon=True)
        self.reader.start()

    def read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            words = line.split()
            if len(words) >= 5 and words[1] == "verdict" and words[3] == "->":
                self.verdict, self.changed = words[4], time.monotonic()

    def wait_ok(self, what):
        """Until the verdict has been OK for STABLE seconds (at most SETTLE_LIMIT; then it goes on, saying so)."""
        deadline = time.monotonic() + SETTLE_LIMIT
        while True:
            check_stop()
            if self.proc.poll() is not None:
                with open(self.err.name) as f:
                    said = f.read().strip().splitlines()
                last = said[-1] if said else "(no output)"
                raise RuntimeError(f"zkprobe watch exited {self.proc.returncode}: {last}")
            if self.verdict == "OK" and time.monotonic() - self.changed >= STABLE:
                return
            if time.monotonic() > deadline:
                log(f"{what}: the watch still says {self.verdict} {SETTLE_LIMIT:g} s after the restore; going on")
                return
            STOP.wait(0.1)

    def stop(self):
        """SIGTERM; the timeline is final once it exits 0."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.reader.join(timeout=5)
        self.err.close()
        with open(self.err.name + ".changes", "w") as f:
            f.write("".join(line + "\n" for line in self.lines))
        return self.proc.returncode


def inject(ens, kind, truth):
    """Break the ensemble as `kind` says and hold the fault: (time injected, what was done). Returns once the fault
    has run its course (a new leader after the leader's loss, a hold for the others); restore() undoes it."""
    lead = ens.leader()
    followers = [i for i in ens.voters if i != lead]
    if kind in ("kill leader", "pause leader"):
        t = time.time()
        (ens.kill if kind == "kill leader" else ens.pause)([lead])
        ens.new_leader_besides(lead, timeout=60)
        truth.wait_writes_work(t, 60, f"{ens.name}: {kind}")
        return t, f"member {lead}"
    if kind == "kill follower":
        victim = followers[-1]
        t = time.time()
        ens.kill([victim])
        STOP.wait(HOLD_FOLLOWER)
        return t, f"member {victim}"
    if kind == "pause majority":
        victims = (followers + [lead])[:ens.majority]  # followers first: the leader is left alone when it can be
        t = time.time()
        ens.pause(victims)
        STOP.wait(HOLD_MAJORITY)
        return t, "members " + ",".join(map(str, victims))
    if kind == "restart all":
        t = time.time()
        ens.restart(ens.ids)
        return t, "every member"
    raise ValueError(kind)


def run_ensemble(spec, results):
    key, members, tick, sync_limit, base = spec
    ens = Ensemble(key, members, 0, base, tick=tick, sync_limit=sync_limit)
    result = {"key": key, "title": title(*spec[:4]), "members": members, "tickTime": tick, "syncLimit": sync_limit,
              "faults": [], "timeline": None, "error": None}
    results.append(result)
    truth = watch = None
    kinds = [k for k in FAULTS if not FAULT_FILTER or k in FAULT_FILTER.split(",")]
    try:
        ens.start()
        truth = Truth(ens)
        STOP.wait(WARM_UP)
        ens.restore()
        ens.wait_one_leader()
        truth.wait_writes_work(time.time(), 60, f"{key}: start")
        if WATCH:
            path = os.path.join(OUT, f"timeline-{key}.jsonl")
            watch = Watch(ens, path, os.path.join(OUT, f"watch-{key}.log"))
            STOP.wait(2.0)
            watch.wait_ok(f"{key}: start")
        for cycle in range(N):
            for kind in kinds:
                check_stop()
                t, what = inject(ens, kind, truth)
                ens.restore()
                ens.wait_one_leader()
                truth.wait_writes_work(time.time(), 60, f"{key}: {kind} restored")
                if watch:
                    watch.wait_ok(f"{key}: {kind} {cycle + 1}")
                result["faults"].append({"kind": kind, "cycle": cycle + 1, "injected": round(t, 3), "what": what,
                                         "restored": round(time.time(), 3)})
                log(f"{key}: {kind} {cycle + 1}/{N} ({what}) done")
        if watch:
            rc = watch.stop()
            if rc != 0:
                raise RuntimeError(f"zkprobe watch exited {rc}; see {watch.err.name}")
            result["timeline"] = watch.path
    except Interrupted:
        result["error"] = "interrupted"
        raise
    except (RuntimeError, subprocess.TimeoutExpired, OSError) as e:
        result["error"] = str(e)
        log(f"{key}: could not run: {e}")
    finally:
        if watch and watch.proc.poll() is None:
            watch.stop()
        if truth:
            truth.close()
            result["truthSamples"] = truth.samples
        ens.destroy()


def judge(result):
    """Each fault's truth outage and main episode, from its window: its injection to the next one's."""
    episodes = report.read_timeline(result["timeline"])["episodes"] if result["timeline"] else []
    faults = result["faults"]
    samples = result.get("truthSamples", [])
    for i, f in enumerate(faults):
        stop = faults[i + 1]["injected"] if i + 1 < len(faults) else float("inf")
        f["truth"] = report.truth_outage(samples, f["injected"], stop)
        mine = report.episodes_in(episodes, f["injected"], stop)
        f["episodes"] = [e["number"] for e in mine]
        f["episode"] = report.main_episode(mine)


def quorumsim_rows(result, measured):
    """quorumsim scenario for the ensemble (zones a, b, c; its tickTime and syncLimit) with assumed elections and
    with --elections-from its timeline; quorumsim run on both: (ensemble, elections line, run JSON) rows."""
    folder = os.path.join(OUT, result["key"])
    os.makedirs(folder, exist_ok=True)
    cfg = os.path.join(folder, "zoo.cfg")
    zones = "abc"
    with open(cfg, "w") as f:
        f.write(f"tickTime={result['tickTime']}\ninitLimit=10\nsyncLimit={result['syncLimit']}\n"
                "dataDir=/var/lib/zookeeper\nclientPort=2181\n")
        f.writelines(f"server.{i}=zk{i}:2888:3888\n" for i in range(1, result["members"] + 1))
    zone_map = ",".join(f"zk{i}={zones[(i - 1) % 3]}" for i in range(1, result["members"] + 1))
    files = []
    for label, extra in (("assumed", []), ("measured", ["--elections-from", result["timeline"]])):
        if label == "measured" and not measured:
            continue
        out = os.path.join(folder, f"scenario-{label}.json")
        qs("scenario", "--zoo-cfg", cfg, "--zones", zone_map, "--name", f"{result['key']} {label}", *extra,
           "-o", out)
        files.append(out)
    docs = json.loads(qs("run", *files, "--format", "json"))
    rows = []
    for path, doc in zip(files, docs):
        said = [ln.strip() for ln in qs("run", path).splitlines() if "elections:" in ln]
        rows.append((doc["name"], said[0][said[0].index("elections:"):] if said else "-", doc))
    return rows


def qs(*args):
    r = subprocess.run([QUORUMSIM, *args], capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    if r.returncode != 0:
        raise RuntimeError(f"quorumsim {' '.join(args[:1])} failed ({r.returncode}): {r.stderr.strip()[-500:]}")
    return r.stdout


def print_report(run):
    results = run["results"]
    print(f"drill: zkprobe watch {' '.join(WATCH_ARGS)} through {', '.join(FAULTS)}; n = {run['n']} per fault; "
          f"truth = kazoo writes every {TRUTH_PERIOD:g} s (1 s deadline each); {os.cpu_count()} cores; "
          f"ensembles {run['concurrently']}; run took {run['seconds']:.0f} s; load average at end {run['load']}")
    print("cells: median of the bounds' midpoints [lowest–highest midpoint] w = mean bound width, seconds; "
          "contained = the watch's unavailable bounds hold the truth outage ± 0.1 s / faults whose writes failed; "
          "watch only = faults with an unavailable span but no failed truth write (short: its lower bound under "
          f"{report.TRUTH_DEADLINE + report.TRUTH_RESOLUTION:g} s, an outage shorter than a truth write's deadline)")
    for result in results:
        print()
        if result["error"]:
            print(f"== {result['title']}: did not finish: {result['error']}")
        print(report.fault_table(result["title"], report.summarize(result["faults"])))
    with_timeline = [r for r in results if r["timeline"] and not r["error"]]
    if not QUORUMSIM or not with_timeline:
        return
    print()
    print("== quorumsim: assumed against measured elections (quorumsim scenario, zones a, b, c; quorumsim run)")
    measured = "--elections-from" in qs("scenario", "--help")
    if not measured:
        print(f"{QUORUMSIM} has no --elections-from: assumed elections only (build it from a tree with issue 19)")
    rows = []
    for r in with_timeline:
        rows += quorumsim_rows(r, measured)
    print(report.quorumsim_table(rows))


def write_raw(run):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "results.json")
    with open(path + ".tmp", "w") as f:
        json.dump(run, f)
    os.replace(path + ".tmp", path)
    log(f"raw results: {os.path.relpath(path, ROOT)}")


def main():
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    if os.environ.get("DRILL_REPORT"):
        return report_again(os.environ["DRILL_REPORT"])
    started = time.monotonic()
    chosen = [e for e in ENSEMBLES if not ENSEMBLE_FILTER or e[0] in ENSEMBLE_FILTER.split(",")]
    if not chosen:
        log(f"DRILL_ENSEMBLES={ENSEMBLE_FILTER!r} names none of: " + ", ".join(e[0] for e in ENSEMBLES))
        return 2
    unknown = [k for k in FAULT_FILTER.split(",") if k and k not in FAULTS]
    if unknown:
        log(f"DRILL_FAULTS: unknown fault {unknown[0]!r}; use a comma-separated subset of " + ", ".join(FAULTS))
        return 2
    if N < 1:
        log(f"DRILL_N={N}: use 1 or more")
        return 2
    if WATCH:
        r = subprocess.run([ZKPROBE, "watch", "--help"], capture_output=True, text=True, timeout=30)
        if r.returncode != 0 or "--timeline" not in r.stdout:
            log(f"{ZKPROBE} has no watch command: build it from a tree with issue 19, or set DRILL_WATCH=0 to run "
                "the faults and the truth alone")
            return 2
    os.makedirs(OUT, exist_ok=True)
    results = []
    workers = [threading.Thread(target=worker, args=(spec, results), daemon=True) for spec in chosen]
    status = 0
    try:
        for w in workers:
            w.start()
            if not CONCURRENT:
                wait_for(w)
        for w in workers:
            wait_for(w)
    except Interrupted as e:
        log(f"interrupted ({e}); cleaning up")
        STOP.set()
        for w in workers:
            if w.is_alive():
                w.join()
        status = 130
    for r in results:
        if r["error"] == "interrupted":
            status = 130
        elif r["error"] and not status:
            status = 1
        try:
            judge(r)
        except report.TimelineError as e:
            log(f"{r['key']}: {e}")
            r["error"], r["timeline"] = str(e), None
            judge(r)
            status = status or 1
    run = {"watch": [ZKPROBE, "watch", *WATCH_ARGS], "n": N, "seconds": round(time.monotonic() - started, 1),
           "concurrently": "concurrently" if CONCURRENT else "one after another",
           "load": " ".join(f"{x:.1f}" for x in os.getloadavg()), "results": results}
    write_raw(run)
    return report_or_fail(run, status)


def report_or_fail(run, status):
    try:
        print_report(run)
    except (RuntimeError, subprocess.TimeoutExpired, OSError) as e:
        log(f"could not finish the report: {e}")
        status = status or 1
    return status


def report_again(path):
    """DRILL_REPORT=results.json: the tables and the quorumsim comparison again from an earlier run's raw results
    and timelines (a newer quorumsim, say), without running anything else."""
    try:
        with open(path) as f:
            run = json.load(f)
        if not isinstance(run.get("results"), list):
            raise ValueError("no results list")
    except (OSError, ValueError, AttributeError) as e:
        log(f"DRILL_REPORT={path}: not the results.json of a drill run ({e})")
        return 2
    return report_or_fail(run, 0)


def worker(spec, results):
    try:
        run_ensemble(spec, results)
    except Interrupted:
        pass


def wait_for(thread):
    while thread.is_alive():
        thread.join(timeout=0.5)


if __name__ == "__main__":
    sys.exit(main())
