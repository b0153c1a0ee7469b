"""The coach: the lesson bank, search and store put together for the Slack edge and the terminal."""

from __future__ import annotations

import logging
import sqlite3
import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from . import classifier, stats
from .config import Settings
from .curriculum import Schedule
from .lessons import Bank, Lesson, load_bank
from .search import MAX_QUESTION_CHARS, Answer, Searcher
from .store import Learner, Store, Taught
from .teaching import CHECK_EVERY, Teachings
from .vocabulary import LANGUAGES

logger = logging.getLogger(__name__)


class Fit(str, Enum):
    """When a coach fits its topic model."""

    NOW = "now"  # before the coach is made (the command line, tests)
    LATER = "later"  # when learn_in_background is called: serve does once it listens, and
    # answers by BM25 alone for the seconds the first fit takes
    NONE = "none"  # never: a coach that answers no questions (deliver)


@dataclass(frozen=True)
class Reply:
    """The answer to a /coach question, in the language it is to be shown in."""

    question: str
    answer: Answer
    language: str
    truncated: bool
    question_id: int = 0  # the asked event, for "did this help?"

    @property
    def lessons(self) -> list[Lesson]:
        return [match.lesson for match in self.answer.matches]


def language_from_locale(locale: str | None, default: str) -> str | None:
    """Give "de" or "en" for a Slack locale such as de-DE; `default` for others; None if unknown."""
    if locale is None:
        return None
    if locale == "":
        return default
    prefix = locale.split("-")[0].lower()
    return prefix if prefix in LANGUAGES else default


