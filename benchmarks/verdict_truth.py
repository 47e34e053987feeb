"""verdict-truth harness: zkprobe check's verdict against ground truth on real ZooKeeper ensembles.

Run through benchmarks/verdict-truth (which builds zkprobe and prepares benchmarks/.venv with kazoo);
that script's header documents usage, environment and columns.

Ground truth never uses zkprobe's code:
  * writes: one kazoo client per member (each connected to that member only, so that a client stuck on a
    paused or dead member does not hide a working one). A sample's write succeeds when, on any of them, an
    ephemeral znode is created and deleted within WRITE_DEADLINE (1 s).
  * membership: which processes this harness killed, paused or is restarting. live voters = participants
    that are running and not paused (a leader cut off by the partition fault counts, see UP_STATES); truth
    tolerance = live voters - majority when writes succeed (standalone: 0), -1 when writes fail.
"""

import csv
import fnmatch
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

from kazoo.client import KazooClient

import zk_harness
from zk_harness import (ROOT, STOP, UP_STATES, WRITE_DEADLINE, Ensemble, Interrupted, WriteProbe, check_stop, log,
                        on_signal)

ZKPROBE = os.environ["ZKPROBE"]
QUICK = os.environ.get("VERDICT_TRUTH_QUICK", "") not in ("", "0")
HOLD = float(os.environ.get("VERDICT_TRUTH_HOLD", "4" if QUICK else "8"))
PERIOD = float(os.environ.get("VERDICT_TRUTH_PERIOD", "0.2"))
ZKPROBE_TIMEOUT = float(os.environ.get("VERDICT_TRUTH_ZKPROBE_TIMEOUT", "1"))  # --timeout, one deadline
RUN_LIMIT = ZKPROBE_TIMEOUT * 4 + 4  # hard limit on one zkprobe run (it is killed after this)
CSV_PATH = os.environ.get("VERDICT_TRUTH_CSV", os.path.join(ROOT, "benchmarks", "out", "verdict-truth.csv"))
WARM_UP = 3.0  # seconds of writes through every member before the first fault (see warm_up)
# zkprobe modes, each run from every vantage point in the same sample: "4lw" = four-letter words only,
# "write-probe" = the same arguments plus --write-probe WRITE_PROBE_PATH (a session, a write and a read per member).
WRITE_PROBE_PATH = "/zkprobe-truth"
MODE_ARGS = {"4lw": [], "write-probe": ["--write-probe", WRITE_PROBE_PATH]}
MODES = [m.strip() for m in os.environ.get("VERDICT_TRUTH_MODES", "4lw,write-probe").split(",") if m.strip()]

# name, servers, observers, quarter of 31000-31999 (base ports quarter+0..40: ports quarter+1..quarter+245)
ENSEMBLES = [
    ("standalone", 1, 0, 31000),
    ("3 voters", 3, 0, 31250),
    ("5 voters", 5, 0, 31500),
    ("3v+2obs", 3, 2, 31750),
]
ENSEMBLE_FILTER = os.environ.get("VERDICT_TRUTH_ENSEMBLES", "")  # e.g. "standalone,3 voters"
FAULT_FILTER = os.environ.get("VERDICT_TRUTH_FAULTS", "")  # e.g. "partition leader,heal partition"
VANTAGE_FILTER = os.environ.get("VERDICT_TRUTH_VANTAGE", "")  # e.g. "all,m*": patterns of vantage point names
zk_harness.PROGRAM = "verdict-truth"

