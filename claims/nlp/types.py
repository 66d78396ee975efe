"""Plain data passed into and out of the extractor. No Django, no spaCy objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

ClaimKind = Literal["direct", "indirect", "mixed"]
# What the source does with the content: says it, believes it, intends it, perceives it, or a document states it.
ClaimAct = Literal["speech", "belief", "intention", "perception", "document"]
CLAIM_ACTS: tuple[ClaimAct, ...] = ("speech", "belief", "intention", "perception", "document")
Stance = Literal["favor", "against", "neutral"]
DatePrecision = Literal["day", "week", "month", "year", "published"]


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A character span into the text given to the extractor: text[start:end] == self.text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One actor of the gazetteer, as the database knows it."""

    slug: str
    name: str
    kind: Literal["person", "organisation"]
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()  # "Kremlin spokesman", "press secretary of the President of Russia"
    country: str = ""  # whose side the actor speaks for: "we", and "Russia" for a Kremlin spokesman


@dataclass(frozen=True, slots=True)
class TopicEntry:
    """One topic with the keywords and phrases that signal it."""

    slug: str
    name: str
    keywords: tuple[str, ...] = ()
    favor_phrases: tuple[str, ...] = ()
    against_phrases: tuple[str, ...] = ()
    description: str = ""  # the editor's words; "his"/"her" in it tells which pronouns stand for a topic's person


@dataclass(frozen=True, slots=True)
class Gazetteer:
    actors: tuple[ActorEntry, ...] = ()
    topics: tuple[TopicEntry, ...] = ()


@dataclass(slots=True)
class ExtractedClaim:
    cue: TextSpan
    content: TextSpan
    speaker: TextSpan | None  # as written: "He", "Peskov", "the Kremlin spokesman"
    kind: ClaimKind
    # The mention the speaker refers to when it is a pronoun or a bare surname/role
    # ("He" -> "Dmitry Peskov"); None when the speaker span names itself.
    speaker_antecedent: TextSpan | None = None
    actor: str | None = None  # actor slug, only when the link is unambiguous
    actor_candidates: list[str] = field(default_factory=list)
    said_on: dt.date | None = None
    date_precision: DatePrecision | None = None
    topic: str | None = None  # topic slug
    stance: Stance | None = None
    stance_confidence: float = 0.0
    confidence: float = 0.0
    rationale: list[str] = field(default_factory=list)  # the words that decided topic/stance/speaker
    sentence: TextSpan | None = None
    nested_in: int | None = None  # index of the outer claim in ExtractionResult.claims
    # The pieces of a content interrupted by its cue ("“A,” he said. “B.”"); empty when content is one piece.
    content_fragments: list[TextSpan] = field(default_factory=list)
    act: ClaimAct = "speech"
    # With a learned model active: the probability its candidate scorer gave and the threshold it decides at.
    model_score: float | None = None
    model_threshold: float | None = None


@dataclass(slots=True)
class ExtractionResult:
    claims: list[ExtractedClaim]
    extractor_version: str
    word_count: int = 0
    skipped_reason: str | None = None  # "empty text", "not English", …: why there are no claims
