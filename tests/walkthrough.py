"""A walk-through as a new manager and a new admin, against the fake Slack Web API: every message
and view the app shows, rendered as text, in German and English.

    python -m tests.walkthrough [de|en]

The app is served over HTTP as in the tests (signed requests, the real WebClient talking to the
fake on loopback, a real SQLite file in a temporary folder); the clock is set with time_machine.
"""

from __future__ import annotations

import itertools
import json
import sys
import tempfile
import threading
from datetime import datetime, timezone
from pathlib import Path

import time_machine

from bot.config import Settings
from bot.delivery import run_pass
from bot.slack.messenger import make_messenger
from bot.slack.plain import blocks_text
from bot.slack.serve import build, http_app
from bot.slack.web import make_server, stop_server
from tests.conftest import LESSONS_DIR
from tests.slack.fake_slack import start_fake_slack
from tests.slack.requests import (
    SIGNING_SECRET,
    SlackSender,
    app_home_opened,
    block_action,
    slash_command,
)

MONDAY_AFTERNOON = datetime(2026, 3, 2, 14, 0, tzinfo=timezone.utc)  # 15:00 in Berlin
TUESDAY_9 = datetime(2026, 3, 3, 8, 0, tzinfo=timezone.utc)  # 09:00 in Berlin
WEDNESDAY_9 = datetime(2026, 3, 4, 8, 0, tzinfo=timezone.utc)
WEDNESDAY_NOON = datetime(2026, 3, 4, 11, 0, tzinfo=timezone.utc)
QUESTION = {"en": "how do we apologise in public?", "de": "Wie entschuldigen wir uns öffentlich?"}
_names = itertools.count()


def render(blocks: list[dict]) -> str:
    """Give Block Kit as a person reads it (bot.slack.plain, as `coach digest` prints it)."""
    return blocks_text(blocks, width=100).rstrip()


class Walk:
    """The app served with a fake Slack, and what a person does and sees."""

    def __init__(self, language: str):
        self.language = language
        self.manager, self.admin = f"UMANAGER{language.upper()}", f"UADMIN{language.upper()}"
        locale = "de-DE" if language == "de" else "en-GB"
        self.fake, self._stop_fake = start_fake_slack()
        self.fake.add_user(self.manager, locale=locale, tz="Europe/Berlin")
        self.fake.add_user(self.admin, locale=locale, tz="Europe/Berlin")
        self._folder = tempfile.TemporaryDirectory()
        settings = Settings(
            bot_token="xoxb-walk", signing_secret=SIGNING_SECRET, api_url=self.fake.url,
            db_path=Path(self._folder.name) / "coach.db", lessons_dir=LESSONS_DIR,
            admins=frozenset({self.admin}),
        )  # fmt: skip
        self.coach, app, _ = build(settings)
        self.coach.learn_in_background()
        self.coach.ready.wait(120)
        wsgi = http_app(app, settings, health=lambda: (200, {"status": "ok"}))
        self.server = make_server(wsgi, host="127.0.0.1", port=0)
        threading.Thread(target=self.server.run, daemon=True).start()
        self.slack = SlackSender(f"http://127.0.0.1:{self.server.effective_port}")

    def close(self) -> None:
        self.slack.close()
        stop_server(self.server)
        self.coach.store.close()
        self._stop_fake()
        self._folder.cleanup()

    def command(self, text: str, user: str | None = None) -> dict:
        """Type `/coach text`; give the ephemeral answer (at once or through response_url)."""
        name = f"w{next(_names)}"
        url = self.fake.response_url(name)
        response = self.slack.post(
            slash_command(text, user_id=user or self.manager, response_url=url)
        )
        if response.body:
            return response.json()
        return self.fake.wait_for(f"response_url/{name}")[0].params

    def click(self, button: dict, message: dict | None, user: str | None = None) -> dict | None:
        """Click `button` on `message`; give what the message turned into (None if it stays)."""
        name = f"w{next(_names)}"
        body = block_action(
            button["action_id"], button.get("value"), user_id=user or self.manager,
            response_url=self.fake.response_url(name), message=message,
        )  # fmt: skip
        self.slack.post(body)
        method = f"response_url/{name}"
        self.fake.wait_until(lambda: self.fake.calls_to(method), timeout=2)
        calls = self.fake.calls_to(method)
        return calls[0].params if calls else None

    def dms(self, user: str | None = None) -> list[dict]:
        return self.fake.dms(user or self.manager, welcome=True)


