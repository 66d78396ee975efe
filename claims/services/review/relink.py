"""Re-linking pending claims when an editor creates an actor or gives one a new alias.

Before, creating "The Washington Post" from one claim left "The Post", "the newspaper" and "it (the newspaper)" of the
same article "Not linked", and the editor searched and picked the actor claim by claim.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from actors.models import Actor
from actors.names import name_normalise
from claims.models import Claim
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


@dataclass(frozen=True)
class RelinkResult:
    in_article: int = 0
    elsewhere: int = 0

    @property
    def total(self) -> int:
        return self.in_article + self.elsewhere

    def describe(self, actor: Actor) -> str:
        if not self.total:
            return ""
        where = f"{self.in_article} in this article" + (f", {self.elsewhere} elsewhere" if self.elsewhere else "")
        return f"Linked {self.total} more pending claim{'s' if self.total != 1 else ''} to {actor.name} ({where})."


def _mention(text: str) -> str:
    words = name_normalise(text).split()
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    return " ".join(words)


def _names(actor: Actor) -> set[str]:
    names = {_mention(actor.name)} | {_mention(alias) for alias in actor.aliases.values_list("name", flat=True)}
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


def claims_relink_to_actor(*, actor: Actor, article_id: int | None = None) -> RelinkResult:
    """Link the unlinked pending claims whose speaker is this actor: in `article_id` by any name, alias, short form
    or description of its kind; everywhere else by an exact name or alias only. Decided claims never change."""
    names = _names(actor)
    in_article_forms = names | _article_forms(actor)
    linked_here: list[int] = []
    linked_elsewhere: list[int] = []
    with transaction.atomic():
        pending = (
            Claim.objects.select_for_update(skip_locked=True)
            .filter(status=Claim.Status.PENDING, actor__isnull=True)
            .filter(Q(speaker_text__gt="") | Q(antecedent_text__gt=""))
            .only("id", "article_id", "speaker_text", "antecedent_text")
        )
        for claim in pending.iterator(chunk_size=2000):
            who = _who(claim)
            if article_id is not None and claim.article_id == article_id and who in in_article_forms:
                linked_here.append(claim.pk)
            elif who in names:
                linked_elsewhere.append(claim.pk)
        Claim.objects.filter(pk__in=linked_here + linked_elsewhere).update(actor=actor)
    return RelinkResult(in_article=len(linked_here), elsewhere=len(linked_elsewhere))
