"""Editor review: every write that turns candidate claims into Statements, and every edit to a Statement.

Each service runs in one transaction, locks the claim (or statement) row with SELECT ... FOR UPDATE, checks the state
machine itself and raises a ReviewError subclass when the request no longer makes sense (the claim was decided by
someone else meanwhile, another editor holds it, an offset falls outside the text). Views and the REST API translate
`ReviewError.code` into an HTTP status. Every decision and edit writes a ReviewEvent whose `changes` maps each field to
`[old, new]`, with foreign keys stored as {"id", "label"} and dates as ISO strings, so undo can restore them.
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
from django.utils import timezone
from django.utils.text import slugify

from actors.models import Actor, Alias
from actors.names import name_normalise
from claims.models import Article, Claim, ClaimKind, DatePrecision, ReviewEvent, Stance, Statement, Topic
from claims.permissions import user_is_editor
from claims.selectors.review import review_undoable_events

User = AbstractBaseUser

# An editor who opens a claim for editing holds it this long; the queue skips it for everybody else meanwhile.
LOCK_DURATION = timedelta(minutes=10)

# Speakers that name nobody: never turned into an alias, or every "he" would match the new actor.
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "his", "hers", "their"})


# --- Errors


class ReviewError(Exception):
    """A review request that cannot be applied. `code` is stable for API clients; the message is for people."""

    code = "invalid"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAnEditor(ReviewError):
    code = "forbidden"


class ClaimNotFound(ReviewError):
    code = "not_found"


class StatementNotFound(ReviewError):
    code = "not_found"


class ClaimAlreadyDecided(ReviewError):
    """The claim is no longer pending: another editor (or this one, in another tab) decided it first."""

    code = "already_decided"


class ClaimLocked(ReviewError):
    """Another editor has the claim open for editing and the lock has not expired."""

    code = "locked"


class InvalidChange(ReviewError):
    """A change that does not fit the claim: an offset outside the text, an unknown actor, a bad stance."""

    code = "invalid"


class NothingToUndo(ReviewError):
    code = "nothing_to_undo"


CONFLICT_CODES = frozenset({ClaimAlreadyDecided.code, ClaimLocked.code, NothingToUndo.code})


# --- Inputs and outputs


class ClaimChanges(TypedDict, total=False):
    """What an editor may change before approving. Foreign keys take an instance or a primary key."""

    actor: Actor | int
    new_actor_name: str  # create a new actor with this name, aliased by the speaker's text
    content_start: int
    content_end: int
    said_on: dt.date | str | None
    date_precision: str
    topic: Topic | int | None
    stance: str
    kind: str


class StatementChanges(TypedDict, total=False):
    actor: Actor | int
    start: int
    end: int
    said_on: dt.date | str | None
    date_precision: str
    topic: Topic | int | None
    stance: str
    kind: str


@dataclass
class BulkResult:
    """Which claims a bulk action decided, and why it left the others alone."""

    done: list[int] = field(default_factory=list)
    skipped: dict[int, str] = field(default_factory=dict)


# --- Audit values


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


# --- Checks


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
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidChange(f"{value!r} is not a date (YYYY-MM-DD).") from None


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


# --- Actors


def _unique_actor_slug(name: str) -> str:
    base = slugify(name)[:190] or "actor"
    taken = set(Actor.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def actor_create_from_speaker(
    *, editor: User, speaker_text: str, name: str | None = None, kind: str = Actor.Kind.PERSON
) -> Actor:
    """A new actor named `name` (or the speaker's text), with the speaker's text as an alias for future lookups."""
    _require_editor(editor)
    name = " ".join((name or speaker_text or "").split())
    if not name or name_normalise(name) in PRONOUNS:
        raise InvalidChange(f"Give the new actor's name: {speaker_text!r} does not name anybody.")
    kind = _choice(kind, Actor.Kind.values, "actor kind", blank=False)
    with transaction.atomic():
        actor = Actor.objects.create(name=name[:200], slug=_unique_actor_slug(name), kind=kind)
        for alias in {name, " ".join(speaker_text.split())}:
            normalised = name_normalise(alias)
            if normalised and normalised not in PRONOUNS:
                Alias.objects.get_or_create(actor=actor, normalized=normalised, defaults={"name": alias[:200]})
    return actor


# --- Applying changes

_CLAIM_KEYS = frozenset(ClaimChanges.__annotations__)
_STATEMENT_KEYS = frozenset(StatementChanges.__annotations__)


def _set(obj: Model, attr: str, value: object, diff: dict[str, list[object]]) -> None:
    old = getattr(obj, attr)
    if old != value:
        diff[attr] = [_audit_value(old), _audit_value(value)]
        setattr(obj, attr, value)


def _apply_common(obj: Claim | Statement, changes: Mapping[str, Any], diff: dict[str, list[object]]) -> None:
    """The fields claims and statements share: actor, date, topic, stance, kind."""
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
    if "kind" in changes:
        _set(obj, "kind", _choice(changes["kind"], ClaimKind.values, "kind", blank=False), diff)


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
        _set(claim, "content_start", start, diff)
        _set(claim, "content_end", end, diff)
        _set(claim, "content_text", claim.article.text[start:end], diff)
    if changes.get("new_actor_name"):
        speaker = claim.speaker_text or changes["new_actor_name"]
        changes["actor"] = actor_create_from_speaker(
            editor=editor, speaker_text=speaker, name=changes["new_actor_name"]
        )
    changes.pop("new_actor_name", None)
    _apply_common(claim, changes, diff)
    return diff


def _statement_from_claim(claim: Claim, editor: User) -> Statement:
    said_on, precision = claim.said_on, claim.date_precision
    if said_on is None and claim.article.published_on:
        # A timeline needs a date: fall back to the day the article came out, and say so.
        said_on, precision = claim.article.published_on, DatePrecision.PUBLISHED
    try:
        with transaction.atomic():
            return Statement.objects.create(
                claim=claim,
                actor=claim.actor,
                text=claim.content_text,
                cue_text=claim.cue_text,
                kind=claim.kind,
                said_on=said_on,
                date_precision=precision or (DatePrecision.DAY if said_on else ""),
                topic=claim.topic,
                stance=claim.stance,
                article=claim.article,
                start=claim.content_start,
                end=claim.content_end,
                approved_by=editor,
                updated_by=editor,
            )
    except IntegrityError:
        # The row lock makes this unreachable in normal flows; the one-per-claim constraint is the last word.
        raise ClaimAlreadyDecided("This claim already has a statement.") from None


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


# --- Claim decisions


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


# --- Undo

_RESTORABLE = {
    "actor": lambda v: ("actor_id", _audit_id(v)),
    "topic": lambda v: ("topic_id", _audit_id(v)),
    "said_on": lambda v: ("said_on", _audit_date(v)),
    "date_precision": lambda v: ("date_precision", v),
    "stance": lambda v: ("stance", v),
    "kind": lambda v: ("kind", v),
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


# --- Statements


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
            _set(statement, "start", start, diff)
            _set(statement, "end", end, diff)
            _set(statement, "text", statement.article.text[start:end], diff)
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
            actor = actor_create_from_speaker(editor=editor, speaker_text=speaker_text, name=new_actor_name)
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
            {"said_on": said_on, "date_precision": date_precision, "topic": topic, "stance": stance, "kind": kind},
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
