"""The PolNeAR scorer: one-to-one pairing, the hit rule, per-role measures, and the evaluate_extraction command."""

import io
import json

from django.core.management import call_command

from claims.nlp.evaluation import assign, gold_items, predicted_items, score_article, span_tokens
from claims.nlp.types import ExtractedClaim, TextSpan

TEXT = "The mayor said that the bridge will reopen in May. “It is safe,” the engineer added."


def span(text: str, part: str, start: int = 0) -> TextSpan:
    index = text.index(part, start)
    return TextSpan(index, index + len(part), part)


def gold(text: str, source: str | None, cue: str, content: str) -> dict:
    def piece(part: str) -> dict:
        s = span(text, part)
        return {
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "fragments": [{"start": s.start, "end": s.end, "text": s.text}],
        }

    return {"source": piece(source) if source else None, "cue": piece(cue), "content": piece(content)}


ARTICLE = {
    "id": "written-for-the-test",
    "text": TEXT,
    "published": "2024-05-01",
    "attributions": [
        gold(TEXT, "The mayor", "said", "that the bridge will reopen in May"),
        gold(TEXT, "the engineer", "added", "“It is safe,”"),
    ],
}


def claim(text: str, speaker: str | None, cue: str, content: str) -> ExtractedClaim:
    return ExtractedClaim(
        cue=span(text, cue),
        content=span(text, content),
        speaker=span(text, speaker) if speaker else None,
        kind="indirect",
    )


def test_tokens_ignore_punctuation_and_quote_marks_at_the_edges():
    text = "“It is safe,” he said."
    assert span_tokens(text, [(0, 13)]) == span_tokens(text, [(1, 11)])


def test_the_assignment_maximises_the_total_weight_one_to_one():
    assert sorted(assign([[0.9, 0.8], [0.85, 0.0]])) == [(0, 1), (1, 0)]
    assert assign([[0.0]]) == []


def test_a_hit_needs_half_the_content_and_an_overlapping_cue():
    predictions = [
        claim(TEXT, "The mayor", "said", "the bridge will reopen in May"),  # hit: same content, same cue
        claim(TEXT, "the engineer", "engineer", "It is safe"),  # content matches, cue does not overlap
    ]
    score = score_article(predicted_items(TEXT, predictions), gold_items(ARTICLE))
    assert score.counts.hits == 1
    assert score.counts.speaker_correct == 1
    assert score.counts.speech_gold == 2
    assert score.counts.speech_hits == 1


def test_a_wrong_speaker_on_a_hit_lowers_speaker_accuracy_only():
    predictions = [claim(TEXT, "May", "said", "that the bridge will reopen in May")]
    score = score_article(predicted_items(TEXT, predictions), gold_items(ARTICLE))
    assert score.counts.hits == 1
    assert score.counts.speaker_correct == 0


def test_the_command_prints_every_measure(tmp_path, nlp):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("evaluate_extraction", str(corpus), stdout=out)
    report = out.getvalue()
    assert "attribution        P 1.000  R 1.000  F1 1.000  (hits 2)" in report
    for measure in (
        "token overlap speaker<->source",
        "exact match content",
        "speaker accuracy on hits  1.000",
        "speech-verb cue recall    1.000",
        "words per second",
    ):
        assert measure in report
