#!/usr/bin/env python3
"""Fake ensembles for benchmarks/check-bench and benchmarks/exporter: ENSEMBLES ensembles of MEMBERS fake ZooKeeper
3.8 members on 127.0.0.1, served by one thread with selectors (non-blocking), so 1,000 ensembles of 3 (3,000
listening sockets) fit in one process.

Member 1 of each ensemble is the leader, the others follow at the same zxid. In every SILENT_EVERY-th ensemble
(the 1st, the 11th, ...) the last member accepts and never answers (a SIGSTOPped JVM); it closes its end
SILENT_HOLD seconds after the client shut its writing side (4lw clients do right after the word). Answers srvr/stat, mntr, conf, ruok like 3.8 does, one word per connection.

Ports: below the ephemeral range (32768), a block chosen at random and checked by binding (a port in use is
skipped). RLIMIT_NOFILE is raised to the hard limit. Writes one line per ensemble, its members comma-separated, to
ENSEMBLES_FILE once all listen; serves until SIGTERM/SIGINT. Its own CPU use is in /proc/PID/stat (the exporter
benchmark reads it).
"""
import argparse
import collections
import errno
import os
import random
import resource
import selectors
import signal
import socket
import time

VERSION = "3.8.0-fake, built on 2024-01-01 00:00 UTC"
PORT_FLOOR, PORT_CEILING = 10000, 32768  # below the ephemeral range (ip_local_port_range starts at 32768)


def reply(word: bytes, mode: str) -> bytes:
    if word == b"ruok":
        return b"imok"
    if word in (b"srvr", b"stat"):
        return (
            f"Zookeeper version: {VERSION}\nLatency min/avg/max: 0/0.4286/3\nReceived: 120\nSent: 119\n"
            f"Connections: 2\nOutstanding: 0\nZxid: 0x100000003\nMode: {mode}\nNode count: 5\n"
        ).encode()
    if word == b"mntr":
        text = f"zk_version\t{VERSION}\nzk_server_state\t{mode}\nzk_avg_latency\t0.4286\nzk_max_latency\t3\n"
        text += "zk_open_file_descriptor_count\t60\nzk_max_file_descriptor_count\t1048576\n"
        if mode == "leader":
            text += "zk_learners\t4\nzk_synced_followers\t4\nzk_pending_syncs\t0\n"
        return text.encode()
    if word == b"conf":
        return b"clientPort=2181\ntickTime=2000\nversion=100000000"
    return b""


def listen_block(count: int, rng: random.Random) -> list:
    """`count` listening sockets on 127.0.0.1 ports below 32768, from a random start, skipping ports in use."""
    span = PORT_CEILING - PORT_FLOOR
    if count > span // 2:
        raise SystemExit(f"check-fakes: {count} members need more ports than {PORT_FLOOR}-{PORT_CEILING} spare; "
                         "ask for fewer ensembles")
    start = rng.randrange(span)
    sockets = []
    for step in range(span):
        if len(sockets) == count:
            return sockets
        port = PORT_FLOOR + (start + step) % span
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.bind(("127.0.0.1", port))
            s.listen(128)
        except OSError as e:
            s.close()
            if e.errno in (errno.EADDRINUSE, errno.EACCES):
                continue
            raise
        s.setblocking(False)
        sockets.append(s)
    raise SystemExit(f"check-fakes: only {len(sockets)} of {count} ports below {PORT_CEILING} are free")


class Fleet:
    """The listening sockets and their connections on one selector: each connection reads its 4-byte word,
    answers and closes (a silent member reads and discards, and holds the connection SILENT_HOLD s after EOF)."""

    def __init__(self, silent_hold: float):
        self.selector = selectors.DefaultSelector()
        self.stopping = False
        self.silent_hold = silent_hold
        self.held = collections.deque()  # (close at, connection) of silent members' connections the client shut

    def add_member(self, listener, mode: str, silent: bool):
        self.selector.register(listener, selectors.EVENT_READ, ("listener", mode, silent))

    def serve(self):
        while not self.stopping:
            while self.held and self.held[0][0] <= time.monotonic():
                self.held.popleft()[1].close()
            for key, events in self.selector.select(timeout=0.5):
                kind = key.data[0]
                if kind == "listener":
                    self.accept(key.fileobj, key.data[1], key.data[2])
                elif kind == "read":
                    self.read(key)
                else:
                    self.write(key)

    def accept(self, listener, mode, silent):
        for _ in range(64):
            try:
                conn, _ = listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as e:  # EMFILE and the like: leave the rest in the backlog for a later turn
                if e.errno in (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM):
                    return
                continue
            conn.setblocking(False)
            self.selector.register(conn, selectors.EVENT_READ, ["read", mode, silent, b""])

    def close(self, conn):
        self.selector.unregister(conn)
        conn.close()

    def read(self, key):
        conn, state = key.fileobj, key.data
        try:
            data = conn.recv(4096)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            if state[2]:  # a silent member keeps its end open a while: the client sees no answer, not an EOF
                self.selector.unregister(conn)
                self.held.append((time.monotonic() + self.silent_hold, conn))
            else:
                self.close(conn)
            return
        if state[2]:  # silent: swallow until the client gives up
            return
        state[3] += data
        if len(state[3]) >= 4:
            answer = reply(state[3][:4], state[1])
            self.selector.modify(conn, selectors.EVENT_WRITE, ["write", answer])
            self.write(self.selector.get_key(conn))

    def write(self, key):
        conn, state = key.fileobj, key.data
        try:
            sent = conn.send(state[1]) if state[1] else 0
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self.close(conn)
            return
        state[1] = state[1][sent:]
        if not state[1]:
            self.close(conn)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ensembles", type=int, default=100)
    parser.add_argument("--members", type=int, default=5)
    parser.add_argument("--silent-every", type=int, default=5)
    parser.add_argument("--ensembles-file", required=True)
    parser.add_argument("--silent-hold", type=float, default=30,
                        help="seconds a silent member holds a connection after the client shut its side")
    parser.add_argument("--seed", type=int, default=None, help="the port block's random start (default: random)")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    needed = args.ensembles * args.members
    if needed + 64 > hard:
        raise SystemExit(f"check-fakes: {needed} members need more descriptors than the hard limit {hard}; "
                         "raise it (ulimit -Hn) or ask for fewer ensembles")

    fleet = Fleet(args.silent_hold)

    def stop(*_):
        fleet.stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    listeners = listen_block(needed, random.Random(args.seed))
    lines = []
    for e in range(args.ensembles):
        silent_member = args.members - 1 if args.silent_every > 0 and e % args.silent_every == 0 else -1
        addresses = []
        for m in range(args.members):
            listener = listeners[e * args.members + m]
            fleet.add_member(listener, "leader" if m == 0 else "follower", m == silent_member)
            addresses.append(f"127.0.0.1:{listener.getsockname()[1]}")
        lines.append(",".join(addresses) + "\n")
    with open(args.ensembles_file + ".tmp", "w") as f:
        f.writelines(lines)
    os.replace(args.ensembles_file + ".tmp", args.ensembles_file)
    fleet.serve()


if __name__ == "__main__":
    main()
