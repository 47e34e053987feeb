#!/usr/bin/env python3
"""Captures real ZooKeeper client sessions, frame by frame, into Tests/ZKProbeTests/Fixtures/client/.

A recording TCP proxy sits between ZooKeeper's own Java client (Debian's zkCli.sh) and a real 3-member 3.8
ensemble started by scripts/zk-ensemble (every member with -Dreadonlymode.enabled=true). Each session gets its
own proxy listener; what each side sent is split into frames (4-byte big-endian length + payload) and written
as <session>.client.hex and <session>.server.hex: one frame per line, its bytes in hex (length included), then
"  # " and what the frame is (decoded here from the jute layout, for people reading the files).

Sessions (see README.md): writer (through the leader), watcher (through a follower), denied (through the other
follower), refused (a member without quorum refusing a session), readonly (the same member in read-only mode).

Usage: Tests/ZKProbeTests/Fixtures/client/capture.py [OUT_DIR]   (default: this script's directory)
Needs: zookeeper (Debian package, /usr/share/zookeeper/bin/zkCli.sh), java, bash. Takes about a minute; every
JVM it starts is stopped and the ensemble destroyed on exit.
"""

import base64
import hashlib
import os
import re
import socket
import struct
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
ENSEMBLE = os.path.join(REPO, "scripts", "zk-ensemble")
ZKCLI = "/usr/share/zookeeper/bin/zkCli.sh"
ROOT = "/zkprobe-fixture"
USER, PASSWORD = "zkprobe", "fixture-secret"

OPS = {1: "create", 2: "delete", 3: "exists", 4: "getData", 5: "setData", 8: "getChildren", 9: "sync",
       11: "ping", 12: "getChildren2", 15: "create2", 100: "auth", 101: "setWatches", -11: "closeSession"}
EVENTS = {1: "NodeCreated", 2: "NodeDeleted", 3: "NodeDataChanged", 4: "NodeChildrenChanged"}
CREATE_MODES = {0: "persistent", 1: "ephemeral", 2: "persistent-sequential", 3: "ephemeral-sequential"}


def fail(message):
    print(f"capture.py: {message}", file=sys.stderr)
    sys.exit(1)


class Reader:
    """Reads jute fields from one frame's payload."""

    def __init__(self, data):
        self.data, self.at = data, 0

    def take(self, count):
        if self.at + count > len(self.data):
            raise ValueError("short frame")
        chunk = self.data[self.at:self.at + count]
        self.at += count
        return chunk

    def int(self):
        return struct.unpack(">i", self.take(4))[0]

    def long(self):
        return struct.unpack(">q", self.take(8))[0]

    def bool(self):
        return self.take(1)[0] != 0

    def buffer(self):
        length = self.int()
        return None if length < 0 else self.take(length)

    def string(self):
        raw = self.buffer()
        return None if raw is None else raw.decode("utf-8", "replace")

    def stat(self):
        names = ["czxid", "mzxid", "ctime", "mtime", "version", "cversion", "aversion", "ephemeralOwner",
                 "dataLength", "numChildren", "pzxid"]
        kinds = "qqqqiiiqiiq"
        return dict(zip(names, struct.unpack(">" + kinds, self.take(68))))

    def acls(self):
        count = self.int()
        return [f"{self.int()}:{self.string()}:{self.string()}" for _ in range(max(count, 0))]

    def rest(self):
        return len(self.data) - self.at


def describe_stat(stat):
    return "stat(" + " ".join(f"{key}={value}" for key, value in stat.items()) + ")"


