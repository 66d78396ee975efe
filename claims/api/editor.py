"""Editor endpoints: the review queue, claim decisions, statement edits, article submission and status.

Each view validates its input, checks permissions, calls one service, and renders; the services own the rules.
"""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import generics

from claims.api.base import ApiViewMixin
from claims.api.filters import ClaimFilter
from claims.api.pagination import NewestFirstPagination
from claims.api.permissions import CanIngest, IsEditor
from claims.api.serializers import ArticleSerializer, ClaimSerializer
from claims.models import Article, Claim
from claims.selectors.api import article_detail_api, claim_list_api


class ClaimList(ApiViewMixin, generics.ListAPIView):
    """Candidate claims, newest first. Filter by status, article id and actor slug."""

    serializer_class = ClaimSerializer
    pagination_class = NewestFirstPagination
    filterset_class = ClaimFilter
    permission_classes = [IsEditor]

    def get_queryset(self) -> QuerySet[Claim]:
        return claim_list_api(user=self.request.user)


class ArticleDetail(ApiViewMixin, generics.RetrieveAPIView):
    """An article's extraction status and its claims: all of them for editors, the approved ones for submitters."""

    serializer_class = ArticleSerializer
    permission_classes = [CanIngest]

    def get_queryset(self) -> QuerySet[Article]:
        return article_detail_api(user=self.request.user)
