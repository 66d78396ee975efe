"""Running the extractor over stored articles and keeping their candidate claims.

The contract that makes tasks safe to run twice, or concurrently:
- A run claims an article with a compare-and-set UPDATE (queued/running -> running, new run id, attempts + 1)
  while holding a session advisory lock on it. The lock lives as long as the worker's database connection, so a
  second live run skips the article, and a run whose worker died releases it with its connection.
- Persisting a run checks, under a row lock, that the article still carries this run's id; otherwise a newer run
  took over and this run's output is dropped.
- A rerun replaces only the PENDING extractor claims of the article. Reviewed (approved/rejected) claims and claims
  editors added are never touched, and a new candidate with the same spans as a reviewed claim is not re-proposed.
- Each claim of an article counts an attempt; past EXTRACTION_MAX_ATTEMPTS the article ends as failed, so an
  article that kills its worker every time does not loop forever.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import DatabaseError, DataError, IntegrityError, connection, transaction
from django.db.models import BooleanField, F, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from actors.models import Actor
from claims.dispatch import ARTICLES_EXTRACT, task_send
from claims.models import Article, Claim, ClaimAct, DatePrecision, Stance, Topic
from claims.nlp.types import ExtractedClaim, ExtractionResult, Gazetteer

logger = logging.getLogger(__name__)

# Advisory lock keys for extraction live in their own range of the 64-bit key space: the high half is this tag, the
# low half the article id (pg_locks shows them as classid and objid, with objsubid 1).
_LOCK_TAG = 0x4F52_4543
_LOCK_NAMESPACE = _LOCK_TAG << 32
_CLAIMABLE = [Article.Status.QUEUED, Article.Status.RUNNING]

ExtractMany = Callable[[list[tuple[str, dt.date | None]], Gazetteer], Iterator[ExtractionResult]]


@dataclass(slots=True)
class ExtractionOutcome:
    """What one task run did, for logs and the CLI's summary."""

    done: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # gone, finished already, or held by another live run
    split: list[int] = field(default_factory=list)  # sent again one per task
    claims: int = 0


@dataclass(frozen=True, slots=True)
class _ClaimedArticle:
    id: int
    run_id: uuid.UUID
    text: str
    published_on: dt.date | None


def articles_extract_run(
    *, article_ids: list[int], extract_many: ExtractMany | None = None, gazetteer: Gazetteer | None = None
) -> ExtractionOutcome:
    """Extract claims for these articles (the body of the `articles_extract` task).

    Parses the claimed articles together with nlp.pipe. A batch that an earlier delivery left half done (its worker
    died) is not retried as a batch: its unfinished articles are sent again one per task, so a poison article
    cannot take its neighbours down with it. Database errors propagate (the task retries on them).
    """
    outcome = ExtractionOutcome()
    extract_many = extract_many or _pipeline_extract_many
    with _article_locks() as locks:
        statuses = dict(Article.objects.filter(pk__in=article_ids).values_list("pk", "status"))
        mine = []
        for article_id in dict.fromkeys(article_ids):
            if statuses.get(article_id) in _CLAIMABLE and locks.acquire(article_id):
                mine.append(article_id)
            else:
                outcome.skipped.append(article_id)
        if len(mine) > 1 and any(statuses[article_id] == Article.Status.RUNNING for article_id in mine):
            outcome.split = mine
            locks.release_all()
            _articles_send_one_by_one(mine)
            return outcome

        claimed = []
        for article_id in mine:
            article = _article_claim(article_id=article_id)
            if article is None:
                gave_up = _article_give_up(article_id=article_id)
                (outcome.failed if gave_up else outcome.skipped).append(article_id)
            else:
                claimed.append(article)
        if not claimed:
            return outcome

        gazetteer = gazetteer if gazetteer is not None else _gazetteer()
        try:
            _extract_and_persist(claimed, extract_many=extract_many, gazetteer=gazetteer, outcome=outcome)
        except SoftTimeLimitExceeded:
            unfinished = [a.id for a in claimed if a.id not in outcome.done and a.id not in outcome.failed]
            if len(claimed) == 1:
                for article in claimed:
                    _article_fail(
                        article_id=article.id,
                        run_id=article.run_id,
                        error=f"Extraction took longer than the time limit ({settings.CELERY_TASK_SOFT_TIME_LIMIT} s).",
                    )
                outcome.failed.extend(unfinished)
            else:
                outcome.split.extend(unfinished)
                locks.release_all()
                _articles_send_one_by_one(unfinished)
    return outcome


