"""Pairs real quotation marks in running text.

spaCy's `is_quote` also fires on apostrophes ("leaders' summit", "don't"), so a naive pairing of quote tokens
loses the whole document after the first plural possessive. This works on characters, in context:
- curly double marks pair by direction, and a misdirected one is judged by its neighbours;
- straight double marks and doubled apostrophes ('' or ``) pair by position (open after a space, close before one);
- single marks pair only inside a short window and only when the opening one starts a word, so apostrophes
  and possessives are never treated as quotes;
- a quote left open at the end of a paragraph continues when the next paragraph opens with a quote mark
  (the newspaper convention for multi-paragraph quotes); otherwise it is dropped, never allowed to swallow the
  rest of the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‹"
SINGLE_CLOSE = "’›"
QUOTE_CHARS = frozenset(DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + "\"'`")

# Longest single-quoted stretch taken as a quote; longer ones are apostrophes that happen to line up.
_MAX_SINGLE_QUOTE_CHARS = 400
_PARAGRAPH_BREAK = re.compile(r"\n")
_OPEN_CONTEXT = set(" \t\n\r\u00a0([{—–-―:;,/") | set(DOUBLE_OPEN + SINGLE_OPEN)
_CLOSE_CONTEXT = set(" \t\n\r\u00a0)]}.,;:!?—–-―/…") | set(DOUBLE_CLOSE + SINGLE_CLOSE)


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted stretch: text[start:end] starts with the opening mark and ends after the closing mark."""

    start: int
    end: int
    # Paragraph-continued quotes have inner "open" marks at each paragraph start; they still form one quote.
    paragraphs: int = 1

    @property
    def inner_start(self) -> int:
        return self.start + 1

    def inner_end(self, text: str) -> int:
        end = self.end
        while end > self.start and text[end - 1] in QUOTE_CHARS:
            end -= 1
        return end


# Quote marks written as HTML entities in unescaped feeds, with the plain mark they stand for.
HTML_QUOTES = {
    "&quot;": '"',
    "&#34;": '"',
    "&#x22;": '"',
    "&ldquo;": "“",
    "&#8220;": "“",
    "&rdquo;": "”",
    "&#8221;": "”",
}
_HTML_QUOTE = re.compile("|".join(re.escape(entity) for entity in HTML_QUOTES))


def _mark_at(text: str, i: int) -> tuple[str, int] | None:
    """The quote mark starting at i as (kind, length): kind is 'double' or 'single'."""
    ch = text[i]
    if ch == "&":
        entity = _HTML_QUOTE.match(text, i)
        return ("double", entity.end() - i) if entity else None
    if ch in DOUBLE_OPEN or ch in DOUBLE_CLOSE or ch == '"':
        return "double", 1
    if ch in "'`" and i + 1 < len(text) and text[i + 1] == ch:
        return "double", 2
    if ch == "'" and i + 1 < len(text) and text[i + 1] in "’" or ch == "’" and i + 1 < len(text) and text[i + 1] == "'":
        return "double", 2
    if ch in SINGLE_OPEN or ch in SINGLE_CLOSE or ch == "'" or ch == "`":
        return "single", 1
    return None


def _style(ch: str) -> str:
    """Straight, curly or doubled-apostrophe marks: a quote opened in one style is continued in the same."""
    if ch in ('"', "&"):
        return "straight"
    if ch in "'`":
        return "apostrophes"
    return "curly"


def _direction(text: str, i: int, length: int) -> str:
    """'open', 'close' or 'both' from the characters around the mark."""
    ch = HTML_QUOTES.get(text[i : i + length], text[i])
    before = text[i - 1] if i > 0 else " "
    after = text[i + length] if i + length < len(text) else " "
    can_open = before in _OPEN_CONTEXT and not after.isspace()
    can_close = (after in _CLOSE_CONTEXT or after.isalnum() is False) and not before.isspace()
    if ch in DOUBLE_OPEN or ch in SINGLE_OPEN or ch == "`":
        # "”Fear." misdirected marks are common; context decides only when it clearly says close.
        return "close" if can_close and not can_open and before.isalnum() else "open"
    if ch in DOUBLE_CLOSE or ch in SINGLE_CLOSE:
        if can_open and not can_close:
            return "open"
        return "close"
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    return "both"


def find_quotes(text: str) -> list[Quote]:
    """All quoted stretches of text, outermost first in document order; nested single quotes are left out."""
    quotes: list[Quote] = []
    open_at: int | None = None
    paragraphs = 1
    pending_paragraph_end: int | None = None  # where an open quote's paragraph ended, awaiting continuation
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            if open_at is not None and pending_paragraph_end is None:
                pending_paragraph_end = i
            i += 1
            continue
        if pending_paragraph_end is not None and not ch.isspace():
            mark = _mark_at(text, i)
            same_style = mark is not None and _style(text[i]) == _style(text[open_at])
            if mark is not None and mark[0] == "double" and same_style and _direction(text, i, mark[1]) != "close":
                # Multi-paragraph quote: the new paragraph reopens the same quote with the same kind of mark.
                paragraphs += 1
                pending_paragraph_end = None
                i += mark[1]
                continue
            open_at = None
            paragraphs = 1
            pending_paragraph_end = None
        mark = _mark_at(text, i)
        if mark is None:
            i += 1
            continue
        kind, length = mark
        if kind == "single":
            i += length
            continue
        direction = _direction(text, i, length)
        if open_at is None:
            if direction in ("open", "both"):
                open_at = i
                paragraphs = 1
            i += length
            continue
        if direction == "open" and text[open_at] == text[i] and text[i] in DOUBLE_OPEN:
            # Two opening curly marks in one paragraph: the first was never closed; restart here.
            open_at = i
            paragraphs = 1
        elif direction in ("close", "both"):
            quotes.append(Quote(open_at, i + length, paragraphs))
            open_at = None
            paragraphs = 1
        i += length
    return quotes


def find_single_quotes(text: str, start: int, end: int) -> list[Quote]:
    """Single-quoted stretches within text[start:end] (headlines and quotes within quotes)."""
    found: list[Quote] = []
    open_at: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch not in "‘’'":
            continue
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if open_at is None:
            if ch in "‘'" and (before in _OPEN_CONTEXT or before in '"“') and (after.isalnum() or after in '"“'):
                open_at = i
            continue
        if i - open_at > _MAX_SINGLE_QUOTE_CHARS:
            open_at = None
            continue
        # A closing single mark ends a word and is not followed by a letter: "don't" and "Ukraine's" never close.
        if (before.isalnum() or before in '.,!?…"”') and not after.isalnum():
            found.append(Quote(open_at, i + 1))
            open_at = None
    return found
