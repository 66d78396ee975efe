"""Attribution defects found on real articles, each on text written for the test (issue 10)."""

import pytest

from claims.nlp.pipeline import extract


def claims_of(nlp, text: str) -> list[tuple[str | None, str, str]]:
    result = extract(text, published=None, nlp=nlp)
    return [(c.speaker.text if c.speaker else None, c.cue.text, c.content.text) for c in result.claims]


def test_thanking_someone_for_something_reports_the_quote(nlp):
    text = 'Putin thanked Trump "for paying so much attention to the settlement of the conflict."'
    assert claims_of(nlp, text) == [
        ("Putin", "thanked", '"for paying so much attention to the settlement of the conflict."')
    ]


def test_a_call_for_something_takes_what_follows_not_the_sentence_or_quote_before(nlp):
    for text in (
        "The talks ended without a deal. Zelensky called for a 30-day ceasefire.",
        '"We have waited long enough," Zelensky called for a 30-day ceasefire.',
    ):
        assert claims_of(nlp, text) == [("Zelensky", "called for", "a 30-day ceasefire")]


def test_a_headline_and_a_dateline_are_not_attributions(nlp):
    text = "Russia Agrees To Truce\nWashington: The Senate passed the bill on Friday after a long debate."
    assert claims_of(nlp, text) == []


def test_a_speaker_before_a_colon_still_is_one(nlp):
    assert claims_of(nlp, "Pence: Flowers won't be at the debate.") == [
        ("Pence", ":", "Flowers won't be at the debate")
    ]


def test_a_verb_of_saying_coordinated_after_a_refusal_reports_its_clause(nlp):
    text = "The minister would not comment on the strikes but insisted measures to protect civilians will continue."
    assert claims_of(nlp, text) == [("The minister", "insisted", "measures to protect civilians will continue")]


def test_a_verb_of_saying_in_a_purpose_infinitive_under_using_reports(nlp):
    text = "The Prime Minister used Prime Minister's Questions to suggest more action is needed on housing."
    assert claims_of(nlp, text) == [("The Prime Minister", "suggest", "more action is needed on housing")]


def test_making_it_clear_is_saying(nlp):
    text = "The chancellor made it clear that taxes would not rise this year."
    assert claims_of(nlp, text) == [("The chancellor", "made it clear", "that taxes would not rise this year")]


def test_a_second_report_joined_with_and_later_keeps_its_speaker_and_ends_the_first(nlp):
    text = 'He added that the plan was on track, and later told MPs: "We will deliver it by spring."'
    assert claims_of(nlp, text) == [
        ("He", "added", "that the plan was on track"),
        ("He", "told", '"We will deliver it by spring."'),
    ]


def fragments_of(nlp, text: str) -> list[tuple[str, list[str]]]:
    result = extract(text, published=None, nlp=nlp)
    return [(c.cue.text, [f.text for f in c.content_fragments] or [c.content.text]) for c in result.claims]


def test_a_short_subject_before_a_cue_set_off_by_commas_is_part_of_the_quote_it_continues_in(nlp):
    text = 'Republicans, Schumer argued, were "playing politics with the security of our allies."'
    assert fragments_of(nlp, text) == [
        ("argued", ["Republicans", 'were "playing politics with the security of our allies."'])
    ]
    text = 'The deal, Trump said, was "the worst ever signed."'
    assert fragments_of(nlp, text) == [("said", ["The deal", 'was "the worst ever signed."'])]


def test_a_short_lead_that_is_no_subject_stays_out_of_the_quote(nlp):
    text = 'But, he added, "nobody listens to us anymore."'
    assert fragments_of(nlp, text) == [("added", ['"nobody listens to us anymore."'])]


