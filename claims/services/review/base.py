"""Shared by the review services: inputs, audit values, row locks, state checks and applying changes.

Audit values: `ReviewEvent.changes` maps each field to `[old, new]`, foreign keys as {"id", "label"} and dates as ISO
strings, so undo can restore them and the history can show them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypedDict

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Model

from actors.models import Actor
from claims.models import Article, Claim, ClaimAct, ClaimKind, DatePrecision, ReviewEvent, Stance, Statement, Topic
from claims.permissions import user_is_editor
from claims.services.dates import date_is_future
from claims.services.review.errors import (
    ClaimAlreadyDecided,
    ClaimLocked,
    ClaimNotFound,
    InvalidChange,
    NotAnEditor,
)
from claims.services.webhooks import webhook_statement_approved

User = AbstractBaseUser

# An editor who opens a claim for editing holds it this long; the queue skips it for everybody else meanwhile.
LOCK_DURATION = timedelta(minutes=10)

# Speakers that name nobody: never turned into an alias, or every "he" would match the new actor.
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "his", "hers", "their"})


class ClaimChanges(TypedDict, total=False):
    """What an editor may change before approving. Foreign keys take an instance or a primary key."""

    actor: Actor | int
    new_actor_name: str  # create a new actor with this name, aliased by the speaker's text
    new_actor_kind: str  # its kind (guessed when left out)
    new_actor_role: str  # its role (guessed when left out)
    content_start: int
    content_end: int
    said_on: dt.date | str | None
    date_precision: str
    topic: Topic | int | None
    stance: str
    kind: str
    act: str


class StatementChanges(TypedDict, total=False):
    actor: Actor | int
    start: int
    end: int
    said_on: dt.date | str | None
    date_precision: str
    topic: Topic | int | None
    stance: str
    kind: str
    act: str


@dataclass
class BulkResult:
    """Which claims a bulk action decided, and why it left the others alone."""

    done: list[int] = field(default_factory=list)
    skipped: dict[int, str] = field(default_factory=dict)


def _audit_value(value: object) -> object:
    if isinstance(value, Model):
        return {"id": value.pk, "label": str(value)}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _audit_id(value: object) -> int | None:
    return value["id"] if isinstance(value, dict) else None


def _audit_date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def _require_editor(editor: User | AnonymousUser) -> None:
    # Views check first; this keeps every other caller (API, shell, tasks) honest too.
    if not user_is_editor(editor):
        raise NotAnEditor("Only editors can review claims and edit statements.")


def _claim_for_update(claim_id: int) -> Claim:
    # Only the claim row is locked (`of=("self",)`): the joined article must stay free for other claims of it.
    try:
        return (
            Claim.objects.select_for_update(of=("self",)).select_related("article", "actor", "topic").get(pk=claim_id)
        )
    except Claim.DoesNotExist:
        raise ClaimNotFound(f"Claim {claim_id} does not exist.") from None


def _require_pending(claim: Claim) -> None:
    if claim.status != Claim.Status.PENDING:
        who = claim.reviewed_by.get_username() if claim.reviewed_by else "someone"
        raise ClaimAlreadyDecided(f"This claim was already {claim.get_status_display().lower()} by {who}.")


def _lock_holder(claim: Claim, editor: User, now: dt.datetime) -> str | None:
    """Who else holds the claim open for editing right now, if anybody."""
    if claim.locked_by_id and claim.locked_by_id != editor.pk and claim.locked_until and claim.locked_until > now:
        return claim.locked_by.get_username() if claim.locked_by else "another editor"
    return None


def _require_unlocked(claim: Claim, editor: User, now: dt.datetime) -> None:
    holder = _lock_holder(claim, editor, now)
    if holder:
        raise ClaimLocked(f"{holder} is editing this claim until {claim.locked_until:%H:%M} UTC.")


def _resolve(model: type[Model], value: Model | int | str | None, label: str) -> Any:
    if value is None or isinstance(value, model):
        return value
    try:
        return model.objects.get(pk=int(value))
    except (model.DoesNotExist, TypeError, ValueError):
        raise InvalidChange(f"There is no {label} {value!r}.") from None


def _choice(value: object, choices: Iterable[str], label: str, *, blank: bool) -> str:
    if value == "" and blank:
        return ""
    if value not in set(choices):
        raise InvalidChange(f"{value!r} is not a valid {label}.")
    return str(value)


def _date(value: dt.date | str | None) -> dt.date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise InvalidChange(f"{value!r} is not a date (YYYY-MM-DD).") from None
    if date_is_future(value):
        raise InvalidChange(f"The date {value.isoformat()} is more than a day in the future.")
    return value


def _span(article: Article, start: object, end: object, label: str) -> tuple[int, int]:
    try:
        start, end = int(start), int(end)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise InvalidChange(f"The {label} offsets must be whole numbers.") from None
    if not 0 <= start < end <= len(article.text):
        raise InvalidChange(
            f"The {label} span {start}–{end} does not fit the article's text (0–{len(article.text)} characters)."
        )
    if not article.text[start:end].strip():
        raise InvalidChange(f"The {label} span {start}–{end} holds only whitespace.")
    return start, end


def _set(obj: Model, attr: str, value: object, diff: dict[str, list[object]]) -> None:
    old = getattr(obj, attr)
    if old != value:
        diff[attr] = [_audit_value(old), _audit_value(value)]
        setattr(obj, attr, value)


def _apply_common(obj: Claim | Statement, changes: Mapping[str, Any], diff: dict[str, list[object]]) -> None:
    """The fields claims and statements share: actor, date, topic, stance, kind, act."""
    if "actor" in changes:
        actor = _resolve(Actor, changes["actor"], "actor")
        if actor is None:
            raise InvalidChange("A statement needs an actor.")
        _set(obj, "actor", actor, diff)
    if "said_on" in changes:
        _set(obj, "said_on", _date(changes["said_on"]), diff)
    if "date_precision" in changes:
        _set(
            obj,
            "date_precision",
            _choice(changes["date_precision"], DatePrecision.values, "precision", blank=True),
            diff,
        )
    if "topic" in changes:
        _set(obj, "topic", _resolve(Topic, changes["topic"], "topic"), diff)
    if "stance" in changes:
        _set(obj, "stance", _choice(changes["stance"], Stance.values, "stance", blank=True), diff)
        if "stance" in diff:
            obj.stance_confidence = 1.0  # an editor's stance is no guess
    if "kind" in changes:
        _set(obj, "kind", _choice(changes["kind"], ClaimKind.values, "kind", blank=False), diff)
    if "act" in changes:
        _set(obj, "act", _choice(changes["act"], ClaimAct.values, "act", blank=False), diff)


# Between the fragments of an interrupted content, in place of the narrator's words ("“A,” he said, “B”").
FRAGMENT_JOINER = " … "


def claim_statement_text(claim: Claim) -> str:
    """What the claim's statement says: its content fragments joined, never the words between them."""
    text = claim.article.text
    return FRAGMENT_JOINER.join(text[start:end] for start, end in claim.content_pieces())


