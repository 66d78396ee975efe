"""Trained extractor models: the training data editors' reviews give, the registry, the promotion gate, and which
spaCy pipeline the extractor uses (the EXTRACTOR_MODEL setting, else the active model, else the rules alone)."""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from spacy.language import Language

from claims.models import Article, Claim, ExtractorModel, ReviewEvent, Statement
from claims.nlp.learned.corpus import LabelledArticle
from claims.nlp.learned.model_dir import ModelDirectoryError
from claims.nlp.learned.stance import StanceExample, stance_classifier_of
from claims.nlp.learned.training import extract_articles, score_claims
from claims.nlp.pipeline import EXTRACTOR_VERSION, load_nlp

logger = logging.getLogger(__name__)

# --- which pipeline the extractor uses ----------------------------------------------------------------------------

_broken_dirs: set[str] = set()
_broken_lock = threading.Lock()


def extractor_model_dirs() -> list[str]:
    """Model directories to try, in order: the EXTRACTOR_MODEL setting, then the active model of the registry."""
    dirs = [settings.EXTRACTOR_MODEL] if settings.EXTRACTOR_MODEL else []
    try:
        active = ExtractorModel.objects.filter(status=ExtractorModel.Status.ACTIVE).values_list("path", flat=True)
        dirs.extend(path for path in active[:1] if path not in dirs)
    except DatabaseError:
        logger.warning("extractor model registry unreachable; using the EXTRACTOR_MODEL setting or the rules")
    return dirs


def extractor_nlp(*, strict: bool = False) -> Language:
    """The pipeline to extract with, loaded once per process and model directory.

    A directory that cannot be loaded is logged once and skipped (the next candidate, finally the rules alone, is
    used), so a corrupt model never stops the workers; with `strict` it raises ModelDirectoryError instead."""
    for model_dir in extractor_model_dirs():
        if model_dir in _broken_dirs and not strict:
            continue
        try:
            nlp = load_nlp(settings.SPACY_MODEL, model_dir)
            stance = stance_classifier_of(nlp)
            if stance is not None:
                stance.min_confidence = settings.STANCE_CLASSIFIER_MIN_CONFIDENCE
            return nlp
        except ModelDirectoryError:
            if strict:
                raise
            logger.exception("extractor model %s cannot be loaded; falling back", model_dir)
            with _broken_lock:
                _broken_dirs.add(model_dir)
    return load_nlp(settings.SPACY_MODEL)


def connection_reopen_if_dropped() -> None:
    """After minutes of training with the database connection idle, the server or a proxy may have dropped it:
    close it then, and the next query opens a fresh one."""
    if connection.connection is not None and not connection.is_usable():
        connection.close()


# --- training data from reviews -----------------------------------------------------------------------------------


def _span(start: int | None, end: int | None, text: str) -> dict[str, Any] | None:
    if start is None or end is None or not 0 <= start < end <= len(text):
        return None
    return {"start": start, "end": end, "text": text[start:end]}


def review_training_articles(*, article_ids: Sequence[int] | None = None) -> list[LabelledArticle]:
    """Fully reviewed articles as labelled articles: approved claims (as corrected) and claims editors added are
    attributions; rejected claims, and the rest of the text, are not. An article with claims still pending is left
    out, since a pending claim may be right or wrong."""
    pending = Claim.objects.filter(article=OuterRef("pk"), status=Claim.Status.PENDING)
    decided = Claim.objects.filter(article=OuterRef("pk")).exclude(status=Claim.Status.PENDING)
    articles = (
        Article.objects.filter(Exists(decided))
        .exclude(Exists(pending))
        .exclude(text="")
        .order_by("pk")
        .only("pk", "text", "published_on")
    )
    if article_ids is not None:
        articles = articles.filter(pk__in=article_ids)
    labelled: list[LabelledArticle] = []
    for article in articles.iterator(chunk_size=200):
        text = article.text
        attributions = []
        approved = article.claims.filter(status=Claim.Status.APPROVED).order_by("content_start", "pk")
        for claim in approved:
            cue = _span(claim.cue_start, claim.cue_end, text)
            content = _span(claim.content_start, claim.content_end, text)
            if cue is None or content is None:
                continue
            source = _span(claim.speaker_start, claim.speaker_end, text)
            attribution = {"id": f"C{claim.pk}", "source": source, "cue": cue, "content": content}
            if not claim.cue_text:
                # An added statement without a cue keeps its content span as cue: right for scoring candidates
                # (any cue inside it overlaps), but no cue for the proposer to learn.
                attribution["cue_unknown"] = True
            attributions.append(attribution)
        published = article.published_on.isoformat() if article.published_on else None
        labelled.append(LabelledArticle(f"article-{article.pk}", text, published, attributions))
    return labelled


