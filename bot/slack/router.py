"""Everything a person types to the coach, in one table: `/coach TEXT`, a DM and an @mention.

Each row of `SUBCOMMANDS` says which words call a subcommand, what may follow them, whether only
admins may use it, whether it is personal (answered to the person only, never in a channel),
whether it calls Slack (a profile, an admin check, a DM) and so is answered after the
acknowledgement, and its line in the help. The router, the help in both languages and the tests
read this table; whatever is not a subcommand is a question for the lesson bank.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from slack_sdk import WebClient

from .. import learners
from ..coaching import Coach
from ..curriculum import known_zone
from ..delivery import Messenger
from ..vocabulary import LANGUAGES
from . import admin, blocks, enrollment, privacy, users
from .blocks import Said, say, t


class Where(str, Enum):
    """Where a person typed to the coach, which decides who sees the answer."""

    COMMAND = "command"  # /coach: only the person sees the answer
    DM = "dm"  # the app's direct messages: only the person is there
    CHANNEL = "channel"  # an @mention: the channel sees the answer


class Takes(str, Enum):
    """What may follow a subcommand's words; anything else makes the text a question."""

    NOTHING = "nothing"  # "help", "my data"
    A_WORD = "a word"  # at most one word: "language de", "stats 7", "time 08:30"
    ANYTHING = "anything"  # "enroll @anna @ben"


@dataclass(frozen=True)
class Turn:
    """One thing a person typed to the coach: who, what followed the words, and where."""

    coach: Coach
    user_id: str
    argument: str
    where: Where
    client: WebClient | None = None  # None while answering inside the acknowledgement
    messenger: Messenger | None = None

    @property
    def language(self) -> str:
        return self.coach.language_for(self.user_id)


@dataclass(frozen=True)
class Subcommand:
    """A row of the table: the words that call it and how it is answered."""

    words: tuple[str, ...]  # the English word first, then other spellings (German)
    answer: Callable[[Turn], Said]
    takes: Takes = Takes.NOTHING
    section: str = "course"  # where the help lists it: ask, course, data or admin
    admin: bool = False  # only admins may use it
    personal: bool = True  # about the person: never answered in a channel
    slack: bool = False  # calls Slack, so answered after the acknowledgement
    accepts: Callable[[str], bool] | None = None  # what may follow, more narrowly than `takes`

    @property
    def name(self) -> str:
        return self.words[0]

    @property
    def help_key(self) -> str:
        return "help_" + self.name.replace(" ", "_")


def _help(turn: Turn) -> Said:
    # The admins' part only to an admin alone: a channel sees the help too.
    shown_alone = turn.where is not Where.CHANNEL
    is_admin = shown_alone and users.is_admin(turn.coach, turn.client, turn.user_id)
    language = turn.language
    return help_blocks(language, where=turn.where, admin=is_admin), t(language, "help_title")


def _topics(turn: Turn) -> Said:
    language = turn.language
    return blocks.topic_blocks(turn.coach.bank, language), t(language, "topics_title")


def _language(turn: Turn) -> Said:
    choice = turn.argument.strip().lower()
    if choice not in LANGUAGES:
        return say(t(turn.language, "language_usage"))
    learners.set_language(turn.coach, turn.user_id, choice)
    return say(t(choice, "language_set"))


def _my_data(turn: Turn) -> Said:
    return privacy.my_data_blocks(turn.coach, turn.user_id, turn.language)


def _forget_me(turn: Turn) -> Said:
    token = learners.ask_to_forget(turn.coach, turn.user_id)
    return privacy.forget_blocks(turn.language, token)


def _next(turn: Turn) -> Said:
    assert turn.messenger is not None  # a subcommand that calls Slack
    return say(enrollment.next_lesson(turn.coach, turn.messenger, turn.user_id))


def _subscribe(turn: Turn) -> Said:
    assert turn.client is not None
    in_dm = turn.where is Where.DM
    return enrollment.subscribe(turn.coach, turn.client, turn.user_id, in_dm=in_dm)


def _enroll(turn: Turn) -> Said:
    assert turn.client is not None
    return say(enrollment.enroll(turn.coach, turn.client, turn.user_id, turn.argument))


def _unenroll(turn: Turn) -> Said:
    assert turn.client is not None
    return say(enrollment.unenroll(turn.coach, turn.client, turn.user_id, turn.argument))


def _report(word: str) -> Callable[[Turn], Said]:
    def report(turn: Turn) -> Said:
        return admin.answer(turn.coach, turn.user_id, word, turn.argument)

    return report


def _digest(turn: Turn) -> Said:
    assert turn.client is not None
    found = users.profile(turn.coach, turn.client, turn.user_id)
    zone = known_zone(found.get("tz") if found else None)
    return admin.digest_now(turn.coach, turn.user_id, zone)


def _time(turn: Turn) -> Said:
    return enrollment.set_time(turn.coach, turn.user_id, turn.argument)


def _pause(turn: Turn) -> Said:
    return enrollment.pause(turn.coach, turn.user_id, turn.argument)


def _a_date(text: str) -> bool:
    # "pause until 2026-12-14" pauses; "pause social media in a crisis?" is a question.
    return learners.UNTIL.fullmatch(text.lower().rstrip(_TRAILING)) is not None


def _resume(turn: Turn) -> Said:
    return enrollment.resume(turn.coach, turn.user_id)


def _unsubscribe(turn: Turn) -> Said:
    return enrollment.unsubscribe(turn.coach, turn.user_id)


