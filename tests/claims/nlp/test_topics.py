"""Topic (lemma-aware keyword match) and stance (favor / against / neutral) with the words that decided them."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from claims.nlp.stance import person_names
from claims.nlp.topics import register_nouns, topic_stance
from claims.nlp.types import TopicEntry
from tests.claims.nlp.enrich_helpers import GAZETTEER, blank, english, parsed


def judge(  # noqa: ANN201
    text: str,
    content: str,
    topics: tuple[TopicEntry, ...] = GAZETTEER.topics,
    *,
    cue: str = "said",
    speaker: str | None = None,
    side: str = "",
    sentence: str | None = None,
):
    """Topic and stance of the claim whose content is `content`, in a parsed `text`; `speaker` is the speaker's
    words in the text, `side` the country they speak for and `sentence` the claim's sentence (default: the text)."""
    doc = parsed(text)
    start = text.index(content)
    cue_start = text.index(cue)
    speaker_at = None if speaker is None else (text.index(speaker), text.index(speaker) + len(speaker))
    return topic_stance(
        doc=doc,
        content=(start, start + len(content)),
        context=(0, len(text)) if sentence is None else (text.index(sentence), text.index(sentence) + len(sentence)),
        cue=(cue_start, cue_start + len(cue)),
        topics=topics,
        speaker=speaker_at,
        speaker_side=side,
    )


@pytest.mark.parametrize("form", ["negotiations", "negotiating", "negotiate", "negotiated"])
def test_a_keyword_matches_every_form_of_its_word(form: str) -> None:
    result = judge(f"The minister said they discussed {form} with the other side.", f"they discussed {form}")
    assert result.topic == "peace-negotiations"
    assert f"topic: {form}" in result.rationale


def test_a_keyword_matches_on_a_blank_pipeline_without_lemmas_too() -> None:
    text = "The minister said the negotiations were over."
    doc = blank()(text)
    start = text.index("the negotiations")
    result = topic_stance(
        doc=doc, content=(start, len(text) - 1), context=(0, len(text)), cue=None, topics=GAZETTEER.topics
    )
    assert result.topic == "peace-negotiations"


def test_the_content_outweighs_the_rest_of_the_sentence() -> None:
    text = "At the talks on military aid, the senator said new weapons were needed and funding must follow."
    result = judge(text, "new weapons were needed and funding must follow")
    assert result.topic == "military-aid"


def test_the_sentence_decides_when_the_content_names_no_topic() -> None:
    text = "Asked about the ceasefire, the minister said it was too early to tell."
    assert judge(text, "it was too early to tell").topic == "peace-negotiations"


def test_no_keyword_means_no_topic_and_no_stance() -> None:
    result = judge("The minister said the weather was fine.", "the weather was fine")
    assert (result.topic, result.stance, result.rationale) == (None, None, [])


def test_a_favor_phrase_gives_favor_and_is_shown() -> None:
    result = judge("The minister said his government was ready to negotiate.", "his government was ready to negotiate")
    assert result.stance == "favor"
    assert "stance: ready to negotiate (favor phrase, linked to 'negotiate')" in result.rationale


def test_not_ready_to_negotiate_is_not_ready_to_negotiate() -> None:
    result = judge("The minister said they were not ready to negotiate.", "they were not ready to negotiate")
    assert result.stance == "against"
    assert "stance: not … ready to negotiate (negated favor phrase, linked to 'negotiate')" in result.rationale


def test_a_negated_support_word_leans_against() -> None:
    text = "The minister said we have no intention to negotiate with them."
    result = judge(text, "we have no intention to negotiate with them")
    assert result.stance == "against"
    assert "stance: no … intention (negated favor, linked to 'negotiate')" in result.rationale


def test_someone_elses_attitude_is_not_the_speakers_stance() -> None:
    text = "The minister said the critics oppose the negotiations."
    result = judge(text, "the critics oppose the negotiations")
    assert (result.topic, result.stance) == ("peace-negotiations", "neutral")
    text = "The minister said the critics claim that the negotiations are a dangerous farce."
    assert judge(text, "the critics claim that the negotiations are a dangerous farce").stance == "neutral"


def test_only_the_part_about_the_topic_counts_in_a_contrast() -> None:
    text = "The minister said he welcomes the peace talks but rejects the weapons deliveries."
    result = judge(text, "he welcomes the peace talks but rejects the weapons deliveries")
    assert result.topic in ("peace-negotiations", "military-aid")
    expected = "favor" if result.topic == "peace-negotiations" else "against"
    assert result.stance == expected


def test_a_question_or_a_condition_takes_no_side() -> None:
    asked = judge(
        "The minister asked whether we should welcome the peace talks?",
        "whether we should welcome the peace talks",
        cue="asked",
    )
    assert asked.stance == "neutral"
    condition = judge(
        "The minister said that if the talks fail, we would welcome a ceasefire.",
        "if the talks fail, we would welcome a ceasefire",
    )
    assert condition.stance == "favor"  # the consequence is said outright; only the condition is hypothetical
    assert not any("fail" in line for line in condition.rationale)


def test_a_support_word_is_not_negated_by_not_only() -> None:
    text = "The minister said they not only welcome the peace talks but will host them."
    assert judge(text, "they not only welcome the peace talks but will host them").stance == "favor"


def test_a_stance_cue_counts_toward_the_stance() -> None:
    text = "The minister commended Hungary's offer to act as a mediator."
    result = judge(text, "Hungary's offer to act as a mediator", cue="commended")
    assert result.stance == "favor"
    assert "stance: commend (cue of favor)" in result.rationale


