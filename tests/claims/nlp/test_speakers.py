"""Speaker resolution through the whole extractor: who a pronoun, a role or a title + surname speaker is.

Every text is written for these tests; each case once went wrong on a real article.
"""

from __future__ import annotations

import datetime as dt

import pytest

from claims.nlp.pipeline import extract
from claims.nlp.types import ActorEntry, ExtractedClaim, Gazetteer

LARRY_JOHNSON = ActorEntry("larry-johnson", "Larry Johnson", "person", roles=("former CIA analyst",))
PRESIDENTS = Gazetteer(
    actors=(
        ActorEntry("emmanuel-macron", "Emmanuel Macron", "person", roles=("French President",)),
        ActorEntry("joe-biden", "Joe Biden", "person", roles=("US President",)),
    )
)


def claim_by_cue(text: str, cue: str, nlp, gazetteer: Gazetteer | None = None) -> ExtractedClaim:  # noqa: ANN001
    result = extract(text, published=None, gazetteer=gazetteer, nlp=nlp)
    found = [claim for claim in result.claims if claim.cue.text == cue]
    assert len(found) == 1, [(c.speaker, c.cue.text, c.content.text) for c in result.claims]
    return found[0]


def antecedent(claim: ExtractedClaim) -> str | None:
    return claim.speaker_antecedent.text if claim.speaker_antecedent else None


# --- a speaker inside an appositive


@pytest.mark.parametrize(
    "text",
    [
        "“We will not pay the fine,” said the bank’s chief, Anna Berg.",
        "The bank’s chief, Anna Berg, said the fund would not pay the fine.",
    ],
)
def test_a_role_speaker_is_the_person_its_appositive_names(text: str, nlp) -> None:  # noqa: ANN001
    claim = claim_by_cue(text, "said", nlp)
    assert claim.speaker.text.lower() == "the bank’s chief"
    assert antecedent(claim) == "Anna Berg"


@pytest.mark.parametrize(
    ("first", "role"),
    [
        (
            "Kremlin spokesman Dmitry Peskov told reporters on Tuesday that talks were possible.",
            "the Kremlin spokesman",
        ),
        ("Dmitry Peskov, the Kremlin spokesman, told reporters on Tuesday that talks were possible.", "the spokesman"),
        ("Foreign Minister Sergei Lavrov told reporters on Tuesday that talks were possible.", "the former minister"),
    ],
)
def test_a_description_repeating_a_named_speakers_title_is_that_person(first: str, role: str, nlp) -> None:  # noqa: ANN001
    text = f'{first} "We are ready," {role} stressed. According to him, Kyiv had refused.'
    stressed = claim_by_cue(text, "stressed", nlp)
    assert stressed.speaker.text == role
    assert antecedent(stressed) in ("Dmitry Peskov", "Sergei Lavrov")
    # and a pronoun after the description is the same person
    assert antecedent(claim_by_cue(text, "According to", nlp)) == antecedent(stressed)


@pytest.mark.parametrize(
    ("first", "role", "name"),
    [
        (
            "Russian President Vladimir Putin said on Tuesday that trade had grown.",
            "the Russian leader",
            "Vladimir Putin",
        ),
        ("Chancellor Olaf Scholz said on Tuesday that trade had grown.", "the German leader", None),  # no "German"
        ("U.S. Secretary of State Antony Blinken said trade had grown.", "the top U.S. diplomat", "Antony Blinken"),
        ("Foreign Minister Sergei Lavrov said on Tuesday that trade had grown.", "the diplomat", "Sergei Lavrov"),
        ("Russian President Vladimir Putin said on Tuesday that trade had grown.", "the diplomat", None),
    ],
)
def test_a_more_general_description_is_the_person_whose_title_it_covers(first, role, name, nlp) -> None:  # noqa: ANN001
    text = f'{first} "We are ready," {role} stressed.'
    stressed = claim_by_cue(text, "stressed", nlp)
    assert stressed.speaker.text == role
    assert antecedent(stressed) == name


def test_a_description_naming_an_organisation_again_is_that_organisation(nlp) -> None:  # noqa: ANN001
    text = "Ukraine's Foreign Ministry said the talks had failed. The ministry said Kyiv would not return."
    ministry = [claim for claim in extract(text, published=None, nlp=nlp).claims if claim.cue.text == "said"][1]
    assert ministry.speaker.text == "The ministry"
    assert antecedent(ministry) == "Ukraine's Foreign Ministry"


@pytest.mark.parametrize(
    "text",
    [
        'Kremlin spokesman Dmitry Peskov said talks were possible. "We are not ready," the Ukrainian minister said.',
        # the words of an appositive's complement are no title of the name
        'Dmitry Peskov, a spokesman for the minister, said talks were possible. "We are not ready," the minister said.',
    ],
)
def test_a_description_with_another_title_is_nobody_named_earlier(text: str, nlp) -> None:  # noqa: ANN001
    ukrainian = [claim for claim in extract(text, published=None, nlp=nlp).claims if claim.cue.text == "said"][1]
    assert ukrainian.speaker.text.endswith("minister")
    assert antecedent(ukrainian) is None


def test_a_pronoun_after_a_role_with_an_appositive_name_is_that_person(nlp) -> None:  # noqa: ANN001
    text = "Trump’s envoy, Steve Witkoff, met Putin in Moscow on Friday. He said the talks had gone well."
    assert antecedent(claim_by_cue(text, "said", nlp)) == "Steve Witkoff"


# --- a pronoun inside a quotation


