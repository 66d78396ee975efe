"""Editor endpoints: the review queue, claim decisions, statement edits, article submission and status.

Each view validates its input, checks permissions, calls one service, and renders; the services own the rules, and
their exceptions become HTTP statuses in claims.api.errors (409 for a claim already decided, 413 for a large article).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api.base import ApiViewMixin, validated
from claims.api.filters import ClaimFilter
from claims.api.inputs import ArticleInput, ArticleTextInput, ClaimApproveInput, ClaimRejectInput
from claims.api.pagination import NewestFirstPagination
from claims.api.permissions import CanIngest, IsEditor
from claims.api.serializers import ArticleIngestedSerializer, ArticleSerializer, ClaimSerializer, StatementSerializer
from claims.models import Article, Claim
from claims.selectors.api import article_detail_api, claim_list_api, statement_rows_api
from claims.services.articles import article_ingest
from claims.services.review import claim_approve, claim_reject


class ClaimList(ApiViewMixin, generics.ListAPIView):
    """Candidate claims, newest first. Filter by status, article id and actor slug."""

    serializer_class = ClaimSerializer
    pagination_class = NewestFirstPagination
    filterset_class = ClaimFilter
    permission_classes = [IsEditor]

    def get_queryset(self) -> QuerySet[Claim]:
        return claim_list_api(user=self.request.user)


class ClaimApprove(ApiViewMixin, APIView):
    """Approve a pending claim, with optional corrections; answers with the new statement."""

    permission_classes = [IsEditor]
    parser_classes = [JSONParser]  # a JSON body: a form cannot say null, nor tell a number from text

    @extend_schema(request=ClaimApproveInput, responses={201: StatementSerializer})
    def post(self, request: Request, pk: int) -> Response:
        changes = validated(ClaimApproveInput, request.data)
        statement = claim_approve(claim_id=pk, editor=request.user, changes=changes)
        body = StatementSerializer(statement_rows_api().get(pk=statement.pk), context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})


class ClaimReject(ApiViewMixin, APIView):
    """Reject a pending claim, with an optional reason."""

    permission_classes = [IsEditor]
    parser_classes = [JSONParser]  # a JSON body: a form cannot say null, nor tell a number from text

    @extend_schema(request=ClaimRejectInput, responses={200: ClaimSerializer})
    def post(self, request: Request, pk: int) -> Response:
        reason = validated(ClaimRejectInput, request.data)["reason"]
        claim = claim_reject(claim_id=pk, editor=request.user, reason=reason)
        fresh = claim_list_api(user=request.user).get(pk=claim.pk)
        return Response(ClaimSerializer(fresh, context={"request": request}).data)


class ArticleCreate(ApiViewMixin, APIView):
    """Submit an article for extraction: 201 for a new one, 200 with the existing one for a duplicate.

    JSON or form fields, or multipart with `file`. Follow `status_url` for the extraction status and the claims.
    """

    permission_classes = [CanIngest]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        request={
            "application/json": ArticleTextInput,
            "application/x-www-form-urlencoded": ArticleTextInput,
            "multipart/form-data": ArticleInput,
        },
        responses={
            201: OpenApiResponse(ArticleIngestedSerializer, description="Stored and queued for extraction."),
            200: OpenApiResponse(ArticleIngestedSerializer, description="Already there (same URL or same text)."),
        },
    )
    def post(self, request: Request) -> Response:
        # Only a multipart body can carry a file.
        is_multipart = (request.content_type or "").startswith("multipart/form-data")
        data = validated(ArticleInput if is_multipart else ArticleTextInput, request.data)
        upload = data.get("file")
        result = article_ingest(
            text=data.get("text"),
            # One byte past the limit is enough for the service to say the file is too large.
            data=upload.read(settings.ARTICLE_MAX_BYTES + 1) if upload else None,
            filename=upload.name if upload else None,
            content_type=data.get("content_type") or (upload.content_type if upload else None),
            title=data["title"],
            outlet=data["outlet"],
            url=data["url"] or None,
            published_on=data["published_on"],
            submitted_by=request.user,
        )
        article = article_detail_api(user=request.user).get(pk=result.article.pk)
        body: dict[str, Any] = {**ArticleSerializer(article, context={"request": request}).data}
        body["created"] = result.created
        if result.created:
            return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["status_url"]})
        return Response(body)


class ArticleDetail(ApiViewMixin, generics.RetrieveAPIView):
    """An article's extraction status and its claims: all of them for editors, the approved ones for submitters."""

    serializer_class = ArticleSerializer
    permission_classes = [CanIngest]

    def get_queryset(self) -> QuerySet[Article]:
        return article_detail_api(user=self.request.user)
