"""Benchmark: 10,000 learners due at once, `python -m bot deliver` against a fake Web API.

The fake Slack Web API runs on loopback in this process; the delivery pass is the real command,
`python -m bot deliver --at TIME`, in a process of its own. Measured: messages per second
unthrottled; the total time when the fake lets through only R messages a second and answers the
rest with 429 + Retry-After; in both, duplicates (learners with two day messages for the same
day, after the pass and the same pass run again) and learners left without their lesson, counted
in the fake's DMs; and the peak memory (max RSS) of the deliver process.

Run: python tests/benchmarks/delivery_throughput.py [--learners 10000] [--rate 200]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.slack.daily import METADATA_EVENT  # noqa: E402
from bot.store import Store  # noqa: E402
from tests.slack.fake_slack import start_fake_slack  # noqa: E402

AT = "2026-03-03T14:00+00:00"  # Tuesday, 15:00 in Berlin
ZONES = ["Europe/Berlin", "Europe/Vienna", "Europe/London", "America/New_York"]


def enroll(db: Path, count: int) -> list[str]:
    """Enroll `count` learners in four time zones, all in the course since before the pass."""
    store = Store(db)
    users = [f"U{number:06d}" for number in range(count)]
    for number, user_id in enumerate(users):
        store.learners.enroll(user_id, source="admin", zone=ZONES[number % len(ZONES)])
        store.learners.update(user_id, joined_at="2026-03-01T00:00:00+00:00")
    store.close()
    return users


def run_deliver(api_url: str, db: Path) -> tuple[str, float, float]:
    """Run one pass; give its output, wall time and the child's peak RSS in MB."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COACH_"))}
    environ.update(
        {
            "SLACK_BOT_TOKEN": "xoxb-benchmark",
            "SLACK_API_URL": api_url,
            "COACH_DB": str(db),
            "COACH_LESSONS": str(ROOT / "lessons"),
            "LOG_LEVEL": "ERROR",
        }
    )
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "deliver", "--at", AT],
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = [0.0]
    watching = threading.Thread(target=watch_memory, args=(process, peak), daemon=True)
    watching.start()
    out, err = process.communicate()
    wall = time.perf_counter() - started
    watching.join()
    if process.returncode:
        raise SystemExit(f"deliver failed:\n{out}\n{err}")
    return out, wall, peak[0]


def watch_memory(process: subprocess.Popen, peak: list[float]) -> None:
    """Keep the process's own high-water mark of resident memory (VmHWM), in MB.

    Read from /proc while it runs: getrusage's maxrss of a child also counts the parent's memory
    it shared for a moment between fork and exec, which here is the fake's stored messages.
    """
    status = Path(f"/proc/{process.pid}/status")
    while process.poll() is None:
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak[0] = max(peak[0], int(line.split()[1]) / 1024)
        except OSError:
            break
        time.sleep(0.02)


def check(fake, users: list[str]) -> tuple[int, int]:
    """Give (learners with two day messages for one day, learners with none).

    A day message is the post that carries the day in its metadata: the welcome before a first
    lesson and the reviews after a lesson are messages of their own beside it, so counting
    every DM would count each new learner twice.
    """
    dms = fake.all_dms()
    duplicated = missing = 0
    for user_id in users:
        days = [
            message["metadata"]["event_payload"]["day"]
            for message in dms.get(f"D{user_id}", [])
            if (message.get("metadata") or {}).get("event_type") == METADATA_EVENT
        ]
        duplicated += len(days) != len(set(days))
        missing += not days
    return duplicated, missing


def one(label: str, learners: int, rate: int) -> None:
    fake, stop = start_fake_slack()
    fake.rate_limit = rate
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "coach.db"
        users = enroll(db, learners)
        out, wall, peak = run_deliver(fake.url, db)
        took = float(re.search(r"took: ([\d.]+) s", out)[1])
        sent = int(re.search(r"sent: (\d+)", out)[1])
        # Posts, not day messages: a new learner's welcome is a post of its own before the lesson,
        # and Slack's rate limit counts every post.
        posts = sum(len(posted) for posted in fake.all_dms().values())
        throttled = sum(1 for c in fake.calls if c.method == "chat.postMessage") - posts
        # The pass `serve` runs every minute of the working day once everyone has had theirs.
        again, _, _ = run_deliver(fake.url, db)
        again_took = float(re.search(r"took: ([\d.]+) s", again)[1])
        again_sent = int(re.search(r"sent: (\d+)", again)[1])
        duplicates, missing = check(fake, users)
    stop()
    print(f"\n{label}: {learners} learners due at once")
    print(f"  sent {sent} in {took:.1f} s (the pass) / {wall:.1f} s (the whole command)")
    print(f"  throughput: {sent / took:.0f} messages/s (pass), {sent / wall:.0f}/s (command)")
    print(f"  posts: {posts} (each day message, and a welcome before a learner's first)")
    if rate:
        ideal = posts / rate
        print(f"  answered 429: {throttled}; ideal time at {rate}/s: {ideal:.1f} s")
        print(f"  pass time / ideal: {took / ideal:.3f} (target <= 1.15)")
    print(f"  duplicates: {duplicates}, learners without their lesson: {missing}")
    print(f"  the same pass again: sent {again_sent}, took {again_took * 1000:.0f} ms")
    print(f"  peak memory of the deliver process (max RSS): {peak:.0f} MB (target <= 150)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--rate", type=int, default=200)
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores; fake Web API in this process, deliver in its own")
    one("unthrottled", args.learners, 0)
    one(f"throttled to {args.rate}/s", args.learners, args.rate)


if __name__ == "__main__":
    main()
