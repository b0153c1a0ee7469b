"""Engagement over HTTP: the report, /coach stats and gaps, the App Home (my data and forget me:
test_privacy)."""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import time_machine
from click.testing import CliRunner

from bot.cli import main

from ..conftest import LESSONS_DIR
from .blockkit import all_text, assert_valid_blocks, assert_valid_view
from .requests import app_home_opened, block_action, select_action, slash_command

ADMIN = "UADMIN"  # in COACH_ADMINS
NO_LESSON = "where can the team go to pet llamas on the summer outing"
APOLOGY = "how do we apologize publicly"
# Tuesday 2026-03-03, 07:00 in Berlin: a workday, before the day's lesson.
EARLY_TUESDAY = datetime(2026, 3, 3, 6, 0, tzinfo=timezone.utc)
_names = itertools.count()


@pytest.fixture
def settings(settings):
    return replace(settings, admins=frozenset({ADMIN}))


@pytest.fixture(autouse=True)
def tuesday_morning(fake_slack):
    """Every test on a workday morning, with the admin known to Slack."""
    fake_slack.add_user(ADMIN, locale="en-US")
    with time_machine.travel(EARLY_TUESDAY, tick=True):
        yield


@pytest.fixture
def small_groups(served):
    """Figures shown for groups of one, so one manager's activity shows."""
    served.coach.settings = replace(served.coach.settings, min_group=1)


def later(served, text: str, *, user_id: str = "U1MANAGER") -> dict:
    """Send `/coach text`; give what comes back through response_url."""
    name = f"r{next(_names)}"
    body = slash_command(text, user_id=user_id, response_url=served.fake.response_url(name))
    response = served.slack.post(body)
    assert response.status == 200 and response.body == ""
    posted = served.fake.wait_for(f"response_url/{name}")[0].params
    assert posted["response_type"] == "ephemeral"
    return posted


def ask(served, text: str, *, user_id: str = "U1MANAGER") -> dict:
    """Send `/coach text` answered in the acknowledgement; give the answer."""
    response = served.slack.post(slash_command(text, user_id=user_id))
    assert response.status == 200, response.body
    answer = response.json()
    assert answer["response_type"] == "ephemeral"
    assert_valid_blocks(answer["blocks"])
    return answer


def click(served, action_id: str, value: str, *, user_id: str = "U1MANAGER", **kw) -> dict:
    """Click a button; give what the app posted to the message's response_url."""
    name = f"c{next(_names)}"
    url = served.fake.response_url(name)
    body = block_action(action_id, value, user_id=user_id, response_url=url, **kw)
    assert served.slack.post(body).status == 200
    return served.fake.wait_for(f"response_url/{name}")[0].params


def start_course(served, user_id: str = "U1MANAGER") -> dict:
    """Subscribe `user_id` and have today's lesson sent now; give the lesson's DM."""
    later(served, "subscribe", user_id=user_id)
    later(served, "next", user_id=user_id)
    return served.fake.dms(user_id)[-1]


def quiz_of(served, message: dict) -> tuple:
    """Give the DM's lesson and its quiz buttons."""
    quiz = next(b for b in message["blocks"] if b.get("block_id", "").startswith("quiz|"))
    return served.coach.bank.get(quiz["block_id"].split("|")[1]), quiz["elements"]


def buttons(blocks: list[dict]) -> dict[str, dict]:
    return {
        element["action_id"]: element
        for block in blocks
        if block["type"] == "actions"
        for element in block["elements"]
    }


def stats_json(db_path: Path, **env: str | None) -> dict:
    """Run `coach stats --json` on the served database, as an operator would."""
    environ = {"COACH_DB": str(db_path), "COACH_LESSONS": str(LESSONS_DIR), **env}
    result = CliRunner().invoke(main, ["stats", "--json"], env=environ)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def report_text(posted: dict) -> str:
    return posted["text"] + "\n" + all_text(posted.get("blocks") or [])


# --- the report counts what a manager did ------------------------------------------------------


