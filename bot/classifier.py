"""Is a question about social media at work, and which topic: a linear model over the
characters of its words, trained with scikit-learn when the bank is loaded.

Seven classes: the six topics, learnt from the lessons themselves (their example questions,
titles, takeaways and the sentences of their bodies) and the questions admins taught; and
"off-topic", learnt from about a thousand everyday workplace questions in German and English
(`data/workplace_questions.yaml`: HR, IT, travel, facilities, and on purpose many that share a
word with the domain: an apology to a colleague, an IT strategy, a customer database).

Features are character n-grams (3 to 5) of each word with umlauts folded, so a typo, a missing
umlaut or a German compound still shares most of its n-grams with the words the model knows.
The n-grams kept (those in two texts at least) and their IDF weights are scikit-learn's
TfidfVectorizer's, worked out from each distinct word once; scikit-learn fits a linear SVM, and
answering a question then needs only their numbers. `TopicModel.scores` works out the decision
values with each word's share kept once computed, in about ten microseconds a question, where
sklearn's own vectoriser and predict take over a millisecond (a test checks both agree).
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import os
import random
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import yaml

from .helper_process import in_child
from .lessons import TOPICS, Bank
from .store import Store, Taught
from .vocabulary import LANGUAGES
from .words import words

logger = logging.getLogger(__name__)
T = TypeVar("T")

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CORPUS = Path(__file__).resolve().parent / "data" / "workplace_questions.yaml"
OFF_TOPIC = "off-topic"
CLASSES = (*TOPICS, OFF_TOPIC)
NGRAMS = (3, 5)
# Enough examples to learn six topics; a bank of 1,000 lessons is sampled down to this.
MOST_EXAMPLES = 12_000
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n+")


def word_ngrams(word: str) -> list[str]:
    """Give the character n-grams of one word (lowercase, as `words` gives it), its edges
    marked with a space."""
    word = f" {word.translate(_FOLD)} "
    size = len(word)
    low, high = NGRAMS
    return [
        word[start : start + n]
        for n in range(low, min(high, size) + 1)
        for start in range(size - n + 1)
    ]


@dataclass(frozen=True)
class TopicModel:
    """The fitted numbers: each n-gram's column and IDF, and each class's weights.

    A text's features: each word's n-grams weighted by their IDF (the word's vector), summed
    over the words and divided by the root of the words' squared lengths. For a text whose
    words share no n-gram that is the usual L2-normalised TF-IDF; its point is that a word's
    share of every class's score can be worked out once and kept, so scoring a question adds a
    few numbers per word.
    """

    classes: tuple[str, ...]  # what each score is for
    columns: dict[str, int]
    idf: np.ndarray  # per column
    weights: np.ndarray  # classes x columns
    intercepts: np.ndarray  # per class

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_word", {})
        object.__setattr__(self, "_dumped", None)

    def scores(self, question: str | Sequence[str]) -> np.ndarray:
        """Give the decision value of each class in `classes` for `question` (higher: likelier).

        `question` may be given as its words (`words.words`), which the search has already.
        """
        return self.read(question)[0]

    def read(self, question: str | Sequence[str]) -> tuple[np.ndarray, float]:
        """Give the scores and the share of the question's n-grams the model knows (a typo
        leaves most of a word known; gibberish and foreign words do not)."""
        parts = [self._word(word) for word in (words(question) if isinstance(question, str)
                                                else question)]  # fmt: skip
        length = sum(part[1] for part in parts)
        grams = sum(part[3] for part in parts)
        known = sum(part[2] for part in parts) / grams if grams else 0.0
        if not length:
            return self.intercepts.copy(), known
        total = np.add.reduce([part[0] for part in parts])
        return total / math.sqrt(length) + self.intercepts, known

    def _word(self, word: str) -> tuple[np.ndarray, float, int, int]:
        """Give the word's share of each class's score, its vector's squared length, and how
        many of its n-grams are known of how many."""
        by_word: dict[str, tuple] = self._by_word  # type: ignore[attr-defined]
        found = by_word.get(word)
        if found is None:
            if len(by_word) >= 50_000:  # a bound, not a policy: start afresh
                by_word.clear()
            grams = word_ngrams(word)
            columns = [self.columns[gram] for gram in grams if gram in self.columns]
            weights = self.idf[columns]
            found = by_word[word] = (
                self.weights[:, columns] @ weights,
                float(weights @ weights),
                len(columns),
                len(grams),
            )
        return found


def features(texts: Sequence[str], columns: dict[str, int], idf: np.ndarray) -> Any:
    """Give the texts' features as TopicModel.scores sees them, one row per text (a SciPy
    sparse matrix: SciPy comes with scikit-learn and, like it, is needed to fit only)."""
    from scipy.sparse import csr_matrix

    weight = idf.tolist()
    seen: dict[str, tuple[list[int], float]] = {}  # word -> its columns, squared length
    rows, cols, values = [], [], []
    for row, text in enumerate(texts):
        counts: Counter[int] = Counter()
        length = 0.0
        for word in words(text):
            found = seen.get(word)
            if found is None:
                known = [columns[gram] for gram in word_ngrams(word) if gram in columns]
                found = seen[word] = (known, sum(weight[c] * weight[c] for c in known))
            counts.update(found[0])
            length += found[1]
        if length:
            norm = math.sqrt(length)
            for column, count in counts.items():
                rows.append(row)
                cols.append(column)
                values.append(count * weight[column] / norm)
    return csr_matrix((values, (rows, cols)), shape=(len(texts), len(weight)))


def _features_to_fit(texts: Sequence[str]) -> tuple[dict[str, int], np.ndarray, Any]:
    """Give the n-grams worth keeping (in two texts at least), their IDF, and the texts'
    features as `features` gives them: each distinct word's n-grams are made once.

    A text's n-gram counts are its word counts times each word's n-gram counts (two sparse
    matrices). The columns are the n-grams in sorted order and the IDF is smoothed, as
    scikit-learn's TfidfVectorizer(min_df=2) has them. A row is the counts times their IDF,
    over the root of the summed squared IDF of every n-gram it has: the words' squared lengths
    added up, as `features` has it.
    """
    by_text, known = _counted(texts, words)
    by_word, grams = _counted(known, word_ngrams)
    counts = (by_text @ by_word).tocsc()
    in_texts = np.diff(counts.indptr)  # each n-gram's document frequency
    names = np.array(list(grams), dtype=object)
    kept = np.flatnonzero(in_texts >= 2)
    kept = kept[np.argsort(names[kept].astype(str), kind="stable")]
    counts = counts[:, kept].tocsr()
    idf = np.log((1 + len(texts)) / (1 + in_texts[kept])) + 1.0
    lengths = np.sqrt(counts @ (idf * idf))
    scale = np.divide(1.0, lengths, out=np.zeros_like(lengths), where=lengths > 0)
    rows = counts.multiply(idf[np.newaxis, :]).multiply(scale[:, np.newaxis]).tocsr()
    columns = {str(gram): column for column, gram in enumerate(names[kept])}
    return columns, idf, rows


def _counted(
    items: Collection[str], parts: Callable[[str], list[str]]
) -> tuple[Any, dict[str, int]]:
    """Give how often each item has each of its parts (a sparse matrix, a row per item) and
    the parts' columns, numbered as they were met."""
    from scipy.sparse import csr_matrix

    columns: dict[str, int] = {}
    rows: list[int] = []
    found: list[int] = []
    for row, item in enumerate(items):
        for part in parts(item):
            rows.append(row)
            found.append(columns.setdefault(part, len(columns)))
    shape = (len(items), len(columns))
    return csr_matrix((np.ones(len(rows)), (rows, found)), shape=shape), columns