def _extract_and_persist(
    claimed: list[_ClaimedArticle], *, extract_many: ExtractMany, gazetteer: Gazetteer, outcome: ExtractionOutcome
) -> None:
    position = 0
    try:
        items = [(article.text, article.published_on) for article in claimed]
        for result in extract_many(items, gazetteer):
            article = claimed[position]
            position += 1
            _persist(outcome, article, result)
    except (SoftTimeLimitExceeded, DatabaseError):
        raise
    except Exception:
        logger.exception("Batch extraction failed; extracting its articles one by one")
        # The batch cannot tell which article broke it: each of the rest gets its own try.
        for article in claimed[position:]:
            try:
                result = next(iter(extract_many([(article.text, article.published_on)], gazetteer)))
            except (SoftTimeLimitExceeded, DatabaseError):
                raise
            except Exception as exc:
                logger.exception("Extraction of article %s failed", article.id)
                _article_fail(article_id=article.id, run_id=article.run_id, error=f"{type(exc).__name__}: {exc}")
                outcome.failed.append(article.id)
                continue
            _persist(outcome, article, result)


def _persist(outcome: ExtractionOutcome, article: _ClaimedArticle, result: ExtractionResult) -> None:
    try:
        claim_count = article_claims_replace(article_id=article.id, run_id=article.run_id, result=result)
    except (IntegrityError, DataError) as exc:
        # Output the database refuses would be refused again on every rerun: fail it now, with the reason.
        logger.exception("Claims of article %s could not be stored", article.id)
        _article_fail(article_id=article.id, run_id=article.run_id, error=f"Claims could not be stored: {exc}")
        outcome.failed.append(article.id)
        return
    if claim_count is None:
        outcome.skipped.append(article.id)
    else:
        outcome.done.append(article.id)
        outcome.claims += claim_count


def article_claims_replace(*, article_id: int, run_id: uuid.UUID, result: ExtractionResult) -> int | None:
    """Store a run's claims and mark the article done. Returns the number of new claims, or None when this run no
    longer owns the article (a newer run claimed it, or it was deleted): then nothing is written.

    Pending extractor claims of other runs are deleted; reviewed claims and editors' claims stay. A candidate whose
    spans match a reviewed claim is not proposed again; a nested claim whose outer claim is such a reviewed claim
    points at the reviewed one.
    """
    with transaction.atomic():
        article = (
            Article.objects.select_for_update()
            .filter(pk=article_id, extraction_run_id=run_id, status__in=_CLAIMABLE)
            .only("pk", "text")
            .first()
        )
        if article is None:
            return None
        # A pending claim an editor has edited or holds open counts as reviewed: their work is kept.
        now = timezone.now()
        untouched = Q(origin=Claim.Origin.EXTRACTOR, status=Claim.Status.PENDING, events__isnull=True) & (
            Q(locked_until__isnull=True) | Q(locked_until__lt=now)
        )
        replaceable = Claim.objects.filter(untouched, article_id=article_id).values("pk")
        Claim.objects.filter(pk__in=replaceable).delete()
        reviewed = {
            (c.cue_start, c.content_start, c.content_end): c for c in Claim.objects.filter(article_id=article_id)
        }
        actors = _ids_by_slug(
            Actor, {s for c in result.claims for s in [c.actor, *c.actor_candidates] if s is not None}
        )
        topics = _ids_by_slug(Topic, {c.topic for c in result.claims if c.topic is not None})

        by_index: dict[int, Claim] = {}
        proposed: dict[tuple[int, int, int], Claim] = {}
        new: list[tuple[int, Claim, ExtractedClaim]] = []
        text_length = len(article.text)
        for index, extracted in enumerate(result.claims):
            if not _spans_valid(extracted, text_length):
                logger.warning("Article %s: dropping a claim whose spans fall outside the text", article_id)
                continue
            key = (extracted.cue.start, extracted.content.start, extracted.content.end)
            if key in reviewed:
                by_index[index] = reviewed[key]
                continue
            if key in proposed:  # the extractor found the same report twice: store it once
                by_index[index] = proposed[key]
                continue
            claim = _claim_build(
                article_id=article_id,
                run_id=run_id,
                version=result.extractor_version,
                extracted=extracted,
                actors=actors,
                topics=topics,
            )
            by_index[index] = proposed[key] = claim
            new.append((index, claim, extracted))
        Claim.objects.bulk_create([claim for _, claim, _ in new])

        nested = []
        for _, claim, extracted in new:
            outer = by_index.get(extracted.nested_in) if extracted.nested_in is not None else None
            if outer is not None and outer is not claim:
                claim.nested_in = outer
                nested.append(claim)
        if nested:
            Claim.objects.bulk_update(nested, ["nested_in"])
        through = Claim.actor_candidates.through
        through.objects.bulk_create(
            [
                through(claim_id=claim.pk, actor_id=actors[slug])
                for _, claim, extracted in new
                for slug in dict.fromkeys(extracted.actor_candidates)
                if slug in actors
            ]
        )
        Article.objects.filter(pk=article_id).update(
            status=Article.Status.DONE,
            status_changed_at=now,
            extracted_at=now,
            extractor_version=result.extractor_version[:50],
            extraction_error=result.skipped_reason or "",
        )
    return len(new)


