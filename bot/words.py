"""Words of German and English questions: tokens, stopwords, synonyms, stems and typos."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import defaultdict

import Stemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from .vocabulary import Language

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
        sowas denn etwa halt eben schon lieber immer heute wen wem wegen zurück dazu darum
        deshalb daher trotzdem sowie bereits seit statt per pro je ab dran drauf drin jemand
        jemanden etwas irgendwie irgendwo sachen sache überhaupt wirklich nen ne nem hallo hi hey
        moin servus danke eigtl einfach geben gebe gegeben lassen
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
        okay any anyone go going want need make made do does please help thing things hi
        hey hello thanks thank actually just simply
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
    "azubi azubis auszubildende auszubildender praktikant praktikantin praktikanten werkstudent "
    "werkstudentin lehrling trainee trainees intern interns apprentice apprentices",
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
CANONICAL = {
    spelling: group.split()[0]
    for group in SYNONYMS
    for word in group.split()
    for spelling in _spellings(word)
}
# German words that decide a tie in language detection (umlauts and ß decide at once).
_GERMAN_MARKERS = STOPWORDS[Language.DE] - STOPWORDS[Language.EN]
_ENGLISH_MARKERS = STOPWORDS[Language.EN] - STOPWORDS[Language.DE]

_WORD = re.compile(r"[^\W_]+")
_GERMAN_LETTERS = re.compile("[äöüßÄÖÜ]")
_SLACK_MARKUP = re.compile(r"<[^>]*>")
_BRITISH_ISE = re.compile(r"(?<=\w{3})is(e|es|ed|ing|ation|ations)$")


_local = threading.local()


def stemmer(language: str) -> Stemmer.Stemmer:
    # PyStemmer's stemmers are not thread-safe: one per thread and language.
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    stemmer = stemmers.get(language)
    if stemmer is None:
        stemmer = stemmers[language] = Stemmer.Stemmer(
            "german" if language == Language.DE else "english"
        )
    return stemmer


def words(text: str) -> list[str]:
    """Give the lowercase words of `text`, without Slack markup such as <@U123> or <!here>."""
    text = unicodedata.normalize("NFKC", _SLACK_MARKUP.sub(" ", text)).lower()
    return _WORD.findall(text.replace("ß", "ss"))


def normalize(word: str, language: str) -> str:
    # Applied to the bank and the question alike, so "apologise" and "apologize" meet.
    return _BRITISH_ISE.sub(r"iz\1", word) if language == Language.EN else word


# Words this long may have two typos; shorter ones one (two would turn passwort into passiert).
LONG_WORD = 10


class FuzzyIndex:
    """Finds the known word closest to a misspelt one.

    Short words: SymSpell's deletion neighbourhoods give the candidates one typo away. Long
    words (two typos allowed): rapidfuzz compares against the known words of about the same
    length. Either way rapidfuzz measures the distance (insertions, deletions, substitutions and
    swapped neighbours).
    """

    def __init__(self, vocabulary: set[str] | dict[str, str]):
        """Keep `vocabulary`; its neighbourhoods are built at the first word to look up (or by
        `warm`): a search that meets only known words, as in a delivery pass, never needs
        them."""
        self._vocabulary = vocabulary
        self._building = threading.Lock()
        self._built = False
        self.deletes: dict[str, list[str]] = defaultdict(list)
        self.by_length: dict[int, list[str]] = defaultdict(list)
        self._seen: dict[str, str | None] = {}

    def warm(self) -> None:
        """Build the deletion neighbourhoods and length lists now, if not built yet."""
        with self._building:
            if self._built:
                return
            for word in sorted(self._vocabulary):
                if len(word) >= 4:
                    for variant in _deletions(word) | {word}:
                        self.deletes[variant].append(word)
                    self.by_length[len(word)].append(word)
            self._built = True

    def closest(self, word: str) -> str | None:
        """Give the known word one typo away (two for words of 10 letters or more), or None."""
        if word not in self._seen:
            if len(self._seen) >= 50_000:  # a bound, not a policy: start afresh
                self._seen.clear()
            self._seen[word] = self._closest(word)
        return self._seen[word]

    def _closest(self, word: str) -> str | None:
        if len(word) < 4:
            return None
        if not self._built:
            self.warm()
        if len(word) >= LONG_WORD:
            return self._closest_long(word)
        best: tuple[int, int, str] | None = None
        for variant in {word} | _deletions(word):
            for candidate in self.deletes.get(variant, ()):
                distance = OSA.distance(word, candidate, score_cutoff=1)
                if distance <= 1:
                    key = (distance, abs(len(candidate) - len(word)), candidate)
                    best = key if best is None or key < best else best
        return best[2] if best else None

    def _closest_long(self, word: str) -> str | None:
        best: tuple[int, int, str] | None = None
        for length in range(len(word) - 2, len(word) + 3):
            found = process.extractOne(
                word, self.by_length.get(length, ()), scorer=OSA.distance, score_cutoff=2
            )
            if found is not None:
                key = (found[1], abs(length - len(word)), found[0])
                best = key if best is None or key < best else best
        return best[2] if best else None


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def detect_language(text: str, tokens: list[str] | None = None) -> Language | None:
    """Give "de" or "en" for the question's language by its function words, or None.

    `tokens`: the text's words, if they are at hand already.
    """
    if _GERMAN_LETTERS.search(text):
        return Language.DE
    tokens = words(text) if tokens is None else tokens
    german = sum(token in _GERMAN_MARKERS for token in tokens)
    english = sum(token in _ENGLISH_MARKERS for token in tokens)
    if german == english:
        return None
    return Language.DE if german > english else Language.EN
