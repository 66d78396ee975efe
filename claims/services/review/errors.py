"""What a review request can run into. `code` is stable for API clients; the message is for people."""

from __future__ import annotations


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
