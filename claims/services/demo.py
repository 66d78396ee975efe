"""The demo's review history: decisions of a demo editor on the seed article, made through the review services."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from actors.models import Actor
from claims import demo
from claims.models import Article, Claim
from claims.permissions import EDITORS_GROUP
from claims.services.extraction import articles_extract_run
from claims.services.review import claim_approve, claim_reject
from claims.services.review.base import User

logger = logging.getLogger(__name__)


@dataclass
class DemoReviews:
    approved: int = 0
    rejected: int = 0
    already: int = 0  # decided by an earlier run
    missing: list[str] = field(default_factory=list)  # content words the extractor found no claim for


def demo_editor_ensure() -> User:
    """The demo editor: an editor account nobody can log in as (no usable password)."""
    user, created = get_user_model().objects.get_or_create(username=demo.DEMO_EDITOR)
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


def demo_article_extract(*, article: Article) -> None:
    """Extract the seed article now if no worker has yet, so its claims can be reviewed in the same run.
    A worker given the same article later skips it: it is no longer queued."""
    if article.status in (Article.Status.QUEUED, Article.Status.RUNNING):
        articles_extract_run(article_ids=[article.pk])
        article.refresh_from_db()


def demo_reviews_record(*, article: Article) -> DemoReviews:
    """Record demo.DEMO_REVIEWS on the article's claims as the demo editor's decisions. Converges: a claim an
    earlier run (or anyone) decided is left alone, so running it again changes nothing."""
    editor = demo_editor_ensure()
    demo_article_extract(article=article)
    outcome = DemoReviews()
    claims = list(Claim.objects.filter(article=article).order_by("content_start", "id"))
    for review in demo.DEMO_REVIEWS:
        claim = next((c for c in claims if review["content"] in c.content_text), None)
        if claim is None:
            outcome.missing.append(review["content"])
            continue
        if claim.status != Claim.Status.PENDING:
            outcome.already += 1
            continue
        if review["decision"] == "approve":
            actor = Actor.objects.get(slug=review["actor"])
            claim_approve(claim_id=claim.pk, editor=editor, changes={"actor": actor})
            outcome.approved += 1
        else:
            claim_reject(claim_id=claim.pk, editor=editor, reason=review.get("reason", ""))
            outcome.rejected += 1
    if outcome.missing:
        logger.warning("Demo reviews without a claim on the seed article: %s", "; ".join(outcome.missing))
    return outcome