# ---------------------------------------------------------------------------------------------------------
def vantage_points(ens):
    base = [ZKPROBE, "check", "--format", "json", "--timeout", f"{ZKPROBE_TIMEOUT:g}"]
    addr = {i: f"127.0.0.1:{ens.ports[i]}" for i in ens.ids}
    first = ens.ids[0]
    vps = [("all", base + ["--connect", ",".join(addr[i] for i in ens.ids)])]
    for i in ens.ids:
        vps.append((f"m{i}", base + ["--connect", addr[i]]))
    if len(ens.ids) > 2:
        vps.append(("first2", base + ["--connect", ",".join(addr[i] for i in ens.ids[:2])]))
    vps.append(("discover", base + ["--discover", "--connect", addr[first]]))
    vps.append(("config", base + ["--config", os.path.join(ens.dir, f"zoo{first}.cfg")]))
    if VANTAGE_FILTER:
        vps = [(n, a) for n, a in vps if any(fnmatch.fnmatchcase(n, p) for p in VANTAGE_FILTER.split(","))]
    return [(mode, name, argv + MODE_ARGS[mode]) for mode in MODES for name, argv in vps]


LIVE_PROCS = set()
LIVE_PROCS_LOCK = threading.Lock()


def run_zkprobe(argv):
    """(verdict, failureTolerance, exit code, seconds, note); unknown on exit 3, non-JSON, timeout. The note of a
    run that gave a verdict lists its findings above ok (severity:code) and, with a probe, writable=true/false."""
    t0 = time.monotonic()
    try:
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    except OSError as e:
        return "unknown", None, None, 0.0, f"spawn failed: {e}"
    with LIVE_PROCS_LOCK:
        LIVE_PROCS.add(p)
    try:
        out, err = p.communicate(timeout=RUN_LIMIT)
        note = ""
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        note = f"killed after {RUN_LIMIT:g} s"
    finally:
        with LIVE_PROCS_LOCK:
            LIVE_PROCS.discard(p)
    secs = time.monotonic() - t0
    rc = p.returncode
    if note:
        return "unknown", None, rc, secs, note
    try:
        doc = json.loads(out)
        verdict = str(doc.get("verdict"))
        tol = doc.get("failureTolerance")
        notes = [f"{f.get('severity')}:{f.get('code')}" for f in doc.get("findings") or [] if f.get("severity") != "ok"]
        if doc.get("writable") is not None:
            notes.append(f"writable={str(doc['writable']).lower()}")
    except (ValueError, AttributeError):
        return "unknown", None, rc, secs, "non-JSON: " + (err or out).decode(errors="replace").strip()[:120]
    if rc == 3 or verdict not in ("ok", "warning", "critical"):
        return "unknown", tol, rc, secs, (err.decode(errors="replace").strip()[:120] or f"exit {rc}")
    return verdict, tol, rc, secs, " ".join(notes)


