"""New actors made by editors while reviewing."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from actors.kinds import actor_kind_guess, actor_role_guess
from actors.models import Actor, Alias
from actors.names import name_normalise
from claims.services.review.base import PRONOUNS, User, _choice, _require_editor
from claims.services.review.errors import InvalidChange
from claims.services.review.relink import claims_relink_to_actor


def _unique_actor_slug(name: str) -> str:
    base = slugify(name)[:190] or "actor"
    taken = set(Actor.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def actor_create_from_speaker(
    *,
    editor: User,
    speaker_text: str,
    name: str | None = None,
    kind: str = "",
    role: str | None = None,
    article_id: int | None = None,
    claim_id: int | None = None,
) -> Actor:
    """A new actor named `name` (or the speaker's text), with the speaker's text as an alias for future lookups.

    Without a kind or role, both are guessed from the name and the mention (actors.kinds). The pending claims that
    name it are linked to it in the same transaction (relink.py): those of `article_id`, the article the editor is
    reviewing, by short forms too; `claim_id` is the claim the caller links itself.
    """
    _require_editor(editor)
    name = " ".join((name or speaker_text or "").split())
    if not name or name_normalise(name) in PRONOUNS:
        raise InvalidChange(f"Give the new actor's name: {speaker_text!r} does not name anybody.")
    kind = _choice(kind or actor_kind_guess(name=name), Actor.Kind.values, "actor kind", blank=False)
    role = " ".join((actor_role_guess(mention=speaker_text, name=name) if role is None else role).split())[:300]
    with transaction.atomic():
        actor = Actor.objects.create(name=name[:200], slug=_unique_actor_slug(name), kind=kind, role=role)
        for alias in {name, " ".join(speaker_text.split())}:
            normalised = name_normalise(alias)
            if normalised and normalised not in PRONOUNS:
                Alias.objects.get_or_create(actor=actor, normalized=normalised, defaults={"name": alias[:200]})
        claims_relink_to_actor(actor=actor, article_id=article_id, except_claim_id=claim_id)
    return actor