def test_a_participle_set_off_by_commas_is_not_its_subjects_report_and_the_next_verb_keeps_the_subject(nlp):
    # The parser reads "asked" as the past tense of the subject's verb; Peskov was asked, and Peskov said.
    text = (
        "Peskov, asked whether Putin would attend, said no decision had been made. "
        'Kremlin spokesman Dmitry Peskov, asked about the talks, told reporters: "There is nothing to discuss yet." '
        "The head of the agency, asked about the leak, said an inquiry was under way."
    )
    assert claims_of(nlp, text) == [
        (None, "asked", "whether Putin would attend"),
        ("Peskov", "said", "no decision had been made"),
        (None, "asked about", "the talks"),
        ("Kremlin spokesman Dmitry Peskov", "told", '"There is nothing to discuss yet."'),
        (None, "asked about", "the leak"),
        ("The head of the agency", "said", "an inquiry was under way"),
    ]


def test_a_subject_with_an_appositive_before_its_verb_still_says_it(nlp):
    text = "Clinton, 68, said the plan was sound."
    assert claims_of(nlp, text) == [("Clinton", "said", "the plan was sound")]


def test_a_dateline_before_a_dash_is_no_part_of_the_speaker(nlp):
    text = "BERLIN, Feb 27 \u2014 Chancellor Olaf Scholz said on Monday that Germany would not send the missiles."
    assert claims_of(nlp, text) == [("Chancellor Olaf Scholz", "said", "that Germany would not send the missiles")]


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        pytest.param(
            # en_core_web_sm lemmatizes "hoped", "hoping" to "hop", "retweeted" to "retweete" (rules/verb_lemmas.jsonl)
            [
                "The senator hoped that the vote would be held before Christmas.",
                "The coalition is hoping to pass the bill this week.",
                "Trump retweeted a post about the judge.",
            ],
            [
                ("The senator", "hoped", "that the vote would be held before Christmas"),
                ("The coalition", "hoping", "to pass the bill this week"),
                ("Trump", "retweeted", "a post about the judge"),
            ],
            id="forms-the-lemmatizer-gets-wrong",
        ),
        pytest.param(
            [
                "Scholz ruled out supplying cruise missiles to Ukraine.",
                "The court ruled that the law was unconstitutional.",
                "He ruled the country for a decade.",
            ],
            [
                ("Scholz", "ruled out", "supplying cruise missiles to Ukraine"),
                ("The court", "ruled", "that the law was unconstitutional"),
            ],
            id="ruling-out-and-ruling-that-but-not-ruling-a-country",
        ),
    ],
)
def test_verb_table_rows_report(sentences, expected, nlp):
    assert claims_of(nlp, " ".join(sentences)) == expected


def test_an_aside_set_off_by_commas_before_that_is_no_part_of_what_was_said(nlp):
    text = (
        "The Journal reported on Sunday, citing people familiar with the matter, that the plan was dropped. "
        "The agency said, citing a court filing, that the company had broken the law."
    )
    assert claims_of(nlp, text) == [
        ("The Journal", "reported", "that the plan was dropped"),
        ("The Journal", "citing", "people familiar with the matter"),
        ("The agency", "said", "that the company had broken the law"),
        ("The agency", "citing", "a court filing"),
    ]


def test_an_attack_with_force_is_no_statement_but_an_attack_in_words_is(nlp):
    text = (
        "Russian forces attacked Kharkiv with glide bombs overnight. "
        "Houthi rebels attacked a commercial vessel in the Red Sea. "
        "Ukraine attacked Crimea with drones. "
        "Trump attacked China over trade. "
        "China attacked the U.S. decision as reckless."
    )
    assert claims_of(nlp, text) == [
        ("Trump", "attacked", "China over trade"),
        ("China", "attacked", "the U.S. decision as reckless"),
    ]


def test_asked_opening_a_sentence_is_the_answerers_question_not_theirs(nlp):
    text = 'Asked whether Russia would attack a NATO country, Putin said that was "nonsense."'
    assert claims_of(nlp, text) == [
        (None, "Asked", "whether Russia would attack a NATO country"),
        ("Putin", "said", 'that was "nonsense."'),
    ]
