"""The app served over HTTP for real, with a fake Slack Web API on loopback."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.coaching import Coach, Fit
from bot.config import Settings
from bot.lessons import Bank, load_bank
from bot.search import Searcher
from bot.slack.serve import build, http_app
from bot.slack.web import make_server, stop_server
from bot.store import Store

from ..conftest import LESSONS_DIR
from .fake_slack import FakeSlack, start_fake_slack
from .requests import SIGNING_SECRET, SlackSender


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    fake, stop = start_fake_slack()
    fake.add_user("U1MANAGER", locale="en-US")
    fake.add_user("U2MANAGERIN", locale="de-DE")
    yield fake
    stop()


@pytest.fixture
def settings(fake_slack: FakeSlack, tmp_path: Path) -> Settings:
    return Settings(
        bot_token="xoxb-test-token",
        signing_secret=SIGNING_SECRET,
        api_url=fake_slack.url,
        db_path=tmp_path / "coach.db",
        lessons_dir=LESSONS_DIR,
    )


@dataclass
class Served:
    url: str
    coach: Coach
    slack: SlackSender
    fake: FakeSlack


@pytest.fixture(scope="session")
def searched() -> tuple[Bank, Searcher]:
    """The lesson bank and its index, made once: no test changes either (teaching makes the
    coach a new index; the topic model set on this one is the same for the same lessons)."""
    bank = load_bank(LESSONS_DIR)
    return bank, Searcher(bank)


@pytest.fixture
def served(settings: Settings, fake_slack: FakeSlack, searched) -> Iterator[Served]:
    """The Bolt app behind the same WSGI server `serve` uses, on a free loopback port."""
    bank, searcher = searched
    coach = Coach(
        settings, bank=bank, store=Store(settings.db_path), searcher=searcher, model=Fit.LATER
    )
    coach, app, _ = build(settings, coach=coach)
    coach.learn_in_background()  # as serve does, once it listens
    assert coach.ready.wait(60), "the topic model was not fitted"
    wsgi = http_app(app, settings, health=lambda: (200, {"status": "ok"}))  # as serve has it
    server = make_server(wsgi, host="127.0.0.1", port=0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.effective_port}"
    sender = SlackSender(url)
    yield Served(url, coach, sender, fake_slack)
    sender.close()
    stop_server(server)
    thread.join(timeout=10)
    coach.store.close()


@pytest.fixture
def stop_later() -> Iterator[list[subprocess.Popen]]:
    """Processes a test started, stopped after it whatever happened."""
    processes: list[subprocess.Popen] = []
    yield processes
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
