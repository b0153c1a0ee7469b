"""Teaching the coach from /coach gaps over HTTP, and a taught question in another process."""

from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.slack.blocks import escape, t
from bot.slack.dashboard import TEACH, TEACH_BLOCK
from bot.slack.teach import UNDO

from ..conftest import LESSONS_DIR
from .blockkit import all_text, assert_valid_blocks
from .requests import SlackSender, block_action, select_action, slash_command
from .test_serve import free_port, http_env, start, wait_healthy

ADMIN, ASKER = "U1MANAGER", "U2MANAGERIN"
GAP = "Wo ist der Drucker im dritten Stock?"  # no lesson answers it


def ask(slack: SlackSender, text: str, user_id: str = ASKER) -> dict:
    """Ask /coach `text`; give the answer (answered inside the acknowledgement)."""
    response = slack.post(slash_command(text, user_id=user_id))
    assert response.status == 200, response.body
    answer = response.json()
    assert_valid_blocks(answer["blocks"])
    return answer


def lesson_shown(answer: dict) -> str | None:
    """Give the id of the lesson an answer gives (None for "no lesson" or "did you mean…?")."""
    if answer["blocks"][0]["type"] != "header":
        return None
    buttons = [e for b in answer["blocks"] if b["type"] == "actions" for e in b["elements"]]
    return buttons[0]["value"].split("|")[0]


def later(served, body: str, name: str) -> dict:
    """Send a request answered through a response_url; give what was posted to it."""
    response = served.slack.post(body)
    assert response.status == 200 and response.body == ""
    return served.fake.wait_for(f"response_url/{name}")[0].params


def gaps(served, name: str, user_id: str = ADMIN) -> dict:
    url = served.fake.response_url(name)
    answer = later(served, slash_command("gaps", user_id=user_id, response_url=url), name)
    assert_valid_blocks(answer["blocks"])
    return answer


def menus(blocks: list[dict]) -> dict[str, dict]:
    """Give the gaps' lesson menus by question text: {text: block}."""
    found = {}
    for block in blocks:
        if block.get("block_id", "").startswith(TEACH_BLOCK):
            assert block["accessory"]["action_id"] == TEACH
            found[block["text"]["text"]] = block
    return found


def menu_for(blocks: list[dict], question: str) -> dict | None:
    return next((b for text, b in menus(blocks).items() if escape(question) in text), None)


def options(menu: dict) -> list[str]:
    select = menu["accessory"]
    groups = select.get("option_groups") or [{"options": select.get("options", [])}]
    return [option["value"] for group in groups for option in group["options"]]


def pick(served, block: dict, lesson_id: str, name: str, user_id: str = ADMIN) -> dict:
    url = served.fake.response_url(name)
    body = select_action(
        TEACH, lesson_id, user_id=user_id, block_id=block["block_id"], response_url=url
    )
    return later(served, body, name)


@pytest.fixture
def gap(served) -> str:
    """A question the bank has no lesson for, asked once; the admin is a workspace admin."""
    served.fake.users[ADMIN]["is_admin"] = True
    assert lesson_shown(ask(served.slack, GAP)) is None
    assert served.coach.store.events.questions()[0]["lesson_id"] is None
    deadline = time.monotonic() + 5  # the asker's locale (de-DE) is looked up after the answer
    while served.coach.needs_locale(ASKER) and time.monotonic() < deadline:
        time.sleep(0.01)
    return GAP


def test_the_gaps_list_offers_a_menu_of_the_banks_lessons_for_each_question(served, gap):
    answer = gaps(served, "r1")
    menu = menu_for(answer["blocks"], gap)
    assert menu is not None, all_text(answer["blocks"])
    by_topic = served.coach.bank.by_topic().values()
    assert options(menu) == [lesson.id for lessons in by_topic for lesson in lessons][:100]


