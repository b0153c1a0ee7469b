"""Buttons and the App Home over HTTP, with the fake Web API and response_url."""

from __future__ import annotations

import json

from .blockkit import all_text, assert_valid_view
from .requests import app_home_opened, block_action, slash_command


def opened_view(served) -> dict:
    view = served.fake.wait_for("views.open")[0].params["view"]
    view = view if isinstance(view, dict) else json.loads(view)
    assert_valid_view(view)
    return view


def test_read_the_whole_lesson_opens_it_over_the_answer_which_stays(served):
    answer = served.slack.post(slash_command("how do we apologize publicly")).json()
    button = next(b for b in answer["blocks"] if b["type"] == "actions")["elements"][0]
    lesson = served.coach.bank.get(button["value"].split("|")[0])
    click = block_action(
        button["action_id"], button["value"], response_url=served.fake.response_url("r1")
    )
    assert served.slack.post(click).status == 200
    text = all_text(opened_view(served)["blocks"])
    assert lesson.en.body.strip()[:40] in text  # the whole body, not the preview
    assert lesson.en.try_today in text
    # The answer, with its other buttons and "did it help?", is not replaced.
    assert not served.fake.calls_to("response_url/r1")


def test_a_lesson_removed_from_the_bank_gets_a_friendly_note(served):
    click = block_action(
        "lesson_read_0", "no-such-lesson|de", response_url=served.fake.response_url("r2")
    )
    assert served.slack.post(click).status == 200
    assert "gibt es nicht mehr" in all_text(opened_view(served)["blocks"])


def test_opening_the_app_home_publishes_it_in_the_users_language(served):
    response = served.slack.post(app_home_opened("U2MANAGERIN"), content_type="application/json")
    assert response.status == 200
    call = served.fake.wait_for("views.publish")[0]
    assert call.params["user_id"] == "U2MANAGERIN"
    view = call.params["view"]
    view = view if isinstance(view, dict) else json.loads(view)
    assert_valid_view(view)
    assert "Fragen Sie mich" in all_text(view["blocks"])  # de-DE locale from users.info
