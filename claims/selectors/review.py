"""Reads for editor review: the queue, a claim's context in its article, histories and actor search.

Everything here shows pending and rejected claims, so only editor-only views may call it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, F, FloatField, Func, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from actors.models import Actor, Alias
from actors.names import name_normalise
from claims.models import Article, Claim, ClaimAct, ReviewEvent, Statement

QUEUE_PAGE_SIZE = 20

# Highlight roles, strongest first: where spans overlap, the strongest names the characters.
ROLE_PRIORITY = ("speaker", "cue", "antecedent", "content")

_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+|\n")


# How the queue can be ordered (the `order` parameter of /review/).
QUEUE_ORDER_CONFIDENT = "confident"
QUEUE_ORDER_UNCERTAIN = "uncertain"
QUEUE_ORDERS = (
    (QUEUE_ORDER_CONFIDENT, "Most confident first"),
    (QUEUE_ORDER_UNCERTAIN, "Least certain first"),
)
# Rules alone give no probability: their confidence is a ranking, so its middle stands in for a threshold.
RULES_DECISION_POINT = 0.5


def uncertainty_margin() -> Func:
    """How far the claim is from its decision: |model score − the model's threshold| when a learned model scored
    it, else |confidence − 0.5| (the rules' confidence is a ranking, not a probability, so this is only a stand-in).
    Smaller is less certain."""
    return Func(
        Coalesce(
            F("model_score") - F("model_threshold"),
            F("confidence") - Value(RULES_DECISION_POINT),
            output_field=FloatField(),
        ),
        function="ABS",
        output_field=FloatField(),
    )


def claim_queue(
    *,
    editor: AbstractBaseUser,
    article_id: int | None = None,
    actor_id: int | None = None,
    topic_id: int | None = None,
    outlet: str = "",
    act: str = "",
    exclude_ids: Iterable[int] = (),
    order: str = QUEUE_ORDER_CONFIDENT,
    now: dt.datetime | None = None,
) -> QuerySet[Claim]:
    """Pending claims, most confident first (or with `order="uncertain"`, those nearest their decision first: see
    `uncertainty_margin`), then oldest; claims another editor has open for editing are left out.

    One query for the claims with their article, actor and topic, and one for all their actor candidates.
    """
    now = now or timezone.now()
    claims = Claim.objects.filter(status=Claim.Status.PENDING).filter(
        Q(locked_until__isnull=True) | Q(locked_until__lte=now) | Q(locked_by=editor)
    )
    if article_id:
        claims = claims.filter(article_id=article_id)
    if actor_id:
        as_candidate = Claim.actor_candidates.through.objects.filter(claim_id=OuterRef("pk"), actor_id=actor_id)
        claims = claims.filter(Q(actor_id=actor_id) | Q(Exists(as_candidate)))
    if topic_id:
        claims = claims.filter(topic_id=topic_id)
    if outlet:
        claims = claims.filter(article__outlet=outlet)
    if act:
        claims = claims.filter(act=act)
    exclude_ids = list(exclude_ids)
    if exclude_ids:
        claims = claims.exclude(pk__in=exclude_ids)
    if order == QUEUE_ORDER_UNCERTAIN:
        claims = claims.annotate(margin=uncertainty_margin()).order_by("margin", "created_at", "id")
    else:
        claims = claims.order_by("-confidence", "created_at", "id")
    return claims.select_related("article", "actor", "topic").prefetch_related(
        Prefetch("actor_candidates", queryset=Actor.objects.order_by("name"))
    )


def claims_pending_count() -> int:
    """Every claim still waiting for a decision (the count beside the Review link), on the review-queue index."""
    return Claim.objects.filter(status=Claim.Status.PENDING).count()


@dataclass(frozen=True)
class RelinkResult:
    """How many pending claims were linked: in the article the editor is reviewing, and in all the others (`articles`
    counts the articles of both)."""

    in_article: int = 0
    elsewhere: int = 0
    articles: int = 0

    @property
    def total(self) -> int:
        return self.in_article + self.elsewhere

    def describe(self, actor: Actor) -> str:
        """The notice after a review edit, which linked the claim in hand and these "more" ones."""
        if not self.total:
            return ""
        where = f"{self.in_article} in this article" + (f", {self.elsewhere} elsewhere" if self.elsewhere else "")
        return f"Linked {self.total} more pending claim{'s' if self.total != 1 else ''} to {actor.name} ({where})."

    def describe_everywhere(self, actor: Actor) -> str:
        """The notice after an edit made outside any article (the admin)."""
        claims = f"{self.total} pending claim{'s' if self.total != 1 else ''}"
        if not self.total:
            return f"No unlinked pending claim names {actor.name}."
        return f"Linked {claims} in {self.articles} article{'s' if self.articles != 1 else ''} to {actor.name}."


def actor_pending_claim_counts(*, actor: Actor, article_id: int, except_claim_id: int | None = None) -> RelinkResult:
    """The pending claims linked to an actor, in `article_id` and elsewhere: for a new actor, the ones the services
    re-linked when they created it (relink.py)."""
    claims = Claim.objects.filter(actor=actor, status=Claim.Status.PENDING).exclude(pk=except_claim_id)
    article_ids = list(claims.values_list("article_id", flat=True))
    here = sum(1 for pk in article_ids if pk == article_id)
    return RelinkResult(in_article=here, elsewhere=len(article_ids) - here, articles=len(set(article_ids)))


@dataclass(frozen=True)
class QueueFilterOptions:
    articles: list[Article]
    actors: list[Actor]
    topics: list[tuple[int, str]]
    outlets: list[str]
    acts: list[tuple[str, str]]


def queue_filter_options() -> QueueFilterOptions:
    """What the queue can be filtered by: values that have pending claims (and every act). Four small queries."""
    pending = Claim.objects.filter(status=Claim.Status.PENDING)
    return QueueFilterOptions(
        articles=list(
            Article.objects.filter(Exists(pending.filter(article=OuterRef("pk"))))
            .only("id", "title", "outlet", "published_on")
            .order_by("-published_on", "-id")[:200]
        ),
        actors=list(
            Actor.objects.filter(Q(Exists(pending.filter(actor=OuterRef("pk")))))
            .only("id", "name", "slug")
            .order_by("name")
        ),
        topics=list(
            pending.filter(topic__isnull=False)
            .values_list("topic_id", "topic__name")
            .distinct()
            .order_by("topic__name")
        ),
        outlets=list(
            pending.exclude(article__outlet="")
            .values_list("article__outlet", flat=True)
            .distinct()
            .order_by("article__outlet")
        ),
        acts=list(ClaimAct.choices),  # five fixed values: listing them all costs no query
    )


# --- Highlighting


@dataclass(frozen=True)
class Segment:
    """A run of the article's text with one highlight role (or none). The template escapes `text`."""

    start: int
    end: int
    text: str
    role: str = ""
    claim_id: int | None = None
    status: str = ""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    role: str
    claim_id: int | None = None
    status: str = ""


def text_segments(*, text: str, start: int, end: int, spans: Sequence[Span]) -> list[Segment]:
    """Cut text[start:end] at every span boundary; each piece takes the role of the strongest span covering it.

    Among spans of the same role the shortest wins, so a claim nested in another stays visible.
    """
    inside = [s for s in spans if s.start < end and s.end > start and s.start < s.end]
    cuts = sorted({start, end, *(max(start, s.start) for s in inside), *(min(end, s.end) for s in inside)})
    segments = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        covering = [s for s in inside if s.start <= left and right <= s.end]
        best = min(
            covering,
            key=lambda s: (ROLE_PRIORITY.index(s.role) if s.role in ROLE_PRIORITY else 99, s.end - s.start),
            default=None,
        )
        piece = Segment(start=left, end=right, text=text[left:right])
        if best is not None:
            piece = Segment(left, right, text[left:right], best.role, best.claim_id, best.status)
        segments.append(piece)
    return segments


def claim_spans(claim: Claim) -> list[Span]:
    """The claim's highlights: each content fragment on its own (the narrator's words between stay plain), the cue,
    the speaker and the mention the speaker was resolved to."""
    spans = [
        *(Span(start, end, "content", claim.pk, claim.status) for start, end in claim.content_pieces()),
        Span(claim.cue_start, claim.cue_end, "cue", claim.pk, claim.status) if claim.cue_text else None,
        Span(claim.speaker_start, claim.speaker_end, "speaker", claim.pk, claim.status)
        if claim.speaker_start is not None and claim.speaker_end is not None
        else None,
        Span(claim.antecedent_start, claim.antecedent_end, "antecedent", claim.pk, claim.status)
        if claim.antecedent_start is not None and claim.antecedent_end is not None
        else None,
    ]
    return [s for s in spans if s is not None]


def claim_fragment_texts(*, claim: Claim) -> list[str]:
    """The words of an interrupted content, piece by piece; empty when the content is one piece. No queries."""
    if len(claim.content_pieces()) < 2:
        return []
    return [claim.article.text[start:end] for start, end in claim.content_pieces()]


def _claim_bounds(claim: Claim) -> tuple[int, int]:
    starts = [claim.content_start, claim.cue_start]
    ends = [claim.content_end, claim.cue_end]
    if claim.speaker_start is not None and claim.speaker_end is not None:
        starts.append(claim.speaker_start)
        ends.append(claim.speaker_end)
    return min(starts), max(ends)


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    return left, len(text) if right == -1 else right


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) around text[start:end]: from after the previous sentence end to the next one."""
    left = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        left = match.end()
    match = _SENTENCE_END.search(text, max(end - 1, left))
    right = len(text) if match is None else match.start() + len(match.group().rstrip())
    return left, max(right, end)


@dataclass(frozen=True)
class ClaimExcerpt:
    sentence: list[Segment]
    paragraph: list[Segment]
    paragraph_is_sentence: bool


def claim_excerpt(*, claim: Claim) -> ClaimExcerpt:
    """The claim's sentence and paragraph, cut into highlighted segments. Needs claim.article loaded; no queries."""
    text = claim.article.text
    first, last = _claim_bounds(claim)
    if claim.sentence_start is not None and claim.sentence_end is not None:
        s_start, s_end = min(claim.sentence_start, first), max(claim.sentence_end, last)
    else:
        s_start, s_end = sentence_bounds(text, first, last)
    p_start, p_end = paragraph_bounds(text, s_start, s_end)
    p_start, p_end = min(p_start, s_start), max(p_end, s_end)
    spans = claim_spans(claim)
    return ClaimExcerpt(
        sentence=text_segments(text=text, start=s_start, end=s_end, spans=spans),
        paragraph=text_segments(text=text, start=p_start, end=p_end, spans=spans),
        paragraph_is_sentence=(p_start, p_end) == (s_start, s_end),
    )