class Session:
    """One proxied connection: frames per direction, each with what it is."""

    def __init__(self, name):
        self.name = name
        self.lock = threading.Condition()
        self.raw = {"client": bytearray(), "server": bytearray()}
        self.frames = {"client": [], "server": []}
        self.ops = {}  # xid -> op code of the client's requests
        self.closed = False

    def feed(self, side, chunk):
        with self.lock:
            buffer = self.raw[side]
            buffer += chunk
            while len(buffer) >= 4:
                length = struct.unpack(">i", buffer[:4])[0]
                if len(buffer) < 4 + length:
                    break
                frame = bytes(buffer[:4 + length])
                del buffer[:4 + length]
                note = self.describe(side, frame[4:])
                self.frames[side].append((frame, note))
            self.lock.notify_all()

    def describe(self, side, payload):
        first = not self.frames[side]
        reader = Reader(payload)
        try:
            if first and side == "client":
                return (f"ConnectRequest protocolVersion={reader.int()} lastZxidSeen={reader.long()} "
                        f"timeOut={reader.int()} sessionId={reader.long()} passwd={len(reader.buffer() or b'')}B"
                        + (f" readOnly={str(reader.bool()).lower()}" if reader.rest() else ""))
            if first and side == "server" and len(payload) == 16:
                return ("ReplyHeader in place of a ConnectResponse "
                        f"xid={reader.int()} zxid=0x{reader.long():x} err={reader.int()}")
            if first and side == "server":
                return (f"ConnectResponse protocolVersion={reader.int()} timeOut={reader.int()} "
                        f"sessionId=0x{reader.long() & (2**64 - 1):x} passwd={len(reader.buffer() or b'')}B"
                        + (f" readOnly={str(reader.bool()).lower()}" if reader.rest() else ""))
            if side == "client":
                return self.describe_request(reader)
            return self.describe_reply(reader)
        except ValueError as error:
            return f"undecodable: {error}"

    def describe_request(self, reader):
        xid, op = reader.int(), reader.int()
        self.ops[xid] = op
        name = OPS.get(op, f"op{op}")
        text = f"request xid={xid} {name}"
        if op in (1, 15):
            path, data, acl, flags = reader.string(), reader.buffer(), reader.acls(), reader.int()
            text += f" path={path} data={data!r} acl={acl} flags={flags} ({CREATE_MODES.get(flags, '?')})"
        elif op == 2:
            text += f" path={reader.string()} version={reader.int()}"
        elif op in (3, 4, 8, 12):
            text += f" path={reader.string()} watch={str(reader.bool()).lower()}"
        elif op == 9:
            text += f" path={reader.string()}"
        elif op == 100:
            kind, scheme, auth = reader.int(), reader.string(), reader.buffer()
            text += f" type={kind} scheme={scheme} auth={auth!r}"
        return text

    def describe_reply(self, reader):
        xid, zxid, err = reader.int(), reader.long(), reader.int()
        if xid == -1:
            kind, state, path = reader.int(), reader.int(), reader.string()
            return f"notification xid=-1 zxid={zxid} err={err} {EVENTS.get(kind, kind)} state={state} path={path}"
        op = self.ops.get(xid)
        text = f"reply xid={xid} zxid=0x{zxid & (2**64 - 1):x} err={err} ({OPS.get(op, op)})"
        if err != 0 or reader.rest() == 0:
            return text
        if op in (1, 9):
            text += f" path={reader.string()}"
        elif op == 15:
            text += f" path={reader.string()} {describe_stat(reader.stat())}"
        elif op == 3:
            text += " " + describe_stat(reader.stat())
        elif op == 4:
            data = reader.buffer()
            text += f" data={data!r} {describe_stat(reader.stat())}"
        return text

    def requests(self):
        with self.lock:
            return [frame for frame, note in self.frames["client"][1:]
                    if note.startswith("request") and " ping" not in note]

    def wait(self, predicate, timeout, what):
        deadline = time.monotonic() + timeout
        with self.lock:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    fail(f"session {self.name}: timed out waiting for {what}")
                self.lock.wait(left)

    def replied(self, xid):
        return any(note.startswith(f"reply xid={xid} ") for _, note in self.frames["server"])

    def end(self):
        with self.lock:
            self.closed = True
            self.lock.notify_all()

    def write(self, directory):
        for side in ("client", "server"):
            with open(os.path.join(directory, f"{self.name}.{side}.hex"), "w") as out:
                for frame, note in self.frames[side]:
                    out.write(f"{frame.hex()}  # {note}\n")
                if self.raw[side]:
                    out.write(f"# {len(self.raw[side])} trailing bytes that make no whole frame\n")


