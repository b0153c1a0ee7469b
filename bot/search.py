"""Answering a manager's question from the lesson bank: BM25 over stemmed German and English.

Each lesson is indexed twice, its German version with the German Snowball stemmer and its English
version with the English one; a question is looked up in both, so it may be in either language.
Field weights make a lesson's own example questions and title count more than its body. A word
the bank does not know is matched to the closest known word (one or two typing mistakes) or, in
German, split into two known words (compounds). A lesson is only returned when the words it
matches carry at least 40% of the question's weight, so an off-topic question gets no lesson
rather than a random one.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

import Stemmer

from .lessons import Bank, Lesson, LessonText

LANGUAGES = ("de", "en")

# How much a word counts in each field of a lesson (BM25F-style weighted term frequency).
FIELD_WEIGHTS = {"questions": 3.0, "title": 2.5, "takeaway": 1.5, "try_today": 1.0, "body": 1.0}
K1 = 1.2
B = 0.75
# The share of the question's weight (summed IDF) a lesson must match to be an answer at all.
MIN_COVERAGE = 0.4
# Further answers are listed only when they score at least this share of the best one.
MIN_RELATIVE_SCORE = 0.35
# A word matched through a typo or a compound split counts this much of an exact match.
FUZZY_DISCOUNT = 0.8
MAX_QUESTION_CHARS = 500

STOPWORDS = {
    "de": set(
        """
        aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
        anderes anders auch auf aus bei beim bin bis bist bitte da dabei damit dann das dass
        dem demselben den denn denselben der derer derselbe derselben des desselben dessen
        dich die dies diese dieselbe dieselben diesem diesen dieser dieses dir doch dort du
        durch ein eine einem einen einer eines einig einige einigem einigen einiger einiges
        einmal er es etwas euch euer eure eurem euren eurer eures für gegen gewesen hab habe
        haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer
        ihres im in indem ins ist jede jedem jeden jeder jedes jene jenem jenen jener jenes
        jetzt kann kein keine keinem keinen keiner keines können könnte machen man manche
        manchem manchen mancher manches mein meine meinem meinen meiner meines mich mir mit
        muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen
        seiner seines selbst sich sie sind so solche solchem solchen solcher solches soll
        sollte sondern sonst über um und uns unsere unserem unseren unser unseres unter viel
        vom von vor während war waren warst was weg weil weiter welche welchem welchen welcher
        welches wenn werde werden wie wieder will wir wird wirst wo wollen wollte würde würden
        zu zum zur zwar zwischen wann warum wieso weshalb wozu womit worauf gibt geht gehe
        kommt komme mache macht tun tue sollen sollten müssen darf dürfen kannst könnten ja
        nein eigentlich genau gut besten am richtig tipp tipps frage fragen hilfe bzw usw mal
        sowas denn etwa halt eben schon lieber immer heute überhaupt wirklich
        """.split()
    ),
    "en": set(
        """
        a about above after again against all am an and any are aren as at be because been
        before being below between both but by can cannot could did didn do does doesn doing
        don down during each few for from further get gets getting got had has have having he
        her here hers herself him himself his how i if in into is isn it its itself just let
        me more most my myself no nor not now of off on once only or other ought our ours
        ourselves out over own same shall she should so some such than that the their theirs
        them themselves then there these they this those through to too under until up us
        very was we were what when where which while who whom why will with would you your
        yours yourself yourselves whats today anything something tips tip good way ways
        really best ok
        okay any anyone go going want need make made do does please help thing things
        """.split()
    ),
}
# Words a manager uses for the same thing; each group is searched as its first word.
SYNONYMS = [
    "chef boss bosses ceo ceos chefin chefs geschäftsführer geschäftsführerin geschäftsführung "
    "geschaeftsfuehrer geschaeftsfuehrung geschaftsfuhrer geschaftsfuhrung geschäftsleitung "
    "vorstand board management md",
    "x twitter tweet tweets twittern",
    "fehler panne pannen fehltritt patzer irrtum fehlern",
    "mistake mistakes error errors screwup screwups blunder blunders",
    "beschwerde beschwerden reklamation reklamationen",
    "complaint complaints",
    "bewertung bewertungen rezension rezensionen",
    "mitarbeiter mitarbeiterin mitarbeiterinnen mitarbeitende mitarbeitenden belegschaft "
    "beschäftigte beschaeftigte angestellte",
    "staff employee employees workforce",
    "unternehmen firma firmen",
]


def _spellings(word: str) -> set[str]:
    """Give `word` as typed with umlauts, with ae/oe/ue, and with plain vowels."""
    pairs = (("ä", "ae", "a"), ("ö", "oe", "o"), ("ü", "ue", "u"))
    spelled = {word}
    for umlaut, two, one in pairs:
        spelled |= {w.replace(umlaut, two) for w in spelled} | {
            w.replace(umlaut, one) for w in spelled
        }
    return spelled


STOPWORDS = {lang: {s for w in stops for s in _spellings(w)} for lang, stops in STOPWORDS.items()}
_CANONICAL = {
    spelling: group.split()[0]
    for group in SYNONYMS
    for word in group.split()
    for spelling in _spellings(word)
}
# A word counts fully towards coverage once its weighted frequency in a lesson reaches this
# (an example question or the title); a single mention in the body counts half.
PROMINENT = 2.0
# A word the bank does not know weighs this share of the rarest known word.
UNKNOWN_SHARE = 0.5

# German words that decide a tie in language detection (umlauts and ß decide at once).
_GERMAN_MARKERS = STOPWORDS["de"] - STOPWORDS["en"]
_ENGLISH_MARKERS = STOPWORDS["en"] - STOPWORDS["de"]

_WORD = re.compile(r"[^\W_]+")
_SLACK_MARKUP = re.compile(r"<[^>]*>")
_BRITISH_ISE = re.compile(r"(?<=\w{3})is(e|es|ed|ing|ation|ations)$")


@dataclass(frozen=True)
class Match:
    """A lesson that answers the question, with its score (higher is better)."""

    lesson: Lesson
    score: float
    language: str
    coverage: float


@dataclass(frozen=True)
class Answer:
    """What the bank says to a question: matches best first, and the question's language."""

    matches: tuple[Match, ...]
    language: str | None

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None


