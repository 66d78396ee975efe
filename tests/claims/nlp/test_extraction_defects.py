"""Attribution defects found on real articles, each on text written for the test (issue 10)."""

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


def test_a_quote_with_no_cue_after_a_report_in_its_paragraph_runs_on_that_report(nlp):
    text = (
        "Peskov said the West was lying about Moscow's intentions. "
        '"They have always lied to us, and they are lying now."\n\n'
        '"Nobody believes that," Zelensky said.'
    )
    assert fragments_of(nlp, text) == [
        (
            "said",
            ["the West was lying about Moscow's intentions", '"They have always lied to us, and they are lying now."'],
        ),
        ("said", ['"Nobody believes that,"']),
    ]


def test_speakers_joined_by_and_are_all_the_speaker(nlp):
    text = "Biden and German Chancellor Olaf Scholz said in a joint statement that they would support Ukraine."
    assert claims_of(nlp, text) == [
        ("Biden and German Chancellor Olaf Scholz", "said", "that they would support Ukraine")
    ]


def test_the_signs_of_an_amount_and_a_closed_bracket_stay_at_the_edges_of_a_content(nlp):
    text = (
        "The company said it expected revenue to fall 10%. "
        "The senator said the bill would cost $5 billion. "
        "The report said prices rose (again)."
    )
    assert [content for _speaker, _cue, content in claims_of(nlp, text)] == [
        "it expected revenue to fall 10%",
        "the bill would cost $5 billion",
        "prices rose (again)",
    ]


def test_a_quote_split_by_its_cue_has_each_half_once(nlp):
    text = '"Look," Senator Ruiz said, "nobody wants a shutdown."\n\n"We are done," Ruiz said, "and we are leaving."'
    assert fragments_of(nlp, text) == [
        ("said", ['"Look,"', '"nobody wants a shutdown."']),
        ("said", ['"We are done,"', '"and we are leaving."']),
    ]


def test_a_hard_wrapped_line_does_not_carry_a_report_into_the_next_quote(nlp):
    text = 'Senator Lisa Grant said the\nbill was dead. "We were lied to," she\nsaid.'
    assert fragments_of(nlp, text) == [("said", ["the\nbill was dead"]), ("said", ['"We were lied to,"'])]


def test_a_verb_of_speaking_that_only_frames_another_report_is_no_claim(nlp):
    cases = [
        (
            "Speaking on state television on Sunday, the spokeswoman said the West was prolonging the war.",
            ("the spokeswoman", "said", "the West was prolonging the war"),
        ),
        (
            "A senior official, who spoke on condition of anonymity, said the army was short of shells.",
            ("A senior official", "said", "the army was short of shells"),
        ),
        (
            "The lawmaker said the bill would hurt farmers, speaking to reporters outside parliament.",
            ("The lawmaker", "said", "the bill would hurt farmers"),
        ),
    ]
    for text, expected in cases:
        assert claims_of(nlp, text) == [expected], text


def test_what_someone_spoke_of_is_still_what_they_said(nlp):
    text = '"This is in their minds," said the pollster, speaking of the candidate\'s health.'
    found = claims_of(nlp, text)
    assert ("the pollster", "speaking of", "the candidate's health") in found


def test_a_that_clause_after_the_occasion_of_the_report_is_its_content(nlp):
    # The parser reads these "that"s as a relative pronoun and a determiner of a clause describing the occasion.
    cases = [
        (
            'The spokesman said at a briefing that Washington was "deeply concerned" about the strikes.',
            ("The spokesman", "said", 'that Washington was "deeply concerned" about the strikes'),
        ),
        (
            'The president told parliament in a speech that mobilisation was "painful but necessary".',
            ("The president", "told", 'that mobilisation was "painful but necessary"'),
        ),
    ]
    for text, expected in cases:
        assert expected in claims_of(nlp, text), text


def test_what_the_speaker_did_not_say_after_but_is_not_part_of_what_they_said(nlp):
    text = 'The spokesman told reporters that Moscow had "no illusions" about the talks, but did not comment further.'
    assert claims_of(nlp, text) == [("The spokesman", "told", 'that Moscow had "no illusions" about the talks')]


def test_a_relative_clause_on_an_occasion_stays_one_and_a_reported_partys_but_stays_in(nlp):
    assert not any(
        content.startswith("that leaders")
        for _, _, content in claims_of(nlp, "The envoy spoke at a summit that leaders had long waited for.")
    )
    text = "The spokesman said that the rebels had signed the truce, but had complained about its terms."
    said = ("The spokesman", "said", "that the rebels had signed the truce, but had complained about its terms")
    assert said in claims_of(nlp, text)


def test_a_relative_clause_on_an_according_to_source_is_neither_source_nor_content(nlp):
    text = "According to the president, who spoke at the forum for an hour, the economy had adapted to sanctions."
    assert claims_of(nlp, text) == [("the president", "According to", "the economy had adapted to sanctions")]
    text = "The alliance would expand, according to the envoy Pavel Orlov, who wrote on Telegram that it was unlawful."
    according = [claim for claim in claims_of(nlp, text) if claim[1] == "according to"]
    assert according == [("the envoy Pavel Orlov", "according to", "The alliance would expand")]


def test_as_someone_put_it_vouches_for_the_clause_it_hangs_on(nlp):
    assert claims_of(nlp, "As one EU diplomat put it, the premier climbed down.") == [
        ("one EU diplomat", "put it", "the premier climbed down")
    ]
    quoted = 'As the envoy put it in a statement, the fund is "a lifeline for the region."'
    assert [(s, c) for s, c, _ in claims_of(nlp, quoted)] == [("the envoy", "put it")]
    assert claims_of(nlp, "He put it on the table.") == []


def test_a_name_the_parse_hangs_on_a_headline_verb_is_its_speaker(nlp):
    text = 'Okafor calls verdict "a disgrace" and vows to appeal\n\nThe mayor said on Friday he would appeal.'
    found = claims_of(nlp, text)
    assert ("Okafor", "calls", 'verdict "a disgrace"') in found
    assert ("Okafor", "vows", "to appeal") in found


def test_put_it_somewhere_and_a_video_inside_what_was_said_are_no_report_parts(nlp):
    assert claims_of(nlp, "As he put it on the table, the waiter smiled at the guests.") == []
    assert claims_of(nlp, "The ministry said the hostages appeared in a video.") == [
        ("The ministry", "said", "the hostages appeared in a video")
    ]
