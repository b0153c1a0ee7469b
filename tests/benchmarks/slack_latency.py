"""Benchmark: /coach QUESTION, DMs and mentions over loopback HTTP with 1,000 lessons, beside
bare Bolt apps.

Three apps run behind the same WSGI server (waitress, as `serve` runs it), each in a process of
its own, each with a WebClient pointed at a fake Web API on loopback: the coach with a generated
bank of 1,000 lessons, a bare Bolt app that only acknowledges with process_before_response=True,
and a bare Bolt app with Bolt's defaults. Requests are signed as Slack signs them and sent one at
a time over a keep-alive connection from this process, the three apps taking turns, so all three
see the same machine at the same moment.
Then DMs and @mentions are sent to the coach one at a time: how long until Slack's request is
acknowledged, and until the answer reaches the fake Web API's chat.postMessage.
Then `python -m bot serve` is started with the 1,000 lessons until /healthz answers.

Run: python tests/benchmarks/slack_latency.py [--requests 2000]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from slack_bolt import App  # noqa: E402
from slack_sdk import WebClient  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.slack.serve import build, tune_for_serving  # noqa: E402
from bot.slack.web import SlackWSGI, make_server  # noqa: E402
from tests.benchmarks.generate_bank import generate  # noqa: E402
from tests.slack.fake_slack import start_fake_slack  # noqa: E402
from tests.slack.requests import (  # noqa: E402
    SIGNING_SECRET,
    app_mention_event,
    message_event,
    sign,
    slash_command,
)

QUESTIONS = [q["q"] for q in yaml.safe_load((ROOT / "tests/search/questions.yaml").read_text())]


def questions(count: int, *, seed: int = 11) -> list[str]:
    """Give `count` questions: the held-out ones, every other one with a fresh typo.

    Fresh typos keep the search from answering out of anything it has seen before.
    """
    rng = random.Random(seed)
    result = []
    for number in range(count):
        question = QUESTIONS[number % len(QUESTIONS)]
        long_words = [w for w in question.split() if len(w) >= 5]
        if number % 2 and long_words:
            word = rng.choice(long_words)
            cut = rng.randrange(1, len(word) - 1)
            typo = word[:cut] + word[cut + 1] + word[cut] + word[cut + 2 :]
            question = question.replace(word, typo, 1)
        result.append(question)
    return result


def bare_app(api_url: str, *, process_before_response: bool) -> App:
    app = App(
        client=WebClient(token="xoxb-bench", base_url=api_url),
        signing_secret=SIGNING_SECRET,
        process_before_response=process_before_response,
    )

    @app.command("/coach")
    def acknowledge(ack):
        ack()

    return app


def serve_one(kind: str, port: int, api_url: str, bank: str, db: str) -> None:
    """Run one of the three apps on `port` until killed (in its own process, as in production)."""
    if kind == "coach":
        settings = Settings(
            bot_token="xoxb-bench",
            signing_secret=SIGNING_SECRET,
            api_url=api_url,
            db_path=Path(db),
            lessons_dir=Path(bank),
        )
        tune_for_serving()  # as serve does
        coach, app, _ = build(settings)
        coach.learn_in_background()  # as serve does
        coach.ready.wait()  # measured once the topic model is fitted
    else:
        app = bare_app(api_url, process_before_response=kind == "bare-fast")
    wsgi = SlackWSGI(app, signing_secret=SIGNING_SECRET, health=lambda: (200, {"status": "ok"}))
    make_server(wsgi, host="127.0.0.1", port=port).run()


def start_server(kind: str, api_url: str, bank: Path, db: Path) -> tuple[str, subprocess.Popen]:
    port = free_port()
    process = subprocess.Popen(
        [
            *(sys.executable, __file__, "--serve", kind, "--port", str(port)),
            *("--api-url", api_url, "--bank", str(bank), "--db", str(db)),
        ],
        env={**os.environ, "LOG_LEVEL": "WARNING"},
    )
    wait_healthy(port, process)
    return f"http://127.0.0.1:{port}", process


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(port: int, process: subprocess.Popen, limit: float = 30) -> float:
    """Wait until /healthz answers 200; give the seconds it took."""
    started = time.perf_counter()
    while True:
        try:
            url = f"http://127.0.0.1:{port}/healthz"
            with urllib.request.urlopen(url, timeout=1) as reply:
                if reply.status == 200:
                    return time.perf_counter() - started
        except OSError:
            time.sleep(0.005)
        if process.poll() is not None or time.perf_counter() - started > limit:
            raise RuntimeError("the server did not start")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class RawClient:
    """A keep-alive HTTP/1.1 client on a plain socket, so the figures are the server's.

    (http.client spends a few hundred microseconds of its own parsing each response.)
    """

    def __init__(self, url: str):
        parts = urlsplit(url)
        self.socket = socket.create_connection((parts.hostname, parts.port))
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def post(
        self, body: str, content_type: str = "application/x-www-form-urlencoded"
    ) -> tuple[int, bytes]:
        data = body.encode()
        headers = {
            "Host": "127.0.0.1",
            "Content-Type": content_type,
            "Content-Length": str(len(data)),
            **sign(body),
        }
        head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        request = f"POST /slack/events HTTP/1.1\r\n{head}\r\n".encode() + data
        self.socket.sendall(request)
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self.socket.recv(65536)
        head_bytes, _, rest = self.buffer.partition(b"\r\n\r\n")
        status = int(head_bytes.split(b" ", 2)[1])
        length = int(re.search(rb"(?i)content-length:\s*(\d+)", head_bytes)[1])
        while len(rest) < length:
            rest += self.socket.recv(65536)
        self.buffer = rest[length:]
        return status, rest[:length]


def measure_requests(clients: dict[str, RawClient], count: int, slow_every: int) -> dict:
    timings: dict[str, list[float]] = {name: [] for name in clients}
    for number, question in enumerate(questions(count)):
        body = slash_command(question, user_id=f"U{number % 50:04d}BENCH")
        for name, client in clients.items():
            if name == "bare Bolt, defaults" and number % slow_every:
                continue  # it takes ~12 ms a request; a sample is enough
            started = time.perf_counter()
            status, answer = client.post(body)
            elapsed = time.perf_counter() - started
            assert status == 200, (name, status, answer)
            timings[name].append(elapsed * 1000)
    return timings


def measure_conversations(client: RawClient, fake, count: int) -> dict[str, list[list[float]]]:
    """Send `count` DMs and as many mentions, one at a time; give per kind the milliseconds
    to the acknowledgement and to the answer's chat.postMessage at the fake Web API."""
    timings: dict[str, list[list[float]]] = {"DM": [[], []], "mention": [[], []]}
    posted = len(fake.calls_to("chat.postMessage"))
    for number, question in enumerate(questions(count, seed=5)):
        user_id = f"U{number % 50:04d}BENCH"
        for kind in timings:
            if kind == "DM":
                body = message_event(question, user_id=user_id)
            else:
                body = app_mention_event(f"<@UCOACHBOT> {question}", user_id=user_id)
            started = time.perf_counter()
            status, answer = client.post(body, content_type="application/json")
            acknowledged = time.perf_counter()
            assert status == 200, (kind, status, answer)
            posted += 1
            fake.wait_for("chat.postMessage", posted, timeout=10)
            answered = time.perf_counter()
            timings[kind][0].append((acknowledged - started) * 1000)
            timings[kind][1].append((answered - started) * 1000)
    return timings


