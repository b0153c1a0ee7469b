"""Block Kit for the admins: /coach stats, /coach gaps, the App Home dashboard, the digest.

Figures come from `stats.report`; a figure hidden to protect a small group reads "fewer than 5".
"""

from __future__ import annotations

from datetime import date, timedelta

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    OptionGroup,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)

from ..lessons import TOPICS, Bank
from ..stats import Figures, Group, Report
from ..store import Gap
from ..vocabulary import Language
from .blocks import escape, shorten, t, to_dicts
from .strings import date_text

BAR = 10  # characters in a full bar
# The key figures, as /coach stats, the dashboard and the digest show them: (label, figure).
KEY_FIGURES = (
    ("stats_delivered", "lessons_delivered"),
    ("stats_completed", "completion_rate"),
    ("stats_quiz", "quiz_accuracy"),
    ("stats_helpful", "helpfulness"),
    ("stats_asked", "questions_asked"),
    ("stats_answered", "answered_share"),
)
GAPS_SHOWN = 15


def bar(share: float) -> str:
    """Give a share from 0 to 1 as a bar of ten characters: ▓▓▓▓▓▓▓░░░."""
    filled = round(max(0.0, min(share, 1.0)) * BAR)
    return "▓" * filled + "░" * (BAR - filled)


def figure(figures: Figures, name: str, language: str, min_group: int) -> str:
    """Give one figure as text: a count, a percentage, "fewer than 5" or a dash."""
    value = getattr(figures, name)
    if name in figures.hidden:
        return t(language, "few", n=min_group)
    if value is None:
        return t(language, "no_figure")
    if isinstance(value, float):
        return f"{value:.0%}"
    return f"{value:,}".replace(",", "." if language == Language.DE else ",")


def stats_blocks(report: Report, bank: Bank, language: str) -> list[dict]:
    """Give the key figures with small bar charts by topic and week, and the hardest quizzes."""
    few = report.min_group
    learners = {
        status: (str(n) if n is not None else t(language, "few", n=few))
        for status, n in report.learners.items()
    }
    fields = [
        MarkdownTextObject(
            text=f"*{t(language, label)}*\n{figure(report.totals, name, language, few)}"
        )
        for label, name in KEY_FIGURES
    ]
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=t(language, "stats_title", n=report.days))),
        SectionBlock(text=t(language, "stats_learners", **learners)),
        SectionBlock(fields=fields),
        SectionBlock(text=_topic_bars(report.by_topic, language, few)),
        SectionBlock(text=_weekly(report, language)),
    ]
    if report.hardest:
        lines = [t(language, "stats_hardest")]
        for group in report.hardest:
            lesson = bank.get(group.key)
            title = lesson.text(language).title if lesson else group.key
            share = group.figures.quiz_accuracy or 0.0
            lines.append(f"`{bar(share)}` {share:.0%}  {title}")
        blocks.append(SectionBlock(text="\n".join(lines)))
    footer = t(language, "stats_footer", n=few)
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=footer)]))
    return to_dicts(blocks)


def _topic_bars(groups: list[Group], language: str, few: int) -> str:
    """Give each topic's completion rate as a bar."""
    lines = [t(language, "stats_by_topic")]
    for group in groups:
        shown = figure(group.figures, "completion_rate", language, few)
        bars = bar(group.figures.completion_rate or 0.0)
        lines.append(f"`{bars}` {shown}  {TOPICS[group.key][language]}")
    return "\n".join(lines)


def _weekly(report: Report, language: str) -> str:
    counts = [g.figures.lessons_delivered for g in report.weekly]
    top = max((n for n in counts if n), default=0)
    lines = [t(language, "stats_weekly")]
    for group, n in zip(report.weekly, counts, strict=True):
        monday = date.fromisoformat(group.key).strftime(
            "%d.%m." if language == Language.DE else "%b %d"
        )
        shown = figure(group.figures, "lessons_delivered", language, report.min_group)
        lines.append(f"`{monday:>6}` `{bar((n or 0) / top if top else 0.0)}` {shown}")
    return "\n".join(lines)