_local = threading.local()


def _stemmer(language: str) -> Stemmer.Stemmer:
    # PyStemmer's stemmers are not thread-safe: one per thread and language.
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    stemmer = stemmers.get(language)
    if stemmer is None:
        stemmer = stemmers[language] = Stemmer.Stemmer("german" if language == "de" else "english")
    return stemmer


def words(text: str) -> list[str]:
    """Give the lowercase words of `text`, without Slack markup such as <@U123> or <!here>."""
    text = unicodedata.normalize("NFKC", _SLACK_MARKUP.sub(" ", text)).lower()
    return _WORD.findall(text.replace("ß", "ss"))


def _normalize(word: str, language: str) -> str:
    # Applied to the bank and the question alike, so "apologise" and "apologize" meet.
    return _BRITISH_ISE.sub(r"iz\1", word) if language == "en" else word


def detect_language(text: str) -> str | None:
    """Give "de" or "en" for the question's language by its function words, or None."""
    if re.search(r"[äöüß]", text.lower()):
        return "de"
    tokens = words(text)
    german = sum(token in _GERMAN_MARKERS for token in tokens)
    english = sum(token in _ENGLISH_MARKERS for token in tokens)
    if german == english:
        return None
    return "de" if german > english else "en"


class _LanguageIndex:
    """BM25 postings for one language's versions of the lessons."""

    def __init__(self, language: str, lessons: tuple[Lesson, ...]):
        self.language = language
        self.stopwords = STOPWORDS[language]
        self._stem_cache: dict[str, str] = {}
        self.surface: dict[str, str] = {}  # known word -> its stem
        frequencies: list[Counter[str]] = []
        lengths: list[float] = []
        for lesson in lessons:
            weighted: Counter[str] = Counter()
            for field, weight in FIELD_WEIGHTS.items():
                for stem in self.stems(_field_text(lesson.text(language), field), learn=True):
                    weighted[stem] += weight
            frequencies.append(weighted)
            lengths.append(sum(weighted.values()))
        self.lessons = lessons
        count = len(lessons) or 1
        average = (sum(lengths) / count) or 1.0
        document_frequency: Counter[str] = Counter()
        for weighted in frequencies:
            document_frequency.update(weighted.keys())
        self.idf = {
            stem: math.log(1 + (count - df + 0.5) / (df + 0.5))
            for stem, df in document_frequency.items()
        }
        self.max_idf = math.log(1 + (count + 0.5) / 0.5)
        self.postings: dict[str, dict[int, float]] = defaultdict(dict)
        self.prominence: dict[str, dict[int, float]] = defaultdict(dict)
        for doc, (weighted, length) in enumerate(zip(frequencies, lengths, strict=True)):
            norm = K1 * (1 - B + B * length / average)
            for stem, tf in weighted.items():
                self.postings[stem][doc] = self.idf[stem] * tf * (K1 + 1) / (tf + norm)
                self.prominence[stem][doc] = min(1.0, tf / PROMINENT)
        self.unknown_idf = UNKNOWN_SHARE * self.max_idf
        # Misspelt stopwords ("shoud") are recognised and skipped like the stopwords themselves.
        self._fuzzy = _FuzzyIndex({**{w: "" for w in self.stopwords}, **self.surface})

    def stem(self, word: str) -> str:
        stem = self._stem_cache.get(word)
        if stem is None:
            stem = _stemmer(self.language).stemWord(_normalize(word, self.language))
            self._stem_cache[word] = stem
        return stem

    def stems(self, text: str, *, learn: bool = False) -> list[str]:
        result = []
        for word in words(text):
            word = _CANONICAL.get(word, word)
            if word in self.stopwords or len(word) < 2:
                continue
            stem = self.stem(word)
            if learn:
                self.surface.setdefault(word, stem)
            result.append(stem)
        return result

    def resolve(self, word: str) -> list[tuple[str, float]] | None:
        """Give the known stems `word` stands for, with how much each counts; None to skip it."""
        stem = self.stem(word)
        if stem in self.postings:
            return [(stem, 1.0)]
        close = self._fuzzy.closest(word)
        if close is not None:
            stem = self.surface.get(close, "")
            return [(stem, FUZZY_DISCOUNT)] if stem else None
        if self.language == "de":
            return [(part, FUZZY_DISCOUNT) for part in self._split_compound(word)]
        return []

    def _split_compound(self, word: str) -> list[str]:
        # German compounds: Kundenbeschwerde = Kunden + Beschwerde (with an optional linking s).
        for cut in range(4, len(word) - 3):
            head, tail = word[:cut], word[cut:]
            if tail.startswith("s") and len(tail) > 4 and self.stem(head) in self.postings:
                tail = tail[1:]
            head_stem, tail_stem = self.stem(head), self.stem(tail)
            if head_stem in self.postings and tail_stem in self.postings:
                return [head_stem, tail_stem]
        return []

    def query(self, question: str) -> tuple[dict[int, float], dict[int, float], float]:
        """Give BM25 scores per lesson, matched weight per lesson, and the question's weight."""
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, float] = defaultdict(float)
        total = 0.0
        seen: set[str] = set()
        for word in words(question):
            word = _CANONICAL.get(word, word)
            if word in self.stopwords or len(word) < 2 or word in seen:
                continue
            seen.add(word)
            resolved = self.resolve(word)
            if resolved is None:
                continue
            weight = max((self.idf[stem] for stem, _ in resolved), default=self.unknown_idf)
            total += weight
            for doc, share in self._match(resolved, weight).items():
                matched[doc] += share
            for stem, factor in resolved:
                for doc, value in self.postings[stem].items():
                    scores[doc] += value * factor
        return scores, matched, total

    def _match(self, resolved: list[tuple[str, float]], weight: float) -> dict[int, float]:
        shares: dict[int, float] = {}
        for stem, factor in resolved:
            for doc, prominence in self.prominence[stem].items():
                shares[doc] = max(shares.get(doc, 0.0), weight * factor * prominence)
        return shares


