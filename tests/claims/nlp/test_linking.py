"""Actor linking: a speaker is linked only when exactly one actor fits; otherwise the editor gets candidates."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.nlp.enrich import enrich_claims
from claims.nlp.linking import ActorLinker, name_normalize
from claims.nlp.types import Gazetteer
from tests.claims.nlp.enrich_helpers import (
    BORIS_JOHNSON,
    GAZETTEER,
    KREMLIN,
    LARRY_JOHNSON,
    PESKOV,
    UKRAINE,
    blank,
    claim,
)

PUBLISHED = dt.date(2024, 3, 15)


def link(text: str, mention: str, gazetteer: Gazetteer = GAZETTEER, *, nth_after: int = 0) -> tuple:
    """Link the mention (searched from offset `nth_after`) the way enrich_claims would."""
    doc = blank()(text)
    start = text.index(mention, nth_after)
    result = ActorLinker(gazetteer, doc).link(mention, start=start)
    return result.actor, result.candidates


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("Zelensky’s", "zelensky"),
        ("ZELENSKÝ", "zelensky"),
        ("the leaders' summit", "the leaders summit"),
        ("Sen.  Schumer", "sen schumer"),
        ("Peskov's", "peskov"),
    ],
)
def test_it_normalises_case_diacritics_punctuation_and_possessives(written: str, normal: str) -> None:
    assert name_normalize(written) == normal


def test_it_links_a_full_name_behind_a_title() -> None:
    text = "Russian press secretary Dmitry Peskov said the talks had stalled."
    assert link(text, "Russian press secretary Dmitry Peskov") == ("dmitry-peskov", [])


def test_it_links_a_title_and_surname() -> None:
    text = "Senate Majority Leader Schumer said the vote would go ahead."
    assert link(text, "Senate Majority Leader Schumer") == ("chuck-schumer", [])


def test_it_links_a_role_description() -> None:
    text = "The talks are over, the Kremlin spokesman said."
    assert link(text, "the Kremlin spokesman") == ("dmitry-peskov", [])


def test_it_links_a_role_followed_by_a_name_earlier_in_the_article() -> None:
    gazetteer = Gazetteer(actors=(PESKOV.__class__("dmitry-peskov", "Dmitry Peskov", "person"),))
    text = "Kremlin spokesman Dmitry Peskov spoke first. Later the spokesman said the talks had stalled."
    assert link(text, "the spokesman", gazetteer) == ("dmitry-peskov", [])


def test_it_follows_a_surname_back_to_the_full_name_written_earlier() -> None:
    text = "Former CIA analyst Larry Johnson gave an interview. Johnson said the war would go on."
    assert link(text, "Johnson", nth_after=text.index("interview")) == ("larry-johnson", [])


def test_it_does_not_guess_between_two_actors_sharing_a_surname() -> None:
    text = "Johnson said the war would go on."
    assert link(text, "Johnson") == (None, ["boris-johnson", "larry-johnson"])


def test_it_does_not_guess_when_the_article_names_two_people_with_that_surname() -> None:
    only_larry = Gazetteer(actors=(LARRY_JOHNSON,))
    text = "Larry Johnson and Boris Johnson met in London. Johnson said the war would go on."
    actor, candidates = link(text, "Johnson", only_larry, nth_after=text.index("London"))
    assert actor is None
    assert candidates == ["larry-johnson"]


def test_it_does_not_link_a_surname_when_the_article_means_someone_the_gazetteer_lacks() -> None:
    only_larry = Gazetteer(actors=(LARRY_JOHNSON,))
    text = "House Speaker Mike Johnson opened the session. Johnson said the bill was dead."
    # The article says which Johnson: Mike, so Larry is not even a candidate.
    assert link(text, "Johnson", only_larry, nth_after=text.index("session")) == (None, [])


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Boris Johnson toured the plant on Tuesday. Mr Johnson said the jobs were safe.", "Mr Johnson"),
        ("Secretary of Homeland Security Jeh Johnson said the border was secure.", "Secretary of Homeland Security"),
        ("Jeh Johnson, the homeland security secretary, said the border was secure.", "Jeh Johnson"),
    ],
)
def test_a_mention_whose_first_name_differs_from_an_actors_never_lists_that_actor(text: str, mention: str) -> None:
    only_larry = Gazetteer(actors=(LARRY_JOHNSON,))
    mention = text[text.index(mention) : text.index("Johnson", text.index(mention)) + len("Johnson")]
    assert link(text, mention, only_larry, nth_after=text.index(mention)) == (None, [])


def test_another_spelling_or_an_initial_of_the_first_name_still_lists_the_actor() -> None:
    only_larry = Gazetteer(actors=(LARRY_JOHNSON,))
    assert link("L. Johnson said the war would go on.", "L. Johnson", only_larry) == (None, ["larry-johnson"])
    assert link("Lary Johnson said the war would go on.", "Lary Johnson", only_larry) == (None, ["larry-johnson"])


def test_a_unique_surname_in_the_gazetteer_links_without_a_full_mention() -> None:
    only_larry = Gazetteer(actors=(LARRY_JOHNSON, BORIS_JOHNSON.__class__("x", "Mary Smith", "person")))
    assert link("Johnson said the war would go on.", "Johnson", only_larry) == ("larry-johnson", [])


def test_a_misspelt_official_is_left_unlinked_with_the_likely_actor_as_candidate() -> None:
    text = "Dmitri Peskow said the talks had stalled."
    actor, candidates = link(text, "Dmitri Peskow")
    assert actor is None
    assert candidates[0] == "dmitry-peskov"


def test_an_unknown_person_gets_no_actor_and_no_candidates() -> None:
    assert link("Saranda Young said the money would run out.", "Saranda Young") == (None, [])


@pytest.mark.parametrize(
    ("mention", "slug"), [("Ukraine", "ukraine"), ("the Ukrainian side", "ukraine"), ("the Kremlin", "kremlin")]
)
def test_organisations_and_countries_link_to_organisation_actors(mention: str, slug: str) -> None:
    text = f"Asked about the talks, {mention} said nothing had changed."
    assert link(text, mention) == (slug, [])


def test_a_country_stays_unlinked_when_the_gazetteer_has_no_such_organisation() -> None:
    people_only = Gazetteer(actors=tuple(a for a in GAZETTEER.actors if a not in (UKRAINE, KREMLIN)))
    assert link("Asked again, the Ukrainian side said nothing.", "the Ukrainian side", people_only) == (None, [])


def test_a_pronoun_speaker_is_linked_through_its_antecedent() -> None:
    text = "Dmitry Peskov spoke on the radio. He said the talks had stalled."
    claims = [claim(text, speaker="He", cue="said", content="the talks had stalled", antecedent="Dmitry Peskov")]
    enrich_claims(blank()(text), claims, gazetteer=GAZETTEER, published=PUBLISHED)
    assert (claims[0].actor, claims[0].speaker.text) == ("dmitry-peskov", "He")
    assert "speaker: 'Dmitry Peskov' -> dmitry-peskov" in claims[0].rationale


def test_an_unresolved_pronoun_is_not_linked_but_offers_the_last_person_linked() -> None:
    text = "Dmitry Peskov said the talks had stalled. Later he said they might resume."
    claims = [
        claim(text, speaker="Dmitry Peskov", cue="said", content="the talks had stalled"),
        claim(text, speaker="he", cue="said", content="they might resume", after=text.index("Later")),
    ]
    enrich_claims(blank()(text), claims, gazetteer=GAZETTEER, published=PUBLISHED)
    assert claims[1].actor is None
    assert claims[1].actor_candidates == ["dmitry-peskov"]


def test_unlinked_speakers_lower_the_claim_confidence_and_linked_ones_raise_it() -> None:
    text = "Dmitry Peskov said the talks had stalled. Saranda Young said the money would run out."
    claims = [
        claim(text, speaker="Dmitry Peskov", cue="said", content="the talks had stalled"),
        claim(text, speaker="Saranda Young", cue="said", content="the money would run out", after=40),
    ]
    enrich_claims(blank()(text), claims, gazetteer=Gazetteer(actors=GAZETTEER.actors), published=PUBLISHED)
    assert claims[0].confidence > 0.7 > claims[1].confidence


def test_an_empty_gazetteer_links_nobody_and_never_fails() -> None:
    text = "Dmitry Peskov said the talks had stalled."
    claims = [claim(text, speaker="Dmitry Peskov", cue="said", content="the talks had stalled")]
    enrich_claims(blank()(text), claims, gazetteer=Gazetteer(), published=PUBLISHED)
    assert (claims[0].actor, claims[0].actor_candidates) == (None, [])


def test_a_country_is_no_fuzzy_candidate_for_a_person_with_that_nationality_in_a_role() -> None:
    assert link("Russia said the talks had stalled.", "Russia") == (None, [])


def test_two_speakers_joined_by_and_are_both_candidates_and_one_known_speaker_with_others_is_linked() -> None:
    text = "Dmitry Peskov and Boris Johnson said in a joint statement that talks would go on."
    assert link(text, "Dmitry Peskov and Boris Johnson") == (None, ["dmitry-peskov", "boris-johnson"])
    text = "Dmitry Peskov and his deputies said that talks would go on."
    assert link(text, "Dmitry Peskov and his deputies") == ("dmitry-peskov", [])


def test_an_organisation_and_a_place_joined_by_and_are_both_candidates() -> None:
    text = "The Kremlin and Ukraine said that talks would go on."
    actor, candidates = link(text, "The Kremlin and Ukraine")
    assert actor is None
    assert set(candidates) == {"kremlin", "ukraine"}