class Sampler:
    """Every PERIOD: truth write plus every vantage point's zkprobe, concurrently. Samples never overlap: when
    one takes longer than PERIOD (a paused member costs zkprobe one deadline) the next starts when it ends, and
    each sample weighs the time from its start to the next one's: a wrong verdict counts until a right one is
    seen. While writes fail a sample lasts at least the truth write's deadline: that is the resolution."""

    def __init__(self, ens, fault, writer, rows):
        self.ens, self.fault, self.writer, self.rows = ens, fault, writer, rows
        self.vps = vantage_points(ens)
        self.stop_event = threading.Event()
        self.t0 = None
        self.thread = threading.Thread(target=self.loop, daemon=True)

    def start(self):
        self.t0 = time.monotonic()
        self.thread.start()

    def stop(self):
        self.stop_event.set()
        self.thread.join()

    def loop(self):
        nxt = time.monotonic()
        seq = 0
        while not self.stop_event.is_set():
            start = time.monotonic()
            first = len(self.rows)
            self.sample(seq, start)
            seq += 1
            nxt += PERIOD
            delay = nxt - time.monotonic()
            if delay < 0:  # the sample took longer than the period: start the next one at once
                nxt = time.monotonic()
                delay = 0
            self.stop_event.wait(delay)
            # A verdict stands until the next one is seen: the sample weighs the time to the next sample's start
            # (or to the end of the fault).
            weight = round(time.monotonic() - start, 3)
            for r in self.rows[first:]:
                r["weight"] = weight

    def sample(self, seq, start):
        live, states = self.ens.snapshot()
        results = {}
        threads = []
        for mode, name, argv in self.vps:
            th = threading.Thread(target=lambda k=(mode, name), a=argv: results.__setitem__(k, run_zkprobe(a)),
                                  daemon=True)
            th.start()
            threads.append(th)
        ok, wsecs = self.writer.write()
        for th in threads:
            th.join()
        ens = self.ens
        if ens.servers == 1:
            truth_tol = 0 if ok else -1
            expected = "ok" if ok else "critical"
        else:
            truth_tol = max(live - ens.majority, 0) if ok else -1
            # zkprobe's documented rule (docs/zkprobe-check.md): a member down is a warning even when the
            # ensemble still tolerates a failure; no tolerance left is a warning; writes failing is critical.
            member_down = any(st.split(":")[1] not in UP_STATES for st in states.split())
            expected = "critical" if not ok else ("ok" if truth_tol >= 1 and not member_down else "warning")
        for mode, name, _ in self.vps:
            verdict, tol, rc, secs, note = results[(mode, name)]
            self.rows.append(dict(
                ensemble=ens.name, fault=self.fault, seq=seq, t=round(start - self.t0, 3), weight=0.0,
                mode=mode, vantage=name, members=states, live_voters=live, majority=ens.majority, writes_ok=int(ok),
                write_ms=round(wsecs * 1000, 1), truth_tolerance=truth_tol, expected=expected, verdict=verdict,
                failure_tolerance="" if tol is None else tol, exit_code="" if rc is None else rc,
                zkprobe_ms=round(secs * 1000, 1),
                match=int(verdict == expected and tol == truth_tol),
                note=note))


# ---------------------------------------------------------------------------------------------------------
def faults_for(ens):
    """(name, setup, action, sample_during_action). setup is not sampled; instant actions run before the first
    sample; a blocking action (restart) is sampled while it runs."""
    standalone = ens.servers == 1
    faults = [("steady", None, lambda: None, False)]
    ctx = {}

    def follower():
        return ens.followers()[-1]

    if standalone:
        only = ens.ids[0]
        faults += [
            ("kill server", None, lambda: ens.kill([only]), False),
            ("pause server", None, lambda: ens.pause([only]), False),
            ("pause server+fill queue", None, lambda: fill(only), False),
            ("restart server", None, lambda: ens.restart([only]), True),
        ]
    else:
        def kill_majority():
            victims = ens.followers()[-ens.majority:]
            if len(victims) < ens.majority:  # not enough followers: take the leader too
                victims = ens.voters[-ens.majority:]
            ens.kill(victims)

        def pause_leader_until_new():
            ctx["old"] = ens.leader()
            ens.pause([ctx["old"]])
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    if ens.leader(timeout=5) != ctx["old"]:
                        return
                except RuntimeError:
                    pass
            raise RuntimeError(f"{ens.name}: no new leader after pausing {ctx['old']}")

        def cut_leader_until_new():
            old = ens.leader()
            ens.cut_off(old)
            try:
                ens.new_leader_besides(old, timeout=max(HOLD, 5))
            except RuntimeError as e:  # the others may keep electing the cut-off member (highest id): heal anyway
                log(f"{e}; healing with writes down")

        faults += [
            ("kill follower", None, lambda: ens.kill([follower()]), False),
            ("kill leader", None, lambda: ens.kill([ens.leader()]), False),
            ("kill majority", None, kill_majority, False),
            ("pause follower", None, lambda: ens.pause([follower()]), False),
            ("pause leader", None, lambda: ens.pause([ens.leader()]), False),
            ("pause follower+fill queue", None, lambda: fill(follower()), False),
            ("resume old leader", pause_leader_until_new, lambda: ens.resume([ctx["old"]]), False),
            ("partition leader", None, lambda: ens.cut_off(ens.leader()), False),
            ("heal partition", cut_leader_until_new, ens.heal, False),
            ("restart follower", None, lambda: ens.restart([follower()]), True),
        ]
        if ens.observer_ids:
            faults.append(("kill observers", None, lambda: ens.kill(ens.observer_ids), False))

    def fill(mid):
        ens.pause([mid])
        n = ens.fill_accept_queue(mid)
        ctx.setdefault("fills", []).append((mid, n))
        log(f"{ens.name}: filled the accept queue of member {mid} with {n} connections")

    if FAULT_FILTER:  # steady always runs: it is the baseline of every target
        faults = [f for f in faults if f[0] == "steady" or f[0] in FAULT_FILTER.split(",")]
    return faults