def test_a_report_without_stance_words_is_neutral() -> None:
    result = judge(
        "The minister said the negotiations would take place in Hungary.",
        "the negotiations would take place in Hungary",
    )
    assert (result.stance, result.stance_confidence) == ("neutral", 0.6)
    assert "stance: neutral (no stance words)" in result.rationale


def test_a_warning_about_what_happens_without_it_argues_for_it() -> None:
    text = "The senator warned that if Congress does not approve aid, Ukraine will lose its military aid."
    result = judge(text, "if Congress does not approve aid, Ukraine will lose its military aid", cue="warned")
    assert (result.topic, result.stance) == ("military-aid", "favor")


def test_a_confident_stance_has_words_pulling_one_way_only() -> None:
    clear = judge(
        "The minister said we support and welcome the negotiations.",
        "we support and welcome the negotiations",
    )
    mixed = judge(
        "The minister said we support the negotiations but we reject the mediator and doubt the ceasefire.",
        "we support the negotiations but we reject the mediator and doubt the ceasefire",
    )
    assert clear.stance == "favor"
    assert mixed.stance == "against"
    assert clear.stance_confidence > mixed.stance_confidence


def test_refusing_the_topics_own_action_is_against_it() -> None:
    result = judge("The minister said we would not negotiate under fire.", "we would not negotiate under fire")
    assert result.stance == "against"
    assert "stance: not negotiate (negated 'negotiate')" in result.rationale


MAYOR = TopicEntry(
    "mayor-vance", "Mayor Vance", keywords=("Vance", "Greta Vance", "the mayor"), against_phrases=("unfit",)
)
RIVAL = TopicEntry("tom-okafor", "Tom Okafor", keywords=("Okafor", "Tom Okafor"))


def person(  # noqa: ANN201
    text: str,
    content: str,
    *,
    speaker: str,
    cue: str = "said",
    entities: dict[str, str] | None = None,
    sentence: str = "",
    topics: tuple[TopicEntry, ...] = (MAYOR, RIVAL),
):
    """Topic and stance of `content` said by `speaker`; `entities` (word -> label) replaces the model's entities, as
    where the named-entity step did not run (it runs only on some sentences) or labelled a person otherwise."""
    doc = parsed(text)
    if entities is not None:
        doc.ents = [
            Span(doc, token.i, token.i + 1, label=entities[token.text]) for token in doc if token.text in entities
        ]
    start, cue_start, speaker_start = text.index(content), text.index(cue), text.index(speaker)
    context = (text.index(sentence), text.index(sentence) + len(sentence)) if sentence else (0, len(text))
    return topic_stance(
        doc=doc,
        content=(start, start + len(content)),
        context=context,
        cue=(cue_start, cue_start + len(cue)),
        topics=topics,
        speaker=(speaker_start, speaker_start + len(speaker)),
    )


def test_a_pronoun_after_the_person_names_the_target() -> None:
    # "her" as an object cannot be the speaker herself: it is the person named before, the mayor.
    text = "Greta Vance opened the bridge on Monday. Critic Ann Lowe said she does not trust her."
    result = person(text, "she does not trust her", speaker="Ann Lowe")
    assert (result.topic, result.stance) == ("mayor-vance", "against")
    assert "stance: not … trust (negated favor, linked to 'her')" in result.rationale


def test_a_denial_argues_the_other_way() -> None:
    text = "Aide Sam Ruiz denied that Vance was unfit for office."
    result = person(text, "that Vance was unfit for office", speaker="Sam Ruiz", cue="denied")
    assert result.stance == "favor"


def test_the_person_of_a_rival_topic_leans_against_without_other_words() -> None:
    text = "Tom Okafor said Vance would announce her budget next week."
    result = person(text, "Vance would announce her budget next week", speaker="Tom Okafor")
    assert (result.topic, result.stance) == ("mayor-vance", "against")
    assert "stance: the speaker is Tom Okafor, another person's topic (rival)" in result.rationale


def test_a_persons_spokesman_speaks_for_them_as_the_article_describes_him() -> None:
    text = (
        "Sam Ruiz, a spokesman for Greta Vance, met reporters on Monday. "
        "Ruiz said Vance would announce her budget next week."
    )
    result = person(text, "Vance would announce her budget next week", speaker="Ruiz")
    assert (result.topic, result.stance) == ("mayor-vance", "favor")
    assert "stance: the speaker speaks for Mayor Vance (their own side)" in result.rationale


def test_a_former_aide_turned_critic_is_not_on_their_side() -> None:
    text = "Sam Ruiz, a former Vance aide and now a Vance critic, said Vance would announce her budget next week."
    result = person(text, "Vance would announce her budget next week", speaker="Sam Ruiz")
    assert result.stance != "favor"


BORDER = TopicEntry("border-wall", "Border wall", keywords=("wall", "border"), favor_phrases=("build the wall",))


def test_a_lower_case_keyword_does_not_match_a_word_of_a_proper_name() -> None:
    text = "The banker said Wall Street was nervous about the election."
    assert judge(text, "Wall Street was nervous about the election", (BORDER,)).topic is None
    text = "The governor said a wall along the river would cost billions."
    assert judge(text, "a wall along the river would cost billions", (BORDER,)).topic == "border-wall"


REYES = TopicEntry("alma-reyes", "Alma Reyes", keywords=("Alma Reyes", "Reyes"))


def test_a_pronoun_names_the_person_before_it_even_where_no_entities_were_labelled() -> None:
    text = "The council voted after Senator Alma Reyes left. The mayor said her conduct was reckless."
    doc = parsed(text)
    doc.ents = []  # the named-entity step runs only on some sentences
    start = text.index("her conduct")
    cue = text.index("said")
    result = topic_stance(
        doc=doc,
        content=(start, len(text) - 1),
        context=(text.index("The mayor"), len(text)),
        cue=(cue, cue + 4),
        topics=(REYES,),
    )
    assert result.topic == "alma-reyes"