def examples(bank: Bank, taught: Sequence[Taught] = ()) -> tuple[list[str], list[str]]:
    """Give the training texts and their classes: the lessons' texts by topic, taught
    questions by their lesson's topic, and the workplace questions as off-topic."""
    texts: list[str] = []
    labels: list[str] = []
    for lesson in bank:
        for language in LANGUAGES:
            text = lesson.text(language)
            parts = [*text.questions, text.title, text.takeaway, text.try_today]
            parts += [part for part in _SENTENCE_END.split(text.body) if len(part.split()) >= 4]
            texts += parts
            labels += [lesson.topic] * len(parts)
    for item in taught:
        lesson = bank.get(item.lesson_id)
        if lesson is not None:
            texts.append(item.question)
            labels.append(lesson.topic)
    if len(texts) > MOST_EXAMPLES:
        chosen = sorted(random.Random(7).sample(range(len(texts)), MOST_EXAMPLES))
        texts, labels = [texts[i] for i in chosen], [labels[i] for i in chosen]
    off_topic = [text for texts_ in workplace_questions().values() for text in texts_]
    return texts + off_topic, labels + [OFF_TOPIC] * len(off_topic)


@cache
def workplace_questions(path: Path = CORPUS) -> dict[str, tuple[str, ...]]:
    """Give the everyday workplace questions by language (the off-topic examples)."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    return {language: tuple(data[language]) for language in LANGUAGES}


def train(
    bank: Bank,
    taught: Sequence[Taught] = (),
    *,
    store: Store | None = None,
    elsewhere: bool = False,
) -> TopicModel:
    """Give the topic model of the bank and the taught questions.

    Fitted once per set of examples: kept in memory, and in `store` (when given) so the next
    start with the same lessons loads it in milliseconds instead of fitting it for seconds.
    `elsewhere`: fit it in a process of its own (where the system can fork), so a serving
    process keeps its interpreter to itself while the fit takes the other core.
    """
    texts, labels = examples(bank, taught)
    key = _key(texts, labels)
    model = _MEMORY.get(key)
    if model is None:
        data = _kept(lambda: store.models.get(key) if store else _cached(key).read_bytes())
        model = load(data) if data is not None else None
        if model is None:
            model = _fit_elsewhere(texts, labels) if elsewhere else fit(texts, labels)
            _keep(key, model, store)
    elif not _kept(lambda: store.models.has(key) if store else _cached(key).exists()):
        _keep(key, model, store)  # fitted here for another database, or its file was removed
    if len(_MEMORY) >= 4:
        _MEMORY.clear()
    _MEMORY[key] = model
    return model


def _keep(key: str, model: TopicModel, store: Store | None) -> None:
    if store is not None:
        _kept(lambda: store.models.put(key, dump(model), now=datetime.now(timezone.utc)))
    else:
        _kept(lambda: _cache(key, dump(model)))


def _kept(action: Callable[[], T]) -> T | None:
    """Do `action` on the kept models; a store or cache that fails only costs fitting again."""
    try:
        return action()
    except FileNotFoundError:
        return None
    except (sqlite3.Error, OSError, ValueError) as error:
        logger.warning("the kept topic model could not be used: %s", error)
        return None


def _cached(key: str) -> Path:
    """Where the command line keeps a model when there is no database (`coach ask`)."""
    home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(home) / "social-media-coach" / f"topic-model-{key[:16]}.npz"


def _cache(key: str, data: bytes) -> None:
    path = _cached(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in sorted(path.parent.glob("topic-model-*.npz"), key=os.path.getmtime)[:-3]:
        old.unlink(missing_ok=True)  # the latest few are kept
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_bytes(data)
    partial.replace(path)  # whole or not at all, also with two commands at once


# Bump when the features or the fitting change: a kept model of an older kind is not used.
VERSION = "1"
_MEMORY: dict[str, TopicModel] = {}


def _key(texts: list[str], labels: list[str]) -> str:
    digest = hashlib.sha256(VERSION.encode())
    for text, label in zip(texts, labels, strict=True):
        digest.update(f"{label}\t{text}\n".encode())
    return digest.hexdigest()


def fit(texts: list[str], labels: list[str]) -> TopicModel:
    """Fit the model on texts and their classes with scikit-learn; give its numbers."""
    # Imported here: scikit-learn (a second to import) is needed to fit, not to answer.
    from sklearn.svm import LinearSVC

    columns, idf, rows = _features_to_fit(texts)
    svm = LinearSVC(C=0.5, class_weight="balanced", random_state=0)
    svm.fit(rows, labels)
    weights, intercepts = svm.coef_, svm.intercept_
    if len(svm.classes_) == 2:  # one row for two classes: the second's score, the first's minus
        weights, intercepts = np.vstack([-weights, weights]), np.hstack([-intercepts, intercepts])
    return TopicModel(
        classes=tuple(str(name) for name in svm.classes_),
        columns=columns,
        idf=idf,
        weights=np.ascontiguousarray(weights, dtype=np.float64),
        intercepts=np.asarray(intercepts, dtype=np.float64),
    )


def _fit_elsewhere(texts: list[str], labels: list[str]) -> TopicModel:
    """Fit in a helper process; if it fails or hangs, here (slower for the answers meanwhile)."""
    try:
        return load(in_child(fitted, texts, labels, timeout=FIT_TIMEOUT).result())
    except Exception as error:
        logger.warning(
            "fitting the topic model in a helper process failed (%s); fitting here", error
        )
        return fit(texts, labels)


# Far more than a fit takes (seconds; a minute for 1,000 lessons on a slow machine).
FIT_TIMEOUT = 600.0


def fitted(texts: list[str], labels: list[str]) -> bytes:
    """Give the model fitted on the texts, as `dump` gives it (what a helper process sends)."""
    return dump(fit(texts, labels))


def dump(model: TopicModel) -> bytes:
    """Give the model's numbers as bytes (numpy's npz: arrays only, nothing executable)."""
    kept: bytes | None = model._dumped  # type: ignore[attr-defined]
    if kept is None:
        kept = _dump(model)
        object.__setattr__(model, "_dumped", kept)  # a model is kept by each database it meets
    return kept


def _dump(model: TopicModel) -> bytes:
    grams = sorted(model.columns, key=model.columns.__getitem__)
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        classes=np.array(model.classes),
        grams=np.array(grams),
        idf=model.idf,
        weights=model.weights,
        intercepts=model.intercepts,
    )
    return buffer.getvalue()


def load(data: bytes) -> TopicModel:
    """Give the model kept by `dump`."""
    with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
        return TopicModel(
            classes=tuple(str(name) for name in arrays["classes"]),
            columns={str(gram): number for number, gram in enumerate(arrays["grams"])},
            idf=arrays["idf"],
            weights=np.ascontiguousarray(arrays["weights"]),
            intercepts=arrays["intercepts"],
        )