def test_picking_a_lesson_teaches_it_and_undo_reverses_it(served, gap):
    lesson = served.coach.bank.lessons[0]
    block = menu_for(gaps(served, "r1")["blocks"], gap)
    taught = pick(served, block, lesson.id, "r2")
    assert taught["replace_original"] is True
    assert_valid_blocks(taught["blocks"])
    shown = all_text(taught["blocks"])
    assert t("en", "taught", question=escape(gap), title=lesson.en.title) in shown
    assert menu_for(taught["blocks"], gap) is None  # it left the list
    assert lesson_shown(ask(served.slack, gap)) == lesson.id
    assert lesson_shown(ask(served.slack, "wo ist der DRUCKER im dritten stock")) == lesson.id
    assert lesson_shown(ask(served.slack, gap, user_id="U9OTHER")) == lesson.id  # for everyone
    # Stored without who asked it or who taught it.
    rows = served.coach.store.taught.all()
    assert [(row.question, row.lesson_id) for row in rows] == [(gap, lesson.id)]
    assert not {ADMIN, ASKER} & {str(value) for row in rows for value in vars(row).values()}

    [undo] = [
        element
        for block in taught["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"] == UNDO
    ]
    url = served.fake.response_url("r3")
    undone = later(served, block_action(UNDO, undo["value"], response_url=url), "r3")
    assert_valid_blocks(undone["blocks"])
    assert t("en", "untaught", question=escape(gap), title=lesson.en.title) in all_text(
        undone["blocks"]
    )
    assert menu_for(undone["blocks"], gap) is not None  # back in the list
    assert lesson_shown(ask(served.slack, gap)) is None
    assert served.coach.store.taught.all() == []


def test_a_non_admins_pick_or_undo_is_refused_and_changes_nothing(served, gap):
    lesson = served.coach.bank.lessons[0]
    block = menu_for(gaps(served, "r1")["blocks"], gap)
    refused = pick(served, block, lesson.id, "r2", user_id=ASKER)
    assert refused["text"] == t("de", "admins_only")  # U2MANAGERIN's locale is de-DE
    assert refused["replace_original"] is False  # the admin's list is not touched
    assert served.coach.store.taught.all() == []
    assert lesson_shown(ask(served.slack, gap)) is None
    # Taught by the admin, the question cannot be untaught by someone else.
    pick(served, block, lesson.id, "r3")
    _, question_id, days = block["block_id"].split("|")
    url = served.fake.response_url("r4")
    value = f"{question_id}|{lesson.id}|{days}"
    refused = later(served, block_action(UNDO, value, user_id=ASKER, response_url=url), "r4")
    assert refused["text"] == t("de", "admins_only")
    assert lesson_shown(ask(served.slack, gap)) == lesson.id


@pytest.mark.parametrize("value", ["", "x|y|z", "999999|no-such-lesson|30", "1|" + "9" * 40])
def test_a_forged_or_stale_undo_gets_a_friendly_note(served, gap, value):
    url = served.fake.response_url("r1")
    answer = later(served, block_action(UNDO, value, response_url=url), "r1")
    assert answer["text"] in (t("en", "question_gone"), t("en", "lesson_gone"))
    assert served.coach.store.taught.all() == []


def test_the_confirmation_never_pings_with_the_questions_words(served):
    served.fake.users[ADMIN]["is_admin"] = True
    question = "<!channel> wo ist der Drucker? <@U9OTHER> <https://evil.example|hier>"
    ask(served.slack, question)
    block = next(iter(menus(gaps(served, "r1")["blocks"]).values()))
    taught = pick(served, block, served.coach.bank.lessons[0].id, "r2")
    said = json.dumps(taught)
    assert "<!channel>" not in said and "<@U9OTHER>" not in said and "<https" not in said
    assert "&lt;!channel&gt;" in said


def test_the_non_admins_gaps_show_no_question(served, gap):
    answer = gaps(served, "r1", user_id=ASKER)
    assert answer["text"] == t("de", "admins_only")
    assert gap not in json.dumps(answer, ensure_ascii=False)


def test_a_question_taught_in_another_process_is_answered_within_a_minute(
    fake_slack, tmp_path, stop_later
):
    port = free_port()
    process = start(http_env(fake_slack, PORT=str(port)), tmp_path)
    stop_later.append(process)
    wait_healthy(port, process, timeout=60)
    slack = SlackSender(f"http://127.0.0.1:{port}")
    assert lesson_shown(ask(slack, GAP)) is None  # a gap
    from bot.lessons import load_bank

    lesson_id = load_bank(LESSONS_DIR).lessons[0].id
    # Taught from this process: to the server, another process.
    env = {"COACH_DB": str(tmp_path / "coach.db"), "COACH_LESSONS": str(LESSONS_DIR)}
    taught = CliRunner().invoke(main, ["teach", lesson_id, GAP], env=env)
    assert taught.exit_code == 0, taught.output
    started = time.monotonic()
    while lesson_shown(ask(slack, GAP)) != lesson_id:
        assert time.monotonic() - started < 60, "not answered with the taught lesson in a minute"
        time.sleep(0.2)
    print(f"answered with the taught lesson {time.monotonic() - started:.1f} s after teaching")
    slack.close()