def test_the_words_of_a_question_take_no_side() -> None:
    text = "A student asked how Vance could be so reckless with the budget."
    result = person(text, "how Vance could be so reckless with the budget", speaker="A student", cue="asked")
    assert (result.topic, result.stance) == ("mayor-vance", "neutral")
    assert "stance: the content is a question" in result.rationale


def test_a_person_denying_something_of_themselves_speaks_for_themselves() -> None:
    text = "Greta Vance denied that she knew of the bridge contract."
    result = person(text, "that she knew of the bridge contract", speaker="Greta Vance", cue="denied")
    assert (result.topic, result.stance) == ("mayor-vance", "favor")


@pytest.mark.parametrize(
    ("content", "stance"),
    [
        ("Vance was absolutely right about the bridge", "favor"),
        ("Vance had an unhinged meltdown at the hearing", "against"),
        ("Vance is erratic and unprepared", "against"),
        ("Vance should decide right now", "neutral"),  # "right now" judges nothing
    ],
)
def test_judgements_of_a_persons_conduct_count(content: str, stance: str) -> None:
    text = f"Critic Ann Lowe said {content}."
    assert person(text, content, speaker="Ann Lowe").stance == stance


def test_a_cue_of_attitude_counts_toward_the_target_only_when_aimed_at_it() -> None:
    text = "Greta Vance is running again. Judge Ann Lowe rejected a request to unseal the Vance divorce file."
    result = person(text, "a request to unseal the Vance divorce file", speaker="Judge Ann Lowe", cue="rejected")
    assert (result.topic, result.stance) == ("mayor-vance", "neutral")  # what is rejected is the request
    text = "Critic Ann Lowe slammed Vance for the delay."
    result = person(text, "Vance for the delay", speaker="Critic Ann Lowe", cue="slammed")
    assert (result.topic, result.stance) == ("mayor-vance", "against")


def test_a_person_speaking_of_themselves_takes_their_own_topic_but_not_through_someone_elses_pronoun() -> None:
    text = "Tom Okafor said he has the judgment the job needs."
    assert person(text, "he has the judgment the job needs", speaker="Tom Okafor").topic == "tom-okafor"
    text = "Tom Okafor urged voters to read the letter of Ann Lowe and her notes."
    result = person(text, "voters to read the letter of Ann Lowe and her notes", speaker="Tom Okafor", cue="urged")
    assert result.topic is None  # "her" is Ann Lowe's


@pytest.mark.parametrize("content", ["she cannot allow Vance to win the race", "she does not think Vance is honest"])
def test_a_negated_allow_or_think_falls_on_the_clause_it_governs(content: str) -> None:
    result = person(f"Critic Ann Lowe said {content}.", content, speaker="Critic Ann Lowe")
    assert (result.topic, result.stance) == ("mayor-vance", "against")


def test_a_person_named_only_as_the_owner_of_a_policy_is_not_the_topic() -> None:
    text = "The economist Ann Lowe said Vance's tax plan would raise rents."
    assert person(text, "Vance's tax plan would raise rents", speaker="Ann Lowe").topic is None
    text = "The economist Ann Lowe said Vance's record was poor."
    assert person(text, "Vance's record was poor", speaker="Ann Lowe").topic == "mayor-vance"


def test_a_persons_plan_is_about_the_policy_not_about_them() -> None:
    text = "Tom Okafor said he will expand the bus network."
    assert person(text, "he will expand the bus network", speaker="Tom Okafor").topic is None
    text = "Tom Okafor said he would be a steady mayor."
    assert person(text, "he would be a steady mayor", speaker="Tom Okafor").topic == "tom-okafor"


@pytest.mark.parametrize(
    "content",
    [
        "Vance tells so many lies that nobody listens",  # the lies are the telling's own object, not what is told
        "the audit exposed Vance as a fraud",  # "as a fraud" says what she is
    ],
)
def test_a_judgement_in_the_object_of_a_verb_counts(content: str) -> None:
    result = person(f"Critic Ann Lowe said {content}.", content, speaker="Ann Lowe")
    assert (result.topic, result.stance) == ("mayor-vance", "against")


def test_an_attributive_judgement_counts_whatever_its_tag() -> None:
    text = "Critic Ann Lowe said Vance made a nasty remark at the hearing."
    doc = parsed(text)
    # The tagger sometimes takes an attributive adjective for a noun.
    next(token for token in doc if token.text == "nasty").pos_ = "NOUN"
    start, cue = text.index("Vance made"), text.index("said")
    result = topic_stance(
        doc=doc, content=(start, len(text) - 1), context=(0, len(text)), cue=(cue, cue + 4), topics=(MAYOR,)
    )
    assert (result.topic, result.stance) == ("mayor-vance", "against")


def test_a_speaker_who_is_the_topics_person_is_a_person_where_no_entities_were_labelled() -> None:
    text = 'Asked about Okafor\'s tax bill, Tom Okafor said: "That makes me smart."'
    doc = parsed(text)
    doc.ents = []  # the named-entity step runs only on some sentences
    start, cue, speaker = text.index("That makes"), text.index("said"), text.index("Tom Okafor")
    result = topic_stance(
        doc=doc,
        content=(start, len(text) - 1),
        context=(0, len(text)),
        cue=(cue, cue + 4),
        topics=(RIVAL,),
        speaker=(speaker, speaker + len("Tom Okafor")),
    )
    assert (result.topic, result.stance) == ("tom-okafor", "favor")
    assert "stance: smart (evaluative, linked to 'me')" in result.rationale