def warm_up(ens):
    """WARM_UP seconds of truth writes before the first fault: a JVM's first requests are slow (not yet compiled),
    and after the srst of restore() they would hold the latency average ("steady") above the warning threshold
    for the first samples: a machine effect, not a state of the ensemble."""
    writer = WriteProbe(ens)
    try:
        end = time.monotonic() + WARM_UP
        while time.monotonic() < end:
            check_stop()
            writer.write()
    finally:
        writer.close()


def run_ensemble(ens, rows, meta):
    ens.start()
    warm_up(ens)
    ens.restore()
    for name, setup, action, during in faults_for(ens):
        check_stop()
        writer = WriteProbe(ens)
        sampler = None
        try:
            if setup:
                setup()
            check_stop()
            sampler = Sampler(ens, name, writer, rows)
            t0 = time.monotonic()
            if during:
                sampler.start()
                action()
            else:
                action()
                sampler.start()
            STOP.wait(max(HOLD - (time.monotonic() - t0), 1.0))
            check_stop()
            sampler.stop()
            live, states = ens.snapshot()
            meta[(ens.name, name)] = states
            log(f"{ens.name}: {name}: {len([r for r in rows if r['ensemble'] == ens.name and r['fault'] == name])} rows; members {states}")
        finally:
            if sampler is not None:
                sampler.stop_event.set()
            writer.close()
        check_stop()
        ens.restore()
    check_stop()
    if "write-probe" in MODES:
        n = leftover_children(ens)
        meta.setdefault("leftover", {})[ens.name] = n
        log(f"{ens.name}: {n} children left under {WRITE_PROBE_PATH}")


# ---------------------------------------------------------------------------------------------------------
def secs(rows):
    return sum(r["weight"] for r in rows)


def longest_run(rows, pred):
    best = cur = 0.0
    for r in sorted(rows, key=lambda r: r["seq"]):
        if pred(r):
            cur += r["weight"]
            best = max(best, cur)
        else:
            cur = 0.0
    return best


def false_ok(r):
    return r["verdict"] in ("ok", "warning") and not r["writes_ok"]


def false_crit(r):
    return r["verdict"] == "critical" and r["writes_ok"]


def dist(rows):
    c = {"ok": 0, "warning": 0, "critical": 0, "unknown": 0}
    for r in rows:
        c[r["verdict"]] = c.get(r["verdict"], 0) + 1
    return f"{c['ok']}/{c['warning']}/{c['critical']}/{c['unknown']}"


def tols(rows):
    c = {}
    for r in rows:
        k = r["failure_tolerance"] if r["failure_tolerance"] != "" else "-"
        c[k] = c.get(k, 0) + 1
    return ",".join(f"{k}:{v}" for k, v in sorted(c.items(), key=lambda kv: str(kv[0])))


def pct(n, d):
    return f"{100.0 * n / d:5.1f}" if d else "    -"


HEADER = (f"{'mode':<11} {'vantage':<9} {'samples':>7} {'match%':>6} {'tol%':>6} {'falseOK_s':>9} {'maxrun_s':>8} "
          f"{'maxrun_dl':>9} {'falseCRIT_n':>11} {'falseCRIT_s':>11}  {'ok/warn/crit/unk':<16} "
          "zkprobe failureTolerance seen")


