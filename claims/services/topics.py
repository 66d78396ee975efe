"""Editors' writes to topics, and re-running the topic step on pending claims after a topic changed."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from spacy.language import Language

from claims.models import Article, Claim, Topic
from claims.nlp.topic_check import ClaimSpans, topic_stance_many
from claims.nlp.topics import TopicStance
from claims.services.topic_files import TopicSpec

logger = logging.getLogger(__name__)

_RERUN_BATCH = 200


class TopicSaveError(ValueError):
    """The topic cannot be saved as given (its slug is taken); the message says why."""


def _fields(spec: TopicSpec) -> dict[str, object]:
    return {
        "slug": spec.slug,
        "name": spec.name,
        "description": spec.description,
        "keywords": list(spec.keywords),
        "favor_phrases": list(spec.favor),
        "against_phrases": list(spec.against),
    }


def topic_create(*, spec: TopicSpec) -> Topic:
    try:
        with transaction.atomic():
            return Topic.objects.create(**_fields(spec))
    except IntegrityError:
        raise TopicSaveError(f"A topic with the slug “{spec.slug}” already exists.") from None


def topic_update(*, topic: Topic, spec: TopicSpec) -> Topic:
    """Saves the editor's definition. Claims and statements keep their topic until a re-run or a review moves them."""
    for key, value in _fields(spec).items():
        setattr(topic, key, value)
    try:
        with transaction.atomic():
            topic.save()
    except IntegrityError:
        raise TopicSaveError(f"A topic with the slug “{spec.slug}” already exists.") from None
    return topic


# --- Re-running topic and stance on pending claims ------------------------------------------------------------------


@dataclass(slots=True)
class TopicRerunOutcome:
    checked: int = 0
    changed: int = 0  # topic or stance differs from before
    skipped: int = 0  # reviewed or edited while the re-run was working on it: left as the editor has it
    by_topic: dict[str, int] = field(default_factory=dict)  # changed claims by their new topic slug ("" for none)


def claim_spans(claim: Claim, text: str) -> ClaimSpans:
    def pair(start: int | None, end: int | None) -> tuple[int, int] | None:
        return None if start is None or end is None else (start, end)

    return ClaimSpans(
        key=claim.pk,
        text=text,
        content=(claim.content_start, claim.content_end),
        cue=(claim.cue_start, claim.cue_end),
        sentence=pair(claim.sentence_start, claim.sentence_end),
        speaker=pair(claim.speaker_start, claim.speaker_end),
        antecedent=pair(claim.antecedent_start, claim.antecedent_end),
        speaker_side=(claim.actor.country or "") if claim.actor else "",
    )


def rationale_with_topic(rationale: list[str], found: TopicStance) -> list[str]:
    """The claim's rationale with its topic and stance lines replaced: the topic step writes them last, starting
    with the "topic:" line (see claims.nlp.enrich), so everything from that line on is the old verdict."""
    kept = list(rationale)
    for index, line in enumerate(kept):
        if isinstance(line, str) and line.startswith("topic:"):
            kept = kept[:index]
            break
    return kept + found.rationale


def _pending_batches() -> Iterator[list[Claim]]:
    """Pending claims in batches, an article's claims together so it is parsed once, by keyset on (article, id)."""
    last: tuple[int, int] = (0, 0)
    while True:
        batch = list(
            Claim.objects.filter(status=Claim.Status.PENDING)
            .filter(article_id__gte=last[0])
            .exclude(article_id=last[0], pk__lte=last[1])
            .select_related("actor", "topic")
            .only(
                *("pk", "article_id", "updated_at", "topic", "stance", "stance_confidence", "rationale"),
                *("content_start", "content_end", "cue_start", "cue_end", "sentence_start", "sentence_end"),
                *("speaker_start", "speaker_end", "antecedent_start", "antecedent_end", "actor__country"),
                "topic__slug",
            )
            .order_by("article_id", "pk")[:_RERUN_BATCH]
        )
        if not batch:
            return
        yield batch
        last = (batch[-1].article_id, batch[-1].pk)


def claims_topics_rerun(*, nlp: Language | None = None) -> TopicRerunOutcome:
    """Re-run topic and stance on every pending claim with the topics as they are now (the body of the
    `claims_topics_rerun_task` task).

    Safe to run twice or alongside review: each claim is updated with a compare-and-set on its status and
    `updated_at`, so a claim an editor approved, rejected or saved meanwhile keeps what the editor gave it.
    Reviewed claims and statements are never touched. The finder's confidence and everything else stay as they are.
    """
    from claims.selectors.gazetteer import gazetteer_build
    from claims.services.extractor_models import extractor_nlp

    nlp = nlp or extractor_nlp()
    topics = gazetteer_build().topics
    ids_by_slug = dict(Topic.objects.values_list("slug", "pk"))
    outcome = TopicRerunOutcome()
    for batch in _pending_batches():
        texts = dict(
            Article.objects.filter(pk__in={c.article_id for c in batch}).values_list("pk", "text")
        )  # fmt: skip
        by_id = {claim.pk: claim for claim in batch}
        spans = [claim_spans(claim, texts[claim.article_id]) for claim in batch]
        for key, found in topic_stance_many(nlp, spans, topics=topics, keep_docs=False):
            claim = by_id[key]
            outcome.checked += 1
            topic_id = ids_by_slug.get(found.topic) if found.topic else None
            stance = found.stance or ""
            before = (claim.topic_id, claim.stance, claim.stance_confidence)
            if before == (topic_id, stance, found.stance_confidence):
                continue
            updated = Claim.objects.filter(
                pk=claim.pk, status=Claim.Status.PENDING, updated_at=claim.updated_at
            ).update(
                topic_id=topic_id,
                stance=stance,
                stance_confidence=found.stance_confidence,
                rationale=rationale_with_topic(claim.rationale or [], found),
                updated_at=timezone.now(),
            )
            if not updated:
                outcome.skipped += 1
            elif (claim.topic_id, claim.stance) != (topic_id, stance):
                outcome.changed += 1
                outcome.by_topic[found.topic or ""] = outcome.by_topic.get(found.topic or "", 0) + 1
    logger.info(
        "topic re-run: %d pending claims checked, %d changed, %d skipped",
        outcome.checked,
        outcome.changed,
        outcome.skipped,
    )
    return outcome