def test_a_topic_found_through_a_pronoun_is_about_a_person() -> None:
    text = "Greta Vance opened the bridge. Critic Ann Lowe said the audit exposed her as a fraud."
    result = person(text, "the audit exposed her as a fraud", speaker="Critic Ann Lowe", entities={})
    assert (result.topic, result.stance) == ("mayor-vance", "against")
    assert "stance: fraud (evaluative, linked to 'her')" in result.rationale


@pytest.mark.parametrize("speaker", ["Okafor's campaign manager Ann Lowe", "Ann Lowe, an aide to Mr. Okafor,"])
def test_a_title_or_a_role_marks_a_person_where_no_entities_were_labelled(speaker: str) -> None:
    # "Mayor Vance", "Okafor's campaign manager" and "Mr. Okafor" name people: the rival's camp speaks against.
    text = f"{speaker} said Mayor Vance would announce her budget next week."
    result = person(text, "Mayor Vance would announce her budget next week", speaker=speaker, entities={})
    assert (result.topic, result.stance) == ("mayor-vance", "against")
    assert "stance: the speaker is Tom Okafor, another person's topic (rival)" in result.rationale


MAYOR_HER = TopicEntry("mayor-vance", "Mayor Vance", keywords=("Vance", "Greta Vance"), description="Her record.")
RIVAL_HIS = TopicEntry("tom-okafor", "Tom Okafor", keywords=("Okafor", "Tom Okafor"), description="His campaign.")


@pytest.mark.parametrize(
    ("text", "content", "speaker", "topics", "expected"),
    [
        # "unfit" judges whatever it is said of and names no topic; "her" still names the mayor.
        (
            "Greta Vance spoke on Monday. Critic Ann Lowe said the council should remove her as unfit.",
            "the council should remove her as unfit",
            "Ann Lowe",
            (MAYOR, RIVAL),
            ("mayor-vance", "topic: unfit, her (Vance)"),
        ),
        # In her own quoted words the speaker is "I"; "He" is the person named before her.
        (
            'Tom Okafor spoke first. "I kept my promise," Greta Vance said. "He never keeps his."',
            "He never keeps his.",
            "Greta Vance",
            (MAYOR, RIVAL),
            ("tom-okafor", "topic: he (Okafor)"),
        ),
        # "him" passes over the mayor, whose topic says "her", to the rival.
        (
            "Tom Okafor debated Greta Vance on Monday. Critic Ann Lowe said voters should not trust him.",
            "voters should not trust him",
            "Ann Lowe",
            (MAYOR_HER, RIVAL_HIS),
            ("tom-okafor", "topic: him (Okafor)"),
        ),
    ],
)
def test_a_pronoun_names_the_person_it_can_stand_for(
    text: str, content: str, speaker: str, topics: tuple[TopicEntry, ...], expected: tuple[str, str]
) -> None:
    sentence = text[text.index(speaker) :]  # the content's own sentence, not the one naming the person
    result = person(text, content, speaker=speaker, sentence=sentence, topics=topics)
    assert (result.topic, result.rationale[0]) == expected


def test_of_two_people_named_the_subject_of_the_content_wins() -> None:
    text = "Critic Ann Lowe said that, unlike Greta Vance, Tom Okafor has never run a city."
    result = person(text, "that, unlike Greta Vance, Tom Okafor has never run a city", speaker="Ann Lowe")
    assert result.topic == "tom-okafor"
    assert "topic: subject 'Okafor' is whom the content is about" in result.rationale


def test_of_two_people_named_and_neither_the_subject_the_one_named_first_wins() -> None:
    text = "The poll found a narrow lead for Tom Okafor over Greta Vance."
    result = person(text, "a narrow lead for Tom Okafor over Greta Vance", speaker="The poll", cue="found")
    assert result.topic == "tom-okafor"
    text = "The poll found a narrow lead for Greta Vance over Tom Okafor."
    result = person(text, "a narrow lead for Greta Vance over Tom Okafor", speaker="The poll", cue="found")
    assert result.topic == "mayor-vance"


def test_two_people_as_one_subject_are_treated_alike_and_no_topic() -> None:
    text = "The poll found Tom Okafor and Greta Vance tied at 44 percent."
    result = person(text, "Tom Okafor and Greta Vance tied at 44 percent", speaker="The poll", cue="found")
    assert result.topic is None
    assert result.rationale == ["topic: none, subjects 'Okafor' and 'Vance' alike"]


def test_a_persons_plan_named_by_a_pronoun_is_about_the_plan() -> None:
    # As with "Vance's tax plan": a plan on another policy is no topic of the person's.
    text = "Greta Vance spoke on Monday. Critic Ann Lowe said the council rejected her tax plan."
    result = person(text, "the council rejected her tax plan", speaker="Ann Lowe", sentence="Critic Ann Lowe said")
    assert result.topic is None


def test_it_or_they_in_a_content_do_not_point_at_a_person_named_around_it() -> None:
    # "it" is a thing; a person named in the rest of the sentence is not what the content is about.
    text = "Asked about Greta Vance's visit, Critic Ann Lowe said it was too short."
    result = person(text, "it was too short", speaker="Ann Lowe")
    assert result.topic is None


@pytest.mark.parametrize("label", ["PERSON", "ORG"])
def test_a_he_or_she_in_the_speakers_own_quote_is_someone_else(label: str) -> None:
    # In her own words Lowe would say "I": "She" is the mayor, whatever label the named-entity step gave "Vance".
    text = 'Mayor Vance spoke first. "Vance talks a lot," Ann Lowe said. "She is reckless."'
    content = 'Vance talks a lot," Ann Lowe said. "She is reckless.'
    result = person(text, content, speaker="Ann Lowe", entities={"Vance": label, "Lowe": "PERSON"})
    assert (result.topic, result.stance) == ("mayor-vance", "against")
    assert "stance: reckless (evaluative, linked to 'She')" in result.rationale