def _statement_from_claim(claim: Claim, editor: User) -> Statement:
    said_on, precision = claim.said_on, claim.date_precision
    if said_on is None and claim.article.published_on:
        # A timeline needs a date: fall back to the day the article came out, and say so.
        said_on, precision = claim.article.published_on, DatePrecision.PUBLISHED
    try:
        with transaction.atomic():
            statement = Statement.objects.create(
                claim=claim,
                actor=claim.actor,
                text=claim_statement_text(claim),
                cue_text=claim.cue_text,
                kind=claim.kind,
                act=claim.act,
                said_on=said_on,
                date_precision=precision or (DatePrecision.DAY if said_on else ""),
                topic=claim.topic,
                stance=claim.stance,
                stance_confidence=claim.stance_confidence if claim.origin == Claim.Origin.EXTRACTOR else 1.0,
                article=claim.article,
                start=claim.content_start,
                end=claim.content_end,
                approved_by=editor,
                updated_by=editor,
            )
    except IntegrityError:
        # The row lock makes this unreachable in normal flows; the one-per-claim constraint is the last word.
        raise ClaimAlreadyDecided("This claim already has a statement.") from None
    # In the approval's transaction: a rollback sends nothing, a commit loses nothing.
    webhook_statement_approved(statement_id=statement.pk)
    return statement


def _event(
    *,
    action: str,
    editor: User,
    claim: Claim | None = None,
    statement: Statement | None = None,
    changes: dict[str, list[object]] | None = None,
    reason: str = "",
) -> ReviewEvent:
    return ReviewEvent.objects.create(
        action=action, user=editor, claim=claim, statement=statement, changes=changes or {}, reason=reason
    )


def _decide(claim: Claim, status: str, editor: User, now: dt.datetime, diff: dict[str, list[object]]) -> None:
    diff["status"] = [claim.status, status]
    claim.status = status
    claim.reviewed_by = editor
    claim.reviewed_at = now
    claim.locked_by = None
    claim.locked_until = None
    claim.save()