def review_stance_examples() -> list[StanceExample]:
    """Approved statements with a topic and a stance, as editors left them (their corrections included): what the
    stance classifier learns from."""
    statements = (
        Statement.objects.filter(topic__isnull=False)
        .exclude(stance="")
        .order_by("pk")
        .values_list("pk", "topic__slug", "text", "stance")
    )
    return [
        StanceExample(topic, text, stance, f"statement-{pk}")
        for pk, topic, text, stance in statements.iterator(chunk_size=2000)
    ]


# --- registry and promotion gate ----------------------------------------------------------------------------------


def extractor_model_register(*, path: Path, meta: dict[str, Any]) -> ExtractorModel:
    return ExtractorModel.objects.create(
        version=meta["name"],
        path=str(path.resolve()),
        source=meta.get("source", {}),
        counts=meta.get("counts", {}),
        scores={**meta.get("scores", {}), **({"stance": meta["stance"]} if "stance" in meta else {})},
    )


def _scores_of(nlp: Language, articles: Sequence[LabelledArticle]) -> dict[str, Any]:
    return score_claims(articles, extract_articles(nlp, articles)).as_dict()


def extractor_model_compare(
    *,
    model: ExtractorModel,
    held_out: Sequence[LabelledArticle],
    eval_articles: Sequence[LabelledArticle] = (),
) -> dict[str, Any]:
    """F1 and the rest of the new model, the active model and the rules alone on the same articles."""
    active = ExtractorModel.objects.filter(status=ExtractorModel.Status.ACTIVE).exclude(pk=model.pk).first()
    contenders: dict[str, Language] = {
        "new": load_nlp(settings.SPACY_MODEL, model.path),
        "rules": load_nlp(settings.SPACY_MODEL),
    }
    if active is not None:
        try:
            contenders["active"] = load_nlp(settings.SPACY_MODEL, active.path)
        except ModelDirectoryError as error:
            logger.warning("the active model %s cannot be loaded (%s); comparing with the rules", active, error)
    comparison: dict[str, Any] = {"active_version": active.version if active else None, "slices": {}}
    for name, articles in (("held_out", held_out), ("eval", eval_articles)):
        if articles:
            comparison["slices"][name] = {
                "articles": len(articles),
                **{who: _scores_of(nlp, articles) for who, nlp in contenders.items()},
            }
    return comparison


def promotion_decision(comparison: dict[str, Any]) -> tuple[bool, str]:
    """Better means a higher attribution F1 than every contender on every slice, and no lower speaker accuracy
    than the rules (a model that finds more claims by naming the wrong speakers is not better)."""
    slices = comparison.get("slices") or {}
    if not slices:
        return False, "no held-out articles to compare on"
    for name, figures in slices.items():
        new = figures["new"]
        for rival in ("rules", "active"):
            if rival in figures and new["f1"] <= figures[rival]["f1"]:
                return False, f"F1 on {name} {new['f1']:.3f} is not above {rival} {figures[rival]['f1']:.3f}"
        rules_accuracy = figures["rules"]["speaker_accuracy"]
        if new["hits"] and new["speaker_accuracy"] < rules_accuracy - 0.01:
            return False, f"speaker accuracy on {name} {new['speaker_accuracy']:.3f} is below the rules'"
    return True, "better than " + " and ".join(
        sorted({rival for figures in slices.values() for rival in ("rules", "active") if rival in figures})
    )


@transaction.atomic
def extractor_model_activate(*, model: ExtractorModel) -> ExtractorModel:
    """Makes `model` the active one and retires the model active before it, which a rollback goes back to."""
    model = ExtractorModel.objects.select_for_update().get(pk=model.pk)
    active = ExtractorModel.objects.select_for_update().filter(status=ExtractorModel.Status.ACTIVE)
    previous = active.exclude(pk=model.pk).first()
    if previous is not None:
        previous.status = ExtractorModel.Status.RETIRED
        previous.save(update_fields=["status"])
    model.status = ExtractorModel.Status.ACTIVE
    model.activated_at = timezone.now()
    model.replaced = previous
    model.save(update_fields=["status", "activated_at", "replaced"])
    return model