@pytest.mark.parametrize(
    ("text", "cue", "person"),
    [
        (
            "Dmitry Peskov spoke to reporters on Monday. “We met Zelensky’s envoy, Rustem Umerov, yesterday. "
            "He said that Kyiv would not sign,” Peskov said.",
            "said that",
            "Rustem Umerov",
        ),
        (
            "Anna Berg addressed the board. “I spoke with Tom Hale last week, and he told me the deal was off,” "
            "Berg said.",
            "told",
            "Tom Hale",
        ),
    ],
)
def test_a_pronoun_inside_a_quote_is_the_person_the_quote_talks_about_not_its_speaker(
    text: str, cue: str, person: str, nlp
) -> None:  # noqa: ANN001
    result = extract(text, published=None, nlp=nlp)
    inner = next(c for c in result.claims if text[c.cue.start :].startswith(cue) and c.speaker.text.lower() == "he")
    assert antecedent(inner) == person


# --- a role qualified by a country


@pytest.mark.parametrize(
    "text",
    [
        "US President Joe Biden met Emmanuel Macron in Paris on Monday. The French President said the alliance held.",
        "Joe Biden, the US President, flew to Paris. The French President said Europe must defend itself.",
    ],
)
def test_a_role_with_a_nationality_is_never_resolved_to_a_role_of_another_country(text: str, nlp) -> None:  # noqa: ANN001
    claim = claim_by_cue(text, "said", nlp, PRESIDENTS)
    assert claim.speaker.text == "The French President"
    assert antecedent(claim) != "US President"
    assert (claim.actor, claim.actor_candidates) == ("emmanuel-macron", [])


# --- titles and first names


def test_a_title_and_surname_is_the_full_name_the_article_gave_and_never_another_johnson(nlp) -> None:  # noqa: ANN001
    text = "Boris Johnson toured the plant on Tuesday. Mr Johnson said the jobs were safe."
    claim = claim_by_cue(text, "said", nlp, Gazetteer(actors=(LARRY_JOHNSON,)))
    assert antecedent(claim) == "Boris Johnson"
    assert (claim.actor, claim.actor_candidates) == (None, [])


def test_a_full_name_with_another_first_name_is_not_offered_the_actor(nlp) -> None:  # noqa: ANN001
    text = "Secretary of Homeland Security Jeh Johnson said the border was secure."
    claim = claim_by_cue(text, "said", nlp, Gazetteer(actors=(LARRY_JOHNSON,)))
    assert (claim.actor, claim.actor_candidates) == (None, [])


@pytest.mark.parametrize(
    ("text", "person"),
    [
        # a name the tokenizer splits at its hyphen is whole
        ('Karine Jean-Pierre spoke to reporters on Monday. "He will veto it," she said.', "Karine Jean-Pierre"),
        # "she": a named woman comes before a role of unknown gender in a clause of its own
        (
            "Reporters asked press secretary Sarah Sanders whether the president would veto the bill. "
            '"He has been very clear," she said.',
            "Sarah Sanders",
        ),
        # … but not before the main clause's subject
        (
            "Emmanuel Macron arrived on Monday. The president met Macron on Tuesday. He said the talks were good.",
            "The president",
        ),
    ],
)
def test_who_said_is_the_person_a_reader_takes_the_pronoun_for(text: str, person: str, nlp) -> None:  # noqa: ANN001
    assert antecedent(claim_by_cue(text, "said", nlp)) == person


def test_a_family_name_written_first_and_a_synonymous_title_are_the_person_named_before(nlp) -> None:  # noqa: ANN001
    text = (
        "Chinese Foreign Ministry spokesperson Mao Ning said China opposed the sanctions. "
        "Mao said Beijing would respond. The spokeswoman added that talks were possible."
    )
    assert antecedent(claim_by_cue(text, "added", nlp)) == "Mao Ning"
    said = [c for c in extract(text, published=None, nlp=nlp).claims if c.cue.text == "said"]
    assert [antecedent(c) for c in said] == [None, "Mao Ning"]


@pytest.mark.parametrize(
    ("first", "role"),
    [
        ("Vice President Kamala Harris said on Tuesday that trade had grown.", "the U.S. leader"),
        ("Deputy Prime Minister Alexander Novak said on Tuesday that trade had grown.", "the Russian leader"),
        ("U.S. Ambassador Linda Thomas-Greenfield said on Tuesday that trade had grown.", "the top U.S. diplomat"),
    ],
)
def test_a_general_description_is_not_a_deputy_or_a_lesser_post(first: str, role: str, nlp) -> None:  # noqa: ANN001
    stressed = claim_by_cue(f'{first} "We are ready," {role} stressed.', "stressed", nlp)
    assert antecedent(stressed) is None


def test_the_answers_of_a_transcript_are_the_interviewees(nlp) -> None:  # noqa: ANN001
    text = (
        "The Kyiv Herald spoke to Foreign Minister Pavel Orlov on Monday evening.\n\n"
        "Q: Will the first jets arrive this spring?\n\n"
        "A: I cannot give you a date. But our pilots are ready.\n"
    )
    published = dt.date(2023, 12, 7)  # a Thursday
    [answer] = [claim for claim in extract(text, published=published, nlp=nlp).claims if claim.speaker.text == "A"]
    assert antecedent(answer).endswith("Pavel Orlov")
    assert (answer.said_on, answer.date_precision) == (dt.date(2023, 12, 4), "day")  # the interview's Monday
    assert antecedent(claim_by_cue("A: We are ready for the talks today.", ":", nlp)) is None  # no interview
