#!/usr/bin/env python3
"""A tiny ZooKeeper client for benchmarks/probe-cleanup, in the standard library only (raw jute, no kazoo), so that
what it reports about the probe's leftovers does not come from zkprobe's own code.

    probe-cleanup-client.py word HOST:PORT WORD                 a four-letter word's reply
    probe-cleanup-client.py create HOST:PORT PATH               PATH as a persistent node open to all (exists: fine)
    probe-cleanup-client.py children HOST:PORT PATH             PATH's children, one a line
    probe-cleanup-client.py abandon HOST:PORT                   opens a session and exits without closing it, as a
                                                                killed client does (the benchmark's own test leaks so)
    probe-cleanup-client.py poll HOST:PORT PATH empty|nonempty TIMEOUT
        lists PATH's children every 20 ms through one session until the list is empty (or not), then prints
        "<unix time in ns> <child>..." of that listing; exit 1 when TIMEOUT seconds pass first

Errors print one line to stderr and exit 1.
"""
import socket
import struct
import sys
import time

# Operation codes and error codes of ZooKeeper's client protocol (ZooDefs.OpCode, KeeperException.Code).
CREATE, GET_CHILDREN, CLOSE_SESSION = 1, 8, -11
NO_NODE, NODE_EXISTS = -101, -110
PERMS_ALL = 31


class Failure(Exception):
    pass


def string(text: str) -> bytes:
    data = text.encode()
    return struct.pack(">i", len(data)) + data


def connect(address: str, timeout: float) -> socket.socket:
    host, _, port = address.rpartition(":")
    try:
        return socket.create_connection((host, int(port)), timeout=timeout)
    except OSError as error:
        raise Failure(f"{address}: cannot connect: {error}") from None


def word(address: str, text: str, timeout: float = 5.0) -> str:
    with connect(address, timeout) as s:
        s.sendall(text.encode())
        s.shutdown(socket.SHUT_WR)
        chunks = []
        while data := s.recv(65536):
            chunks.append(data)
        return b"".join(chunks).decode("utf-8", "replace")


class Session:
    """One session: ConnectRequest, then one request at a time; closeSession on close()."""

    def __init__(self, address: str, timeout_ms: int = 10000):
        self.address = address
        self.sock = connect(address, 10.0)
        self.xid = 0
        # protocolVersion, lastZxidSeen, timeOut, sessionId, passwd (16 zero bytes), readOnly
        self.send(struct.pack(">iqiqi", 0, 0, timeout_ms, 0, 16) + bytes(16) + b"\0")
        reply = self.receive()
        if len(reply) < 20:
            raise Failure(f"{address}: the server refused the session ({len(reply)}-byte handshake reply)")
        _, negotiated = struct.unpack(">ii", reply[:8])
        if negotiated <= 0:
            raise Failure(f"{address}: the server does not serve clients now (negotiated timeout {negotiated})")

    def send(self, payload: bytes) -> None:
        self.sock.sendall(struct.pack(">i", len(payload)) + payload)

    def receive(self) -> bytes:
        (length,) = struct.unpack(">i", self.exactly(4))
        if not 0 <= length <= 1 << 20:
            raise Failure(f"{self.address}: frame of {length} bytes")
        return self.exactly(length)

    def exactly(self, count: int) -> bytes:
        data = b""
        while len(data) < count:
            chunk = self.sock.recv(count - len(data))
            if not chunk:
                raise Failure(f"{self.address}: the server closed the connection")
            data += chunk
        return data

    def request(self, op: int, body: bytes) -> tuple[int, bytes]:
        """Sends one request; returns (error code, reply body), skipping notifications (xid -1)."""
        self.xid += 1
        self.send(struct.pack(">ii", self.xid, op) + body)
        while True:
            reply = self.receive()
            xid, _, err = struct.unpack(">iqi", reply[:16])
            if xid == self.xid:
                return err, reply[16:]
            if xid != -1:
                raise Failure(f"{self.address}: reply with xid {xid}, expected {self.xid}")

    def children(self, path: str) -> list[str]:
        err, body = self.request(GET_CHILDREN, string(path) + b"\0")
        if err != 0:
            raise Failure(f"{self.address}: getChildren {path} answered error {err}" + (" (no node)" if err == NO_NODE else ""))
        (count,) = struct.unpack(">i", body[:4])
        names, offset = [], 4
        for _ in range(count):
            (length,) = struct.unpack(">i", body[offset : offset + 4])
            names.append(body[offset + 4 : offset + 4 + length].decode())
            offset += 4 + length
        return names

    def create(self, path: str) -> None:
        acl = struct.pack(">ii", 1, PERMS_ALL) + string("world") + string("anyone")
        err, _ = self.request(CREATE, string(path) + struct.pack(">i", -1) + acl + struct.pack(">i", 0))
        if err == NO_NODE:
            raise Failure(f"{self.address}: cannot create {path}: its parent does not exist; create it or choose another path")
        if err not in (0, NODE_EXISTS):
            raise Failure(f"{self.address}: create {path} answered error {err}")

    def close(self) -> None:
        try:
            self.request(CLOSE_SESSION, b"")
        finally:
            self.sock.close()


def poll(session: Session, path: str, until: str, timeout: float) -> list[str]:
    limit = time.monotonic() + timeout
    while True:
        names = session.children(path)
        if (not names) == (until == "empty"):
            print(time.time_ns(), *names)
            return names
        if time.monotonic() > limit:
            raise Failure(f"{path} still {'has children' if until == 'empty' else 'empty'} after {timeout} s: {names}")
        time.sleep(0.02)


def main(args: list[str]) -> int:
    command = args[0] if args else ""
    try:
        if command == "word" and len(args) == 3:
            sys.stdout.write(word(args[1], args[2]))
            return 0
        if command == "abandon" and len(args) == 2:
            Session(args[1])
            return 0
        if command in ("create", "children") and len(args) == 3 or command == "poll" and len(args) == 5:
            session = Session(args[1])
            try:
                if command == "create":
                    session.create(args[2])
                elif command == "children":
                    for name in session.children(args[2]):
                        print(name)
                else:
                    poll(session, args[2], args[3], float(args[4]))
            finally:
                session.close()
            return 0
    except (Failure, OSError, struct.error) as error:
        print(f"probe-cleanup-client: {error}", file=sys.stderr)
        return 1
    print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
