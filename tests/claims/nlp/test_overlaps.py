"""The last pass: two claims never report the same words with different speakers."""

from __future__ import annotations

from claims.nlp.overlaps import ONE_SPEAKER_PER_CONTENT
from claims.nlp.pipeline import extract

TWO_SPEAKERS = "“We will win the vote,” Smith said, as Jones told reporters: “They will lose it badly.”"


def reports(text: str, nlp, **kwargs) -> list[tuple[str | None, list[str]]]:  # noqa: ANN001, ANN003
    result = extract(text, published=None, nlp=nlp, **kwargs)
    return [
        (claim.speaker.text if claim.speaker else None, [f.text for f in claim.content_fragments or [claim.content]])
        for claim in result.claims
    ]


def test_a_quote_two_speakers_claim_goes_to_the_speaker_whose_cue_is_next_to_it(nlp) -> None:  # noqa: ANN001
    assert reports(TWO_SPEAKERS, nlp) == [
        ("Smith", ["“We will win the vote,”"]),
        ("Jones", ["“They will lose it badly.”"]),
    ]


def test_without_the_pass_the_same_quote_has_two_speakers(nlp) -> None:  # noqa: ANN001
    # What the pass prevents (and the reason it exists): Jones's words also counted as Smith's.
    found = reports(TWO_SPEAKERS, nlp, disabled_rules={ONE_SPEAKER_PER_CONTENT})
    speakers_of_jones_words = {speaker for speaker, pieces in found if "“They will lose it badly.”" in pieces}
    assert speakers_of_jones_words == {"Smith", "Jones"}


def test_the_pass_names_itself_in_the_rationale_of_the_claims_it_changed(nlp) -> None:  # noqa: ANN001
    result = extract(TWO_SPEAKERS, published=None, nlp=nlp)
    assert all(f"rule:{ONE_SPEAKER_PER_CONTENT}" in claim.rationale for claim in result.claims)


def test_a_report_nested_in_anothers_words_is_no_rival(nlp) -> None:  # noqa: ANN001
    text = "The mayor said that the governor had told her the bridge would close in May."
    found = reports(text, nlp)
    assert [speaker for speaker, _ in found] == ["The mayor", "the governor"]
    result = extract(text, published=None, nlp=nlp)
    assert result.claims[1].nested_in == 0
