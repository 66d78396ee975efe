"""What an edited, unsaved topic definition would match: the topic step re-run on recent claims and statements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.db.models import Q
from spacy.language import Language

from claims.models import Article, Claim, Statement, Topic
from claims.nlp.topic_check import ClaimSpans, topic_stance_many
from claims.nlp.types import TopicEntry
from claims.services.topic_files import TopicSpec
from claims.services.topics import claim_spans

PREVIEW_LIMIT = 20
# The edited topic's slug inside the preview: the form's slug may be empty, half typed or another topic's.
_EDITED = "\x00edited"

Verdict = Literal["matches", "keeps", "gains", "loses", "other"]


@dataclass(frozen=True, slots=True)
class TopicPreviewRow:
    kind: Literal["claim", "statement"]
    pk: int  # the claim's or the statement's
    status: str  # a claim's review status; "approved" for a statement
    text: str
    speaker: str
    article: Article
    current_topic: str  # the topic's name as stored now, "" for none
    topic: str  # the topic it would get: the edited topic's name, another topic's name, or ""
    stance: str
    stance_confidence: float
    rationale: tuple[str, ...]
    verdict: Verdict  # gains/loses: the edited topic would take it / give it up; keeps: it has it and keeps it

    @property
    def matches(self) -> bool:
        return self.verdict in ("keeps", "gains")


@dataclass(frozen=True, slots=True)
class TopicPreview:
    rows: list[TopicPreviewRow]  # the items the edited topic matches or would give up, newest first
    checked: int  # how many recent items were looked at
    matched: int
    stances: dict[str, int]  # of the matched items


def _recent_items(*, limit: int) -> list[Claim | Statement]:
    """The newest claims still in play (pending, or approved with their statement) and the statements editors added
    without a claim, newest first."""
    claims = list(
        Claim.objects.filter(status__in=[Claim.Status.PENDING, Claim.Status.APPROVED])
        .select_related("article", "actor", "topic", "statement", "statement__topic", "statement__actor")
        .order_by("-created_at", "-pk")[:limit]
    )
    statements = list(
        Statement.objects.filter(claim__isnull=True)
        .select_related("article", "actor", "topic")
        .order_by("-approved_at", "-pk")[:limit]
    )

    def when(item: Claim | Statement) -> object:
        return item.created_at if isinstance(item, Claim) else item.approved_at

    return sorted(claims + statements, key=when, reverse=True)[:limit]


def _spans(item: Claim | Statement) -> ClaimSpans:
    if isinstance(item, Claim):
        return claim_spans(item, item.article.text)
    return ClaimSpans(
        key=item.pk,
        text=item.article.text,
        content=(item.start, item.end),
        speaker_side=item.actor.country or "",
    )


def _topics_with(edited: TopicEntry, *, replacing: Topic | None, sort_slug: str) -> tuple[TopicEntry, ...]:
    """Every stored topic, the edited one in place of its stored version, ordered by slug as the extractor has them
    (order breaks ties between topics)."""
    from claims.selectors.gazetteer import gazetteer_build

    others = [t for t in gazetteer_build().topics if replacing is None or t.slug != replacing.slug]
    ordered = sorted([(t.slug, t) for t in others] + [(sort_slug, edited)], key=lambda pair: pair[0])
    return tuple(entry for _, entry in ordered)


def topic_preview(
    *, spec: TopicSpec, topic: Topic | None, limit: int = PREVIEW_LIMIT, nlp: Language | None = None
) -> TopicPreview:
    """What the topic step would give the `limit` most recent claims and statements if `spec` were saved (in place
    of `topic` when editing one): the items it would match, with the stance, and those it would no longer match."""
    from claims.services.extractor_models import extractor_nlp

    nlp = nlp or extractor_nlp()
    edited = TopicEntry(
        slug=_EDITED,
        name=spec.name,
        keywords=spec.keywords,
        favor_phrases=spec.favor,
        against_phrases=spec.against,
        description=spec.description,
    )
    topics = _topics_with(edited, replacing=topic, sort_slug=spec.slug or "~")
    names = {entry.slug: entry.name for entry in topics}
    items = _recent_items(limit=limit)
    by_key = {(type(item), item.pk): item for item in items}
    spans = [(type(item), _spans(item)) for item in items]
    results = topic_stance_many(nlp, [span for _, span in spans], topics=topics)
    rows: list[TopicPreviewRow] = []
    stances: dict[str, int] = {}
    for (kind, _), (key, found) in zip(spans, results, strict=True):
        item = by_key[(kind, key)]
        shown = item.statement if isinstance(item, Claim) and hasattr(item, "statement") else item
        current = shown.topic if isinstance(shown, Statement) else item.topic
        had = topic is not None and current is not None and current.pk == topic.pk
        has = found.topic == _EDITED
        if not (had or has):
            continue
        verdict: Verdict = "keeps" if had and has else "gains" if has else "loses"
        if has:
            stances[found.stance or "neutral"] = stances.get(found.stance or "neutral", 0) + 1
        rows.append(
            TopicPreviewRow(
                kind="claim" if isinstance(item, Claim) else "statement",
                pk=item.pk,
                status=item.status if isinstance(item, Claim) else "approved",
                text=item.content_text if isinstance(item, Claim) else item.text,
                speaker=(item.actor.name if item.actor else item.speaker_text)
                if isinstance(item, Claim)
                else item.actor.name,
                article=item.article,
                current_topic=current.name if current else "",
                topic=names.get(found.topic, "") if found.topic else "",
                stance=found.stance or "",
                stance_confidence=found.stance_confidence,
                rationale=tuple(found.rationale),
                verdict=verdict,
            )
        )
    return TopicPreview(rows=rows, checked=len(items), matched=sum(row.matches for row in rows), stances=stances)


def topic_list_for_editors() -> list[Topic]:
    """Every topic with its phrases, by name, with how many pending claims and statements it has now."""
    from django.db.models import Count

    return list(
        Topic.objects.annotate(
            pending_count=Count("claims", filter=Q(claims__status=Claim.Status.PENDING), distinct=True),
            statement_count=Count("statements", distinct=True),
        ).order_by("name")
    )
