"""Deciding claims: approve (with the editor's changes), reject, edit, hold for editing, bulk, undo."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from claims.models import Claim, ReviewEvent, Statement
from claims.selectors.review import review_undoable_events
from claims.services.review.actors import actor_create_from_speaker
from claims.services.review.base import (
    LOCK_DURATION,
    BulkResult,
    ClaimChanges,
    User,
    _apply_common,
    _audit_date,
    _audit_id,
    _audit_value,
    _claim_for_update,
    _decide,
    _event,
    _require_editor,
    _require_pending,
    _require_unlocked,
    _set,
    _span,
    _statement_from_claim,
)
from claims.services.review.errors import InvalidChange, NotAnEditor, NothingToUndo, ReviewError

_CLAIM_KEYS = frozenset(ClaimChanges.__annotations__)


def _claim_apply(claim: Claim, changes: Mapping[str, Any] | None, editor: User) -> dict[str, list[object]]:
    changes = dict(changes or {})
    unknown = set(changes) - _CLAIM_KEYS
    if unknown:
        raise InvalidChange(f"These fields cannot be changed: {', '.join(sorted(unknown))}.")
    if changes.get("new_actor_name") and changes.get("actor"):
        raise InvalidChange("Pick an existing actor or name a new one, not both.")
    diff: dict[str, list[object]] = {}
    if "content_start" in changes or "content_end" in changes:
        start, end = _span(
            claim.article,
            changes.get("content_start", claim.content_start),
            changes.get("content_end", claim.content_end),
            "content",
        )
        if (start, end) != (claim.content_start, claim.content_end):
            # The editor drew one new span: the extractor's fragments no longer describe it.
            _set(claim, "content_fragments", [], diff)
        _set(claim, "content_start", start, diff)
        _set(claim, "content_end", end, diff)
        _set(claim, "content_text", claim.article.text[start:end], diff)
    if changes.get("new_actor_name"):
        speaker = claim.speaker_text or changes["new_actor_name"]
        changes["actor"] = actor_create_from_speaker(
            editor=editor,
            speaker_text=speaker,
            name=changes["new_actor_name"],
            kind=changes.get("new_actor_kind", ""),
            role=changes.get("new_actor_role"),
            article_id=claim.article_id,
            claim_id=claim.pk,
        )
    for key in ("new_actor_name", "new_actor_kind", "new_actor_role"):
        changes.pop(key, None)
    _apply_common(claim, changes, diff)
    return diff


def claim_approve(*, claim_id: int, editor: User, changes: ClaimChanges | None = None) -> Statement:
    """Apply the editor's changes, approve the claim and create its Statement, all or nothing."""
    _require_editor(editor)
    now = timezone.now()
    with transaction.atomic():
        claim = _claim_for_update(claim_id)
        _require_pending(claim)
        _require_unlocked(claim, editor, now)
        diff = _claim_apply(claim, changes, editor)
        if claim.actor is None:
            raise InvalidChange("Pick the actor who said this before approving.")
        _decide(claim, Claim.Status.APPROVED, editor, now, diff)
        statement = _statement_from_claim(claim, editor)
        _event(action=ReviewEvent.Action.APPROVE, editor=editor, claim=claim, statement=statement, changes=diff)
    return statement


def claim_reject(*, claim_id: int, editor: User, reason: str = "") -> Claim:
    _require_editor(editor)
    now = timezone.now()
    reason = reason.strip()
    with transaction.atomic():
        claim = _claim_for_update(claim_id)
        _require_pending(claim)
        _require_unlocked(claim, editor, now)
        diff: dict[str, list[object]] = {}
        _set(claim, "reject_reason", reason, diff)
        _decide(claim, Claim.Status.REJECTED, editor, now, diff)
        _event(action=ReviewEvent.Action.REJECT, editor=editor, claim=claim, changes=diff, reason=reason)
    return claim


def claim_edit(*, claim_id: int, editor: User, changes: ClaimChanges) -> Claim:
    """Change a pending claim without deciding it, and release the editor's lock on it."""
    _require_editor(editor)
    now = timezone.now()
    with transaction.atomic():
        claim = _claim_for_update(claim_id)
        _require_pending(claim)
        _require_unlocked(claim, editor, now)
        diff = _claim_apply(claim, changes, editor)
        claim.locked_by, claim.locked_until = None, None
        claim.save()
        if diff:
            _event(action=ReviewEvent.Action.EDIT, editor=editor, claim=claim, changes=diff)
    return claim


