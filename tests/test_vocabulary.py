"""The app's words read, compare and format as the text they are stored as."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

from bot.vocabulary import LANGUAGES, Event, Language, Status, other_language


@pytest.mark.parametrize("word", [Status.ACTIVE, Event.QUIZ_RIGHT, Language.DE])
def test_a_word_formats_as_its_text(word):
    text = word.value
    assert f"{word}" == str(word) == text
    assert "%s" % word == text  # noqa: UP031 - as logging formats it
    assert f"{word:>15}|" == f"{text:>15}|"


@pytest.mark.parametrize("word", [Status.PAUSED, Event.ASKED])
def test_a_word_is_its_text_to_json_sqlite_csv_and_dict_keys(word):
    text = word.value
    assert json.dumps({word: [word]}) == json.dumps({text: [text]})
    row = sqlite3.connect(":memory:").execute("SELECT ?, typeof(?)", (word, word)).fetchone()
    assert row == (text, "text")
    out = io.StringIO()
    csv.writer(out).writerow([word])
    assert out.getvalue().strip() == text
    assert {text: 1}[word] == 1 and word in {text} and word == text


def test_the_languages_and_the_other_one():
    assert LANGUAGES == ("de", "en")
    assert other_language("de") == "en" and other_language(Language.EN) == "de"