def test_a_name_after_a_role_noun_is_a_persons() -> None:
    text = "The party's nominee Tom Okafor left. The mayor met the candidate Greta Vance."
    doc = parsed(text)
    doc.ents = []
    assert {token.text for token in person_names(doc)} == {"Okafor", "Vance"}


PACT = TopicEntry(
    "harbour-pact", "Harbour pact", keywords=("harbour pact", "fishing quota"), against_phrases=("un-American",)
)


def test_the_noun_of_a_topic_named_shortly_before_refers_back_to_it() -> None:
    text = "The harbour pact was signed in May. Senator Ann Lowe said the pact would cost jobs."
    result = judge(text, "the pact would cost jobs", (PACT,))
    assert (result.topic, result.rationale[0]) == ("harbour-pact", "topic: harbour pact, the pact")
    assert judge("Senator Ann Lowe said the pact would cost jobs.", "the pact would cost jobs", (PACT,)).topic is None


def test_a_one_word_judging_phrase_names_no_topic_even_when_split_into_tokens() -> None:
    text = "The senator said denying them a hearing was un-American."
    result = judge(text, "denying them a hearing was un-American", (PACT,))
    assert result.topic is None


@pytest.mark.parametrize(
    ("content", "stance"),
    [
        ("Vance cannot be trusted", "against"),  # no holder named: the speaker's own view
        ("Vance was praised by the unions", "neutral"),  # the unions' attitude, not the speaker's
    ],
)
def test_the_holder_of_a_passive_attitude_is_its_agent(content: str, stance: str) -> None:
    result = person(f"Ann Lowe said {content}.", content, speaker="Ann Lowe")
    assert (result.topic, result.stance) == ("mayor-vance", stance)


def test_what_is_warned_of_without_the_topic_argues_for_it() -> None:
    text = "The senator said that without more military aid, the army would collapse."
    result = judge(text, "that without more military aid, the army would collapse")
    assert (result.topic, result.stance) == ("military-aid", "favor")
    assert "stance: collapse (evaluative, warned consequence of going without)" in result.rationale


def test_a_quality_the_target_has_shown_judges_the_target() -> None:
    result = person(
        "Critic Ann Lowe said Vance has shown real courage.", "Vance has shown real courage", speaker="Ann Lowe"
    )
    assert (result.topic, result.stance) == ("mayor-vance", "favor")


def test_a_he_passes_over_a_person_with_a_womans_title() -> None:
    text = "Tom Okafor spoke after Mrs. Ann Lowe. Critic Ben Ray said voters should not trust him."
    result = person(text, "voters should not trust him", speaker="Ben Ray", sentence="Critic Ben Ray said voters")
    assert (result.topic, result.rationale[0]) == ("tom-okafor", "topic: him (Okafor)")


def test_a_full_name_is_one_mention_not_one_per_keyword_it_holds() -> None:
    # "Greta Vance" matches "Greta Vance" and "Vance": still one mention against one of Okafor; the first named wins.
    text = "The poll found a narrow lead for Okafor over Greta Vance."
    result = person(text, "a narrow lead for Okafor over Greta Vance", speaker="The poll", cue="found")
    assert result.topic == "tom-okafor"


def test_the_speakers_own_pronoun_inside_a_quote_names_no_one() -> None:
    text = 'Tom Okafor spoke first. Greta Vance answered. "I kept my promise," she said. "He never keeps his."'
    content = '"I kept my promise," she said. "He never keeps his."'
    result = person(text, content, speaker="she", sentence=content, topics=(MAYOR_HER, RIVAL_HIS))
    assert (result.topic, result.rationale[0]) == ("tom-okafor", "topic: he (Okafor)")


def test_words_quoted_from_someone_else_inside_the_content_are_not_the_speakers() -> None:
    # The inner quote runs on to the end, and the parse hangs its clauses off the outer verb, not off "saying".
    content = (
        "“The unions are saying, ‘Sure, normally that’s fine, but in this case it’s so bad — Vance is reckless, "
        "she’s such a reckless mayor — that nobody listens.”"
    )
    result = person(f"Ann Lowe continued, {content}", content, speaker="Ann Lowe", cue="continued")
    assert (result.topic, result.stance) == ("mayor-vance", "neutral")


@pytest.mark.parametrize(
    ("content", "stance"),
    [
        ("we cannot allow Vance to become mayor again", "against"),  # no evaluative word: the refusal decides
        ("we must not let Vance fail", "favor"),  # a harm not to be let happen to her
    ],
)
def test_not_letting_the_target_do_something_is_against_it(content: str, stance: str) -> None:
    result = person(f"Critic Ann Lowe said {content}.", content, speaker="Ann Lowe")
    assert (result.topic, result.stance) == ("mayor-vance", stance)


@pytest.mark.parametrize(
    "content",
    [
        "the Okafor campaign said Okafor's tax proposals would change after the election",  # owner named twice
        "the Okafor proposals were more detailed than Vance's",  # a name before the plan; "Vance's" = her plans
    ],
)
def test_a_person_whose_plans_the_content_weighs_is_not_its_topic(content: str) -> None:
    result = person(f"Analyst Ann Lowe said {content}.", content, speaker="Ann Lowe")
    assert result.topic is None


def test_a_person_who_only_holds_the_thought_is_not_what_the_content_is_about() -> None:
    # "she thinks …": the content is what she thinks; "she has …" is about her.
    text = "Greta Vance spoke at the fair. She said she thinks the county is strongest when people work together."
    content = "she thinks the county is strongest when people work together"
    assert person(text, content, speaker="She", sentence=f"She said {content}").topic is None
    text = "Greta Vance spoke at the fair. The report said she has never run a budget."
    content = "she has never run a budget"
    assert person(text, content, speaker="The report", sentence=f"The report said {content}").topic == "mayor-vance"