def vantage_row(mode, name, rs):
    fo = [r for r in rs if false_ok(r)]
    fc = [r for r in rs if false_crit(r)]
    run = longest_run(rs, false_ok)
    tol_match = sum(1 for r in rs if str(r["failure_tolerance"]) == str(r["truth_tolerance"]))
    return (f"{mode:<11} {name:<9} {len(rs):>7} {pct(sum(r['match'] for r in rs), len(rs)):>6} "
            f"{pct(tol_match, len(rs)):>6} {secs(fo):>9.1f} {run:>8.1f} {run / ZKPROBE_TIMEOUT:>9.1f} "
            f"{len(fc):>11} {secs(fc):>11.1f}  {dist(rs):<16} {tols(rs)}")


def ordered(rows, key):
    seen = []
    for r in rows:
        k = key(r)
        if k not in seen:
            seen.append(k)
    return seen


def worst_false_ok(rs):
    """(longest false-OK stretch in seconds, the vantage point it was seen from) over every vantage point."""
    best = (0.0, "-")
    for v in ordered(rs, lambda r: r["vantage"]):
        run = longest_run([r for r in rs if r["vantage"] == v], false_ok)
        if run > best[0]:
            best = (run, v)
    return best


FAULT_HEADER = (f"{'ensemble / fault':<36} {'mode':<11} {'samples':>7} {'match%':>6} {'maxFalseOK_s':>12} "
                f"{'deadlines':>9} {'(vantage)':<10} {'falseCRIT_n':>11} {'falseCRIT_s':>11}")


def fault_row(ens_name, fault, mode, rs):
    run, vantage = worst_false_ok(rs)
    fc = [r for r in rs if false_crit(r)]
    return (f"{ens_name + ' / ' + fault:<36} {mode:<11} {len(rs):>7} {pct(sum(r['match'] for r in rs), len(rs)):>6} "
            f"{run:>12.1f} {run / ZKPROBE_TIMEOUT:>9.1f} {vantage:<10} {len(fc):>11} {secs(fc):>11.1f}")


