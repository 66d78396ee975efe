"""Re-linking pending claims when an editor creates an actor or gives one a new alias.

Before, creating "The Washington Post" from one claim left "The Post", "the newspaper" and "it (the newspaper)" of the
same article "Not linked", and the editor searched and picked the actor claim by claim. Every path that creates an
actor or adds an alias goes through here: the review services (via `actor_create_from_speaker`, so the edit form, the
add-a-statement form and the REST API) and the Django admin (actors.admin).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from actors.models import Actor
from actors.names import name_normalise
from claims.models import Claim
from claims.selectors.review import RelinkResult
from claims.services.review.base import PRONOUNS

_DETERMINERS = frozenset({"the", "a", "an", "this", "that"})
# Descriptions that stand for an actor of a kind once the article has named it ("the newspaper" after "The
# Washington Post"). Only trusted inside the article the editor is reviewing.
KIND_NOUNS = {
    "media": frozenset(
        {"newspaper", "paper", "outlet", "publication", "network", "broadcaster", "channel", "magazine"}
    ),
    "government": frozenset({"ministry", "department", "government", "administration", "agency", "office"}),
    "organisation": frozenset({"company", "firm", "organisation", "organization", "group", "bank", "institute"}),
    "group": frozenset({"group", "movement", "party", "coalition", "militants"}),
}


def _mention(text: str) -> str:
    words = name_normalise(text).split()
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    return " ".join(words)


def _names(actor: Actor, *, roles: bool) -> set[str]:
    aliases = actor.aliases.all() if roles else actor.aliases.filter(is_role=False)
    names = {_mention(actor.name)} | {_mention(alias) for alias in aliases.values_list("name", flat=True)}
    return {name for name in names if name and name not in PRONOUNS}


def _article_forms(actor: Actor) -> set[str]:
    """What the same article may call the actor once it has named it: its last name word for a non-person ("the
    Post"), and the nouns of its kind ("the newspaper")."""
    forms = set(KIND_NOUNS.get(actor.kind, ()))
    words = _mention(actor.name).split()
    if actor.kind != Actor.Kind.PERSON and len(words) > 1:
        forms.add(words[-1])
    return forms


def _who(claim: Claim) -> str:
    """The mention that names the speaker: the antecedent of a pronoun ("it (the newspaper)"), else the speaker."""
    speaker = _mention(claim.speaker_text)
    if (not speaker or speaker in PRONOUNS) and claim.antecedent_text:
        return _mention(claim.antecedent_text)
    return speaker


def claims_relink_to_actor(
    *, actor: Actor, article_id: int | None = None, except_claim_id: int | None = None
) -> RelinkResult:
    """Link the unlinked pending claims whose speaker is this actor: in `article_id` by any name, alias (roles
    included), short form or description of its kind; everywhere else by its name or a name alias only (a role such as
    "the president" changes hands). Decided claims never change; `except_claim_id` is the claim the caller is linking
    itself. Safe to run again: it only ever fills an empty actor.
    """
    names = _names(actor, roles=False)
    in_article_forms = _names(actor, roles=True) | _article_forms(actor)
    linked_here: list[int] = []
    linked_elsewhere: list[int] = []
    articles: set[int] = set()
    with transaction.atomic():
        pending = (
            Claim.objects.select_for_update(skip_locked=True)
            .filter(status=Claim.Status.PENDING, actor__isnull=True)
            .filter(Q(speaker_text__gt="") | Q(antecedent_text__gt=""))
            .exclude(pk=except_claim_id)
            .only("id", "article_id", "speaker_text", "antecedent_text")
        )
        for claim in pending.iterator(chunk_size=2000):
            who = _who(claim)
            if article_id is not None and claim.article_id == article_id and who in in_article_forms:
                linked_here.append(claim.pk)
            elif who in names:
                linked_elsewhere.append(claim.pk)
            else:
                continue
            articles.add(claim.article_id)
        Claim.objects.filter(pk__in=linked_here + linked_elsewhere).update(actor=actor, updated_at=timezone.now())
    return RelinkResult(in_article=len(linked_here), elsewhere=len(linked_elsewhere), articles=len(articles))
