"""Where a YAML syntax error really is: the line an author has to fix, not where PyYAML stopped.

Pure functions over a file's text; no I/O.

PyYAML gives two marks. `problem_mark` is where the parser gave up, which for a mistake in the
indentation is often a later line: a key indented one space too far is only noticed at the next
key (which no longer fits any open mapping), and a line pulled out to column 0 ends the block it
was in, so the parser may read a dozen more lines as something else before it fails. The
`context_mark` is where the construct it was parsing began: the right line for an unclosed quote
or bracket ("while scanning a quoted scalar"), but for "while parsing a block mapping" it is the
start of the whole mapping, often line 2.

A stray quote whose text runs on over several lines is reported where it opens. For an
indentation mistake the line is found by trying: from the line where the parser stopped, back
towards the top, each line is re-indented like its neighbours; the first line whose new
indentation makes the whole file parse is the wrong one, and that indentation is the one to
suggest. Lines indented unlike both neighbours are tried first, and column 0 last: a later line
moved to column 0 can make a file parse too, only as a different document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

# Contexts whose mark is where an unfinished construct began: the line to fix.
_STARTED_AT = (
    "while scanning a quoted scalar",
    "while scanning a simple key",
    "while parsing a flow",
)
# A key whose value is the block below it: `quiz:`, `body: |`, `text: >-` (one word before the
# colon, so that a line of text ending in a colon is not taken for one).
_OPENS_BLOCK = re.compile(r"^(?:- )?[A-Za-z_][\w-]*:[ \t]*(?:[|>][-+0-9]*)?[ \t]*(?:#.*)?$")
# How far above the line the parser stopped at a wrong line is looked for.
_LOOK_BACK = 200


def parse_error(text: str) -> yaml.MarkedYAMLError | None:
    """Give the error PyYAML finds in `text`, or None if it parses."""
    loader = _loader(text)
    try:
        loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        return error
    finally:
        loader.dispose()
    return None


def locate(text: str, error: yaml.MarkedYAMLError) -> tuple[int, str]:
    """Give the 1-based line to fix for `error` found in `text`, and what is wrong there."""
    lines = text.splitlines(keepends=True)
    mark = error.problem_mark or error.context_mark
    stopped = mark.line if mark else 0
    problem = error.problem or error.context or "not valid YAML"
    started = error.context_mark
    if started is not None and (error.context or "").startswith(_STARTED_AT):
        return started.line + 1, f"YAML syntax error: {problem} ({error.context})"
    noticed = f" (the YAML parser stopped at line {stopped + 1}: {problem})"
    quoted = _runaway_quote(text, stopped)
    if quoted is not None:
        first, last = quoted
        return first, (
            f"YAML: the quoted text that starts here runs on to line {last}; is a closing quote "
            f"missing or one too many?{noticed}"
        )
    refit = _refit_any(lines, min(stopped, len(lines) - 1))
    if refit is not None:
        number, lead, width = refit
        said = noticed if number != stopped + 1 else f" ({problem})"
        if "\t" in lead:
            return number, f"YAML indentation: a tab here; indent with spaces{said}"
        here = f"{len(lead)} space{'' if len(lead) == 1 else 's'}"
        return number, f"YAML indentation: {here} here, but {width} would fit{said}"
    return stopped + 1, f"YAML syntax error: {problem}"


def _refit_any(lines: list[str], stopped: int) -> tuple[int, str, int] | None:
    """Give the line (1-based) whose re-indentation makes the file parse, its indentation and
    the width that would, searching up from `stopped`; None if no one line does."""
    for odd_only, to_column_0 in ((True, False), (False, False), (True, True), (False, True)):
        for index in range(stopped, max(-1, stopped - _LOOK_BACK), -1):
            width = _refit(lines, index, odd_only=odd_only, to_column_0=to_column_0)
            if width is not None:
                line = lines[index]
                return index + 1, line[: len(line) - len(line.lstrip(" \t"))], width
    return None


def _refit(lines: list[str], index: int, *, odd_only: bool, to_column_0: bool) -> int | None:
    """Give the width that makes the file parse when line `index` is indented by it, or None.

    Tried in this order: like the next line (a sibling key that follows), like the line before,
    one level in or out, column 0. A line that opens a block (`quiz:`, `body: |`) stays left of
    the line after it, which belongs to it.
    """
    line = lines[index]
    if _blank(line):
        return None
    content = line.lstrip(" \t")
    lead = line[: len(line) - len(content)]
    below = _near(lines, index, 1)
    before, after = _indent(lines, _near(lines, index, -1)), _indent(lines, below)
    tab = "\t" in lead
    if odd_only and not tab and len(lead) in (before, after):
        return None
    opens = below is not None and _OPENS_BLOCK.match(content.rstrip())
    for width in dict.fromkeys((after, before, before + 2, before - 2, 0)):
        if width < 0 or (width == 0 and not to_column_0) or (width == len(lead) and not tab):
            continue
        if opens and width >= after:
            continue
        text = "".join([*lines[:index], " " * width + content, *lines[index + 1 :]])
        if parse_error(text) is None:
            return width
    return None


def _runaway_quote(text: str, stopped: int) -> tuple[int, int] | None:
    """Give the first and last line of a quoted text spanning lines that ends just before
    line `stopped` (0-based), or None."""
    found = None
    for token in _tokens(text):
        if token.start_mark.line > stopped:
            break
        start, end = token.start_mark.line, token.end_mark.line
        quoted = isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
        if quoted and end > start and end >= stopped - 2:
            found = (start + 1, end + 1)
    return found


def _tokens(text: str) -> Iterator[yaml.Token]:
    loader = _loader(text)
    try:
        while loader.check_token():
            yield loader.get_token()
    except yaml.MarkedYAMLError:
        return
    finally:
        loader.dispose()


def _near(lines: list[str], index: int, step: int) -> int | None:
    """Give the index of the nearest line above (step -1) or below (1) with content."""
    index += step
    while 0 <= index < len(lines):
        if not _blank(lines[index]):
            return index
        index += step
    return None


def _indent(lines: list[str], index: int | None) -> int:
    if index is None:
        return 0
    line = lines[index]
    return len(line) - len(line.lstrip(" "))


def _blank(line: str) -> bool:
    return not line.strip() or line.lstrip().startswith("#")


def _loader(text: str) -> yaml.BaseLoader:
    # The base loader, as the lesson bank reads files: every scalar stays a string.
    return yaml.CBaseLoader(text) if hasattr(yaml, "CBaseLoader") else yaml.BaseLoader(text)
