#!/usr/bin/env python3
"""Fake four-letter-word servers for benchmarks/probe-fanout: COUNT listeners on 127.0.0.1, each on its own port.

Every SILENT_EVERY-th listener accepts and never answers (a SIGSTOPped JVM); the others answer ruok with imok and
anything else with a srvr-like reply, then close. Writes "127.0.0.1:PORT" lines to PORTS_FILE once all listen, then
serves until SIGTERM/SIGINT.
"""
import argparse
import asyncio
import os
import resource
import signal

SRVR = (
    "Zookeeper version: 3.8.0-fake, built on 2024-01-01 00:00 UTC\n"
    "Latency min/avg/max: 0/0.4286/3\nReceived: 120\nSent: 119\nConnections: 2\nOutstanding: 0\n"
    "Zxid: 0x100000003\nMode: follower\nNode count: 5\n"
).encode()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--silent-every", type=int, default=10)
    parser.add_argument("--ports-file", required=True)
    args = parser.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, max(soft, 4 * args.count + 256))
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    def handler(silent: bool):
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                word = await asyncio.wait_for(reader.read(4), timeout=30)
                if silent:
                    await stop.wait()
                else:
                    writer.write(b"imok" if word == b"ruok" else SRVR)
                    await writer.drain()
            except (OSError, asyncio.TimeoutError):
                pass
            finally:
                writer.close()

        return handle

    servers = []
    lines = []
    for index in range(args.count):
        silent = args.silent_every > 0 and index % args.silent_every == 0
        server = await asyncio.start_server(handler(silent), "127.0.0.1", 0, backlog=64)
        servers.append(server)
        lines.append(f"127.0.0.1:{server.sockets[0].getsockname()[1]}\n")
    temporary = args.ports_file + ".tmp"
    with open(temporary, "w") as file:
        file.writelines(lines)
    os.replace(temporary, args.ports_file)
    await stop.wait()
    for server in servers:
        server.close()


if __name__ == "__main__":
    asyncio.run(main())