def buttons(blocks: list[dict]) -> list[dict]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def show(step: str, blocks: list[dict] | None = None, text: str = "") -> None:
    print(f"\n=== {step}")
    if blocks:
        print(render(blocks))
    elif text:
        print(text)


def walk(language: str) -> None:
    w = Walk(language)
    try:
        with time_machine.travel(MONDAY_AFTERNOON, tick=True):
            answer = w.command("subscribe")
            show("/coach subscribe (Monday 15:00)", answer.get("blocks"), answer.get("text", ""))
            (welcome,) = w.dms()
            show("DM: the welcome, at once", welcome["blocks"])
        with time_machine.travel(TUESDAY_9, tick=True):
            run_pass(w.coach, make_messenger(w.coach), TUESDAY_9)
        first = w.dms()[-1]
        show("DM: the first lesson (Tuesday 09:00)", first["blocks"])
        with time_machine.travel(TUESDAY_9, tick=True):
            lesson = w.coach.bank.lessons[0]
            quiz = lesson.text(language).quiz
            choices = [b for b in buttons(first["blocks"]) if b["action_id"].startswith("quiz")]
            wrong = next(b for b in choices if b["value"].split("|")[1] != str(quiz.answer))
            updated = w.click(wrong, first)
            message = {**first, "blocks": updated["blocks"]}
            # The lesson above stays as it was: the quiz and what follows are shown.
            show(f"click [{wrong['text']['text']}] (a wrong answer)", message["blocks"][-5:])
            got_it = buttons(message["blocks"])[0]
            updated = w.click(got_it, message)
            message = {**message, "blocks": updated["blocks"]}
            show(f"click [{got_it['text']['text']}]", message["blocks"][-3:])
            helpful = buttons(message["blocks"])[0]
            updated = w.click(helpful, message)
            show(f"click [{helpful['text']['text']}]", updated["blocks"][-3:])
        with time_machine.travel(WEDNESDAY_9, tick=True):
            run_pass(w.coach, make_messenger(w.coach), WEDNESDAY_9)
        second = w.dms()[-1]
        show("DM: the second lesson (Wednesday 09:00)", second["blocks"])
        with time_machine.travel(WEDNESDAY_NOON, tick=True):
            lesson = w.coach.bank.lessons[1]
            quiz = lesson.text(language).quiz
            right = next(
                b
                for b in buttons(second["blocks"])
                if b["action_id"].startswith("quiz")
                and b["value"].split("|")[1] == str(quiz.answer)
            )
            updated = w.click(right, second)
            show(f"click [{right['text']['text']}] (the right answer)", updated["blocks"][-6:])
            answer = w.command(QUESTION[language])
            show(f"/coach {QUESTION[language]}", answer["blocks"])
            read = buttons(answer["blocks"])[0]
            w.click(read, None)
            view = w.fake.wait_for("views.open")[-1].params["view"]
            view = view if isinstance(view, dict) else json.loads(view)
            show(f"click [{read['text']['text']}]: a modal", view["blocks"])
            helped = next(b for b in buttons(answer["blocks"]) if b["action_id"] == "answer_helped")
            updated = w.click(helped, answer)
            show(f"click [{helped['text']['text']}] on the answer", updated["blocks"])
            for text in ("help", "my data"):
                answer = w.command(text)
                show(f"/coach {text}", answer.get("blocks"), answer.get("text", ""))
            for text in ("help", "stats", "gaps", "digest"):
                answer = w.command(text, user=w.admin)
                show(f"admin: /coach {text}", answer.get("blocks"), answer.get("text", ""))
            for user, who in ((w.manager, "manager"), (w.admin, "admin")):
                published = len(w.fake.calls_to("views.publish"))
                w.slack.post(app_home_opened(user))
                view = w.fake.wait_for("views.publish", published + 1)[-1].params["view"]
                view = view if isinstance(view, dict) else json.loads(view)
                show(f"{who}: the App Home", view["blocks"])
            forget = w.command("forget me")
            show("/coach forget me", forget["blocks"])
            yes = buttons(forget["blocks"])[0]
            done = w.click(yes, None)
            show(f"click [{yes['text']['text']}]", done.get("blocks"), done.get("text", ""))
            again = w.click(yes, None)  # the same question's button, from another device
            title = f"click [{yes['text']['text']}] again"
            show(title, again.get("blocks"), again.get("text", ""))
            answer = w.command("my data")
            show("/coach my data (after forget me)", answer.get("blocks"), answer.get("text", ""))
    finally:
        w.close()


def main() -> None:
    for language in sys.argv[1:] or ["en", "de"]:
        print(f"\n\n########## {language} ##########")
        walk(language)


if __name__ == "__main__":
    main()