def _article_claim(*, article_id: int) -> _ClaimedArticle | None:
    run_id = uuid.uuid4()
    updated = Article.objects.filter(
        pk=article_id, status__in=_CLAIMABLE, extraction_attempts__lt=settings.EXTRACTION_MAX_ATTEMPTS
    ).update(
        status=Article.Status.RUNNING,
        extraction_run_id=run_id,
        extraction_attempts=F("extraction_attempts") + 1,
        status_changed_at=timezone.now(),
        extraction_error="",
    )
    if not updated:
        return None
    text, published_on = Article.objects.filter(pk=article_id).values_list("text", "published_on").get()
    return _ClaimedArticle(id=article_id, run_id=run_id, text=text, published_on=published_on)


def _article_give_up(*, article_id: int) -> bool:
    """Fail an article whose attempts are used up (its earlier runs died). True if it was failed now."""
    attempts = settings.EXTRACTION_MAX_ATTEMPTS
    return bool(
        Article.objects.filter(pk=article_id, status__in=_CLAIMABLE, extraction_attempts__gte=attempts).update(
            status=Article.Status.FAILED,
            status_changed_at=timezone.now(),
            extraction_error=(
                f"Gave up after {attempts} attempts: each run was interrupted (the worker died or hit its time limit)."
            ),
        )
    )


def _article_fail(*, article_id: int, run_id: uuid.UUID, error: str) -> None:
    Article.objects.filter(pk=article_id, extraction_run_id=run_id, status__in=_CLAIMABLE).update(
        status=Article.Status.FAILED, status_changed_at=timezone.now(), extraction_error=error[:2000]
    )


def _articles_send_one_by_one(article_ids: list[int]) -> None:
    for article_id in article_ids:
        try:
            task_send(
                ARTICLES_EXTRACT, args=[[article_id]], retry=True, retry_policy=settings.EXTRACTION_PUBLISH_RETRY_POLICY
            )
        except Exception as exc:  # the sweeper sends it later
            logger.warning("Could not send article %s again: %s", article_id, exc)


class _ArticleLocks:
    def __init__(self) -> None:
        self.held: list[int] = []

    def acquire(self, article_id: int) -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [_LOCK_NAMESPACE + article_id])
            (got,) = cursor.fetchone()
        if got:
            self.held.append(article_id)
        return bool(got)

    def release_all(self) -> None:
        held, self.held = self.held, []
        if not held or connection.connection is None:
            return  # a closed connection released its locks with it
        try:
            with connection.cursor() as cursor:
                for article_id in held:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [_LOCK_NAMESPACE + article_id])
        except DatabaseError:
            logger.warning("Could not release extraction locks; closing the connection releases them")
            connection.close()


