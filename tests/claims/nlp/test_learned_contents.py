"""The content chooser's candidates: what a cue the rules do not know may report, and what it may never take."""

from __future__ import annotations

import pytest

from claims.nlp.attribution import Attribution
from claims.nlp.learned.contents import clashes, content_candidates, source_of
from claims.nlp.pipeline import load_nlp


def _candidates(text: str, cue: str) -> dict[str, tuple[str, ...]]:
    doc = load_nlp()(text)
    [token] = [token for token in doc if token.text == cue]
    return {doc[c.start : c.end].text: c.kinds for c in content_candidates(token, source_of(token))}


def test_the_phrases_a_cue_governs_are_candidates() -> None:
    found = _candidates("Councillor Ines Moreau decided against the new toll after the vote.", "decided")

    assert any(text.startswith("against the new toll") for text in found)


def test_a_that_clause_is_a_candidate_and_the_cue_and_its_source_never_are() -> None:
    found = _candidates("The harbour master groused that the ferry timetable was a joke.", "groused")

    assert "that the ferry timetable was a joke" in found
    assert "child:ccomp" in found["that the ferry timetable was a joke"]
    assert not [text for text in found if "groused" in text or "harbour master" in text]


def test_the_sentence_before_the_source_is_a_candidate_for_a_trailing_cue() -> None:
    found = _candidates("The bridge will close in May, the harbour master groused.", "groused")

    assert "The bridge will close in May" in found


def _attribution(cue: tuple[int, int], content: tuple[int, int]) -> Attribution:
    return Attribution(
        cue=cue, content=[content], source=None, kind="indirect", sentence=(0, 200), cue_kind="verb",
        lemma="say", strength=0.9, shape="clause",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("learned_cue", "learned_content", "clash"),
    [
        ((40, 45), (46, 80), False),  # wholly inside the rule's content: a report of its own ("… that Y backs Z")
        ((40, 45), (46, 120), True),  # its content runs past the rule's: the same words under another cue
        ((5, 9), (20, 60), True),  # a cue outside, reporting the rule's words again
        ((5, 9), (10, 150), False),  # the rule's report (cue and content) is said inside it
        ((110, 115), (116, 150), False),  # elsewhere in the sentence
    ],
)
def test_a_learned_report_never_takes_words_another_report_has(
    learned_cue: tuple[int, int], learned_content: tuple[int, int], clash: bool
) -> None:
    rule = _attribution((10, 14), (15, 100))
    learned = _attribution(learned_cue, learned_content)

    assert clashes(learned, rule) is clash
    assert clashes(rule, learned) is clash
