"""Answering a manager's question from the lesson bank: a topic model and BM25 together.

The topic model (`classifier`) reads the question's character n-grams and says how likely it is
off-topic or about each of the six topics. An off-topic question gets no lesson; one the model is
unsure about gets the closest lessons as suggestions ("did you mean…?"); any other gets the
lesson that ranks first by the log of its topic's chance plus its BM25 score.

BM25 over stemmed German and English: each lesson is indexed twice, its German version with the
German Snowball stemmer and its English version with the English one; a question is looked up in
its language (or both when that is unclear). Field weights make a lesson's example questions and
title count more than its body. A word the bank does not know is matched to the closest known
word (one or two typing mistakes) or, in German, split into two known words (compounds).

Until the model is fitted (the first seconds of `serve`), a lesson answers only when the words
it matches carry at least 40% of the question's weight, so an off-topic question gets no lesson
rather than a random one. Scores are summed with numpy, so a bank of 1,000 lessons still
answers in well under a millisecond.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .classifier import OFF_TOPIC, TopicModel
from .lessons import Bank, Lesson
from .store import Taught
from .vocabulary import LANGUAGES, Language, other_language
from .words import (
    CANONICAL,
    STOPWORDS,
    FuzzyIndex,
    detect_language,
    normalize,
    stemmer,
    words,
)

# How much a word counts in each field of a lesson (BM25F-style weighted term frequency).
FIELD_WEIGHTS = {"questions": 3.0, "title": 2.5, "takeaway": 1.5, "try_today": 1.0, "body": 1.0}
K1 = 1.2
B = 0.75
# The share of the question's weight (summed IDF) a lesson must match to be an answer at all.
MIN_COVERAGE = 0.4
# A word counts fully towards coverage once its weighted frequency in a lesson reaches this
# (an example question, or the title and a mention); a single mention in the body counts a third.
PROMINENT = 3.0
# A word the bank does not know weighs this share of the rarest known word.
UNKNOWN_SHARE = 0.7
# Further answers are listed only when they score at least this share of the best one.
MIN_RELATIVE_SCORE = 0.35
# A word matched through a typo or a compound split counts this much of an exact match.
FUZZY_DISCOUNT = 0.8
# With the topic model: a question is off-topic when the model gives "off-topic" this chance.
OFF_TOPIC_CHANCE = 0.45
# Off-topic whatever BM25 finds: below this, a lesson BM25 matches well is offered instead.
SURELY_OFF_TOPIC = 0.65
# Below OFF_TOPIC_CHANCE but at least this: no sure answer, the closest lessons are offered.
DOUBT_CHANCE = 0.35
# The model's decision values are turned into chances with this sharpness (a softmax): for
# the off-topic decision, and (softer) for ranking the topics.
SHARPNESS = 2.0
RANKING_SHARPNESS = 1.0
# What a point of BM25 counts against the log of the topic's chance in the ranking.
BM25_WEIGHT = 0.12
# Below this share of its n-grams known to the model a question is not read as a topic.
FAMILIAR = 0.5
# Longest question searched and stored (Slack allows 4,000 characters in a command).
MAX_QUESTION_CHARS = 500


@dataclass(frozen=True)
class Match:
    """A lesson that answers the question, with its score (higher is better)."""

    lesson: Lesson
    score: float
    language: str
    coverage: float


@dataclass(frozen=True)
class Answer:
    """What the bank says to a question: the confident matches best first, the question's
    language, and when nothing is confident the closest lessons to offer ("did you mean…?")."""

    matches: tuple[Match, ...]
    language: str | None
    suggestions: tuple[Match, ...] = ()

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None

    def taught(self, lesson: Lesson) -> Answer:
        """Give this answer with `lesson` first, as an admin taught it for this question."""
        found = {match.lesson.id: match for match in (*self.matches, *self.suggestions)}
        language = self.language or Language.EN
        first = found.get(lesson.id) or Match(lesson, 0.0, language, 1.0)
        others = tuple(match for match in self.matches if match.lesson.id != lesson.id)
        return Answer((first, *others), self.language)


@dataclass(frozen=True)
class _Posting:
    docs: np.ndarray  # lesson numbers
    scores: np.ndarray  # the BM25 contribution of the term to each
    prominence: np.ndarray  # 0..1: how fully the term counts towards coverage


class _LanguageIndex:
    """BM25 postings for one language's versions of the lessons."""

    def __init__(
        self,
        language: str,
        lessons: tuple[Lesson, ...],
        taught: dict[str, list[str]] | None = None,
    ):
        """Index `lessons`; `taught`: more example questions per lesson id (taught by admins)."""
        self.language = language
        self.size = len(lessons)
        self._terms: dict[str, str] = {}  # the bank's words -> their stems, "" for a stopword
        self._asked: dict[str, str] = {}  # other words questions brought, the same way
        self._learning = True
        self._stem_ids: dict[str, int] = {}  # stem -> its column
        self._word_ids: dict[str, int] = {}  # word -> its stem's column, -1 for a stopword
        docs: list[int] = []
        ids: list[int] = []
        weights: list[float] = []
        for doc, lesson in enumerate(lessons):
            text = lesson.text(language)
            for field, weight in FIELD_WEIGHTS.items():
                value = getattr(text, field)
                if field == "questions" and taught and lesson.id in taught:
                    value = [*value, *taught[lesson.id]]
                tokens = words(" ".join(value) if isinstance(value, list) else value)
                found = list(map(self._word_ids.get, tokens))
                if None in found:
                    found = [
                        self._word_id(w) if i is None else i
                        for i, w in zip(found, tokens, strict=True)
                    ]
                ids.extend(found)
                docs.extend([doc] * len(found))
                weights.extend([weight] * len(found))
        self.postings, self.idf = self._postings(docs, ids, weights)
        # From here on, questions' words are stemmed as needed but not kept: a long-running
        # server would otherwise keep every word anyone ever typed.
        self._learning = False
        self.unknown_idf = UNKNOWN_SHARE * math.log(1 + (self.size + 0.5) / 0.5)
        self.known_words = {word: stem for word, stem in self._terms.items() if stem}
        # Misspelt stopwords ("shoud") are recognised and skipped like the stopwords themselves.
        self.fuzzy = FuzzyIndex(set(self._terms) | STOPWORDS[language])

    def _word_id(self, word: str) -> int:
        stem = self.term(word)
        number = self._stem_ids.setdefault(stem, len(self._stem_ids)) if stem else -1
        self._word_ids[word] = number
        return number

    def _postings(
        self, docs: list[int], ids: list[int], weights: list[float]
    ) -> tuple[dict[str, _Posting], dict[str, float]]:
        """Give each stem's BM25 postings (computed in bulk with numpy) and its IDF."""
        width = max(len(self._stem_ids), 1)
        count = max(self.size, 1)
        column = np.array(ids, dtype=np.int64)
        keep = column >= 0
        keys = np.array(docs, dtype=np.int64)[keep] * width + column[keep]
        pairs, inverse = np.unique(keys, return_inverse=True)
        frequency = np.bincount(inverse, weights=np.array(weights)[keep])  # weighted tf
        doc, stem = pairs // width, pairs % width
        lengths = np.bincount(doc, weights=frequency, minlength=count)
        average = lengths.mean() or 1.0
        document_frequency = np.bincount(stem, minlength=width)
        idf = np.log(1 + (count - document_frequency + 0.5) / (document_frequency + 0.5))
        norm = K1 * (1 - B + B * lengths[doc] / average)
        scores = idf[stem] * frequency * (K1 + 1) / (frequency + norm)
        prominence = np.minimum(1.0, frequency / PROMINENT)
        order = np.argsort(stem, kind="stable")
        ends = np.cumsum(document_frequency).tolist()
        docs_, scores_, prominence_ = doc[order].astype(np.int32), scores[order], prominence[order]
        # Slices of the sorted arrays, one stem each (np.split does the same, ten times slower).
        postings = {
            name: _Posting(docs_[start:end], scores_[start:end], prominence_[start:end])
            for name, start, end in zip(self._stem_ids, [0, *ends], ends, strict=False)
        }
        return postings, {name: float(idf[i]) for i, name in enumerate(self._stem_ids)}

    def term(self, word: str) -> str:
        """Give the stem `word` is indexed under, or "" for a word that does not count."""
        stem = self._terms.get(word)
        if stem is None:
            stem = self._asked.get(word)
        if stem is None:
            canonical = CANONICAL.get(word, word)
            if canonical in STOPWORDS[self.language] or len(canonical) < 2:
                stem = ""
            else:
                stem = stemmer(self.language).stemWord(normalize(canonical, self.language))
            if self._learning:
                self._terms[word] = stem
            else:  # questions' words: kept a while (a bound, not a policy), not for ever
                if len(self._asked) >= 50_000:
                    self._asked.clear()
                self._asked[word] = stem
        return stem

    def terms(self, text: str) -> list[str]:
        return [stem for stem in map(self.term, words(text)) if stem]

    def resolve(self, word: str) -> list[tuple[str, float]] | None:
        """Give the known stems `word` stands for, with how much each counts; None to skip it."""
        stem = self.term(word)
        if not stem:
            return None
        if stem in self.postings:
            return [(stem, 1.0)]
        close = self.fuzzy.closest(word)
        if close is not None:
            stem = self.known_words.get(close, "")
            return [(stem, FUZZY_DISCOUNT)] if stem in self.postings else None
        if self.language == Language.DE:
            return [(part, FUZZY_DISCOUNT) for part in self._split_compound(word)]
        return []

    def _split_compound(self, word: str) -> list[str]:
        # German compounds: Kundenbeschwerde = Kunden + Beschwerde (with an optional linking s).
        for cut in range(4, len(word) - 3):
            head, tail = word[:cut], word[cut:]
            head_stem = self.term(head)
            if head_stem not in self.postings:
                continue
            for part in (tail, tail[1:] if tail.startswith("s") and len(tail) > 4 else None):
                if part and self.term(part) in self.postings:
                    return [head_stem, self.term(part)]
        return []

    def knows(self, word: str) -> bool:
        """Say whether `word` is a stopword or indexed as it is, with no typo to correct."""
        stem = self.term(word)
        return not stem or stem in self.postings

    def query(
        self, tokens: list[str], *, foreign: frozenset[str] = frozenset()
    ) -> tuple[np.ndarray, np.ndarray]:
        """Give each lesson's BM25 score and the share of the question's weight it matches.

        Words in `foreign` are known words of the other language, not typos to correct here.
        """
        docs: list[np.ndarray] = []
        contributions: list[np.ndarray] = []
        covered_docs: list[np.ndarray] = []
        coverages: list[np.ndarray] = []
        compound_shares: list[np.ndarray] = []
        total = 0.0
        for word in tokens:
            if word in foreign and not self.knows(word):
                total += self.unknown_idf
                continue
            resolved = self.resolve(word)
            if resolved is None:
                continue
            weight = max((self.idf[stem] for stem, _ in resolved), default=self.unknown_idf)
            total += weight
            for stem, factor in resolved:
                posting = self.postings[stem]
                docs.append(posting.docs)
                contributions.append(posting.scores if factor == 1.0 else posting.scores * factor)
            if len(resolved) == 1:
                posting = self.postings[resolved[0][0]]
                covered_docs.append(posting.docs)
                coverages.append(posting.prominence * (weight * resolved[0][1]))
            elif resolved:
                # A compound counts as one word: the better-matched part decides its share.
                share = np.zeros(self.size)
                for stem, factor in resolved:
                    posting = self.postings[stem]
                    share[posting.docs] = np.maximum(
                        share[posting.docs], posting.prominence * (weight * factor)
                    )
                compound_shares.append(share)
        if not docs:
            return np.zeros(self.size), np.zeros(self.size)
        # One bincount over all the words' postings: far fewer numpy calls than a loop of adds.
        scores = np.bincount(np.concatenate(docs), np.concatenate(contributions), self.size)
        matched = sum(compound_shares, np.zeros(self.size))
        if coverages:
            matched += np.bincount(
                np.concatenate(covered_docs), np.concatenate(coverages), self.size
            )
        return scores, matched / total