ADMIN = {"section": "admin", "admin": True, "slack": True}
SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand(("help", "hilfe"), _help, section="ask", personal=False, slack=True),
    Subcommand(("topics", "themen"), _topics, section="ask", personal=False),
    Subcommand(("next",), _next, slack=True),
    Subcommand(("time",), _time, takes=Takes.A_WORD),
    Subcommand(("pause",), _pause, takes=Takes.ANYTHING, accepts=_a_date),
    Subcommand(("resume",), _resume),
    Subcommand(("language", "sprache"), _language, takes=Takes.A_WORD),
    Subcommand(("subscribe",), _subscribe, slack=True),
    Subcommand(("unsubscribe",), _unsubscribe),
    Subcommand(("my data", "meine daten"), _my_data, section="data"),
    Subcommand(("forget me", "vergiss mich"), _forget_me, section="data"),
    Subcommand(("stats",), _report("stats"), takes=Takes.A_WORD, **ADMIN),
    Subcommand(("gaps",), _report("gaps"), takes=Takes.A_WORD, **ADMIN),
    Subcommand(("digest",), _digest, **ADMIN),
    Subcommand(("enroll",), _enroll, takes=Takes.ANYTHING, **ADMIN),
    Subcommand(("unenroll",), _unenroll, takes=Takes.ANYTHING, **ADMIN),
)
HELP = SUBCOMMANDS[0]

# First word -> (the subcommand's words, the subcommand), longest phrase first.
_BY_FIRST_WORD: dict[str, list[tuple[list[str], Subcommand]]] = {}
for _subcommand in SUBCOMMANDS:
    for _phrase in _subcommand.words:
        _BY_FIRST_WORD.setdefault(_phrase.split()[0], []).append((_phrase.split(), _subcommand))
for _choices in _BY_FIRST_WORD.values():
    _choices.sort(key=lambda choice: -len(choice[0]))

_TRAILING = "?!.,:;"


def route(text: str) -> tuple[Subcommand | None, str]:
    """Give the subcommand `text` calls and what follows its words; (None, text) for a question.

    Nothing at all is a call for help. A subcommand's words must come first (in any case, with
    trailing punctuation: "Help?"); what follows must be what the subcommand takes, or the text
    is a question ("help with a shitstorm" is a question, "help" is not).
    """
    typed = text.split()
    if not typed:
        return HELP, ""
    for phrase, subcommand in _BY_FIRST_WORD.get(typed[0].lower().rstrip(_TRAILING), ()):
        size = len(phrase)
        if [word.lower().rstrip(_TRAILING) for word in typed[:size]] != phrase:
            continue
        rest = typed[size:]
        if subcommand.takes is Takes.NOTHING and rest:
            continue
        if subcommand.takes is Takes.A_WORD and len(rest) > 1:
            continue
        if rest and subcommand.accepts and not subcommand.accepts(" ".join(rest)):
            continue
        if subcommand.takes is Takes.A_WORD or subcommand.accepts:  # "language de?": de
            return subcommand, " ".join(rest).rstrip(_TRAILING)
        return subcommand, " ".join(rest)
    return None, text.strip()


def answer(
    coach: Coach,
    user_id: str,
    text: str,
    where: Where,
    *,
    client: WebClient | None = None,
    messenger: Messenger | None = None,
) -> Said:
    """Give the answer to `text` typed by `user_id` `where` (a subcommand or a question)."""
    subcommand, argument = route(text)
    turn = Turn(coach, user_id, argument, where, client, messenger)
    if subcommand is None:
        return question(turn)
    if where is Where.CHANNEL and subcommand.personal:
        return say(t(turn.language, "not_in_channel", command=subcommand.name))
    if subcommand.admin and not users.is_admin(coach, client, user_id):
        return say(t(turn.language, "admins_only"))  # not a figure, not even a count
    return subcommand.answer(turn)


def refused(text: str, where: Where) -> bool:
    """Say whether `text` is a command not answered `where` (a personal one in a channel)."""
    subcommand, _ = route(text)
    return where is Where.CHANNEL and subcommand is not None and subcommand.personal


def question(turn: Turn) -> Said:
    """Answer a question from the lesson bank (and record it)."""
    reply = turn.coach.ask(turn.user_id, turn.argument)
    echo = turn.where is Where.COMMAND  # in a DM or a thread the question is right above
    feedback = turn.where is not Where.CHANNEL
    return blocks.answer_blocks(reply, echo=echo, feedback=feedback), blocks.answer_text(reply)


def help_blocks(language: str, *, where: Where = Where.COMMAND, admin: bool = False) -> list[dict]:
    """Give the help: what to ask and each subcommand, the admins' ones only for admins."""
    prefix = "" if where is Where.DM else "/coach "
    sections = ["ask", "course", "data"] + (["admin"] if admin else [])
    parts = [t(language, "help_intro_dm" if where is Where.DM else "help_intro")]
    for section in sections:
        lines = [t(language, f"help_section_{section}")]
        if section == "ask":
            lines.append(
                t(language, "help_ask_dm" if where is Where.DM else "help_ask", prefix=prefix)
            )
        for subcommand in SUBCOMMANDS:
            if subcommand.section == section:
                lines.append(t(language, subcommand.help_key, prefix=prefix))
        parts.append("\n".join(lines))
    parts.append(t(language, "help_privacy"))
    return blocks.help_blocks(language, "\n\n".join(parts))
