"""Benchmark: how long `serve` takes to start: the lesson bank loaded, indexed, and /healthz up.

For the course's own lessons and a generated bank of 1,000, each measure runs in a fresh
process that has imported what `serve` imports: loading the bank, indexing it, and
`Coach.from_settings` as `serve` calls it (the three in one process, so the last one sees the
files in the page cache like the first two). Then `python -m bot serve` is started until
/healthz answers, against a fake Web API on loopback.

`--code DIR` (repeatable) measures another checkout of this repository the same way, the
checkouts taking turns (their order swapped every round) so each sees the same machine at the
same moment: how a change to the start is measured against the version before it.

Run: python tests/benchmarks/start_up.py [--lessons 1000] [--rounds 7] [--no-serve] [--code DIR ...]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.generate_bank import generate  # noqa: E402
from tests.benchmarks.slack_latency import free_port, serve_environment, wait_healthy  # noqa: E402
from tests.slack.fake_slack import start_fake_slack  # noqa: E402

# Run in the checkout measured, so it times that checkout's own code. Where its load_bank still
# takes `parallel`, it is passed as its from_settings passed it.
CHILD = """
import inspect, json, sys, time
from pathlib import Path
import bot.slack.serve
from bot.coaching import Coach, Fit
from bot.config import Settings
from bot.lessons import load_bank
from bot.search import Searcher

lessons, db = Path(sys.argv[1]), sys.argv[2]
options = {"parallel": True} if "parallel" in inspect.signature(load_bank).parameters else {}
started = time.perf_counter()
bank = load_bank(lessons, **options)
loaded = time.perf_counter()
Searcher(bank, **options)
indexed = time.perf_counter()
settings = Settings(bot_token="xoxb-bench", signing_secret="bench", lessons_dir=lessons,
                    db_path=Path(db))
Coach.from_settings(settings, model=Fit.NONE)
done = time.perf_counter()
print(json.dumps({"load": loaded - started, "index": indexed - loaded,
                  "from_settings": done - indexed}))
"""


def in_process(code: Path, lessons: Path, workdir: Path) -> dict[str, float]:
    """Give the seconds `code` takes to load, index, and build the coach from `lessons`."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    db = workdir / f"coach-{os.getpid()}.db"
    output = subprocess.run(
        [sys.executable, "-c", CHILD, str(lessons), str(db)],
        cwd=code,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    db.unlink(missing_ok=True)
    return json.loads(output.splitlines()[-1])


def serve_start(code: Path, lessons: Path, api_url: str) -> float:
    """Give the seconds from starting `python -m bot serve` in `code` until /healthz answers."""
    with tempfile.TemporaryDirectory() as workdir:
        port = free_port()
        env = serve_environment(api_url, port=port, bank=lessons, db=Path(workdir) / "coach.db")
        env["PYTHONPATH"] = str(code)
        process = subprocess.Popen([sys.executable, "-m", "bot", "serve"], cwd=code, env=env)
        try:
            return wait_healthy(port, process)
        finally:
            process.terminate()
            process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--code", type=Path, action="append", help="a checkout to measure")
    parser.add_argument("--no-serve", action="store_true", help="skip starting `serve`")
    arguments = parser.parse_args()
    checkouts = [path.resolve() for path in arguments.code or [ROOT]]

    fake, stop_fake = start_fake_slack()
    with tempfile.TemporaryDirectory() as folder:
        banks = {
            "the course": ROOT / "lessons",
            f"{arguments.lessons} lessons": generate(Path(folder) / "lessons", arguments.lessons),
        }
        found: dict[tuple[str, str, str], list[float]] = {}
        for number in range(arguments.rounds):
            order = checkouts if number % 2 == 0 else checkouts[::-1]
            for bank_name, lessons in banks.items():
                for code in order:
                    times = in_process(code, lessons, Path(folder))
                    if not arguments.no_serve:
                        times["serve healthy"] = serve_start(code, lessons, fake.url)
                    for measure, seconds in times.items():
                        found.setdefault((bank_name, measure, str(code)), []).append(seconds)
    stop_fake()

    print(f"start-up, {arguments.rounds} rounds, each measure in a fresh process; ms")
    print(f"{'bank':14} {'measure':14} {'median':>8} {'min':>8} {'max':>8}  checkout")
    for (bank_name, measure, code), values in found.items():
        ms = [value * 1000 for value in values]
        print(
            f"{bank_name:14} {measure:14} {statistics.median(ms):8.0f} {min(ms):8.0f} "
            f"{max(ms):8.0f}  {code}"
        )
    print("\neach round, in order (ms): the checkouts' values of one round were measured together")
    for (bank_name, measure, code), values in found.items():
        print(f"{bank_name:14} {measure:14} {' '.join(f'{v * 1000:.0f}' for v in values)}  {code}")


if __name__ == "__main__":
    main()
