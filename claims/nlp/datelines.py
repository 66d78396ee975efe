"""Datelines: "LONDON, Feb 20 (Reuters) - ", "KYIV, Ukraine (AP) — ", "MOSCOW, December 5. /TASS/. ".

A dateline opens a paragraph with the place in capitals, maybe a date or a region, the agency, and a dash (or
TASS's "/TASS/."). It says where the story was filed; it is no part of the first sentence's grammar, so it must
never be a speaker, a pronoun's antecedent or part of what was said.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

_DATELINE = re.compile(
    r"[A-Z][A-Z.'\-]{2,}(?:[ \t]+[A-Z][A-Z.'\-]+)*"  # the place, in capitals: "RIO DE JANEIRO"
    r"(?:,[ \t]+[A-Z][a-z.]+(?:[ \t]+[A-Z][a-z.]+)?)?"  # a region: ", Ukraine", ", Calif."
    r"(?:,?[ \t]+(?:[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:,[ \t]+\d{4})?|\d{1,2}[ \t]+[A-Z][a-z]{2,8})\.?)?"  # a date
    r"(?:[ \t]*\([A-Za-z][A-Za-z .&]{1,30}\))?"  # the agency: "(Reuters)"
    r"(?:[ \t]*/[A-Z]{2,10}/\.?|[ \t]+-{1,2}|[ \t]*[\u2014\u2013])[ \t]+"  # "/TASS/." or a dash
)
_MAX_DATELINE = 80  # characters
_BARE_PLACE = re.compile(r"[A-Z.'\- \t]+[-\u2014\u2013]{1,2}[ \t]+")  # no date, region or agency
_DASH = re.compile(r"[ \t][-\u2014\u2013]{1,2}[ \t]")
_ASIDE = 60  # characters after the first dash where a closing one makes it an aside


def dateline_end(text: str, start: int = 0) -> int | None:
    """Where the sentence after a dateline opening `text` at `start` begins; None when there is no dateline."""
    match = _DATELINE.match(text, start, min(len(text), start + _MAX_DATELINE))
    if match is None or match.end() >= len(text):
        return None
    if _BARE_PLACE.fullmatch(match.group()) and (
        "." in match.group() or _DASH.search(text, match.end(), match.end() + _ASIDE) is not None
    ):
        # A place alone before a dash ("WASHINGTON — ") is a dateline, but not an abbreviation ("U.S. - China
        # talks") nor a word set off by two dashes ("ISIS – the militant group – claimed").
        return None
    return match.end()


def is_dateline(sentence: Span) -> bool:
    """Whether the sentence is nothing but a dateline (the sentence splitter cut it off at its dash)."""
    text = sentence.text.strip()
    return bool(text) and _DATELINE.fullmatch(text + " ") is not None