# --- Article view


def article_claims(*, article: Article) -> QuerySet[Claim]:
    """Every claim of the article, whatever its status, in reading order. Two queries."""
    return (
        Claim.objects.filter(article=article)
        .select_related("actor", "topic", "reviewed_by", "statement")
        .prefetch_related("actor_candidates")
        .order_by("content_start", "id")
    )


def article_segments(*, article: Article, claims: Iterable[Claim]) -> list[Segment]:
    """The whole article cut at every claim's content and speaker span; cues stay plain to keep the text readable."""
    spans = []
    for claim in claims:
        spans.extend(Span(start, end, "content", claim.pk, claim.status) for start, end in claim.content_pieces())
        if claim.speaker_start is not None and claim.speaker_end is not None:
            spans.append(Span(claim.speaker_start, claim.speaker_end, "speaker", claim.pk, claim.status))
    return text_segments(text=article.text, start=0, end=len(article.text), spans=spans)


def article_list_for_review() -> QuerySet[Article]:
    return Article.objects.only("id", "title", "outlet", "published_on").order_by("-published_on", "-id")


# --- Histories and lookups


def claim_history(*, claim: Claim) -> QuerySet[ReviewEvent]:
    return ReviewEvent.objects.filter(claim=claim).select_related("user").order_by("-created_at", "-id")


