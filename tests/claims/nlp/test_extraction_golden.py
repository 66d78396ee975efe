"""Golden files: each tests/claims/nlp/data/in/*.txt is extracted and compared with out/*.json.

The inputs are sentences written for these tests (and the seed article); each file exercises one construction
(cue verbs, "according to", views, colons and dashes, quote shapes, nesting, pronouns, noise, non-claims).
After a deliberate change of behaviour, regenerate with UPDATE_GOLDEN=1 and review the diff.
"""

import json
import os
from pathlib import Path

import pytest

from claims.nlp.pipeline import extract
from claims.nlp.types import ExtractionResult, TextSpan

DATA = Path(__file__).parent / "data"
CASES = sorted(path.stem for path in (DATA / "in").glob("*.txt"))


def _text(span: TextSpan | None) -> str | None:
    return span.text if span is not None else None


def summarise(result: ExtractionResult) -> dict:
    """What the golden files pin down: who, cue, what, kind, act and nesting (enrichment is tested elsewhere)."""
    return {
        "skipped_reason": result.skipped_reason,
        "claims": [
            {
                "speaker": _text(claim.speaker),
                "speaker_antecedent": _text(claim.speaker_antecedent),
                "cue": claim.cue.text,
                "content": claim.content.text,
                "content_fragments": [fragment.text for fragment in claim.content_fragments],
                "kind": claim.kind,
                "act": claim.act,
                "nested_in": claim.nested_in,
            }
            for claim in result.claims
        ],
    }


@pytest.mark.parametrize("case", CASES)
def test_extraction_matches_the_golden_file(case, nlp):
    text = (DATA / "in" / f"{case}.txt").read_text(encoding="utf-8")
    result = extract(text, published=None, nlp=nlp)
    actual = summarise(result)
    golden = DATA / "out" / f"{case}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert actual == json.loads(golden.read_text(encoding="utf-8"))
    for claim in result.claims:
        for span in (claim.cue, claim.content, claim.speaker, claim.speaker_antecedent, claim.sentence):
            assert span is None or text[span.start : span.end] == span.text


def test_every_input_has_a_golden_file():
    assert CASES
    assert sorted(path.stem for path in (DATA / "out").glob("*.json")) == CASES