def article_extraction_lock_held() -> RawSQL:
    """A boolean expression over Article rows: some live database session holds the article's extraction lock.

    A run holds the lock for as long as it works on the article, and the lock dies with the run's connection, so a
    running article without it was left by a worker that died (SIGKILL, power loss, out of memory).
    """
    return RawSQL(  # noqa: S611 (constant SQL; the only value is a parameter)
        "EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1"
        " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        " AND classid = %s AND objid::bigint = claims_article.id)",
        [_LOCK_TAG],
        output_field=BooleanField(),
    )


@contextmanager
def _article_locks() -> Iterator[_ArticleLocks]:
    locks = _ArticleLocks()
    try:
        yield locks
    finally:
        locks.release_all()


def _spans_valid(extracted: ExtractedClaim, text_length: int) -> bool:
    spans = [extracted.cue, extracted.content, extracted.speaker, extracted.speaker_antecedent, extracted.sentence]
    content = extracted.content
    fragments_inside = all(content.start <= f.start < f.end <= content.end for f in extracted.content_fragments)
    return fragments_inside and all(s is None or 0 <= s.start < s.end <= text_length for s in spans)


def _claim_build(
    *,
    article_id: int,
    run_id: uuid.UUID,
    version: str,
    extracted: ExtractedClaim,
    actors: dict[str, int],
    topics: dict[str, int],
) -> Claim:
    speaker = extracted.speaker
    antecedent = extracted.speaker_antecedent
    sentence = extracted.sentence
    return Claim(
        article_id=article_id,
        origin=Claim.Origin.EXTRACTOR,
        run_id=run_id,
        extractor_version=version[:50],
        speaker_text=speaker.text[:500] if speaker else "",
        speaker_start=speaker.start if speaker else None,
        speaker_end=speaker.end if speaker else None,
        antecedent_text=antecedent.text[:500] if antecedent else "",
        antecedent_start=antecedent.start if antecedent else None,
        antecedent_end=antecedent.end if antecedent else None,
        actor_id=actors.get(extracted.actor) if extracted.actor else None,
        cue_text=extracted.cue.text[:200],
        cue_start=extracted.cue.start,
        cue_end=extracted.cue.end,
        content_text=extracted.content.text,
        content_start=extracted.content.start,
        content_end=extracted.content.end,
        content_fragments=[[f.start, f.end] for f in extracted.content_fragments]
        if len(extracted.content_fragments) > 1
        else [],
        sentence_start=sentence.start if sentence else None,
        sentence_end=sentence.end if sentence else None,
        kind=extracted.kind,
        act=extracted.act if extracted.act in ClaimAct.values else ClaimAct.SPEECH,
        said_on=extracted.said_on,
        date_precision=extracted.date_precision if extracted.date_precision in DatePrecision.values else "",
        topic_id=topics.get(extracted.topic) if extracted.topic else None,
        stance=extracted.stance if extracted.stance in Stance.values else "",
        stance_confidence=_unit(extracted.stance_confidence),
        confidence=_unit(extracted.confidence),
        model_score=None if extracted.model_score is None else _unit(extracted.model_score),
        model_threshold=extracted.model_threshold,
        rationale=list(extracted.rationale),
    )


def _unit(value: float) -> float:
    return min(1.0, max(0.0, float(value)))


def _ids_by_slug(model: type[Actor] | type[Topic], slugs: Iterable[str]) -> dict[str, int]:
    slugs = set(slugs)
    if not slugs:
        return {}
    return dict(model.objects.filter(slug__in=slugs).values_list("slug", "pk"))


def _gazetteer() -> Gazetteer:
    from claims.selectors.gazetteer import gazetteer_build

    return gazetteer_build()


def _pipeline_extract_many(items: list[tuple[str, dt.date | None]], gazetteer: Gazetteer) -> Iterator[ExtractionResult]:
    from claims.nlp.pipeline import extract_many
    from claims.services.extractor_models import extractor_nlp

    # The active model is looked up per batch, so a promoted model (or a rollback) reaches running workers.
    return extract_many(items, gazetteer=gazetteer, batch_size=settings.SPACY_BATCH_SIZE, nlp=extractor_nlp())