def test_a_lesson_a_quiz_answer_and_a_question_appear_in_stats_json(served, settings):
    lesson, quiz = quiz_of(served, start_course(served))
    right = quiz[lesson.en.quiz.answer - 1]
    click(served, right["action_id"], right["value"], message=served.fake.dms("U1MANAGER")[0])
    ask(served, APOLOGY)
    report = stats_json(settings.db_path, COACH_MIN_GROUP="1")
    assert report["learners"]["active"] == 1
    assert report["lessons_delivered"] == 1
    assert report["quiz_accuracy"] == 1.0
    assert report["questions_asked"] == 1
    topic = next(group for group in report["by_topic"] if group["topic"] == lesson.topic)
    assert topic["lessons_delivered"] == 1
    assert topic["quiz_accuracy"] == 1.0
    others = [g for g in report["by_topic"] if g["topic"] != lesson.topic]
    assert all(not g["lessons_delivered"] for g in others)


# --- /coach stats and /coach gaps --------------------------------------------------------------


@pytest.mark.parametrize("word", ["stats", "gaps"])
def test_a_manager_asking_for_the_report_is_refused_and_sees_no_figure(served, word):
    start_course(served)
    ask(served, NO_LESSON)
    text = report_text(later(served, word))
    assert "Only the coaching's admins can do that." in text
    assert not re.search(r"\d", text)  # not even a count
    assert "Lessons delivered" not in text and NO_LESSON not in text


def test_an_admin_sees_the_key_figures_with_bars(served, small_groups):
    start_course(served)
    ask(served, APOLOGY)
    posted = later(served, "stats", user_id=ADMIN)
    assert_valid_blocks(posted["blocks"])
    text = all_text(posted["blocks"])
    assert "*Lessons delivered*\n1" in text
    assert "*Questions asked*\n1" in text
    assert "1 active" in text
    assert "▓" in text  # this week's lessons as a bar


@pytest.fixture(params=["COACH_ADMINS", "is_admin", "is_owner"])
def admin_id(request, served) -> str:
    """An admin by the setting, or a workspace admin or owner Slack names as such."""
    if request.param == "COACH_ADMINS":
        return ADMIN
    served.fake.add_user("UWORKSPACE")
    served.fake.users["UWORKSPACE"][request.param] = True
    return "UWORKSPACE"


def test_an_admin_sees_the_unanswered_questions_escaped(served, admin_id):
    ask(served, APOLOGY)  # answered by a lesson: not a gap
    ask(served, NO_LESSON)
    ask(served, NO_LESSON.upper())  # the same question
    ask(served, "<!channel> llamas for the summer outing?", user_id="U2MANAGERIN")
    posted = later(served, "gaps", user_id=admin_id)
    assert_valid_blocks(posted["blocks"])
    text = all_text(posted["blocks"])
    assert f"2× {NO_LESSON}" in text.lower()
    assert "&lt;!channel&gt; llamas for the summer outing?" in text
    assert "<!channel>" not in json.dumps(posted)
    assert APOLOGY not in text
    assert "U1MANAGER" not in text and "U2MANAGERIN" not in text  # who asked is not shown


def test_groups_smaller_than_five_are_not_shown(served, settings):
    for user_id in ("U1MANAGER", "U2MANAGERIN"):
        start_course(served, user_id)
    text = all_text(later(served, "stats", user_id=ADMIN)["blocks"])
    assert "*Lessons delivered*\nfewer than 5" in text
    assert "*Learners:* fewer than 5 active" in text
    report = stats_json(settings.db_path, COACH_MIN_GROUP=None)
    assert report["min_group"] == 5
    assert report["learners"]["active"] is None
    assert report["lessons_delivered"] is None and report["completion_rate"] is None
    assert {"lessons_delivered", "completion_rate"} <= set(report["hidden"])


# --- the App Home ------------------------------------------------------------------------------


def open_home(served, user_id: str = "U1MANAGER") -> dict:
    count = len(served.fake.calls_to("views.publish"))
    response = served.slack.post(app_home_opened(user_id), content_type="application/json")
    assert response.status == 200
    return published(served, count + 1, user_id)


def published(served, count: int, user_id: str = "U1MANAGER") -> dict:
    """Give the view of the `count`th views.publish, checked as Slack would."""
    call = served.fake.wait_for("views.publish", count)[count - 1]
    assert call.params["user_id"] == user_id
    view = call.params["view"]
    view = view if isinstance(view, dict) else json.loads(view)
    assert_valid_view(view)
    return view


def on_home(served, view: dict, action_id: str, *, selected: str | None = None) -> dict:
    """Use a button or select of the App Home; give the view published after it."""
    count = len(served.fake.calls_to("views.publish"))
    home = {**view, "id": "V1"}
    if selected is None:
        body = block_action(action_id, None, view=home)
    else:
        body = select_action(action_id, selected, view=home)
    assert served.slack.post(body).status == 200
    return published(served, count + 1)