def gaps_blocks(
    report: Report, language: str, *, limit: int = GAPS_SHOWN, bank: Bank | None = None
) -> list[dict]:
    """Give the questions without a good answer, most asked first (texts only).

    With `bank`, each question comes with a menu of the bank's lessons: the admin picks the one
    that answers it, and the coach answers it with that lesson from then on.
    """
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=t(language, "gaps_title", n=report.days)))
    ]
    if not report.unanswered:
        blocks.append(SectionBlock(text=t(language, "gaps_none", n=report.days)))
        return to_dicts(blocks)
    intro = t(language, "gaps_intro") + (" " + t(language, "gaps_teach") if bank else "")
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=intro)]))
    if bank is None:
        blocks.append(SectionBlock(text=verbatim(gap_lines(report.unanswered[:limit], language))))
    else:
        limit = min(limit, TEACH_SHOWN)
        menu = _lesson_menu(bank, language)
        for gap in report.unanswered[:limit]:
            blocks.append(
                SectionBlock(
                    block_id=f"{TEACH_BLOCK}{gap.question_id}|{report.days}",
                    text=verbatim(gap_lines([gap], language)),
                    accessory=menu,
                )
            )
    if len(report.unanswered) > limit:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=t(language, "gaps_more"))]))
    return to_dicts(blocks)


TEACH = "teach_lesson"  # action_id of the gaps' lesson menus
TEACH_BLOCK = "teach|"  # block_id prefix: the question's id and the period shown
TEACH_SHOWN = 10  # questions with a menu in one message (each menu lists the whole bank)


def _lesson_menu(bank: Bank, language: str) -> StaticSelectElement:
    """Give a menu of the bank's lessons grouped by topic (Slack shows at most 100)."""
    groups = []
    room = 100
    for topic, lessons in bank.by_topic().items():
        options = [
            Option(text=shorten(lesson.text(language).title, 75), value=lesson.id)
            for lesson in lessons[:room]
        ]
        room -= len(options)
        if options:
            groups.append(OptionGroup(label=TOPICS[topic][language], options=options))
    return StaticSelectElement(
        action_id=TEACH, placeholder=t(language, "gaps_pick"), option_groups=groups
    )


def gap_lines(gaps: list[Gap], language: str, *, room: int = 3000) -> str:
    """Give one line per question: how often, the text (escaped, it pings no one), why.

    Whole lines only, as many as fit in `room` characters.
    """
    lines: list[str] = []
    for gap in gaps:
        why = []
        if gap.no_lesson:
            why.append(t(language, "gaps_no_lesson"))
        if gap.not_helpful:
            why.append(t(language, "gaps_not_helpful"))
        text = escape(shorten(gap.text, 150))
        line = f"{t(language, 'gaps_line', count=gap.asked, text=text)} _({', '.join(why)})_"
        if sum(len(each) + 1 for each in lines) + len(line) > room:
            break
        lines.append(line)
    return "\n".join(lines)


def verbatim(text: str) -> MarkdownTextObject:
    """Give mrkdwn that Slack shows without turning URLs or #channel names into links."""
    return MarkdownTextObject(text=text, verbatim=True)


def dashboard_blocks(report: Report, bank: Bank, language: str) -> list[dict]:
    """Give the admin part of the App Home: the figures and the top open questions."""
    blocks = to_dicts([DividerBlock(), HeaderBlock(text=t(language, "home_dashboard"))])
    blocks += stats_blocks(report, bank, language)[1:]  # the dashboard has its own header
    blocks += gaps_blocks(report, language, limit=5)
    return blocks


def digest_blocks(last: Report, before: Report, new_gaps: list[Gap], language: str) -> list[dict]:
    """Give the weekly digest: last week's figures against the week before, new open questions."""
    first = date.fromisoformat(last.since)
    end = date.fromisoformat(last.until) - timedelta(days=1)
    lines = []
    for label, name in KEY_FIGURES:
        now = figure(last.totals, name, language, last.min_group)
        then = figure(before.totals, name, language, before.min_group)
        lines.append(t(language, "digest_line", name=t(language, label), now=now, before=then))
    blocks: list[Block] = [
        HeaderBlock(text=t(language, "digest_title")),
        SectionBlock(
            text=t(
                language,
                "digest_intro",
                first=date_text(language, first),
                last=date_text(language, end, year=True),
            )
        ),
        SectionBlock(text="\n".join(lines)),
    ]
    if new_gaps:
        heading = t(language, "digest_gaps")
        lines = gap_lines(new_gaps[:10], language, room=3000 - len(heading) - 1)
        blocks.append(SectionBlock(text=verbatim(f"{heading}\n{lines}")))
    else:
        blocks.append(SectionBlock(text=t(language, "digest_no_gaps")))
    return to_dicts(blocks)