@transaction.atomic
def extractor_model_rollback() -> ExtractorModel | None:
    """Retires the active model and brings back the one it replaced, as it was (with its own rollback target);
    returns None when it replaced nothing, and the rules alone are used again."""
    current = ExtractorModel.objects.select_for_update().filter(status=ExtractorModel.Status.ACTIVE).first()
    if current is None:
        raise ValueError("no model is active; nothing to roll back")
    current.status = ExtractorModel.Status.RETIRED
    current.save(update_fields=["status"])
    if current.replaced_id is None:
        return None
    earlier = ExtractorModel.objects.select_for_update().get(pk=current.replaced_id)
    earlier.status = ExtractorModel.Status.ACTIVE
    earlier.activated_at = timezone.now()
    earlier.save(update_fields=["status", "activated_at"])
    return earlier


def extractor_model_promote(
    *,
    model: ExtractorModel,
    held_out: Sequence[LabelledArticle],
    eval_articles: Sequence[LabelledArticle] = (),
) -> tuple[ExtractorModel, bool, str]:
    """Runs the gate; activates the model only when it is better, and keeps the comparison either way."""
    comparison = extractor_model_compare(model=model, held_out=held_out, eval_articles=eval_articles)
    better, reason = promotion_decision(comparison)
    comparison.update({"promoted": better, "reason": reason, "decided_at": timezone.now().isoformat()})
    model.comparison = comparison
    model.status = ExtractorModel.Status.CANDIDATE if better else ExtractorModel.Status.REJECTED
    model.save(update_fields=["comparison", "status"])
    if better:
        model = extractor_model_activate(model=model)
    return model, better, reason


def remove_model_dir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


# --- retraining from reviews --------------------------------------------------------------------------------------

_RETRAIN_LOCK_KEY = 0x4F52_4D4F_4445_4C53  # "ORMODELS": one retraining at a time across workers
_DECISIONS = (ReviewEvent.Action.APPROVE, ReviewEvent.Action.REJECT, ReviewEvent.Action.CREATE, ReviewEvent.Action.EDIT)


def review_decisions_since_last_model() -> int:
    """Editors' decisions (approve, reject, edit, add) made since the last model trained on reviews was created."""
    last = ExtractorModel.objects.filter(source__kind="reviews").order_by("-created_at").first()
    decisions = ReviewEvent.objects.filter(action__in=_DECISIONS)
    if last is not None:
        decisions = decisions.filter(created_at__gt=last.created_at)
    return decisions.count()


def extractor_model_retrain_if_due(*, min_decisions: int | None = None) -> ExtractorModel | None:
    """Trains on the reviews and runs the promotion gate when enough decisions accumulated since the last such
    model (EXTRACTOR_RETRAIN_MIN_DECISIONS); None when not due, or when another worker is retraining already."""
    from claims.nlp.learned.training import split_articles, train_model

    needed = settings.EXTRACTOR_RETRAIN_MIN_DECISIONS if min_decisions is None else min_decisions
    if review_decisions_since_last_model() < needed:
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_RETRAIN_LOCK_KEY])
        if not cursor.fetchone()[0]:
            return None
    try:
        articles = review_training_articles()
        if not any(article.attributions for article in articles):
            return None
        _train, held_out = split_articles(articles)
        version = timezone.now().strftime("%Y%m%d-%H%M%S")
        out = settings.EXTRACTOR_MODELS_DIR / version
        counts = {"articles": len(articles), "attributions": sum(len(a.attributions) for a in articles)}
        meta = train_model(
            articles,
            out_dir=out,
            source={"kind": "reviews", **counts},
            code_version=EXTRACTOR_VERSION,
            base_model=settings.SPACY_MODEL,
            held_out=held_out,
            log=_LogWriter(),
            stance_examples=review_stance_examples(),
        )
        connection_reopen_if_dropped()  # the advisory lock went with a dropped connection; the gate still runs
        model = extractor_model_register(path=out, meta=meta)
        model, promoted, reason = extractor_model_promote(model=model, held_out=held_out)
        logger.info("retrained extractor model %s: %s (%s)", model.version, "activated" if promoted else "kept", reason)
        return model
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_RETRAIN_LOCK_KEY])


class _LogWriter:
    """spaCy's training table goes to the log, line by line."""

    def write(self, text: str) -> int:
        for line in text.splitlines():
            if line.strip():
                logger.info("training: %s", line)
        return len(text)

    def flush(self) -> None:
        return None
