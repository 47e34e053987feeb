#!/usr/bin/env python3
"""Fake ensembles for benchmarks/check-bench: ENSEMBLES ensembles of MEMBERS fake ZooKeeper 3.8 members on 127.0.0.1.

Member 1 of each ensemble is the leader, the others follow at the same zxid. In every SILENT_EVERY-th ensemble the
last member accepts and never answers (a SIGSTOPped JVM). Answers srvr/stat, mntr, conf, ruok like 3.8 does.
Writes one line per ensemble, its members comma-separated, to ENSEMBLES_FILE once all listen; serves until SIGTERM.
"""
import argparse
import asyncio
import resource
import signal

VERSION = "3.8.0-fake, built on 2024-01-01 00:00 UTC"


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


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ensembles", type=int, default=100)
    parser.add_argument("--members", type=int, default=5)
    parser.add_argument("--silent-every", type=int, default=5)
    parser.add_argument("--ensembles-file", required=True)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 8 * args.ensembles * args.members + 256)), hard))

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    def handler(mode: str, silent: bool):
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                word = await asyncio.wait_for(reader.read(4), timeout=30)
                if silent:
                    await stop.wait()
                else:
                    writer.write(reply(word, mode))
                    await writer.drain()
            except (OSError, asyncio.TimeoutError):
                pass
            finally:
                writer.close()

        return handle

    servers, lines = [], []
    for e in range(args.ensembles):
        silent_member = args.members - 1 if args.silent_every > 0 and e % args.silent_every == 0 else -1
        addresses = []
        for m in range(args.members):
            mode = "leader" if m == 0 else "follower"
            server = await asyncio.start_server(handler(mode, m == silent_member), "127.0.0.1", 0, backlog=64)
            servers.append(server)
            addresses.append(f"127.0.0.1:{server.sockets[0].getsockname()[1]}")
        lines.append(",".join(addresses) + "\n")
    with open(args.ensembles_file + ".tmp", "w") as f:
        f.writelines(lines)
    import os

    os.replace(args.ensembles_file + ".tmp", args.ensembles_file)
    await stop.wait()
    for s in servers:
        s.close()


if __name__ == "__main__":
    asyncio.run(main())