class Proxy:
    """A listener on 127.0.0.1 that forwards its first connection to one member and records it as a Session."""

    def __init__(self, name, upstream_port):
        self.session = Session(name)
        self.upstream_port = upstream_port
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        first = True
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not first:  # a client retrying after a refusal: only the first connection is the fixture
                client.close()
                continue
            first = False
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            done = threading.Barrier(2, action=self.session.end)
            for source, sink, side in ((client, upstream, "client"), (upstream, client, "server")):
                threading.Thread(target=self.pump, args=(source, sink, side, done), daemon=True).start()

    def pump(self, source, sink, side, done):
        while True:
            try:
                chunk = source.recv(65536)
            except OSError:
                chunk = b""
            if not chunk:
                try:
                    sink.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                break
            self.session.feed(side, chunk)
            try:
                sink.sendall(chunk)
            except OSError:
                break
        try:
            done.wait(timeout=30)
        except threading.BrokenBarrierError:
            pass

    def close(self):
        self.listener.close()


class ZkCli:
    """zkCli.sh reading commands from a pipe, through a Proxy; each command waits for its reply on the wire."""

    def __init__(self, proxy, read_only=False):
        self.proxy, self.session = proxy, proxy.session
        arguments = [ZKCLI, "-server", f"127.0.0.1:{proxy.port}"] + (["-r"] if read_only else [])
        self.process = subprocess.Popen(arguments, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.output = []
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        for line in self.process.stdout:
            with self.session.lock:
                self.output.append(line.rstrip("\n"))
                self.session.lock.notify_all()

    def connected(self, timeout=30):
        self.session.wait(lambda: len(self.session.frames["server"]) >= 1, timeout, "the ConnectResponse")

    def run(self, command, timeout=20):
        """Sends one command and waits until the server answered the request it made."""
        before = len(self.session.requests())
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        self.session.wait(lambda: len(self.session.requests()) > before, timeout, f"the request of '{command}'")
        xid = struct.unpack(">i", self.session.requests()[before][4:8])[0]
        self.session.wait(lambda: self.session.replied(xid), timeout, f"the reply to '{command}'")

    def expect(self, pattern, timeout=20):
        expression = re.compile(pattern)
        self.session.wait(lambda: any(expression.search(line) for line in self.output), timeout,
                          f"zkCli output matching {pattern!r}")

    def close(self):
        """closeSession, then quit; waits until the server closed the connection."""
        self.run("close")
        self.session.wait(lambda: self.session.closed, 20, "the server to close the connection")
        self.kill()

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def ensemble(*arguments):
    """Runs scripts/zk-ensemble; every member it starts (or restarts) runs with -Dreadonlymode.enabled=true."""
    env = dict(os.environ, ZK_ENSEMBLE_JVM_OPTS="-Dreadonlymode.enabled=true")
    result = subprocess.run([ENSEMBLE, *arguments], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        fail(f"scripts/zk-ensemble {' '.join(arguments)}: {result.stderr.strip()}")
    return result.stdout


def four_letter(port, word):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(word.encode())
        reply = b""
        while chunk := connection.recv(4096):
            reply += chunk
    return reply.decode("utf-8", "replace")


def wait_mode(port, text):
    deadline = time.monotonic() + 30
    while text not in four_letter(port, "srvr"):
        if time.monotonic() > deadline:
            fail(f"the member on port {port} never answered srvr with '{text}'")
        time.sleep(0.1)


def wait_read_only(port):
    wait_mode(port, "Mode: read-only")


def main():
    out = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else HERE
    os.makedirs(out, exist_ok=True)
    if not os.access(ZKCLI, os.X_OK):
        fail(f"{ZKCLI} is missing: apt-get install zookeeper")
    started = ensemble("start", "--servers", "3", "--owner-pid", str(os.getpid()))
    directory = re.search(r"^dir (.+)$", started, re.M).group(1)
    ports = {int(m.group(1)): int(m.group(2)) for m in re.finditer(r"^member (\d+) 127\.0\.0\.1:(\d+)", started, re.M)}
    clients, proxies = [], []
    try:
        leader = int(ensemble("leader", directory, "--timeout", "20").strip())
        follower, other = [member for member in sorted(ports) if member != leader]

        def session(name, member, read_only=False):
            proxy = Proxy(name, ports[member])
            proxies.append(proxy)
            client = ZkCli(proxy, read_only)
            clients.append(client)
            client.connected()
            return client

        digest = base64.b64encode(hashlib.sha1(f"{USER}:{PASSWORD}".encode()).digest()).decode()
        writer = session("writer", leader)
        writer.run(f"addauth digest {USER}:{PASSWORD}")
        writer.run("sync /")
        writer.run("stat /")
        writer.run(f"create {ROOT}")
        writer.run(f"create {ROOT} again")  # nodeExists
        writer.run(f"create {ROOT}/protected x digest:{USER}:{digest}:cdrwa")

        watcher = session("watcher", follower)
        watcher.run(f"stat -w {ROOT}/v")  # noNode, and the watch is set
        watcher.session.wait(
            lambda: any(" ping" in note for _, note in watcher.session.frames["client"]), 30, "a ping while idle")

        writer.run(f"create -e {ROOT}/v probe")
        watcher.session.wait(
            lambda: any("NodeCreated" in note for _, note in watcher.session.frames["server"]), 20,
            "the NodeCreated notification")
        writer.run(f"get {ROOT}/v")
        writer.run(f"create -e -s {ROOT}/seq- s")
        writer.run(f"delete {ROOT}/v")
        writer.run(f"get {ROOT}/missing")  # noNode
        writer.close()
        watcher.close()

        denied = session("denied", other)
        denied.run(f"create {ROOT}/protected/child x")  # noAuth
        denied.run(f"create {ROOT}/acl x auth::cdrwa")  # invalidACL: no authenticated identity
        denied.run(f"get {ROOT}/protected")  # noAuth on read
        denied.close()

        # The survivor without quorum refuses sessions (closes the connection after the ConnectRequest); after
        # about 2 s it is read-only, and with global sessions (the default) it answers a read-only client's
        # ConnectRequest with a bare ReplyHeader (xid 0, err notReadOnly) and closes; with
        # localSessionsEnabled=true it opens a read-only session.
        ensemble("stop", directory, str(leader), str(other))

        def refused(name, read_only=False):
            client = ZkCli(Proxy(name, ports[follower]), read_only)
            proxies.append(client.proxy)
            clients.append(client)
            client.session.wait(lambda: client.session.closed, 30, "the refused connection to close")
            client.kill()

        wait_mode(ports[follower], "not currently serving")
        refused("refused")
        wait_read_only(ports[follower])
        refused("readonly-global", read_only=True)
        with open(os.path.join(directory, f"zoo{follower}.cfg"), "a") as config:
            config.write("localSessionsEnabled=true\n")
        ensemble("restart", directory, str(follower))
        wait_read_only(ports[follower])
        readonly = session("readonly", follower, read_only=True)
        readonly.run("stat /")
        readonly.run(f"create {ROOT}/ro x")  # notReadOnly
        readonly.close()

        for proxy in proxies:
            proxy.session.write(out)
        print(f"captured {', '.join(p.session.name for p in proxies)} into {out}")
    except SystemExit:
        for proxy in proxies:  # what was captured so far, to see where it stopped
            proxy.session.write(out)
        raise
    finally:
        for client in clients:
            client.kill()
        for proxy in proxies:
            proxy.close()
        subprocess.run([ENSEMBLE, "destroy", directory], capture_output=True)


if __name__ == "__main__":
    main()