@pytest.mark.parametrize(
    ("quote", "topic"),
    [("I think the county is strongest when people work together", None), ("I have kept every promise", "mayor-vance")],
)
def test_a_person_quoting_their_own_thought_speaks_of_it_not_of_themselves(quote: str, topic: str | None) -> None:
    text = f'Greta Vance spoke at the fair. "{quote}," Greta Vance said.'
    content = f'"{quote},"'
    assert person(text, content, speaker="Greta Vance", sentence=text[text.index('"') :]).topic == topic


TRADE = TopicEntry("trade", "Trade", keywords=("trade", "tariff"))


@pytest.mark.parametrize(
    ("content", "topic"),
    [
        ("the firm grew quickly as a publicly traded company", None),
        ("the firm grew quickly under the new trade rules", "trade"),
        ("the tariffs hurt the firm", "trade"),
    ],
)
def test_a_participle_modifying_a_noun_is_not_its_keyword(content: str, topic: str | None) -> None:
    assert judge(f"The chairman said {content}.", content, (TRADE,)).topic == topic


DEPORT = TopicEntry("deportation", "Deportation", keywords=("deport", "border"))


@pytest.mark.parametrize(
    ("content", "topic"),
    [
        ("they traded their old car for a boat", None),  # the verb of the noun keyword "trade"
        ("the nation that borders the lake is small", None),
        ("the two nations trade mostly in grain", None),
        ("the trade in grain grew", "trade"),
        ("they would deport the workers", "deportation"),  # a keyword that is only a verb
        ("the workers were deported last year", "deportation"),
    ],
)
def test_a_noun_keyword_does_not_match_its_verb(content: str, topic: str | None) -> None:
    register_nouns(english())
    assert judge(f"The mayor said {content}.", content, (TRADE, DEPORT)).topic == topic


@pytest.mark.parametrize("form", ["negotiating", "negotiated"])
def test_the_verb_a_noun_keyword_derives_from_still_matches(form: str) -> None:
    register_nouns(english())
    assert judge(f"The minister said they {form} all night.", f"they {form} all night").topic == "peace-negotiations"


DEALS = TopicEntry("deals", "Deals", keywords=("trade deal", "deal"), favor_phrases=("good deal",))


@pytest.mark.parametrize(
    ("content", "topic"),
    [
        ("they did a good deal of work on the roads", None),
        ("he felt a great deal of sympathy", None),
        ("it is a good deal for the farmers", "deals"),
        ("the deal of the decade was signed", "deals"),
    ],
)
def test_a_good_deal_of_is_a_quantity_not_a_deal(content: str, topic: str | None) -> None:
    assert judge(f"The mayor said {content}.", content, (DEALS,)).topic == topic


# --- how policy stances are worded in international news (sentences written for these tests) ------------------


def stance_of(text: str, *, side: str = "", cue: str = "said") -> tuple[str | None, str | None, list[str]]:
    """(topic, stance, stance rationale) of "<speaker> <cue> <content>." written as one sentence."""
    content = text.split(f" {cue} ", 1)[1].rstrip(".")
    result = judge(text, content, cue=cue, speaker=text.split(f" {cue} ", 1)[0], side=side)
    return result.topic, result.stance, [line for line in result.rationale if line.startswith("stance:")]


def assert_stance(text: str, stance: str, *, side: str = "", cue: str = "said") -> None:
    """The sentence has a topic and the speaker's stance on it is `stance` (the rationale shows on failure)."""
    topic, found, why = stance_of(text, side=side, cue=cue)
    assert topic is not None
    assert found == stance, why


@pytest.mark.parametrize(
    ("text", "side", "stance"),
    [
        # a disposition toward the topic, held by the speaker's country
        ("The envoy said Moscow remained open to negotiations with the other side.", "Russia", "favor"),
        ("The envoy said his government was prepared to host a fresh round of peace talks.", "", "favor"),
        # a judgement of the course of action
        ("The adviser said the negotiations were pointless.", "", "against"),
        ("The adviser said a ceasefire was essential.", "", "favor"),
        ("The adviser said the so-called peace talks were a publicity stunt.", "", "against"),
        # the topic refused with "no", or named as the only way
        ("The adviser said there would be no negotiations while the shelling went on.", "", "against"),
        ("The envoy said Moscow saw no basis for negotiations.", "Russia", "against"),
        ("The envoy said Moscow did not see any prospects for negotiations.", "Russia", "against"),
        ("The adviser said there was no alternative to negotiations.", "", "favor"),
        ("The adviser said negotiations were the only way to end the war.", "", "favor"),
        # a refusal denied
        ("The envoy said his government had never rejected a ceasefire.", "", "favor"),
        ("The envoy said Kyiv ruled out a ceasefire.", "Ukraine", "against"),
        ("The envoy said Kyiv did not rule out a ceasefire.", "Ukraine", "favor"),
        # what the speaker says must be done, whoever is to do it
        ("The senator said Congress must approve the weapons package.", "", "favor"),
        ("The senator said Congress should block the funding.", "", "against"),
        ("The senator said she wanted Congress to approve the weapons package.", "", "favor"),
        # what the speaker's side commits to doing with the topic
        ("The secretary said Washington would keep funding the Ukrainian army.", "United States", "favor"),
        ("The secretary said Washington would cut the funding.", "United States", "against"),
        ("The secretary said Washington would not send more weapons.", "United States", "against"),
        # the speaker's country (its capital) holds the attitude
        ("The envoy said Warsaw had rejected the negotiations.", "Poland", "against"),
        # a position taken with "against"
        ("The senator said she would vote against the funding.", "", "against"),
        ("The senator said she would vote against any bill that sends weapons abroad.", "", "against"),
    ],
)
def test_a_policy_stance_in_its_common_wordings(text: str, side: str, stance: str) -> None:
    assert_stance(text, stance, side=side)


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("The envoy said Moscow saw no basis for negotiations.", ""),  # whose view is unknown without the side
        ("The envoy said Kyiv had banned negotiations.", ""),  # another's act, not the speaker's judgement
        ("The secretary said Washington sent weapons last year.", "United States"),  # a past deed
        ("The adviser said the funding bill failed in the Senate.", ""),  # what befell it
        ("The adviser said the mediator's office stayed open.", ""),  # "open" with nothing it is open to
    ],
)
def test_what_states_no_position_stays_neutral(text: str, side: str) -> None:
    assert_stance(text, "neutral", side=side)


