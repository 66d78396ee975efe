"""Who may do what. Editors are the members of the `editors` group, which holds these permissions."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

EDITORS_GROUP = "editors"
REVIEW_PERMISSION = "claims.review_claim"
INGEST_PERMISSION = "claims.ingest_article"


def user_is_editor(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(REVIEW_PERMISSION))


def user_can_ingest(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(INGEST_PERMISSION))
