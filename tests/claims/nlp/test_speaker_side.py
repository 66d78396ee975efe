"""The country a speaker speaks for, read from their own description when no actor record gives it, decides whose
position "Moscow" or "Washington" states in their words (text written for these tests)."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from claims.nlp.linking import side_named
from claims.nlp.pipeline import extract
from claims.nlp.types import Gazetteer
from tests.claims.nlp.enrich_helpers import MILITARY_AID, NEGOTIATIONS


@pytest.mark.parametrize(
    ("description", "country"),
    [
        ("Russian Deputy Foreign Minister Pavel Orlov", "russia"),
        ("Kremlin aide Yuri Danilov", "russia"),
        ("Ukraine's Foreign Ministry", "ukraine"),
        ("U.S. Defense Secretary Mark Ellison", "united states"),
        ("Senate Majority Leader Chuck Schumer", ""),
    ],
)
def test_a_nationality_country_or_seat_in_the_description_names_the_side(description: str, country: str) -> None:
    assert side_named(description) == country


def test_a_later_surname_takes_the_side_of_the_fuller_mention(nlp: Language) -> None:
    text = (
        "Russian Deputy Foreign Minister Pavel Orlov said on Monday that the talks in Geneva had been useful.\n\n"
        "Orlov said Moscow saw no basis for new negotiations with the current government in Kyiv.\n"
    )
    gazetteer = Gazetteer(actors=(), topics=(NEGOTIATIONS, MILITARY_AID))
    claims = extract(text, published=dt.date(2024, 3, 5), gazetteer=gazetteer, nlp=nlp).claims
    later = next(claim for claim in claims if claim.content.text.startswith("Moscow saw no basis"))
    assert (later.topic, later.stance) == ("peace-negotiations", "against")
    assert "stance: no basis (refused, linked to 'negotiations')" in later.rationale


def test_without_a_side_another_countrys_view_is_not_the_speakers(nlp: Language) -> None:
    text = "Analyst Pavel Orlov said Moscow saw no basis for new negotiations with the current government in Kyiv.\n"
    gazetteer = Gazetteer(actors=(), topics=(NEGOTIATIONS, MILITARY_AID))
    claims = extract(text, published=dt.date(2024, 3, 5), gazetteer=gazetteer, nlp=nlp).claims
    assert [(claim.topic, claim.stance) for claim in claims] == [("peace-negotiations", "neutral")]
