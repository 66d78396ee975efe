"""Reports the extractor used to miss, each on text written for the test: verbs of saying and believing from the
verb table, and parses that hang what was said somewhere unusual."""

import pytest

from claims.nlp.pipeline import extract


def claims_of(nlp, text: str) -> list[tuple[str | None, str, str, str]]:
    result = extract(text, published=None, nlp=nlp)
    return [(c.speaker.text if c.speaker else None, c.cue.text, c.content.text, c.act) for c in result.claims]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a manner-of-speaking verb
        (
            'The mayor shouted: "We will not close the library."',
            ("The mayor", "shouted", '"We will not close the library."', "speech"),
        ),
        # encouraging someone to act
        (
            "The senator encouraged voters to register before the deadline.",
            ("The senator", "encouraged", "voters to register before the deadline", "speech"),
        ),
        # thinking is a belief
        (
            "The governor thinks the budget will pass next month.",
            ("The governor", "thinks", "the budget will pass next month", "belief"),
        ),
        # a passive announcement without agent: its subject, with no speaker
        (
            "A new ferry timetable was announced for the winter months.",
            (None, "announced", "A new ferry timetable", "speech"),
        ),
        # a light verb with a noun of saying
        (
            'The minister made the following comment: "We will not raise taxes this year."',
            ("The minister", "made the following comment", '"We will not raise taxes this year."', "speech"),
        ),
        # urging a thing, not a person
        (
            "The committee chair urged restraint on the new tariffs.",
            ("The committee chair", "urged", "restraint on the new tariffs", "speech"),
        ),
    ],
)
def test_the_whole_report_is_found(nlp, text, expected):
    assert claims_of(nlp, text) == [expected]


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content_part"),
    [
        # an opening quote mark the parser hangs on the verb does not hide its object
        (
            "The county office reported “1,200 complaints” in the district last year.",
            "The county office",
            "reported",
            "“1,200 complaints”",
        ),
        # a time phrase between the verb and its clause
        (
            "Harris said after the hearing she would not support the amendment if it came to a vote.",
            "Harris",
            "said",
            "she would not support the amendment",
        ),
        # "went on to explain"
        (
            "The general went on to explain how the budget cuts had left his troops without spare parts.",
            "The general",
            "explain",
            "how the budget cuts had left his troops",
        ),
        # telling people at an event to act
        (
            "The candidate tells his volunteers at every rally to knock on ten doors a day.",
            "The candidate",
            "tells",
            "to knock on ten doors a day",
        ),
    ],
)
def test_the_report_and_its_content_are_found(nlp, text, speaker, cue, content_part):
    [(found_speaker, found_cue, content, _act)] = claims_of(nlp, text)
    assert (found_speaker, found_cue) == (speaker, cue)
    assert content_part in content


def test_a_first_person_quote_before_a_named_speaker_keeps_the_name(nlp):
    text = "“I will make this promise to you: we will finish the road,” county roads director Ann Miller said Monday."
    [(speaker, cue, content, _act)] = claims_of(nlp, text)
    assert (cue, content) == ("said", "“I will make this promise to you: we will finish the road,”")
    assert (speaker or "").endswith("Ann Miller")


def test_a_gerund_after_a_preposition_under_a_refusal_still_reports(nlp):
    text = "The governor refuses to discuss candidates, aside from saying he wants a diverse list."
    assert ("The governor", "saying", "he wants a diverse list", "speech") in claims_of(nlp, text)


def test_a_quote_after_a_colon_is_the_report_not_the_sentence_before(nlp):
    text = 'The council will probably delay the vote again, Kall said: "I expect another month of talks."'
    assert claims_of(nlp, text) == [("Kall", "said", '"I expect another month of talks."', "speech")]
