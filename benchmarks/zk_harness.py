"""Shared by the harnesses that break real ZooKeeper ensembles (benchmarks/verdict_truth.py, benchmarks/drill.py):
scripts/zk-ensemble ensembles with faults (kill, pause, resume, restart, an iptables partition, a filled accept
queue) and restore, four-letter words, and the kazoo ground-truth writer.

Importing it needs kazoo (benchmarks/verdict-truth and benchmarks/drill find or install it); nothing here runs
zkprobe.
"""

import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid

from kazoo.client import KazooClient
from kazoo.protocol.states import KazooState

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ZKE = os.path.join(ROOT, "scripts", "zk-ensemble")
WRITE_DEADLINE = 1.0
# A member cut off by the partition fault counts as up: only its own quorum and election ports are cut, so once it
# stops leading it reaches the new leader (its outgoing connections pass) and follows again; while writes fail
# the truth is "critical" whatever the membership says.
UP_STATES = ("running", "partitioned")
FILL_MAX = 2000  # at most this many connections to fill an accept queue
# The iptables chain of the partition fault: one per run (benchmarks/verdict-truth names it, so that its trap can
# remove it too if this process dies without cleaning up).
CHAIN = os.environ.get("VERDICT_TRUTH_CHAIN") or f"ZKPROBE_TRUTH_{os.getpid()}"
FILL_CONNECT_TIMEOUT = 0.5
PROGRAM = "zk-harness"  # the name log() prefixes; each harness sets its own

logging.getLogger("kazoo").setLevel(logging.CRITICAL + 1)


def log(msg):
    print(f"{PROGRAM}: {msg}", file=sys.stderr, flush=True)


class Interrupted(BaseException):
    pass


STOP = threading.Event()  # set by a signal; checked between steps too, in case a library swallowed the raise


def on_signal(signum, _frame):
    STOP.set()
    raise Interrupted(f"signal {signum}")


def check_stop():
    if STOP.is_set():
        raise Interrupted("signal")


