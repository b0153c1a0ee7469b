"""What the admins taught the coach: questions and the lessons that answer them.

An admin picks the lesson for a question the bank did not answer (in `/coach gaps` or with
`coach teach`). From then on the question gets that lesson, also typed differently: in another
case, with other punctuation or spacing, with or without umlauts, with other filler words or in
another word order. The taught questions also join their lesson's example questions in the
search, so questions close to them find the lesson too.

The taught questions live in the store, without who asked them. Each process keeps them in
memory and looks at the store's version now and then (`Teachings.refresh`), so a question
taught in one process is answered in every other within a minute.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import yaml

from .lessons import Bank
from .search import Answer
from .store import Store, Taught
from .vocabulary import LANGUAGES, Language
from .words import CANONICAL, STOPWORDS, detect_language, normalize, stemmer, words

# How often a process looks for questions taught elsewhere (seconds): well within a minute.
CHECK_EVERY = 5.0

_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})


class TeachingError(ValueError):
    """A lesson id or question that cannot be taught; the message says which and why."""


# Words that make two questions different ones, though they are filler words to the search:
# "when should we post" is not "what should we post", "delete" is not "not delete".
MEANING = set(
    """
    was wann wer wen wem wessen warum wieso weshalb wie wo woher wohin welche welcher welches
    welchen ob nicht kein keine keinen keinem keiner nie niemals ohne
    what when who whom whose why how where which whether not no never without nor
    """.split()
)
MEANING |= {word.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue") for word in MEANING}
# Below this many words of content a question is recognised only as typed (case and spacing
# aside): "Agentur?" alone would stand for every question about agencies.
FEW_WORDS = 2
_KEYS: dict[str, str] = {}  # a word -> its part of a key (bounded, like the search's caches)


def key(question: str) -> str:
    """Give the question's words as a key that is the same however it was typed.

    Case, punctuation, spacing, umlauts (ä, ae, a), filler words, word forms (each word's stem)
    and word order do not change it; question words and negations do. A question with fewer
    than FEW_WORDS words of content is recognised only as typed, case and spacing aside; one
    with none gets "" (it cannot be taught).
    """
    content: set[str] = set()
    kept: set[str] = set()
    for word in words(question):
        part = _KEYS.get(word)
        if part is None:
            if len(_KEYS) >= 50_000:  # a bound, not a policy: start afresh
                _KEYS.clear()
            part = _KEYS[word] = _part(word)
        if part.startswith("="):
            kept.add(part)
        elif part:
            content.add(part)
    if not content:
        return ""  # nothing to recognise it by
    if len(content) < FEW_WORDS:
        return "=" + " ".join(words(question))
    return " ".join(sorted(content | kept))


def _part(word: str) -> str:
    """Give a word's part of a key: its stem, "=word" for a word of meaning, "" for filler."""
    canonical = CANONICAL.get(word, word)
    if canonical in MEANING:
        return "=" + canonical
    if canonical in STOPWORDS[Language.DE] or canonical in STOPWORDS[Language.EN]:
        return ""
    folded = normalize(canonical, Language.EN).translate(_FOLD)
    folded = folded.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    stems = tuple(stemmer(language).stemWord(folded) for language in LANGUAGES)
    return min(stems, key=lambda stem: (len(stem), stem))


class Teachings:
    """The taught questions as one process knows them: key -> lesson id, kept up to date."""

    def __init__(
        self,
        store: Store,
        bank: Bank,
        *,
        check_every: float = CHECK_EVERY,
        clock: Callable[[], float] = time.monotonic,
        on_change: Callable[[list[Taught]], None] | None = None,
    ):
        self.store = store
        self.bank = bank
        self.check_every = check_every
        self._clock = clock
        self.on_change = on_change  # called with the taught questions whenever they change
        self._lock = threading.Lock()
        self._version = -1
        self._checked = float("-inf")
        self._lessons: dict[str, str] = {}
        self.questions: list[Taught] = []
        self.refresh(force=True)

    def apply(self, answer: Answer, question: str) -> Answer:
        """Give `answer` with the lesson taught for `question` first, if one was."""
        lesson_id = self.lesson_for(question)
        return answer if lesson_id is None else answer.taught(self.bank.get(lesson_id))

    def lesson_for(self, question: str) -> str | None:
        """Give the id of the lesson taught for `question`, or None."""
        self.refresh()
        if not self._lessons:
            return None
        return self._lessons.get(key(question))

    def refresh(self, *, force: bool = False) -> bool:
        """Reload the taught questions if they changed in the store; True if they did.

        Looks at the store at most every `check_every` seconds (unless `force`).
        """
        now = self._clock()
        if not force and now - self._checked < self.check_every:
            return False
        with self._lock:
            self._checked = now
            version = self.store.taught.version()
            if version == self._version:
                return False
            taught = [item for item in self.store.taught.all() if item.lesson_id in self.bank]
            self._lessons = {item.key: item.lesson_id for item in taught}
            self.questions = taught
            self._version = version
        if self.on_change is not None:
            self.on_change(taught)
        return True

    def teach(self, lesson_id: str, question: str) -> Taught:
        """Make `lesson_id` the answer to `question`, at once in this process."""
        question = " ".join(question.split())
        if lesson_id not in self.bank:
            raise TeachingError(f"no lesson with the id {lesson_id!r} in the bank")
        taught_key = key(question)
        if not taught_key:
            raise TeachingError(f"{question!r} has no words to recognise it by")
        taught = Taught(
            key=taught_key,
            question=question,
            lesson_id=lesson_id,
            language=detect_language(question),
            taught_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        )
        self.store.taught.add(taught)
        self.refresh(force=True)
        return taught

    def undo(self, lesson_id: str, question: str) -> bool:
        """Stop answering `question` with `lesson_id`; False if that was not taught."""
        removed = self.store.taught.remove(key(question), lesson_id)
        self.refresh(force=True)
        return removed

    def is_taught(self, question: str) -> bool:
        """Say whether `question` (however typed) has a taught lesson."""
        self.refresh()
        return key(question) in self._lessons


def taught_yaml(bank: Bank, taught: list[Taught]) -> str:
    """Give the taught questions per lesson file and language, as YAML: each list is ready to
    paste under that language's `questions:` in the file. A question in no clear language is
    listed as English."""
    files: dict[str, dict[str, list[str]]] = {}
    for lesson in bank:
        questions = [item for item in taught if item.lesson_id == lesson.id]
        if not questions:
            continue
        path = bank.paths.get(lesson.id)
        name = _shown(path) if path else lesson.id
        languages = files.setdefault(name, {})
        for item in questions:
            # As text: yaml.safe_dump writes plain str keys only.
            language = str(item.language or Language.EN)
            languages.setdefault(language, []).append(item.question)
    if not files:
        return "# No questions have been taught yet.\n"
    header = "# Taught questions per lesson file: paste each list under its language's questions.\n"
    return header + yaml.safe_dump(files, allow_unicode=True, sort_keys=False, width=1000)


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
