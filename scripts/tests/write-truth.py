#!/usr/bin/python3
"""write-truth: when could a client write to a ZooKeeper ensemble? Ground truth that shares no code with zkprobe.

    scripts/tests/write-truth.py [--period SECONDS] PORT...

PORT... are the members' client ports on 127.0.0.1. Through one kazoo client per member (each connected to its
member only: benchmarks/zk_harness.py's WriteProbe, as verdict-truth and the drill use it, here with a reconnection
every 20 ms so that a client sees its member serve again within one period) it starts a sample every --period
(0.1 s): a sample's write succeeds when, on any of the clients, an ephemeral znode /write-truth-<random> is created
and deleted within 1 s. Samples overlap: one that waits for an election does not delay the next. Each prints one
JSON line when it ends, in the order they end:

    {"t": 1796608984.125, "ok": true, "seconds": 0.004}

t = when the sample started (seconds since the Unix epoch), ok = the write succeeded, seconds = from t until the
sample ended (the write done, or its 1 s deadline past). Runs until SIGTERM or SIGINT, then waits for the samples
under way, prints them and exits 0. Exit 2 with a one-line message when the arguments are wrong or kazoo is missing
(Debian: python3-kazoo).
Used by Tests/IntegrationTests/WatchLeaderKillTests.swift.
"""

import json
import os
import signal
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RECONNECT = dict(max_tries=-1, delay=0.02, backoff=1.0, max_jitter=0.0, max_delay=0.02)


def fail(message):
    print(f"write-truth: {message}", file=sys.stderr, flush=True)
    sys.exit(2)


def arguments(argv):
    period, ports = 0.1, []
    words = iter(argv)
    for word in words:
        if word == "--period":
            try:
                period = float(next(words, ""))
            except ValueError:
                fail("--period needs a number of seconds, such as 0.1")
            if not 0.01 <= period <= 10:
                fail("--period must be between 0.01 and 10 seconds")
        elif word.isdigit() and 0 < int(word) < 65536:
            ports.append(int(word))
        else:
            fail(f"{word!r} is not a client port; usage: write-truth.py [--period SECONDS] PORT...")
    if not ports:
        fail("name at least one client port; usage: write-truth.py [--period SECONDS] PORT...")
    return period, ports


class Members:
    """What WriteProbe needs of an ensemble: member ids and their client ports."""

    def __init__(self, ports):
        self.ports = dict(enumerate(ports, start=1))
        self.ids = sorted(self.ports)


def main():
    period, ports = arguments(sys.argv[1:])
    sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
    try:
        from zk_harness import WriteProbe
    except ImportError as error:
        fail(f"cannot import kazoo ({error}); install the Debian package python3-kazoo (scripts/test does)")

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    printing = threading.Lock()
    probe = WriteProbe(Members(ports), prefix="/write-truth-", connection_retry=RECONNECT)

    def sample(started):
        ok, _ = probe.write()
        # From the sample's start to now on one clock: on a loaded machine a thread may start late, and seconds
        # counted from inside write() would put a write that waited for an election before it was done.
        seconds = time.time() - started
        line = json.dumps({"t": round(started, 3), "ok": ok, "seconds": round(seconds, 3)})
        with printing:
            print(line, flush=True)

    samples = []
    due = time.monotonic()
    while not stop.is_set():
        thread = threading.Thread(target=sample, args=(time.time(),), daemon=True)
        thread.start()
        samples.append(thread)
        samples = [s for s in samples if s.is_alive()]
        due += period
        stop.wait(max(due - time.monotonic(), 0))
    for thread in samples:
        thread.join()
    probe.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