def zke(*args, timeout=90, check=True):
    r = subprocess.run([ZKE, *args], capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    if check and r.returncode != 0:
        raise RuntimeError(f"zk-ensemble {' '.join(args)} failed ({r.returncode}): {r.stderr.strip()[-2000:]}")
    return r


def four_letter(port, word, timeout=2.0):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.settimeout(timeout)
            s.sendall(word.encode())
            chunks = []
            while True:
                b = s.recv(4096)
                if not b:
                    break
                chunks.append(b)
            return b"".join(chunks).decode(errors="replace")
    except OSError:
        return ""


def srvr_mode(port):
    """The Mode: line of a member's srvr ("leader", "follower", ...), or "" when it does not serve."""
    for line in four_letter(port, "srvr", timeout=1.0).splitlines():
        if line.startswith("Mode: "):
            return line[6:].strip()
    return ""


# ---------------------------------------------------------------------------------------------------------
class Partition:
    """Cuts TCP ports off on loopback with iptables: every packet to or from them (--dport and --sport) is dropped.

    The rules live in a chain of their own (CHAIN), jumped to from the top of INPUT (-i lo) and OUTPUT (-o lo), so
    that healing removes exactly what cut() added and nothing else on the machine. heal() is idempotent and runs
    on every path (restore, the end of an ensemble, a signal); benchmarks/verdict-truth removes the chain too when
    this process dies without doing it."""

    JUMPS = (("INPUT", "-i"), ("OUTPUT", "-o"))

    def __init__(self, chain=CHAIN):
        self.chain = chain
        self.ports = []

    @staticmethod
    def iptables(*args, check=True):
        r = subprocess.run(["iptables", "-w", "5", *args], capture_output=True, text=True, timeout=30,
                           stdin=subprocess.DEVNULL)
        if check and r.returncode != 0:
            raise RuntimeError(f"iptables {' '.join(args)} failed ({r.returncode}): {r.stderr.strip()[-500:]}")
        return r

    def cut(self, ports):
        self.heal()
        self.ports = list(ports)
        self.iptables("-N", self.chain)
        for port in self.ports:
            for direction in ("--dport", "--sport"):
                self.iptables("-A", self.chain, "-p", "tcp", direction, str(port), "-j", "DROP")
        for builtin, iface in self.JUMPS:
            self.iptables("-I", builtin, "1", iface, "lo", "-j", self.chain)
        self.verify_cut()

    @staticmethod
    def dropped(port):
        """Does a connect to the port time out (its SYN dropped)? Refused or accepted both mean it gets through."""
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.settimeout(0.3)
            try:
                s.connect(("127.0.0.1", port))
            except (socket.timeout, TimeoutError):
                return True
            except OSError:
                return False
        return False

    def verify_cut(self):
        """The fault must be real: the quorum port must drop a connect (one port proves the chain is hooked up;
        checking each would delay the first sample by 0.3 s a port)."""
        if not self.dropped(self.ports[0]):
            raise RuntimeError(f"partition: port {self.ports[0]} still answers a connect with chain {self.chain} "
                               "in place")

    def heal(self):
        """Delete the jumps and the chain if present, then check that the cut ports answer again: leaves no trace
        of this run in iptables."""
        for builtin, iface in self.JUMPS:
            while self.iptables("-C", builtin, iface, "lo", "-j", self.chain, check=False).returncode == 0:
                self.iptables("-D", builtin, iface, "lo", "-j", self.chain)
        if self.iptables("-S", self.chain, check=False).returncode == 0:
            self.iptables("-F", self.chain)
            self.iptables("-X", self.chain)
        still = [p for p in self.ports if self.dropped(p)]
        if still:
            raise RuntimeError(f"partition: ports {still} still drop connects after chain {self.chain} was removed")
        self.ports = []


# ---------------------------------------------------------------------------------------------------------
class Ensemble:
    """A scripts/zk-ensemble ensemble this harness starts in a block of its own (base ports quarter + 0, 10, … 40,
    the first free one), breaks, restores and destroys; tick and sync_limit are its zoo.cfg's tickTime (ms) and
    syncLimit."""

    def __init__(self, name, servers, observers, quarter, tick=500, sync_limit=4):
        self.name, self.servers, self.observers = name, servers, observers
        self.tick, self.sync_limit = tick, sync_limit
        self.dir = None
        self.ports = {}  # id -> client port
        self.roles = {}  # id -> participant / observer
        self.state = {}  # id -> running / killed / paused / restarting
        self.lock = threading.Lock()
        self.fill_sockets = []
        self.quarter = quarter
        self.parent = None
        self.partition = Partition()

    def start(self):
        parent = tempfile.mkdtemp(prefix=f"{PROGRAM}.")
        last_error = None
        for offset in (0, 10, 20, 30, 40):
            base = self.quarter + offset
            d = os.path.join(parent, f"ens{base}")
            r = zke("start", "--dir", d, "--servers", str(self.servers), "--observers", str(self.observers),
                    "--base-port", str(base), "--tick", str(self.tick), "--sync-limit", str(self.sync_limit),
                    "--owner-pid", str(os.getpid()), "--wait", "60", timeout=120, check=False)
            self.parent = parent
            if os.path.exists(os.path.join(d, "ensemble.env")):
                self.dir = d
            elif os.path.isdir(d):  # refused before it wrote anything (ports in use): our own empty directory
                shutil.rmtree(d, ignore_errors=True)
            if r.returncode == 0:
                break
            last_error = r.stderr.strip()
            if self.dir:  # started but did not serve: do not try another block
                raise RuntimeError(f"start {self.name}: {last_error[-2000:]}")
        else:
            raise RuntimeError(f"start {self.name}: no free port block: {last_error}")
        for line in r.stdout.splitlines():
            f = line.split()
            if f and f[0] == "member":
                mid = int(f[1])
                self.ports[mid] = int(f[2].rsplit(":", 1)[1])
                self.roles[mid] = f[3]
                self.state[mid] = "running"
        log(f"started {self.name} in {self.dir}: " + ", ".join(f"{i}:{p}/{self.roles[i]}" for i, p in self.ports.items()))

    def destroy(self):
        self.close_fill()
        try:
            self.partition.heal()
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
            log(f"could not remove iptables chain {CHAIN}: {e}; remove it with: iptables -D INPUT -i lo -j {CHAIN}; "
                f"iptables -D OUTPUT -o lo -j {CHAIN}; iptables -F {CHAIN}; iptables -X {CHAIN}")
        if self.dir:
            try:
                zke("destroy", self.dir, timeout=120, check=False)
            finally:
                self.dir = None
        if self.parent:
            try:
                os.rmdir(self.parent)  # only when destroy emptied it
            except OSError:
                pass

    # -- membership ---------------------------------------------------------------------------------------
    @property
    def ids(self):
        return sorted(self.ports)

    @property
    def voters(self):
        return [i for i in self.ids if self.roles[i] == "participant"]

    @property
    def observer_ids(self):
        return [i for i in self.ids if self.roles[i] == "observer"]

    @property
    def majority(self):
        return len(self.voters) // 2 + 1

    def snapshot(self):
        with self.lock:
            live = sum(1 for i in self.voters if self.state[i] in UP_STATES)
            states = " ".join(f"{i}:{self.state[i]}" for i in self.ids)
        return live, states

    def set_state(self, ids, st):
        with self.lock:
            for i in ids:
                self.state[i] = st

    def leader(self, timeout=30):
        if self.servers == 1:
            return self.ids[0]
        r = zke("leader", self.dir, "--timeout", str(timeout), timeout=timeout + 30, check=False)
        if r.returncode != 0:
            raise RuntimeError(f"{self.name}: no leader within {timeout} s: {r.stderr.strip()[-500:]}")
        return int(r.stdout.strip())

    def followers(self):
        lead = self.leader()
        return [i for i in self.voters if i != lead and self.state[i] == "running"]

    # -- faults -------------------------------------------------------------------------------------------
    def kill(self, ids):
        zke("kill", self.dir, *map(str, ids))
        self.set_state(ids, "killed")

    def pause(self, ids):
        zke("pause", self.dir, *map(str, ids))
        self.set_state(ids, "paused")

    def resume(self, ids):
        zke("resume", self.dir, *map(str, ids))
        self.set_state(ids, "running")

    def restart(self, ids):
        self.set_state(ids, "restarting")
        zke("restart", self.dir, *map(str, ids), "--wait", "60", timeout=150)
        self.set_state(ids, "running")

    def peer_ports(self, mid):
        """(quorum port, election port) of a member, from the server.N lines of its zoo.cfg."""
        with open(os.path.join(self.dir, f"zoo{mid}.cfg")) as f:
            for line in f:
                m = re.match(rf"server\.{mid}=[^:]+:(\d+):(\d+)", line.strip())
                if m:
                    return int(m.group(1)), int(m.group(2))
        raise RuntimeError(f"{self.name}: no server.{mid} line in zoo{mid}.cfg")

    def cut_off(self, mid):
        """Drop every packet to and from the member's quorum and election ports; its client port stays reachable."""
        self.set_state([mid], "partitioned")
        self.partition.cut(self.peer_ports(mid))

    def heal(self):
        self.partition.heal()
        with self.lock:
            for i in self.ids:
                if self.state[i] == "partitioned":
                    self.state[i] = "running"

    def new_leader_besides(self, old, timeout=30):
        """Wait until a member other than `old` says it leads (zk-ensemble leader would name the first leader
        in id order, which may still be the cut-off one)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            check_stop()
            for i in self.voters:
                if i != old and srvr_mode(self.ports[i]) == "leader":
                    return i
            time.sleep(0.1)
        raise RuntimeError(f"{self.name}: no leader besides member {old} within {timeout} s")

    def wait_one_leader(self, timeout=60):
        """Wait until exactly one voter says it leads and every other one follows. `zk-ensemble wait` and `leader`
        do not tell a resumed leader that has not yet noticed it lost its followers (up to syncLimit x tickTime)
        from the one the others follow: a fault aimed at "the leader" or "a follower" would hit the wrong one."""
        deadline = time.monotonic() + timeout
        while True:
            check_stop()
            modes = {i: srvr_mode(self.ports[i]) for i in self.voters}
            leaders = [i for i, m in modes.items() if m == "leader"]
            if len(self.voters) == 1 or (len(leaders) == 1 and
                                         all(m == "follower" for i, m in modes.items() if i != leaders[0])):
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name}: not one leader and the rest following within {timeout} s: {modes}")
            time.sleep(0.1)

    def fill_accept_queue(self, mid):
        """Open connections to a (paused) member's client port until one does not connect in time."""
        port = self.ports[mid]
        for _ in range(FILL_MAX):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.settimeout(FILL_CONNECT_TIMEOUT)
            try:
                s.connect(("127.0.0.1", port))
            except OSError:
                s.close()
                break
            self.fill_sockets.append(s)
        return len(self.fill_sockets)

    def close_fill(self):
        for s in self.fill_sockets:
            try:
                s.close()
            except OSError:
                pass
        self.fill_sockets = []

    def restore(self):
        """Every member running and serving again, a leader, server statistics reset."""
        self.close_fill()
        self.heal()
        with self.lock:
            paused = [i for i in self.ids if self.state[i] == "paused"]
            dead = [i for i in self.ids if self.state[i] in ("killed", "restarting")]
        if paused:
            self.resume(paused)
        if dead:
            self.restart(dead)
        zke("wait", self.dir, "--timeout", "90", timeout=150)
        self.leader(timeout=30)
        # srst: a latency spike from the last fault would otherwise stay in every later Latency max.
        for i in self.ids:
            four_letter(self.ports[i], "srst")


# ---------------------------------------------------------------------------------------------------------
class WriteProbe:
    """One kazoo client per member; a write succeeds when any of them creates and deletes an ephemeral znode.

    connection_retry: kazoo's reconnection schedule (KazooRetry's arguments); scripts/tests/write-truth.py asks for
    a short fixed one, so that a client sees its member serve again within its own sampling period."""

    def __init__(self, ens, deadline=WRITE_DEADLINE, prefix="/verdict-truth-", connection_retry=None):
        self.deadline, self.prefix = deadline, prefix
        self.clients = []
        for i in ens.ids:
            c = KazooClient(hosts=f"127.0.0.1:{ens.ports[i]}", timeout=4.0,
                            connection_retry=connection_retry
                            or dict(max_tries=-1, delay=0.05, backoff=1.5, max_delay=0.25),
                            command_retry=None)
            c.start_async()
            self.clients.append(c)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not all(c.state == KazooState.CONNECTED for c in self.clients):
            time.sleep(0.05)

    def write(self):
        """(writes ok, seconds): can a client write within the deadline (WRITE_DEADLINE unless given)? Every
        member's client tries at once; one that is reconnecting (after an election) or loses its connection
        mid-write tries again while the deadline lasts, as a client of the ensemble would."""
        done = threading.Event()
        t0 = time.monotonic()
        deadline = t0 + self.deadline
        for c in self.clients:
            threading.Thread(target=self.attempt, args=(c, deadline, done), daemon=True).start()
        ok = done.wait(self.deadline - (time.monotonic() - t0))
        return ok, time.monotonic() - t0

    def attempt(self, c, deadline, done):
        while not done.is_set() and time.monotonic() < deadline:
            if c.state != KazooState.CONNECTED:
                time.sleep(0.02)
                continue
            path = f"{self.prefix}{uuid.uuid4().hex}"
            try:
                created = c.create_async(path, b"", ephemeral=True)
            except Exception:
                time.sleep(0.02)
                continue

            def on_created(res, c=c, path=path):
                try:
                    res.get_nowait()
                    deleted = c.delete_async(path)  # also when the create answers after the deadline
                except Exception:
                    return
                deleted.rawlink(lambda res2: done.set() if res2.successful() else None)

            created.rawlink(on_created)
            created.wait(max(deadline - time.monotonic(), 0))
            if not created.ready() or created.successful():
                return  # still waiting at the deadline, or deleting now: done says which
            time.sleep(0.02)  # failed at once (connection lost): try again while the deadline lasts

    def close(self):
        for c in self.clients:
            try:
                c.stop()
                c.close()
            except Exception:
                pass
