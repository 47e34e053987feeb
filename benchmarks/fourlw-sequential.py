#!/usr/bin/env python3
"""The plain way: ask each member srvr, mntr, conf and ruok one after another with a socket timeout, and say
which member leads. What a monitoring script written in an afternoon does; the peer for benchmarks/check-bench.

    fourlw-sequential.py --timeout 1 host:port,host:port,...
"""
import socket
import sys


def ask(host: str, port: int, word: str, timeout: float) -> str:
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.settimeout(timeout)
        s.sendall(word.encode())
        s.shutdown(socket.SHUT_WR)
        chunks = []
        while True:
            data = s.recv(65536)
            if not data:
                break
            chunks.append(data)
        return b"".join(chunks).decode("utf-8", "replace")


def main() -> int:
    timeout = 5.0
    args = sys.argv[1:]
    if args[:1] == ["--timeout"]:
        timeout = float(args[1])
        args = args[2:]
    members = args[0].split("/")[0].split(",")
    leaders, serving = [], 0
    for member in members:
        host, _, port = member.rpartition(":")
        mode = None
        for word in ("srvr", "mntr", "conf", "ruok"):
            try:
                text = ask(host, int(port), word, timeout)
            except OSError:
                break
            if word == "srvr":
                for line in text.splitlines():
                    if line.startswith("Mode: "):
                        mode = line[6:]
        if mode:
            serving += 1
            if mode == "leader":
                leaders.append(member)
    print(f"{serving}/{len(members)} serving, leader {','.join(leaders) or 'none'}")
    return 0 if len(leaders) == 1 and serving == len(members) else 1


if __name__ == "__main__":
    sys.exit(main())