def statement_history(*, statement: Statement) -> QuerySet[ReviewEvent]:
    """Events on the statement itself and, when it came from a claim, the claim's whole review."""
    condition = Q(statement=statement)
    if statement.claim_id is not None:
        condition |= Q(claim_id=statement.claim_id)
    return ReviewEvent.objects.filter(condition).select_related("user").order_by("-created_at", "-id")


def claim_for_review(*, claim_id: int) -> Claim:
    """One claim with all it shows; raises Claim.DoesNotExist."""
    return (
        Claim.objects.select_related("article", "actor", "topic", "reviewed_by", "locked_by", "statement")
        .prefetch_related("actor_candidates")
        .get(pk=claim_id)
    )


def statement_for_review(*, statement_id: int) -> Statement:
    return Statement.objects.select_related("article", "actor", "topic", "claim", "approved_by", "updated_by").get(
        pk=statement_id
    )


def actor_search(*, query: str, limit: int = 20) -> list[Actor]:
    """Actors whose name or any alias contains the query, exact alias matches first."""
    query = " ".join(query.split())
    if not query:
        return []
    normalised = name_normalise(query)
    alias_hit = Alias.objects.filter(actor=OuterRef("pk"), normalized__contains=normalised)
    exact = Alias.objects.filter(actor=OuterRef("pk"), normalized=normalised)
    actors = (
        Actor.objects.filter(Q(name__icontains=query) | Q(Exists(alias_hit)))
        .annotate(exact=Exists(exact))
        .order_by("-exact", "name")
    )
    return list(actors[:limit])


def review_undoable_events(*, editor: AbstractBaseUser) -> QuerySet[ReviewEvent]:
    """The editor's approvals and rejections that are still the last word on their claim, newest first.

    Anything that happened to the claim since (an undo, a statement edit, an un-approval) makes it final, so undo
    never erases later work.
    """
    latest_on_claim = (
        ReviewEvent.objects.filter(claim=OuterRef("claim")).order_by("-created_at", "-id").values("id")[:1]
    )
    return ReviewEvent.objects.filter(
        user=editor,
        action__in=(ReviewEvent.Action.APPROVE, ReviewEvent.Action.REJECT),
        id=Subquery(latest_on_claim),
    ).order_by("-created_at", "-id")
