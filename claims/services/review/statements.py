"""Published statements: corrections, withdrawal, and statements the extractor missed."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from actors.models import Actor
from claims.models import Article, Claim, ClaimAct, ClaimKind, ReviewEvent, Statement, Topic
from claims.services.review.actors import actor_create_from_speaker
from claims.services.review.base import (
    StatementChanges,
    User,
    _apply_common,
    _audit_value,
    _claim_for_update,
    _decide,
    _event,
    _require_editor,
    _resolve,
    _set,
    _span,
    _statement_from_claim,
)
from claims.services.review.errors import InvalidChange, StatementNotFound

_STATEMENT_KEYS = frozenset(StatementChanges.__annotations__)


def _statement_for_update(statement_id: int) -> tuple[Statement, Claim | None]:
    """Lock the statement's claim, then the statement: the same order as claim_approve and review_undo, so two
    editors working on one claim wait for each other instead of deadlocking."""
    missing = StatementNotFound(f"Statement {statement_id} does not exist (it may have been un-approved).")
    claim_id = Statement.objects.filter(pk=statement_id).values_list("claim_id", flat=True).first()
    claim = _claim_for_update(claim_id) if claim_id is not None else None
    try:
        statement = (
            Statement.objects.select_for_update(of=("self",))
            .select_related("article", "actor", "topic")
            .get(pk=statement_id)
        )
    except Statement.DoesNotExist:
        raise missing from None
    if statement.claim_id != claim_id:
        raise missing  # re-linked between the two reads; vanishingly rare, and safe to retry
    return statement, claim


def statement_edit(*, statement_id: int, editor: User, changes: StatementChanges) -> Statement:
    """Correct a published statement. The change shows in its history and on its claim's."""
    _require_editor(editor)
    changes = dict(changes or {})
    unknown = set(changes) - _STATEMENT_KEYS
    if unknown:
        raise InvalidChange(f"These fields cannot be changed: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        statement, claim = _statement_for_update(statement_id)
        diff: dict[str, list[object]] = {}
        if "start" in changes or "end" in changes:
            start, end = _span(
                statement.article, changes.get("start", statement.start), changes.get("end", statement.end), "statement"
            )
            if (start, end) != (statement.start, statement.end):
                # A span the editor drew is one piece; an unchanged span keeps its fragments' text.
                _set(statement, "text", statement.article.text[start:end], diff)
            _set(statement, "start", start, diff)
            _set(statement, "end", end, diff)
        _apply_common(statement, changes, diff)
        if diff:
            statement.updated_by = editor
            statement.save()
            _event(
                action=ReviewEvent.Action.EDIT,
                editor=editor,
                claim=claim,
                statement=statement,
                changes=diff,
            )
    return statement


def statement_unapprove(*, statement_id: int, editor: User, reason: str = "") -> Claim | None:
    """Withdraw a published statement. Its claim goes back to the queue; its values stay in the claim's history."""
    _require_editor(editor)
    with transaction.atomic():
        statement, claim = _statement_for_update(statement_id)
        snapshot = {
            "statement": [_audit_value(statement), None],
            "actor": [_audit_value(statement.actor), None],
            "text": [statement.text, None],
            "said_on": [_audit_value(statement.said_on), None],
            "topic": [_audit_value(statement.topic), None],
            "stance": [statement.stance, None],
            "kind": [statement.kind, None],
            "act": [statement.act, None],
        }
        statement.delete()
        if claim is not None:
            snapshot["status"] = [claim.status, Claim.Status.PENDING]
            claim.status = Claim.Status.PENDING
            claim.reviewed_by, claim.reviewed_at = None, None
            claim.save()
        _event(action=ReviewEvent.Action.UNAPPROVE, editor=editor, claim=claim, changes=snapshot, reason=reason.strip())
    return claim


def statement_create_manual(
    *,
    article_id: int,
    editor: User,
    content_start: int,
    content_end: int,
    actor: Actor | int | None = None,
    new_actor_name: str = "",
    speaker_start: int | None = None,
    speaker_end: int | None = None,
    cue_start: int | None = None,
    cue_end: int | None = None,
    said_on: dt.date | str | None = None,
    date_precision: str = "",
    topic: Topic | int | None = None,
    stance: str = "",
    kind: str = ClaimKind.INDIRECT,
    act: str = ClaimAct.SPEECH,
) -> Statement:
    """A statement the extractor missed, from offsets into the article's text and a speaker.

    It is stored as an approved claim of origin "editor" (so it has a span, history and can be un-approved like any
    other) plus its Statement. Without a cue span the cue mirrors the content span, with an empty cue text.
    """
    _require_editor(editor)
    try:
        article = Article.objects.get(pk=article_id)
    except Article.DoesNotExist:
        raise InvalidChange(f"Article {article_id} does not exist.") from None
    start, end = _span(article, content_start, content_end, "content")
    speaker_text = ""
    if speaker_start is not None or speaker_end is not None:
        speaker_start, speaker_end = _span(article, speaker_start, speaker_end, "speaker")
        speaker_text = article.text[speaker_start:speaker_end]
    cue_text = ""
    if cue_start is not None or cue_end is not None:
        cue_start, cue_end = _span(article, cue_start, cue_end, "cue")
        cue_text = article.text[cue_start:cue_end]
    else:
        cue_start, cue_end = start, end
    if actor and new_actor_name:
        raise InvalidChange("Pick an existing actor or name a new one, not both.")
    now = timezone.now()
    with transaction.atomic():
        if new_actor_name:
            actor = actor_create_from_speaker(
                editor=editor, speaker_text=speaker_text, name=new_actor_name, article_id=article.pk
            )
        actor = _resolve(Actor, actor, "actor")
        if actor is None:
            raise InvalidChange("Pick the actor who said this, or name a new one.")
        claim = Claim(
            article=article,
            origin=Claim.Origin.EDITOR,
            extractor_version="",
            speaker_text=speaker_text[:500],
            speaker_start=speaker_start,
            speaker_end=speaker_end,
            actor=actor,
            cue_text=cue_text[:200],
            cue_start=cue_start,
            cue_end=cue_end,
            content_text=article.text[start:end],
            content_start=start,
            content_end=end,
            confidence=1.0,
            status=Claim.Status.PENDING,
        )
        diff: dict[str, list[object]] = {}
        _apply_common(
            claim,
            {
                "said_on": said_on,
                "date_precision": date_precision,
                "topic": topic,
                "stance": stance,
                "kind": kind,
                "act": act,
            },
            diff,
        )
        try:
            with transaction.atomic():
                claim.save()
        except IntegrityError:
            raise InvalidChange("An editor already added a statement with exactly this span.") from None
        diff = {"content_text": [None, claim.content_text], "actor": [None, _audit_value(actor)], **diff}
        _decide(claim, Claim.Status.APPROVED, editor, now, diff)
        statement = _statement_from_claim(claim, editor)
        _event(action=ReviewEvent.Action.CREATE, editor=editor, claim=claim, statement=statement, changes=diff)
    return statement
