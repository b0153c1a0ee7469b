"""Benchmark: `serve` in HTTP mode with hundreds or thousands of idle and trickling connections.

`python -m bot serve` runs for real (HTTP mode, the lesson bank, a fake Web API on loopback).
This process opens N connections to it: half send nothing, half start a request and send one
more header byte every 2 seconds, as a slow-loris client does. With them open, /healthz and a
signed `/coach QUESTION` are timed one at a time over a fresh connection. Then it waits to see
when the server cuts the trickling connections off (REQUEST_DEADLINE) and the idle ones
(IDLE_TIMEOUT).

Run: python tests/benchmarks/idle_connections.py [--connections 1000,4000] [--requests 50]
"""

from __future__ import annotations

import argparse
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.slack_latency import (  # noqa: E402
    free_port,
    serve_environment,
    wait_healthy,
)
from tests.slack.fake_slack import start_fake_slack  # noqa: E402
from tests.slack.requests import SlackSender, slash_command  # noqa: E402

TRICKLE_EVERY = 2.0


def start_serve(api_url: str, db: Path) -> tuple[int, subprocess.Popen]:
    port = free_port()
    environ = serve_environment(api_url, port=port, bank=ROOT / "lessons", db=db, log_level="ERROR")
    process = subprocess.Popen([sys.executable, "-m", "bot", "serve"], cwd=ROOT, env=environ)
    wait_healthy(port, process, limit=60)
    return port, process


def open_connections(port: int, count: int) -> tuple[list[socket.socket], list[socket.socket]]:
    idle, trickling = [], []
    for number in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        if number % 2:
            sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: coach\r\n")
            trickling.append(sock)
        else:
            idle.append(sock)
    return idle, trickling


def timed(call, count: int) -> list[float]:
    took = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        took.append((time.perf_counter() - started) * 1000)
    return took


def trickle(sockets: list[socket.socket]) -> int:
    """Send one more header byte on each; give how many the server has closed."""
    closed = 0
    for sock in sockets:
        try:
            sock.sendall(b"X")
            sock.setblocking(False)
            try:
                if sock.recv(1) == b"":
                    closed += 1
            except BlockingIOError:
                pass
            finally:
                sock.setblocking(True)
        except OSError:
            closed += 1
    return closed


def measure(port: int, count: int, requests: int) -> None:
    idle, trickling = open_connections(port, count)
    slack = SlackSender(f"http://127.0.0.1:{port}")
    try:
        trickle(trickling)
        health = timed(lambda: _ok(slack.get("/healthz")), requests)
        answer = timed(lambda: _ok(slack.post(slash_command("How do I apologise?"))), requests)
        print(f"{count:>6} connections open ({len(idle)} idle, {len(trickling)} trickling):")
        for name, took in (("/healthz", health), ("/coach QUESTION", answer)):
            print(
                f"        {name:<16} p50 {statistics.median(took):6.1f} ms   "
                f"p99 {_p99(took):6.1f} ms   max {max(took):6.1f} ms"
            )
        started = time.perf_counter()
        while trickle(trickling) < len(trickling) and time.perf_counter() - started < 60:
            time.sleep(TRICKLE_EVERY)
        print(f"        trickling ones all cut off after {time.perf_counter() - started:.0f} s")
    finally:
        slack.close()
        for sock in idle + trickling:
            sock.close()


def _ok(reply) -> None:
    assert reply.status == 200, reply


def _p99(values: list[float]) -> float:
    return sorted(values)[max(0, round(len(values) * 0.99) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", default="0,1000,4000")
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    counts = [int(n) for n in args.connections.split(",")]
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    fake, stop_fake = start_fake_slack()
    with tempfile.TemporaryDirectory() as folder:
        port, process = start_serve(fake.url, Path(folder) / "coach.db")
        try:
            print(f"serve on 127.0.0.1:{port}; open files allowed here: {hard}")
            for count in counts:
                measure(port, count, args.requests)
        finally:
            process.terminate()
            process.wait(timeout=30)
            stop_fake()


if __name__ == "__main__":
    main()
