"""session-hold-repro: a new session held by ZooKeeper 3.8.0 until another transaction commits, with kazoo alone.

Found while proving issue 18's client probe: about 1 in 1,000 `zkprobe check --write-probe` runs against a quiet,
healthy 3-member ensemble took 2.5 s (half the deadline, when the probe's write barrier releases and the other
sessions' creates commit) or the whole 5 s deadline (false WARNING member-cannot-write), and the member's `srvr`
Latency max read the same 2.5 s / 5.0 s: the server held the request. This script repeats the probe's pattern with
an independent client (kazoo), to tell a ZooKeeper behaviour from something zkprobe sends.

Each round, one thread per member, at once: connect (start), sync /, exists /, exists V with a watch, wait at a
3-thread barrier (3 s), then the first thread creates V and the others their own ephemeral node; get, delete, wait for
V's NodeCreated (2 s), close. Four-letter words (srvr mntr conf ruok) go to every member at the same time, as
zkprobe's check sends them. A round that takes more than 1 s is printed with each step's time.

  scripts/zk-ensemble start --dir /tmp/zkhold --servers 3 --tick 500
  benchmarks/.venv/bin/python benchmarks/session-hold-repro.py "$(scripts/zk-ensemble connect /tmp/zkhold)" 3000 words
  scripts/zk-ensemble destroy /tmp/zkhold

(benchmarks/.venv with kazoo is made by benchmarks/verdict-truth.) Seen on Debian's 3.8.0, tickTime 500: 1 held
round in 4,500 and 1 in 3,000, e.g. member 2's `start` (its ConnectResponse) took 3.023 s and came back 2 ms
after the other two members' creates, once their barrier wait ran out:
  [('start', 3.023), ('sync', 3.026), ('exists', 3.028), ...]
without the watch/barrier part, 0 in 3,000 (with and without read_only=True and the words).

The cause, found later: ZOOKEEPER-4537 (fixed in 3.8.1), a missed wakeup in the member's CommitProcessor, which then
holds a commit until the member takes another request. The server reads nothing from a connection between its
ConnectRequest and its ConnectResponse, so only another session's commit releases a handshake's hold, here and for
zkprobe alike; zkprobe pings while a later reply is missing (docs/zkprobe-check.md, "A hold in ZooKeeper 3.6.0-3.8.0").
"""
import sys, threading, time, logging, socket
from kazoo.client import KazooClient
logging.getLogger("kazoo").setLevel(logging.CRITICAL + 1)
if len(sys.argv) < 3 or not sys.argv[2].isdigit() or not 0 < int(sys.argv[2]) <= 100000:
    sys.exit("usage: session-hold-repro.py HOST:PORT,HOST:PORT,... ROUNDS(1-100000) [words]")
hosts = sys.argv[1].split(","); rounds = int(sys.argv[2])
client = KazooClient(hosts=hosts[0]); client.start(); client.ensure_path("/kzstall"); client.stop(); client.close()
slow = []; times = []
def one(r, i, out):
    t0 = time.monotonic()
    steps = []
    def mark(n): steps.append((n, round(time.monotonic() - t0, 3)))
    try:
        c = KazooClient(hosts=hosts[i], timeout=10, read_only=True)
        c.start(timeout=8); mark("start")
        c.sync("/"); mark("sync"); c.exists("/"); mark("exists")
        v = "/kzstall/v-%d" % r
        seen = threading.Event()
        c.exists(v, watch=lambda e: seen.set()); mark("watch")
        try: barriers[r % 2].wait(3)
        except threading.BrokenBarrierError: pass
        p = v if i == 0 else "/kzstall/n-%d-%d" % (r, i)
        mark("barrier"); c.create(p, b"x", ephemeral=True); mark("create"); c.get(p); c.delete(p); mark("delete")
        seen.wait(2); mark("seen")
        c.stop(); c.close()
        out[i] = time.monotonic() - t0
        if out[i] > 1.0: print("slow round %d member %s: %s" % (r, hosts[i], steps), flush=True)
    except Exception as e:
        out[i] = ("err", repr(e), time.monotonic() - t0)
def word(h, w):
    host, port = h.split(":")
    try:
        s = socket.create_connection((host, int(port)), timeout=5); s.sendall(w.encode())
        while s.recv(65536): pass
        s.close()
    except Exception: pass
barriers = [threading.Barrier(3), threading.Barrier(3)]
for r in range(rounds):
    barriers[r % 2].reset()
    out = [None]*len(hosts)
    ts = [threading.Thread(target=one, args=(r, i, out)) for i in range(len(hosts))]
    if len(sys.argv) > 3:
        ts += [threading.Thread(target=word, args=(h, w)) for h in hosts for w in ("srvr", "mntr", "conf", "ruok")]
    [t.start() for t in ts]; [t.join(30) for t in ts]
    for i, v in enumerate(out):
        if not isinstance(v, float) or v > 1.0: slow.append((r, i, v))
    times += [v for v in out if isinstance(v, float)]
times.sort()
print("rounds", rounds, "sessions", len(times), "median %.3f p99 %.3f max %.3f" % (times[len(times)//2], times[int(len(times)*0.99)], times[-1]))
print("slow or failed:", slow)
