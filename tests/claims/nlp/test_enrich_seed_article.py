"""The seed article end to end (finder + enrichment) with the demo actors and topics as a plain gazetteer."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from claims import demo
from claims.nlp.pipeline import extract
from claims.nlp.types import ActorEntry, ExtractedClaim, Gazetteer, TopicEntry

DEMO_GAZETTEER = Gazetteer(
    actors=tuple(
        ActorEntry(
            slug=spec["slug"],
            name=spec["name"],
            kind=spec["kind"],
            aliases=tuple(spec["aliases"]),
            roles=(*spec["roles"], spec["role"]),
            country=spec["country"],
        )
        for spec in demo.ACTORS
    ),
    topics=tuple(
        TopicEntry(
            slug=spec["slug"],
            name=spec["name"],
            keywords=tuple(spec["keywords"]),
            favor_phrases=tuple(spec["favor_phrases"]),
            against_phrases=tuple(spec["against_phrases"]),
        )
        for spec in demo.TOPICS
    ),
)


@pytest.fixture(scope="module")
def seed_claims(nlp: Language) -> list[ExtractedClaim]:
    text = demo.SEED_ARTICLE_PATH.read_text(encoding="utf-8")
    return extract(text, published=dt.date(2023, 12, 7), gazetteer=DEMO_GAZETTEER, nlp=nlp).claims


def by_actor(claims: list[ExtractedClaim], slug: str) -> list[ExtractedClaim]:
    return [c for c in claims if c.actor == slug]


def test_peskovs_statements_are_linked_to_him_and_dated_december_5(seed_claims: list[ExtractedClaim]) -> None:
    peskov = by_actor(seed_claims, "dmitry-peskov")
    # said (x3, incl. "He said" and "Peskov also said"), noted, commended, stressed
    assert len(peskov) >= 6
    assert {c.speaker.text for c in peskov} >= {"Russian press secretary Dmitry Peskov", "He", "Peskov", "he"}
    assert {(c.said_on, c.date_precision) for c in peskov} == {(dt.date(2023, 12, 5), "day")}


def test_larry_johnsons_view_is_linked_to_him(seed_claims: list[ExtractedClaim]) -> None:
    johnson = by_actor(seed_claims, "larry-johnson")
    assert any(c.cue.text == "In his view" for c in johnson)
    assert all(c.date_precision == "published" for c in johnson)


def test_schumer_is_linked_through_title_and_surname(seed_claims: list[ExtractedClaim]) -> None:
    speakers = {c.speaker.text for c in by_actor(seed_claims, "chuck-schumer")}
    assert "Senate Majority Leader Schumer" in speakers


def test_zelensky_who_is_only_talked_about_speaks_nowhere(seed_claims: list[ExtractedClaim]) -> None:
    assert by_actor(seed_claims, "volodymyr-zelensky") == []
    assert all("volodymyr-zelensky" not in c.actor_candidates for c in seed_claims)


def test_peskovs_claims_are_about_the_negotiations_and_say_why(seed_claims: list[ExtractedClaim]) -> None:
    first = by_actor(seed_claims, "dmitry-peskov")[0]
    assert (first.topic, first.stance) == ("russia-ukraine-peace-negotiations", "favor")
    # "Russia had been ready to negotiate": Russia is the side the Kremlin's press secretary speaks for.
    assert "stance: ready to negotiate (favor phrase, linked to 'negotiate')" in first.rationale


def test_every_linked_claim_ranks_above_every_speakerless_one(seed_claims: list[ExtractedClaim]) -> None:
    linked = [c.confidence for c in seed_claims if c.actor]
    speakerless = [c.confidence for c in seed_claims if c.speaker is None]
    assert min(linked) > max(speakerless)