class Coach:
    """Answers questions and keeps what the statistics need."""

    def __init__(
        self,
        settings: Settings,
        *,
        bank: Bank,
        store: Store,
        searcher: Searcher | None = None,
        check_every: float = CHECK_EVERY,
        model: Fit = Fit.NOW,
    ):
        """`model`: when the topic model is fitted (see Fit)."""
        model = Fit(model)
        self.settings = settings
        self.bank = bank
        self.store = store
        self._searcher = searcher
        self._building = threading.Lock()
        # Events keep their lesson's topic, so a lesson removed later still counts under it.
        store.events.set_topics({lesson.id: lesson.topic for lesson in bank})
        self._rebuilding = threading.Lock()
        self._fits_model = model is not Fit.NONE
        self._elsewhere = False  # fit in a helper process (once serving)
        self.ready = threading.Event()  # set once the search knows the taught questions and model
        self.teachings = Teachings(store, bank, check_every=check_every)
        # From now on, a change to the taught questions is learnt: their exact questions are
        # answered at once anyway (Teachings keeps them); the index and the model follow.
        self.teachings.on_change = self._taught_changed
        if model is Fit.NOW:
            self._learn()
        elif model is Fit.NONE:
            self.ready.set()  # the search is made with the taught questions at the first one

    @property
    def searcher(self) -> Searcher:
        """Give the search over the bank and the taught questions, made at the first question
        (a delivery pass or a sync asks none)."""
        searcher = self._searcher
        if searcher is None:
            with self._building:
                if self._searcher is None:
                    self._searcher = Searcher(self.bank, taught=self.teachings.questions)
                searcher = self._searcher
        return searcher

    def learn_in_background(self) -> None:
        """Fit the topic model (and index the taught questions) off the answers' path: in a
        thread that waits for a helper process doing the fit, so answers keep their speed."""
        self._elsewhere = True
        threading.Thread(target=self._learn, name="topic-model", daemon=True).start()

    def _taught_changed(self, taught: list[Taught]) -> None:
        threading.Thread(target=self._learn, name="taught-index", daemon=True).start()

    def _learn(self) -> None:
        """Give the search the taught questions as example questions, and the topic model fitted
        with them (unless the coach answers no questions)."""
        with self._rebuilding:
            try:
                taught = self.teachings.questions
                searcher = self._searcher
                if searcher is None or taught or searcher.taught:
                    searcher = Searcher(self.bank, taught=taught)
                if self._fits_model:
                    searcher.model = classifier.train(
                        self.bank, taught, store=self.store, elsewhere=self._elsewhere
                    )
                if self._elsewhere:  # serving: the first misspelt question need not wait
                    searcher.warm()
                self._searcher = searcher
            except Exception:  # the search as it was goes on answering
                logger.exception("learning the taught questions and the topic model failed")
            finally:
                self.ready.set()

    @classmethod
    def from_settings(cls, settings: Settings, *, model: Fit = Fit.LATER) -> Coach:
        """Load the bank and open the store (the search is made when it is first needed)."""
        bank = load_bank(settings.lessons_dir)
        store = Store(settings.db_path)
        return cls(settings, bank=bank, store=store, model=model)

    def report(self, *, days: int = 30, today: date | None = None) -> stats.Report:
        """Give the admins' report over `days` UTC days up to `today`: a question taught since
        it was asked is no longer among the open ones."""
        return stats.report(
            self.store,
            self.bank,
            days=days,
            today=today,
            min_group=self.settings.min_group,
            answered=self.teachings.is_taught,
        )

    def ask(self, user_id: str, question: str) -> Reply:
        """Answer `question` for `user_id` from the bank and record it."""
        question = " ".join(question.split())
        truncated = len(question) > MAX_QUESTION_CHARS
        question = question[:MAX_QUESTION_CHARS]
        answer = self.teachings.apply(self.searcher.ask(question), question)
        best = answer.best
        try:
            question_id = self.store.events.record_question(
                user_id=user_id,
                text=question,
                language=answer.language,
                lesson_id=best.lesson.id if best else None,
                score=best.score if best else None,
            )
        except sqlite3.Error as error:
            # The answer is found without the database: a full disk costs the record and the
            # "did it help?" buttons, not the answer. The question itself is never logged.
            logger.error("a question was answered but not recorded: %s", error)
            question_id = 0
        language = self.language_for(user_id, question_language=answer.language)
        return Reply(question, answer, language, truncated, question_id)

    def language_for(self, user_id: str, *, question_language: str | None = None) -> str:
        """Give the user's language: their choice, their Slack locale, the question's, default."""
        prefs = self.store.prefs.get(user_id)
        if prefs is not None and prefs.language:
            return prefs.language
        from_locale = language_from_locale(prefs.locale if prefs else None, self.settings.language)
        return from_locale or question_language or self.settings.language

    def remember_locale(self, user_id: str, locale: str) -> None:
        """Keep the user's Slack locale ("" when Slack had none to give)."""
        self.store.prefs.set_locale(user_id, locale)

    def rate_answer(self, question_id: int, user_id: str, *, helpful: bool) -> bool | None:
        """Keep whether the answer to the asker's question helped (the first say counts); give
        what is kept, or None if the question is not theirs."""
        return self.store.events.answer_helped(question_id, user_id, helpful=helpful)

    def question_text(self, question_id: int) -> str | None:
        """Give the text of the question asked as `question_id`, or None if it is gone."""
        return self.store.events.question_text(question_id)

    def claim_message(self, key: str, now: datetime) -> bool:
        """Claim the Slack message `key` for answering; False if it is answered or being
        answered (a retry, or another process)."""
        return self.store.answered.claim(key, now=now)

    def finish_message(self, key: str, now: datetime) -> None:
        """Mark the message `key` answered: no retry answers it again."""
        self.store.answered.finish(key, now=now)

    def purge(self, now: datetime) -> int:
        """Delete the events older than the retention period and the answered messages older
        than a day (Slack retries within minutes); give how many events went. Their old pages
        leave the write-ahead log soon after."""
        gone = self.store.privacy.purge(now - timedelta(days=self.settings.retention_days))
        self.store.answered.purge(now - timedelta(days=1))
        if gone:
            self.store.fold_log_later()
        return gone

    def needs_locale(self, user_id: str) -> bool:
        """Say whether the user's Slack locale has yet to be looked up."""
        prefs = self.store.prefs.get(user_id)
        return prefs is None or (prefs.locale is None and not prefs.language)

    def schedule_for(self, learner: Learner | None) -> Schedule:
        """Give when `learner` gets lessons: their time or the default, in their time zone."""
        return Schedule.of(
            send_at=(learner.send_at if learner else None) or self.settings.send_at,
            days=self.settings.days,
            zone=learner.zone if learner else None,
        )