def test_a_cue_of_advocacy_or_dismissal_takes_a_side_on_its_object() -> None:
    assert stance_of("The president called for a ceasefire.", cue="called for")[1] == "favor"
    assert stance_of("The president dismissed the ceasefire proposal.", cue="dismissed")[1] == "against"


def test_it_standing_for_a_thing_named_in_the_sentence_before_takes_its_topic() -> None:
    text = "The House speaker was asked about the weapons package. “It will not pass in its current form,” he said."
    quote = "“It will not pass in its current form,”"
    assert judge(text, quote, sentence=f"{quote} he said.").topic == "military-aid"
    own_noun = "The envoy spoke about the weapons package. He said if the coalition fails, it could fall apart."
    content = "if the coalition fails, it could fall apart"
    assert judge(own_noun, content, sentence=f"He said {content}.").topic is None  # "it" is the coalition


@pytest.mark.parametrize(
    ("text", "side", "cue", "stance"),
    [
        # the speaker speaks for the other side: Kyiv's refusal, told in Moscow, argues for the talks
        ("The envoy said Kyiv had walked away from the negotiations.", "Russia", "said", "favor"),
        ("The envoy said it was Kyiv that had rejected the negotiations.", "Russia", "said", "favor"),
        ("The envoy said Kyiv had banned negotiations.", "Russia", "said", "favor"),
        # the speaker condemns those who hold the attitude
        ("The senator said critics who oppose the funding are simply wrong.", "", "said", "favor"),
        # an accusation: the accused's attitude is the one the speaker rejects
        ("The envoy accused the allies of blocking the negotiations.", "", "accused", "favor"),
        # what the speaker sets aside instead of the topic
        ("The adviser said leaders should seek a ceasefire instead of prolonging the war.", "", "said", "favor"),
    ],
)
def test_another_holders_position_the_speaker_opposes_gives_the_opposite(
    text: str, side: str, cue: str, stance: str
) -> None:
    assert_stance(text, stance, side=side, cue=cue)


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("The envoy said Kyiv had walked away from the negotiations.", ""),  # whose side is unknown
        ("The senator said some colleagues wanted to block the funding.", ""),  # reported, not condemned
    ],
)
def test_another_holders_position_reported_without_opposition_is_no_stance(text: str, side: str) -> None:
    assert_stance(text, "neutral", side=side)


def test_the_head_of_a_keyword_names_the_topic_when_another_word_of_the_topic_is_by() -> None:
    aid = TopicEntry("aid", "Aid to Ukraine", keywords=("aid package", "support for Ukraine", "weapons"))
    talks = TopicEntry("talks", "Peace talks", keywords=("peace deal", "ceasefire", "negotiations"))
    topics = (aid, talks)
    text = "The senator said the package for Ukraine would pass."
    assert judge(text, "the package for Ukraine would pass", topics).topic == "aid"
    text = "The envoy said a deal to bring peace was close."
    assert judge(text, "a deal to bring peace was close", topics).topic == "talks"
    # the head alone, or with no word of the topic, names nothing
    assert judge("The senator said the package would pass.", "the package would pass", topics).topic is None
    text = "The banker said the deal was good for shareholders."
    assert judge(text, "the deal was good for shareholders", topics).topic is None


@pytest.mark.parametrize(
    ("text", "side", "cue", "stance"),
    [
        # an ending between the stance word and the topic, or over it, reverses the word
        ("The senator said we will not stop sending weapons.", "", "said", "favor"),
        ("The senator said we will stop funding the army.", "", "said", "against"),
        ("The envoy said she backs the proposal to halt the negotiations.", "", "said", "against"),
        ("The president called for an end to the negotiations.", "", "called for", "against"),
        # another side's support is no blame
        ("The president said Washington supported the weapons package.", "Ukraine", "said", "neutral"),
        # condemnation that is denied
        ("The senator said people who oppose the funding are not wrong.", "", "said", "neutral"),
        # what others claim, what happened, what is not the only way
        ("The senator said critics claim there will be no negotiations.", "", "said", "neutral"),
        ("The envoy said no negotiations took place last year.", "", "said", "neutral"),
        ("The envoy said negotiations are not the only way to end the war.", "", "said", "neutral"),
        # a forecast and a guess are no prescription
        ("The senator said she expects the House to block the funding.", "", "said", "neutral"),
        ("The senator said Congress must have approved the funding by now.", "", "said", "neutral"),
    ],
)
def test_reviewed_compositions_of_stance(text: str, side: str, cue: str, stance: str) -> None:
    assert_stance(text, stance, side=side, cue=cue)


