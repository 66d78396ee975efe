"""Golden files: hand-placed claims in, enriched claims out (actor, date, topic, stance and why)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from claims.nlp.enrich import enrich_claims
from tests.claims.nlp.enrich_helpers import GAZETTEER, claim, parsed

DATA = Path(__file__).parent / "data" / "enrich"
CASES = sorted(path.stem for path in (DATA / "in").glob("*.json"))


def enriched(spec: dict) -> list[dict]:
    text = spec["text"]
    claims = [
        claim(
            text,
            speaker=item["speaker"],
            cue=item["cue"],
            content=item["content"],
            antecedent=item.get("antecedent"),
            after=text.index(item["after"]) if "after" in item else 0,
        )
        for item in spec["claims"]
    ]
    published = dt.date.fromisoformat(spec["published"]) if spec.get("published") else None
    enrich_claims(parsed(text), claims, gazetteer=GAZETTEER, published=published)
    return [
        {
            "speaker": c.speaker.text if c.speaker else None,
            "actor": c.actor,
            "actor_candidates": c.actor_candidates,
            "said_on": c.said_on.isoformat() if c.said_on else None,
            "date_precision": c.date_precision,
            "topic": c.topic,
            "stance": c.stance,
            "stance_confidence": c.stance_confidence,
            "confidence": c.confidence,
            "rationale": c.rationale,
        }
        for c in claims
    ]


def test_there_are_golden_files() -> None:
    assert len(CASES) >= 5


@pytest.mark.parametrize("name", CASES)
def test_enrichment_matches_the_golden_file(name: str) -> None:
    spec = json.loads((DATA / "in" / f"{name}.json").read_text(encoding="utf-8"))
    got = enriched(spec)
    golden = DATA / "out" / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert got == json.loads(golden.read_text(encoding="utf-8"))
