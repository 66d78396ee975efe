"""Reads behind the REST API. Every list is one query per page; nothing here writes."""

from __future__ import annotations

from typing import Any, TypeAlias

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import F, Prefetch, QuerySet

from actors.models import Actor
from claims.models import Article, Claim, Statement, Topic
from claims.permissions import user_is_editor

# What the Statement JSON shows; an article's text (megabytes, maybe) and the search vector stay in the database.
STATEMENT_API_COLUMNS = (
    *("id", "text", "kind", "said_on", "date_precision", "stance", "start", "end", "approved_at", "updated_at"),
    *("actor__slug", "actor__name", "actor__wikidata_id", "topic__slug", "topic__name"),
    *("article_id", "article__title", "article__url", "article__outlet", "article__published_on"),
)
CLAIM_API_DEFERRED = ("article__text", "rationale")

# Statement rows: dicts keyed by STATEMENT_API_COLUMNS.
StatementRows: TypeAlias = "QuerySet[Statement, dict[str, Any]]"


# Built once: setting up twenty columns across three joins cost more CPU than cloning the finished query. Never
# evaluated itself (its result cache would go stale), only cloned by statement_rows_api.
_STATEMENT_ROWS = Statement.objects.values(*STATEMENT_API_COLUMNS)


def statement_rows_api() -> StatementRows:
    """Every statement (statements are approved by definition) as the row its JSON is made from, joined in one query.

    Rows rather than model instances: a page of 50 statements would otherwise build 200 model objects only to read
    twenty attributes from them, which was the largest single cost of a page.
    """
    return _STATEMENT_ROWS.all()


def actor_list_api() -> QuerySet[Actor]:
    return Actor.objects.all()


def topic_list_api() -> QuerySet[Topic]:
    return Topic.objects.all()


def claim_list_api(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Claim]:
    """Claims as `user` may see them: every claim for editors, only approved ones for anyone else.

    Anyone else asking for a pending or rejected claim then gets a 404, exactly as for an id that does not exist.
    """
    claims = (
        Claim.objects.select_related("article", "actor", "topic")
        .defer(*CLAIM_API_DEFERRED)
        .annotate(statement_pk=F("statement__id"))
    )
    if not user_is_editor(user):
        claims = claims.filter(status=Claim.Status.APPROVED)
    return claims


def article_detail_api(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Article]:
    """Articles with the claims `user` may see prefetched as `visible_claims` (two queries for one article)."""
    claims = claim_list_api(user=user).select_related(None).select_related("actor", "topic").order_by("content_start")
    return Article.objects.defer("text").prefetch_related(Prefetch("claims", queryset=claims, to_attr="visible_claims"))