class Searcher:
    """Answers questions from a lesson bank; build once, ask many times."""

    def __init__(
        self,
        bank: Bank,
        *,
        min_coverage: float = MIN_COVERAGE,
        taught: Sequence[Taught] = (),
        model: TopicModel | None = None,
    ):
        """Index `bank` in both languages.

        `taught`: questions admins taught, indexed as example questions of their lessons (in
        their language, or in both when it could not be told). `model`: the topic model
        (`classifier.train`); without it a lesson answers only by its coverage of the question.
        """
        self.bank = bank
        self.min_coverage = min_coverage
        self.taught = tuple(taught)
        numbers: dict[str, list[int]] = {}
        for number, lesson in enumerate(bank):
            numbers.setdefault(lesson.topic, []).append(number)
        self._by_topic = [np.array(docs) for docs in numbers.values()]
        self._model: TopicModel | None = None
        self.model = model
        extra: dict[str, dict[str, list[str]]] = {language: {} for language in LANGUAGES}
        for item in self.taught:
            for language in (item.language,) if item.language else LANGUAGES:
                extra[language].setdefault(item.lesson_id, []).append(item.question)
        self._indexes = {
            language: _LanguageIndex(language, bank.lessons, extra[language])
            for language in LANGUAGES
        }

    def warm(self) -> None:
        """Build now what the first misspelt word would otherwise wait for (the indexes' fuzzy
        neighbourhoods): a server does it off the answers' path."""
        for index in self._indexes.values():
            index.fuzzy.warm()

    @property
    def model(self) -> TopicModel | None:
        """The topic model in use; None until it is trained (then coverage decides alone)."""
        return self._model

    @model.setter
    def model(self, model: TopicModel | None) -> None:
        # Worked out before the model is in place, so a question never sees half of it.
        if model is not None:
            classes = {name: number for number, name in enumerate(model.classes)}
            topic_of = np.array([classes.get(lesson.topic, -1) for lesson in self.bank])
            self._classes = (classes.get(OFF_TOPIC, -1), topic_of)
        self._model = model

    def ask(self, question: str, *, language: str | None = None, limit: int = 3) -> Answer:
        """Give the lessons that answer `question`, best first; none when nothing fits.

        When none is a sure answer but the question is about the course, the closest lessons
        come as suggestions instead.
        """
        question = question[:MAX_QUESTION_CHARS]
        typed = words(question)
        detected = language or detect_language(question, typed)
        scores, matched, chosen, searched = self._bm25(list(dict.fromkeys(typed)), detected)
        model = self._model
        if model is None:
            scores = np.where(matched < self.min_coverage, 0.0, scores)
            return self._answer(scores, matched, chosen, searched, detected, limit)
        off_topic, topic_of = self._classes
        values, known = model.read(typed)
        well_matched = float(matched.max(initial=0.0)) >= self.min_coverage
        if known < FAMILIAR and not well_matched:
            return Answer((), detected)  # gibberish, or words neither the model nor BM25 know
        # Seven numbers: plain Python is quicker than numpy's calls here.
        decisions = values.tolist()
        top = max(decisions)
        off = 0.0
        if off_topic >= 0:
            sharp = [math.exp((value - top) * SHARPNESS) for value in decisions]
            off = sharp[off_topic] / sum(sharp)
            # Off-topic, unless BM25 finds a lesson that matches the question well: then the
            # two disagree, and the closest lessons are offered rather than nothing.
            if off >= OFF_TOPIC_CHANCE and (off >= SURELY_OFF_TOPIC or not well_matched):
                return Answer((), detected)
        # Each lesson: the log of its topic's chance (among the topics) plus its BM25 score,
        # scaled as evidence of the same kind (BM25 is a sum of log-odds-like weights).
        soft = [math.exp((value - top) * RANKING_SHARPNESS) for value in decisions]
        if off_topic >= 0:
            soft[off_topic] = 0.0
        total = sum(soft)
        log_chance = np.array([math.log(max(value / total, 1e-9)) for value in soft])
        fused = log_chance[topic_of] + BM25_WEIGHT * scores
        fused -= fused.min() - 1.0  # positive, for the relative floor of the other lessons
        # The other lessons come from other topics first: the question may mean them.
        found = self._answer(fused, matched, chosen, searched, detected, limit, spread=True)
        if off < DOUBT_CHANCE:  # sure
            return found
        return Answer((), found.language, found.matches)  # offered: "did you mean…?"

    def _bm25(
        self, tokens: list[str], detected: str | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[str, ...]]:
        """Give each lesson's BM25 score, its coverage of the question, and which language
        version (an index into the languages searched) gave them."""
        # A question whose language is clear is looked up in that language only.
        searched = (detected,) if detected else LANGUAGES
        results = []
        for index_language in searched:
            index = self._indexes[index_language]
            other = self._indexes[other_language(index_language)]
            # Words the other language knows as they are: not typos to correct here.
            foreign = frozenset(
                word for word in tokens if not index.knows(word) and other.knows(word)
            )
            results.append(index.query(tokens, foreign=foreign))
        if len(results) == 1:
            scores, matched = results[0]
            return scores, matched, np.zeros(len(self.bank), dtype=np.int8), searched
        # Both languages: each lesson counts with its better version.
        chosen = (results[1][0] > results[0][0]).astype(np.int8)
        scores = np.maximum(results[0][0], results[1][0])
        matched = np.where(chosen, results[1][1], results[0][1])
        return scores, matched, chosen, searched

    def _answer(
        self,
        ranking: np.ndarray,
        matched: np.ndarray,
        chosen: np.ndarray,
        searched: tuple[str, ...],
        detected: str | None,
        limit: int,
        *,
        spread: bool = False,
    ) -> Answer:
        """Give the best lessons by `ranking` as matches, each with its ranking score (`spread`:
        the best of each topic first)."""
        if spread:  # the best of each topic first: the question may be about any of them
            firsts = [int(docs[np.argmax(ranking[docs])]) for docs in self._by_topic]
            most = min(limit, ranking.size)  # a bank may have fewer lessons than asked for
            candidates = np.array(firsts + np.argpartition(ranking, -most)[-most:].tolist())
        else:
            candidates = np.flatnonzero(ranking)
            if candidates.size > limit:
                candidates = candidates[np.argpartition(-ranking[candidates], limit)[:limit]]
        if candidates.size == 0 or not ranking[candidates].any():
            return Answer((), detected)
        # Best first; equal scores in course order.
        values = ranking[candidates].tolist()
        ranked = sorted(set(zip((-value for value in values), candidates.tolist(), strict=True)))
        floor = -ranked[0][0] * MIN_RELATIVE_SCORE
        top = [doc for value, doc in ranked if -value >= floor and value < 0]
        if spread:
            best_of_each = [doc for doc in top if doc in firsts]
            top = best_of_each + [doc for doc in top if doc not in best_of_each]
        matches = tuple(
            Match(
                self.bank.lessons[doc],
                round(float(ranking[doc]), 3),
                searched[int(chosen[doc])],
                round(float(matched[doc]), 3),
            )
            for doc in top[:limit]
        )
        return Answer(matches, detected or matches[0].language)