def report(rows, started, meta):
    print(f"verdict-truth: zkprobe check --format json --timeout {ZKPROBE_TIMEOUT:g} against ground truth "
          f"(kazoo writes, {WRITE_DEADLINE:g} s deadline; harness membership); modes: "
          + ", ".join(f"{m} ({' '.join(MODE_ARGS[m]) or 'four-letter words only'})" for m in MODES))
    print(f"zkprobe: {ZKPROBE}; period {PERIOD:g} s; hold {HOLD:g} s per fault; {os.cpu_count()} cores; "
          f"run took {time.monotonic() - started:.0f} s; load average at start {LOAD_AT_START}, at end "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("columns: match% = verdict == expected and failureTolerance == truth tolerance; tol% = failureTolerance "
          "alone; falseOK_s = seconds with ok/warning while writes fail (maxrun_s: longest stretch, maxrun_dl: the "
          "same in deadlines); falseCRIT_n/_s = samples/seconds with critical while writes succeed; "
          "ok/warn/crit/unk = zkprobe verdict counts")
    order = ordered(rows, lambda r: (r["ensemble"], r["fault"]))
    modes = ordered(rows, lambda r: r["mode"])
    vnames = sorted(ordered(rows, lambda r: r["vantage"]), key=lambda v: (v.startswith("m"), v))
    for ens_name, fault in order:
        rs = [r for r in rows if r["ensemble"] == ens_name and r["fault"] == fault]
        by_seq = {}
        for r in rs:
            by_seq.setdefault(r["seq"], r)
        samples = list(by_seq.values())
        wok = sum(r["writes_ok"] for r in samples)
        exp = {}
        for r in samples:
            exp[(r["expected"], r["truth_tolerance"])] = exp.get((r["expected"], r["truth_tolerance"]), 0) + 1
        span = max(r["t"] for r in samples) + PERIOD if samples else 0
        print()
        print(f"== {ens_name} / {fault}: {len(samples)} samples over {span:.1f} s (mean period "
              f"{span / max(len(samples), 1):.2f} s); writes ok in {wok}; truth "
              + ", ".join(f"{e} tol {t}: {n}" for (e, t), n in sorted(exp.items(), key=lambda kv: -kv[1])))
        print(HEADER)
        for mode in modes:
            for v in ordered(rs, lambda r: r["vantage"]):
                vr = [r for r in rs if r["vantage"] == v and r["mode"] == mode]
                if vr:
                    print(vantage_row(mode, v, vr))

    print()
    print("== per fault and mode (every vantage point; maxFalseOK from the worst one)")
    print(FAULT_HEADER)
    for ens_name, fault in order:
        for mode in modes:
            rs = [r for r in rows if r["ensemble"] == ens_name and r["fault"] == fault and r["mode"] == mode]
            if rs:
                print(fault_row(ens_name, fault, mode, rs))

    print()
    print("== summary per vantage point and mode (every ensemble and fault)")
    print(HEADER)
    for mode in modes:
        for v in vnames:
            rs = [r for r in rows if r["vantage"] == v and r["mode"] == mode]
            if rs:
                print(vantage_row(mode, v, rs))

    for mode in modes:
        mrows = [r for r in rows if r["mode"] == mode]
        print()
        print(f"== targets, mode {mode}")
        steady = [r for r in mrows if r["fault"] == "steady"]
        for v in vnames:
            rs = [r for r in steady if r["vantage"] == v]
            if rs:
                m = sum(r["match"] for r in rs)
                print(f"{'PASS' if m == len(rs) else 'FAIL'}  steady state 100% from {v}: "
                      f"{pct(m, len(rs)).strip()}% ({m}/{len(rs)})")
        worst, crit = [], []
        for (ens_name, fault) in order:
            for v in vnames:
                rs = [r for r in mrows if r["ensemble"] == ens_name and r["fault"] == fault and r["vantage"] == v]
                run = longest_run(rs, false_ok)
                if run > ZKPROBE_TIMEOUT + 1e-9:
                    worst.append(f"{ens_name}/{fault}/{v} {run:.1f} s")
                fc = [r for r in rs if false_crit(r)]
                if fc:
                    crit.append(f"{ens_name}/{fault}/{v} {len(fc)} samples, {secs(fc):.1f} s")
        print(f"{'PASS' if not worst else 'FAIL'}  no false OK while writes fail longer than one deadline "
              f"({ZKPROBE_TIMEOUT:g} s)" + ("" if not worst else f": {len(worst)} cases: " + "; ".join(worst)))
        print(f"{'PASS' if not crit else 'FAIL'}  no false CRITICAL while writes succeed"
              + ("" if not crit else f": {len(crit)} cases: " + "; ".join(crit)))
        for ens_name, fault in order:
            rs = [r for r in mrows if r["ensemble"] == ens_name and r["fault"] == fault]
            if fault == "partition leader" and rs:
                run, vantage = worst_false_ok(rs)
                print(f"note  {ens_name} / partition leader: longest false OK {run:.1f} s = "
                      f"{run / ZKPROBE_TIMEOUT:.1f} deadlines (from {vantage})")
    for ens_name, n in meta.get("leftover", {}).items():
        print(f"{'PASS' if n == 0 else 'FAIL'}  {ens_name}: {n} children left under {WRITE_PROBE_PATH} after every "
              "write probe (ephemeral nodes die with their sessions)")
    print(f"raw samples: {os.path.relpath(CSV_PATH, ROOT)} ({len(rows)} rows)")


def write_csv(rows):
    os.makedirs(os.path.dirname(CSV_PATH), exist_ok=True)
    fields = ["ensemble", "fault", "seq", "t", "weight", "mode", "vantage", "members", "live_voters", "majority",
              "writes_ok", "write_ms", "truth_tolerance", "expected", "verdict", "failure_tolerance", "exit_code",
              "zkprobe_ms", "match", "note"]
    with open(CSV_PATH, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)


LOAD_AT_START = " ".join(f"{x:.1f}" for x in os.getloadavg())


def preflight(chosen):
    """A one-line reason why this run cannot do what it was asked, or None."""
    unknown = [m for m in MODES if m not in MODE_ARGS]
    if unknown or not MODES:
        return f"VERDICT_TRUTH_MODES={','.join(MODES)!r}: use a comma-separated subset of " + ", ".join(MODE_ARGS)
    if "write-probe" in MODES:
        r = subprocess.run([ZKPROBE, "check", "--help"], capture_output=True, text=True, timeout=30)
        if "--write-probe" not in r.stdout:
            return (f"{ZKPROBE} has no --write-probe option: build it from a tree with issue 18, or set "
                    "VERDICT_TRUTH_MODES=4lw")
    if VANTAGE_FILTER and not any(fnmatch.fnmatchcase(n, p) for p in VANTAGE_FILTER.split(",")
                                  for n in ("all", "m1", "first2", "discover", "config")):
        return f"VERDICT_TRUTH_VANTAGE={VANTAGE_FILTER!r} names none of: all, mN, first2, discover, config"
    partitions = any(e[1] > 1 for e in chosen) and (not FAULT_FILTER or "partition" in FAULT_FILTER)
    if partitions and shutil.which("iptables") is None:
        return "the partition faults need iptables (benchmarks/verdict-truth installs it; apt-get install iptables)"
    return None


def leftover_children(ens):
    """Children left under WRITE_PROBE_PATH once the write probes' sessions have had time to expire."""
    c = KazooClient(hosts=",".join(f"127.0.0.1:{ens.ports[i]}" for i in ens.ids), timeout=4.0)
    try:
        c.start(timeout=15)
        deadline = time.monotonic() + 10  # zkprobe asks for 4 s sessions; a killed run's ephemeral dies with it
        while True:
            children = c.get_children(WRITE_PROBE_PATH) if c.exists(WRITE_PROBE_PATH) else []
            if not children or time.monotonic() > deadline:
                return len(children)
            time.sleep(0.5)
    finally:
        c.stop()
        c.close()


def main():
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    started = time.monotonic()
    rows, meta = [], {}
    chosen = [e for e in ENSEMBLES if not ENSEMBLE_FILTER or e[0] in ENSEMBLE_FILTER.split(",")]
    if not chosen:
        log(f"VERDICT_TRUTH_ENSEMBLES={ENSEMBLE_FILTER!r} names none of: " + ", ".join(e[0] for e in ENSEMBLES))
        return 2
    problem = preflight(chosen)
    if problem:
        log(problem)
        return 2
    status = 0
    for name, servers, observers, quarter in chosen:
        ens = Ensemble(name, servers, observers, quarter)
        try:
            run_ensemble(ens, rows, meta)
        except Interrupted as e:
            log(f"interrupted ({e}); cleaning up")
            status = 130
        except (RuntimeError, subprocess.TimeoutExpired, OSError) as e:
            log(f"{name}: could not run: {e}")
            status = 1
        finally:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            with LIVE_PROCS_LOCK:
                for p in list(LIVE_PROCS):
                    try:
                        p.kill()
                    except OSError:
                        pass
            ens.destroy()
            signal.signal(signal.SIGINT, on_signal)
            signal.signal(signal.SIGTERM, on_signal)
        if status:
            break
    write_csv(rows)
    if rows:
        report(rows, started, meta)
    return status


if __name__ == "__main__":
    sys.exit(main())