@pytest.mark.parametrize(
    ("text", "side", "cue", "stance"),
    [
        ("The envoy said now was not the time for a ceasefire.", "", "said", "against"),
        ("The minister said Moscow would not take part in the peace talks.", "Russia", "said", "against"),
        ("The president said Ukraine wanted to end the war through negotiations.", "Ukraine", "said", "favor"),
        ("The president said a negotiated end to the war was close.", "", "said", "neutral"),  # named, no side
        ("The envoy warned against a hasty ceasefire.", "", "warned against", "against"),
        ("The spokesman said the Defense Department was eager to send more weapons.", "United States", "said", "favor"),
        ("The president asked Congress for more funding for the army.", "", "asked", "favor"),
        ("The premier criticised the allies for their refusal of negotiations.", "", "criticised", "favor"),
    ],
)
def test_plain_wordings_of_wire_copy(text: str, side: str, cue: str, stance: str) -> None:
    assert_stance(text, stance, side=side, cue=cue)


def test_it_standing_for_a_clause_names_no_thing_before_it() -> None:
    text = "The minister spoke about the ceasefire. “It is a disgrace that nobody came from Kyiv,” she said."
    quote = "“It is a disgrace that nobody came from Kyiv,”"
    assert judge(text, quote, sentence=f"{quote} she said.").topic is None


def test_a_person_attacking_without_a_name_in_an_article_about_their_rival_attacks_the_rival() -> None:
    article = (
        "Tom Okafor spent the week defending his tax plan. Okafor said the plan would pass. Critics of Okafor "
        "called it vague. Mayor Greta Vance mocked the complaint. Vance remarked the weather was lovely."
    )
    sentence = "Mayor Greta Vance mocked the complaint."
    attack = person(article, "the complaint", speaker="Mayor Greta Vance", cue="mocked", sentence=sentence)
    assert (attack.topic, attack.stance) == ("tom-okafor", "against")
    assert "stance: against (an attack on the rival)" in attack.rationale
    sentence = "Vance remarked the weather was lovely."
    calm = person(article, "the weather was lovely", speaker="Vance", cue="remarked", sentence=sentence)
    assert calm.topic is None  # no attack: nothing of the rival's
    storm = article.replace("the weather was lovely", "the storm killed three people")
    sentence = "Vance remarked the storm killed three people."
    content = "the storm killed three people"
    assert person(storm, content, speaker="Vance", cue="remarked", sentence=sentence).topic is None  # of no person
    about_her = article.replace(
        "Tom Okafor spent the week defending his tax plan. Okafor said the plan would pass. ", ""
    )
    sentence = "Mayor Greta Vance mocked the complaint."
    alone = person(about_her, "the complaint", speaker="Mayor Greta Vance", cue="mocked", sentence=sentence)
    assert alone.topic is None  # the article is no more about the rival than about her


def test_a_person_calling_something_unnamed_good_in_an_article_about_them_defends_their_own() -> None:
    article = (
        "Tom Okafor faced questions about his taxes. Okafor said paying no income taxes was smart. "
        "Okafor said the weather was awful. Mayor Greta Vance was in Denver."
    )
    defence = person(article, "paying no income taxes was smart", speaker="Okafor", sentence=article.split(". ")[1])
    assert (defence.topic, defence.stance) == ("tom-okafor", "favor")
    assert "stance: favor (a defence of their own)" in defence.rationale
    sentence = "Okafor said the weather was awful."
    assert person(article, "the weather was awful", speaker="Okafor", sentence=sentence).topic is None


@pytest.mark.parametrize(
    ("text", "side", "cue", "stance"),
    [
        # a governing attitude decides: "refuse to support" is a refusal, "no intention of backing" none
        ("The senator said she would refuse to support the funding.", "", "said", "against"),
        ("The envoy said he had no intention of backing the ceasefire.", "", "said", "against"),
        # an act named as a subject is judged by its complement, not by its own word
        ("The senator said rewarding the army with more funding would be a mistake.", "", "said", "against"),
        # what is set aside after "rather than"
        ("The envoy said they would keep fighting rather than approve a ceasefire.", "", "said", "against"),
        # the accused's act, reversed; an accusation of an act of unknown sign takes no side by itself
        ("The mayor accused the allies of delaying the funding.", "", "accused", "favor"),
        ("The mayor accused the allies of discussing the funding.", "", "accused", "neutral"),
    ],
)
def test_composed_wordings_found_on_an_unseen_probe(text: str, side: str, cue: str, stance: str) -> None:
    assert_stance(text, stance, side=side, cue=cue)


@pytest.mark.parametrize(
    ("text", "side", "cue", "stance"),
    [
        ("The envoy said Moscow had not lost interest in negotiations.", "Russia", "said", "neutral"),
        ("The envoy said the prisoner swap was not a condition for negotiations.", "", "said", "neutral"),
        ("The senator asked lawmakers to oppose more weapons for Kyiv.", "", "asked", "against"),
        ("The envoy said Kyiv would bring an end to the negotiations.", "Ukraine", "said", "against"),
        ("The envoy said Kyiv would sit out the negotiations.", "Ukraine", "said", "neutral"),
    ],
)
def test_second_review_counter_examples(text: str, side: str, cue: str, stance: str) -> None:
    assert_stance(text, stance, side=side, cue=cue)


def test_a_defence_needs_the_article_to_be_about_the_speaker_and_the_act_to_be_theirs() -> None:
    article = (
        "Tom Okafor faced questions about his taxes. Okafor said paying no income taxes was smart. "
        "Okafor noted that paying no income taxes was not smart. Okafor argued that what the governor did was smart."
    )
    for content, cue in (
        ("paying no income taxes was not smart", "noted"),
        ("what the governor did was smart", "argued"),
    ):
        sentence = next(s for s in article.split(". ") if content in s)
        assert person(article, content, speaker="Okafor", cue=cue, sentence=sentence).topic is None
