"""Texts put together for a manager: the delivery days in words."""

from __future__ import annotations

import pytest

from bot.slack.blocks import days_text


@pytest.mark.parametrize(
    ("days", "german", "english"),
    [
        ("mon-fri", "montags bis freitags", "Monday to Friday"),
        ("mon,wed,fri", "montags, mittwochs und freitags", "on Mondays, Wednesdays and Fridays"),
        ("sun-thu", "sonntags bis donnerstags", "Sunday to Thursday"),
        ("mon-wed,fri", "montags bis mittwochs und freitags", "Monday to Wednesday and Fridays"),
        ("tue", "dienstags", "on Tuesdays"),
    ],
)
def test_delivery_days_read_as_words(days, german, english):
    assert days_text(days, "de") == german
    assert days_text(days, "en") == english
