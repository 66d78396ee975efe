"""Topic (lemma-aware keyword match) and stance (favor / against / neutral) with the words that decided them."""

from __future__ import annotations

import pytest

from claims.nlp.topics import topic_stance
from claims.nlp.types import TopicEntry
from tests.claims.nlp.enrich_helpers import GAZETTEER, blank, parsed


def judge(text: str, content: str, topics: tuple[TopicEntry, ...] = GAZETTEER.topics, *, cue: str = "said"):  # noqa: ANN201
    """Topic and stance of the claim whose content is `content`, in a parsed `text`."""
    doc = parsed(text)
    start = text.index(content)
    cue_start = text.index(cue)
    return topic_stance(
        doc=doc,
        content=(start, start + len(content)),
        context=(0, len(text)),
        cue=(cue_start, cue_start + len(cue)),
        topics=topics,
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
    result = judge("The minister said Russia was ready to negotiate.", "Russia was ready to negotiate")
    assert result.stance == "favor"
    assert "stance: ready to negotiate (favor phrase)" in result.rationale


def test_not_ready_to_negotiate_is_not_ready_to_negotiate() -> None:
    result = judge("The minister said Russia was not ready to negotiate.", "Russia was not ready to negotiate")
    assert result.stance == "against"
    assert "stance: not ready to negotiate (negated 'ready to negotiate')" in result.rationale


def test_a_negated_support_word_leans_against() -> None:
    text = "The minister said the West had not shown any intention to negotiate with Moscow."
    result = judge(text, "the West had not shown any intention to negotiate with Moscow")
    assert result.stance == "against"
    assert "stance: not shown any intention (negated 'intention')" in result.rationale


def test_a_support_word_is_not_negated_by_not_only() -> None:
    text = "The minister said they not only welcome the peace talks but will host them."
    assert judge(text, "they not only welcome the peace talks but will host them").stance == "favor"


def test_a_stance_cue_counts_toward_the_stance() -> None:
    text = "The minister commended Hungary's offer to act as a mediator."
    result = judge(text, "Hungary's offer to act as a mediator", cue="commended")
    assert result.stance == "favor"
    assert "stance: commended (favor)" in result.rationale


def test_a_report_without_stance_words_is_neutral() -> None:
    result = judge(
        "The minister said the negotiations would take place in Hungary.",
        "the negotiations would take place in Hungary",
    )
    assert (result.stance, result.stance_confidence) == ("neutral", 0.6)
    assert "stance: neutral (no stance words)" in result.rationale


def test_a_warning_about_what_happens_without_it_argues_for_it() -> None:
    text = "The senator warned that if Congress does not pass the bill, Ukraine will exhaust its military aid."
    result = judge(text, "if Congress does not pass the bill, Ukraine will exhaust its military aid", cue="warned")
    assert (result.topic, result.stance) == ("military-aid", "favor")


def test_a_confident_stance_has_words_pulling_one_way_only() -> None:
    clear = judge(
        "The minister said Russia supports and welcomes the negotiations.",
        "Russia supports and welcomes the negotiations",
    )
    mixed = judge(
        "The minister said Russia supports the negotiations but rejects the mediator and opposes the venue.",
        "Russia supports the negotiations but rejects the mediator and opposes the venue",
    )
    assert clear.stance == "favor"
    assert mixed.stance == "against"
    assert clear.stance_confidence > mixed.stance_confidence


def test_refusing_the_topics_own_action_is_against_it() -> None:
    result = judge(
        "The minister said Ukraine would not negotiate under fire.", "Ukraine would not negotiate under fire"
    )
    assert result.stance == "against"
    assert "stance: not negotiate (negated 'negotiate')" in result.rationale
