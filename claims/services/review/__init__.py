"""Editor review: every write that turns candidate claims into Statements, and every edit to a Statement.

Each service runs in one transaction, locks the claim (or statement) row with SELECT ... FOR UPDATE, checks the state
machine itself and raises a ReviewError subclass when the request no longer makes sense (the claim was decided by
someone else meanwhile, another editor holds it, an offset falls outside the text). Views and the REST API translate
`ReviewError.code` into an HTTP status. Every decision and edit writes a ReviewEvent whose `changes` maps each field to
`[old, new]`, with foreign keys stored as {"id", "label"} and dates as ISO strings, so undo can restore them.
"""

from claims.services.review.actors import actor_create_from_speaker
from claims.services.review.base import LOCK_DURATION, BulkResult, ClaimChanges, StatementChanges
from claims.services.review.decisions import (
    claim_approve,
    claim_edit,
    claim_lock,
    claim_reject,
    claim_unlock,
    claims_bulk_approve,
    claims_bulk_reject,
    review_undo,
)
from claims.services.review.errors import (
    CONFLICT_CODES,
    ClaimAlreadyDecided,
    ClaimLocked,
    ClaimNotFound,
    InvalidChange,
    NotAnEditor,
    NothingToUndo,
    ReviewError,
    StatementNotFound,
)
from claims.services.review.relink import RelinkResult, claims_relink_to_actor
from claims.services.review.statements import statement_create_manual, statement_edit, statement_unapprove

__all__ = [
    "CONFLICT_CODES",
    "LOCK_DURATION",
    "BulkResult",
    "ClaimAlreadyDecided",
    "ClaimChanges",
    "ClaimLocked",
    "ClaimNotFound",
    "InvalidChange",
    "NotAnEditor",
    "NothingToUndo",
    "RelinkResult",
    "ReviewError",
    "StatementChanges",
    "StatementNotFound",
    "actor_create_from_speaker",
    "claim_approve",
    "claim_edit",
    "claim_lock",
    "claim_reject",
    "claim_unlock",
    "claims_bulk_approve",
    "claims_bulk_reject",
    "claims_relink_to_actor",
    "review_undo",
    "statement_create_manual",
    "statement_edit",
    "statement_unapprove",
]
