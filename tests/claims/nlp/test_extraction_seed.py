"""The seed article, as the product was specified with it: every reported statement with its speaker, and
nobody who is only talked about made a speaker."""

import datetime as dt
from pathlib import Path

import pytest

from claims.nlp.pipeline import extract

SEED = Path(__file__).parent / "data" / "in" / "seed_article.txt"


@pytest.fixture(scope="module")
def seed(nlp):
    text = SEED.read_text(encoding="utf-8")
    return text, extract(text, published=dt.date(2023, 12, 7), nlp=nlp)


def who(claim) -> str | None:
    """The speaker a reader would name: the antecedent of a pronoun or surname, else the written speaker."""
    span = claim.speaker_antecedent or claim.speaker
    return span.text if span is not None else None


def claims_of(result, name: str) -> list:
    return [claim for claim in result.claims if who(claim) and name in who(claim)]


def test_peskovs_six_statements_are_his_including_those_introduced_by_a_pronoun(seed):
    _text, result = seed
    peskov = claims_of(result, "Peskov")
    assert [claim.cue.text for claim in peskov] == ["said", "said", "said", "noted", "commended", "stressed"]
    assert [claim.speaker.text for claim in peskov] == [
        "Russian press secretary Dmitry Peskov",
        "He",
        "Peskov",
        "he",
        "He",
        "He",
    ]
    assert peskov[0].content.text.startswith("that Russia had been ready to negotiate with Ukraine")
    assert peskov[4].content.text == "Hungary's willingness to act as a mediator"


def test_larry_johnson_asked_believed_and_holds_a_view(seed):
    _text, result = seed
    johnson = claims_of(result, "Larry Johnson")
    assert [claim.cue.text for claim in johnson] == ["asked", "**", "In his view"]
    assert johnson[0].content_fragments[0].text == "Why"
    assert johnson[1].content.text.startswith("that negotiations will only take place on Russian terms")
    assert (
        johnson[2].content.text
        == "negotiation was a non-violent way of resolving conflicts, and it had clear advantages"
    )


def test_according_to_names_the_source(seed):
    _text, result = seed
    according = {
        claim.speaker.text: claim.content.text for claim in result.claims if claim.cue.text.lower() == "according to"
    }
    assert according["Senate Majority Leader Schumer"].startswith("Zelensky temporarily canceled his plan")
    assert according['the "Observer Network"'].startswith("Biden bluntly warned in a letter")
    assert "reports" in according


def test_a_nested_report_follows_and_points_to_the_report_it_is_part_of(seed):
    _text, result = seed
    [outer] = [c for c in result.claims if c.speaker and c.speaker.text == "Schumer" and c.cue.text == "said"]
    outer_index = result.claims.index(outer)
    [inner] = [c for c in result.claims if c.nested_in == outer_index and c.speaker.text == "Ukraine"]
    assert result.claims.index(inner) > outer_index
    assert inner.kind == "direct"
    assert inner.content.text.startswith('"We had some problems at the last minute')
    assert outer.kind == "mixed"


def test_other_speakers_are_found(seed):
    _text, result = seed
    speakers = {who(claim) for claim in result.claims}
    assert {"Biden", "Saranda Young", "Lula"} <= speakers
    [lula] = claims_of(result, "Lula")
    assert lula.speaker.text == "who"
    assert lula.content.text == "that Ukraine give up Crimea"


def test_people_only_talked_about_never_become_speakers(seed):
    _text, result = seed
    for claim in result.claims:
        for span in (claim.speaker, claim.speaker_antecedent):
            if span is not None:
                assert "Zelensky" not in span.text
                assert "Kishida" not in span.text
                assert "Hungary" not in span.text
                assert "Republicans" not in span.text


def test_the_authors_commentary_is_nobodys_claim(seed):
    text, result = seed
    commentary = [
        "Such a statement is undoubtedly an important shift",
        "Zelensky has become accustomed to releasing pigeons",
        "Negotiation is also a risky approach",
        "The root cause of this conflict",
    ]
    for sentence in commentary:
        start = text.index(sentence)
        assert not any(claim.content.start <= start < claim.content.end for claim in result.claims), sentence