def claim_lock(*, claim_id: int, editor: User) -> Claim:
    """Mark the claim as open for editing by `editor` until LOCK_DURATION from now; the queue hides it from others."""
    _require_editor(editor)
    now = timezone.now()
    with transaction.atomic():
        claim = _claim_for_update(claim_id)
        _require_pending(claim)
        _require_unlocked(claim, editor, now)
        claim.locked_by = editor
        claim.locked_until = now + LOCK_DURATION
        claim.save(update_fields=["locked_by", "locked_until", "updated_at"])
    return claim


def claim_unlock(*, claim_id: int, editor: User) -> Claim:
    """Give up the editor's own lock (cancel an edit). Another editor's lock is left alone."""
    _require_editor(editor)
    with transaction.atomic():
        claim = _claim_for_update(claim_id)
        if claim.locked_by_id == editor.pk:
            claim.locked_by, claim.locked_until = None, None
            claim.save(update_fields=["locked_by", "locked_until", "updated_at"])
    return claim


def _bulk(claim_ids: Iterable[int], decide: Any) -> BulkResult:
    result = BulkResult()
    # One transaction per claim: a claim someone else decided meanwhile is reported, not fatal to the rest.
    for claim_id in sorted(set(claim_ids)):
        try:
            decide(claim_id)
        except ReviewError as error:
            if error.code == NotAnEditor.code:
                raise
            result.skipped[claim_id] = error.message
        else:
            result.done.append(claim_id)
    return result


def claims_bulk_approve(*, claim_ids: Iterable[int], editor: User) -> BulkResult:
    return _bulk(claim_ids, lambda claim_id: claim_approve(claim_id=claim_id, editor=editor))


def claims_bulk_reject(*, claim_ids: Iterable[int], editor: User, reason: str = "") -> BulkResult:
    return _bulk(claim_ids, lambda claim_id: claim_reject(claim_id=claim_id, editor=editor, reason=reason))


_RESTORABLE = {
    "actor": lambda v: ("actor_id", _audit_id(v)),
    "topic": lambda v: ("topic_id", _audit_id(v)),
    "said_on": lambda v: ("said_on", _audit_date(v)),
    "date_precision": lambda v: ("date_precision", v),
    "stance": lambda v: ("stance", v),
    "kind": lambda v: ("kind", v),
    "act": lambda v: ("act", v),
    "content_fragments": lambda v: ("content_fragments", v),
    "content_start": lambda v: ("content_start", v),
    "content_end": lambda v: ("content_end", v),
    "content_text": lambda v: ("content_text", v),
    "reject_reason": lambda v: ("reject_reason", v),
}


def review_undo(*, editor: User, count: int = 1) -> list[Claim]:
    """Undo the editor's last `count` decisions, newest first: the claims go back to pending as the extractor left them.

    A decision is undoable while it is still the latest event on its claim, so undo never erases another editor's
    later work (an edited or un-approved statement). Raises NothingToUndo when there is none.
    """
    _require_editor(editor)
    undone: list[Claim] = []
    for _ in range(max(1, count)):
        with transaction.atomic():
            event = review_undoable_events(editor=editor).first()
            if event is None:
                break
            claim = _claim_for_update(event.claim_id)
            # Re-check under the row lock: a concurrent undo or edit may have won the race.
            if not review_undoable_events(editor=editor).filter(pk=event.pk).exists():
                continue
            diff: dict[str, list[object]] = {}
            for name, (old, new) in event.changes.items():
                if name in _RESTORABLE:
                    attr, value = _RESTORABLE[name](old)
                    diff[name] = [new, old]
                    setattr(claim, attr, value)
            diff["status"] = [claim.status, Claim.Status.PENDING]
            statement = Statement.objects.filter(claim=claim).first()
            if statement is not None:
                diff["statement"] = [_audit_value(statement), None]
                statement.delete()
            claim.status = Claim.Status.PENDING
            claim.reviewed_by, claim.reviewed_at = None, None
            claim.save()
            _event(action=ReviewEvent.Action.UNDO, editor=editor, claim=claim, changes=diff)
            undone.append(claim)
    if not undone:
        raise NothingToUndo("You have no decisions left to undo.")
    return undone