class _FuzzyIndex:
    """Finds the known word closest to a misspelt one (SymSpell's deletion neighbourhoods)."""

    def __init__(self, vocabulary: dict[str, str]):
        self.vocabulary = vocabulary
        self.deletes: dict[str, list[str]] = defaultdict(list)
        for word in vocabulary:
            if len(word) >= 4:
                for variant in _deletions(word) | {word}:
                    self.deletes[variant].append(word)

    def closest(self, word: str) -> str | None:
        if len(word) < 4:
            return None
        allowed = 1 if len(word) < 8 else 2
        candidates: set[str] = set()
        variants = {word} | _deletions(word)
        if allowed == 2:
            variants |= {deeper for variant in list(variants) for deeper in _deletions(variant)}
        for variant in variants:
            candidates.update(self.deletes.get(variant, ()))
        best: tuple[int, int, str] | None = None
        for candidate in candidates:
            distance = _edit_distance(word, candidate)
            if distance <= allowed:
                key = (distance, abs(len(candidate) - len(word)), candidate)
                best = key if best is None or key < best else best
        return best[2] if best else None


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, swaps."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _field_text(text: LessonText, field: str) -> str:
    value = getattr(text, field)
    return " ".join(value) if isinstance(value, list) else value


class Searcher:
    """Answers questions from a lesson bank; build once, ask many times."""

    def __init__(self, bank: Bank, *, min_coverage: float = MIN_COVERAGE):
        self.bank = bank
        self.min_coverage = min_coverage
        self._indexes = {language: _LanguageIndex(language, bank.lessons) for language in LANGUAGES}

    def ask(self, question: str, *, language: str | None = None, limit: int = 3) -> Answer:
        """Give the lessons that answer `question`, best first; none when nothing fits."""
        question = question[:MAX_QUESTION_CHARS]
        detected = language or detect_language(question)
        best: dict[int, Match] = {}
        for index_language in (language,) if language else LANGUAGES:
            index = self._indexes[index_language]
            scores, matched, total = index.query(question)
            for doc, score in scores.items():
                coverage = matched[doc] / total if total else 0.0
                if coverage < self.min_coverage:
                    continue
                match = Match(self.bank.lessons[doc], round(score, 3), index_language, coverage)
                if doc not in best or match.score > best[doc].score:
                    best[doc] = match
        ranked = sorted(best.values(), key=lambda m: (-m.score, m.lesson.order))
        if ranked:
            floor = ranked[0].score * MIN_RELATIVE_SCORE
            ranked = [match for match in ranked if match.score >= floor]
            detected = detected or ranked[0].language
        return Answer(tuple(ranked[:limit]), detected)
