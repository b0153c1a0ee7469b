"""The topic model: the scores a question gets are scikit-learn's, and the model is kept."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import classifier
from bot.lessons import load_bank
from bot.store import Store

from .conftest import LESSONS_DIR

BANK = load_bank(LESSONS_DIR)


@pytest.fixture(scope="module")
def fitted():
    """The model, and sklearn's own SVM fitted on the same features, to compare with."""
    from sklearn.svm import LinearSVC

    texts, labels = classifier.examples(BANK)
    model = classifier.fit(texts, labels)
    # Fitted on the rows the fit makes, which are `features`' (the test below checks).
    _, _, rows = classifier._features_to_fit(texts)
    svm = LinearSVC(C=0.5, class_weight="balanced", random_state=0).fit(rows, labels)
    return model, svm


def test_the_fits_features_are_the_features_questions_are_scored_by():
    texts, _ = classifier.examples(BANK)
    texts = texts[::7]  # every topic, both languages and the off-topic questions, in a second
    columns, idf, rows = classifier._features_to_fit(texts)
    assert sorted(columns, key=columns.__getitem__) == sorted(columns)  # as sklearn orders them
    np.testing.assert_allclose(
        rows.toarray(), classifier.features(texts, columns, idf).toarray(), atol=1e-12
    )


QUESTIONS = [
    "Wie entschuldige ich mich öffentlich?",
    "wie entschuldige ich mich oeffentlich nach einem fehler",
    "how do we apologise publicly after a data leak?",
    "Brauchen wir den Betriebsrat fürs Social-Media-Projekt?",
    "vpn geht nicht",
    "Where do I find my payslip?",
    "",
    "???",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_questions_scores_are_what_scikit_learn_gives(fitted, question):
    model, svm = fitted
    expected = svm.decision_function(classifier.features([question], model.columns, model.idf))
    assert list(svm.classes_) == list(model.classes)
    np.testing.assert_allclose(model.scores(question), expected[0], atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="aäbcdeéfghiklmnoöprsßtuüwxyz ,.?-", max_size=80))
def test_any_text_gets_scikit_learns_scores(fitted, text):
    model, svm = fitted
    expected = svm.decision_function(classifier.features([text], model.columns, model.idf))
    np.testing.assert_allclose(model.scores(text), expected[0], atol=1e-9)


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Wie beantrage ich Urlaub?", classifier.OFF_TOPIC),
        ("my laptop won't connect to the VPN", classifier.OFF_TOPIC),
        ("how do we apologise publicly after a mistake", "public-apology"),
        ("Sollen wir kritische Kommentare löschen?", "transparency"),
    ],
)
def test_the_model_tells_the_topic_or_off_topic(fitted, question, topic):
    model, _ = fitted
    assert model.classes[int(np.argmax(model.scores(question)))] == topic


def test_a_fitted_model_is_kept_and_a_restart_loads_it(tmp_path, monkeypatch):
    store = Store(tmp_path / "coach.db")
    classifier._MEMORY.clear()
    first = classifier.train(BANK, store=store)
    classifier._MEMORY.clear()  # a new process: nothing in memory

    def no_fit(*args):
        raise AssertionError("fitted again although the model was kept")

    monkeypatch.setattr(classifier, "fit", no_fit)
    again = classifier.train(BANK, store=store)
    question = "Wie gehen wir mit Trollen um?"
    np.testing.assert_array_equal(first.scores(question), again.scores(question))
    store.close()


def test_a_model_fitted_for_one_database_is_kept_by_the_next_too(tmp_path, monkeypatch):
    first, second = Store(tmp_path / "first.db"), Store(tmp_path / "second.db")
    classifier.train(BANK, store=first)
    classifier.train(BANK, store=second)  # from memory
    classifier._MEMORY.clear()  # a new process on the second database

    def no_fit(*args):
        raise AssertionError("fitted again although the model was kept")

    monkeypatch.setattr(classifier, "fit", no_fit)
    classifier.train(BANK, store=second)
    first.close()
    second.close()


def test_a_store_that_fails_only_costs_a_fit(tmp_path):
    store = Store(tmp_path / "coach.db")
    store.close()  # every read and write of the kept models now fails
    classifier._MEMORY.clear()
    model = classifier.train(BANK, store=store)
    assert model.classes[int(np.argmax(model.scores("vpn geht nicht")))] == classifier.OFF_TOPIC


def test_the_fit_in_a_helper_process_gives_the_same_model():
    texts, labels = classifier.examples(BANK)
    here = classifier.fit(texts, labels)
    classifier._MEMORY.clear()
    there = classifier.train(BANK, elsewhere=True)
    question = "Darf der Azubi unseren Instagram-Account allein betreuen?"
    np.testing.assert_allclose(here.scores(question), there.scores(question), atol=1e-12)
