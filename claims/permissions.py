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


# What the editors group may do, by app label. Kept in step by editors_group_ensure() after every migrate and after
# the flush that transactional tests do, so the group can never silently lose its permissions.
EDITORS_PERMISSIONS = {
    "claims": [
        "review_claim",
        "ingest_article",
        "view_article",
        "view_claim",
        "change_claim",
        "view_statement",
        "change_statement",
        "view_topic",
        "add_topic",
        "change_topic",
    ],
    "actors": ["view_actor", "add_actor", "change_actor", "view_alias", "add_alias", "change_alias"],
}


def editors_group_ensure(**kwargs: object) -> None:
    """post_migrate receiver: the editors group exists and holds exactly its permissions."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    wanted = Q()
    for app_label, codenames in EDITORS_PERMISSIONS.items():
        wanted |= Q(content_type__app_label=app_label, codename__in=codenames)
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.add(*Permission.objects.filter(wanted))