def serve_environment(
    api_url: str, *, port: int, bank: Path, db: Path, log_level: str = "WARNING"
) -> dict[str, str]:
    """Give the environment of `python -m bot serve` in HTTP mode against the fake Web API."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COACH_"))}
    env.update(
        SLACK_BOT_TOKEN="xoxb-bench",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=api_url,
        PORT=str(port),
        COACH_LESSONS=str(bank),
        COACH_DB=str(db),
        LOG_LEVEL=log_level,
    )
    return env


def measure_start(bank: Path, api_url: str, runs: int) -> list[float]:
    """Start `python -m bot serve` with the bank `runs` times; give the seconds to healthy."""
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as workdir:
            port = free_port()
            env = serve_environment(api_url, port=port, bank=bank, db=Path(workdir) / "coach.db")
            process = subprocess.Popen([sys.executable, "-m", "bot", "serve"], cwd=ROOT, env=env)
            try:
                results.append(wait_healthy(port, process))
            finally:
                process.terminate()
                process.wait(timeout=10)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--lessons", type=int, default=1000)
    parser.add_argument("--conversations", type=int, default=500)
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--api-url", help=argparse.SUPPRESS)
    parser.add_argument("--bank", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.serve:
        serve_one(arguments.serve, arguments.port, arguments.api_url, arguments.bank, arguments.db)
        return

    fake, stop_fake = start_fake_slack()
    for number in range(50):
        fake.add_user(f"U{number:04d}BENCH", locale="de-DE" if number % 2 else "en-US")
    with tempfile.TemporaryDirectory() as folder:
        bank = generate(Path(folder) / "lessons", arguments.lessons)
        kinds = {
            "coach (1,000 lessons)": "coach",
            "bare Bolt, process_before_response": "bare-fast",
            "bare Bolt, defaults": "bare-default",
        }
        servers = {
            name: start_server(kind, fake.url, bank, Path(folder) / "coach.db")
            for name, kind in kinds.items()
        }
        clients = {name: RawClient(url) for name, (url, _) in servers.items()}
        try:
            measure_requests(clients, 100, slow_every=10)  # warm up; every user once
            timings = measure_requests(clients, arguments.requests, slow_every=10)
            coach = clients["coach (1,000 lessons)"]
            measure_conversations(coach, fake, 20)  # warm up
            talks = measure_conversations(coach, fake, arguments.conversations)
        finally:
            for _, process in servers.values():
                process.terminate()
                process.wait(timeout=10)
        starts = measure_start(bank, fake.url, runs=5)
        with sqlite3.connect(Path(folder) / "coach.db") as db:
            stored = db.execute("SELECT count(*) FROM events WHERE kind = 'asked'").fetchone()[0]

    print(f"/coach QUESTION over loopback HTTP, {arguments.lessons} lessons, sequential requests,")
    print("each app in its own process behind waitress, the client in another")
    print(f"{'app':40} {'n':>6} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for name, values in timings.items():
        print(
            f"{name:40} {len(values):6d} {percentile(values, 0.5):8.2f} "
            f"{percentile(values, 0.9):8.2f} {percentile(values, 0.99):8.2f} {max(values):8.2f}"
        )
    ours = statistics.median(timings["coach (1,000 lessons)"])
    fast = statistics.median(timings["bare Bolt, process_before_response"])
    default = statistics.median(timings["bare Bolt, defaults"])
    print(f"coach p50 / bare (process_before_response) p50: {ours / fast:.2f}x (target <= 2x)")
    print(f"bare (defaults) p50 / coach p50: {default / ours:.1f}x (target >= 5x)")
    print(f"questions stored by the coach: {stored}")
    print(f"\nDMs and mentions, {arguments.conversations} of each, one at a time")
    print(f"{'':28} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for kind, (acks, answers) in talks.items():
        for what, values, target in (("acknowledged", acks, 5), ("answer posted", answers, 300)):
            print(
                f"{kind + ' ' + what:28} {percentile(values, 0.5):8.2f} "
                f"{percentile(values, 0.99):8.2f} {max(values):8.2f}  (target p99 <= {target} ms)"
            )
    print(
        f"serve healthy after start, {arguments.lessons} lessons: "
        + ", ".join(f"{s:.2f} s" for s in starts)
        + " (target <= 2 s)"
    )
    stop_fake()


if __name__ == "__main__":
    main()