@pytest.mark.parametrize("lessons", [0, 1], ids=["enrolled", "had-a-lesson"])
def test_a_managers_home_shows_their_progress_and_settings_and_no_dashboard(served, lessons):
    later(served, "subscribe")
    if lessons:
        later(served, "next")
    text = all_text((view := open_home(served))["blocks"])
    assert "Your progress" in text
    assert f"*Lessons:* {lessons} of {len(served.coach.bank)}" in text
    assert {"home_pause", "home_time", "home_language"} <= set(buttons(view["blocks"]))
    assert "Dashboard for admins" not in text and "Lessons delivered" not in text


def test_an_admins_home_has_the_dashboard(served):
    start_course(served)
    text = all_text(open_home(served, ADMIN)["blocks"])
    assert "Dashboard for admins" in text and "Lessons delivered" in text


def test_pause_time_and_language_from_the_home(served):
    later(served, "subscribe")
    view = on_home(served, open_home(served), "home_pause")
    assert served.coach.store.learners.get("U1MANAGER").status == "paused"
    assert "home_resume" in buttons(view["blocks"]) and "home_pause" not in buttons(view["blocks"])
    assert "Your lessons are paused." in all_text(view["blocks"])
    view = on_home(served, view, "home_time", selected="07:30")
    assert served.coach.store.learners.get("U1MANAGER").send_at == "07:30"
    assert buttons(view["blocks"])["home_time"]["initial_option"]["value"] == "07:30"
    view = on_home(served, view, "home_language", selected="de")
    assert "Ihr Fortschritt" in all_text(view["blocks"])
    assert "Your progress" not in all_text(view["blocks"])


def test_a_lesson_is_reread_from_the_home_in_a_modal(served):
    lesson, _ = quiz_of(served, start_course(served))
    view = open_home(served)
    read = next(b["accessory"] for b in view["blocks"] if "accessory" in b)
    assert (read["action_id"], read["value"]) == ("home_read_0", lesson.id)
    click = block_action("home_read_0", lesson.id, view=view)
    assert served.slack.post(click).status == 200
    call = served.fake.wait_for("views.open")[0].params
    assert call["trigger_id"] == json.loads(parse_qs(click)["payload"][0])["trigger_id"]
    modal = call["view"] if isinstance(call["view"], dict) else json.loads(call["view"])
    assert_valid_view(modal)
    assert lesson.en.title in all_text(modal["blocks"])


# --- did this answer help? ---------------------------------------------------------------------


def test_an_answer_that_did_not_help_becomes_a_gap_and_only_the_asker_can_say_so(served):
    answer = ask(served, APOLOGY)
    choices = buttons(answer["blocks"])
    assert {"answer_helped", "answer_not_helped"} <= set(choices)
    assert_valid_blocks(answer["blocks"])
    no = choices["answer_not_helped"]

    other = block_action("answer_not_helped", no["value"], user_id="U2MANAGERIN",
                         response_url=served.fake.response_url("other"))  # fmt: skip
    assert served.slack.post(other).status == 200
    assert served.coach.store.events.questions()[0]["helpful"] is None
    assert "No open questions" in all_text(later(served, "gaps", user_id=ADMIN)["blocks"])
    assert served.fake.calls_to("response_url/other") == []  # not theirs: nothing changes

    # The buttons give way to what was recorded; the lesson buttons stay.
    thanks = click(served, "answer_not_helped", no["value"], message=answer)
    assert thanks["replace_original"] is True
    assert_valid_blocks(thanks["blocks"])
    assert "did not help" in all_text(thanks["blocks"])
    assert set(buttons(thanks["blocks"])) == {"lesson_read_0", "lesson_read_1", "lesson_read_2"}
    assert served.coach.store.events.questions()[0]["helpful"] == 0
    # A late click on 👍 (another device) changes nothing and says what counts.
    late = click(served, "answer_helped", choices["answer_helped"]["value"], message=answer)
    assert "did not help" in all_text(late["blocks"])
    assert served.coach.store.events.questions()[0]["helpful"] == 0
    text = all_text(later(served, "gaps", user_id=ADMIN)["blocks"])
    assert f"1× {APOLOGY} _(answer did not help)_" in text
