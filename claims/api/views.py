"""Public read endpoints: actors, topics, statements and approved claims. Anonymous, throttled, conditional."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from actors.models import Actor
from claims.api.base import ApiViewMixin, validated
from claims.api.filters import ActorFilter, ActorStatementFilter, StatementFilter, statement_criteria
from claims.api.inputs import StatementEditInput
from claims.api.pagination import SlugCursorPagination, StatementCursorPagination
from claims.api.permissions import EditorWrites
from claims.api.serializers import ActorSerializer, ClaimSerializer, StatementSerializer, TopicSerializer
from claims.models import Claim, Topic
from claims.selectors.api import (
    StatementCriteria,
    StatementRows,
    actor_list_api,
    claim_list_api,
    statement_rows_api,
    topic_list_api,
)
from claims.services.review import statement_edit


class ApiRoot(ApiViewMixin, APIView):
    """The entry points of the OnRecord API."""

    @extend_schema(exclude=True)
    def get(self, request: Request, format: str | None = None) -> Response:  # noqa: A002 (DRF's name)
        names = {
            "actors": "api-actor-list",
            "topics": "api-topic-list",
            "statements": "api-statement-list",
            "statements_export": "api-statement-export",
            "claims": "api-claim-list",
            "articles": "api-article-create",
            "schema": "api-schema",
            "docs": "api-docs",
        }
        return Response({key: reverse(name, request=request) for key, name in names.items()})


class ActorList(ApiViewMixin, generics.ListAPIView):
    """Actors, by slug. `q` searches names and aliases; `kind` is person or organisation."""

    serializer_class = ActorSerializer
    pagination_class = SlugCursorPagination
    filterset_class = ActorFilter

    def get_queryset(self) -> QuerySet[Actor]:
        return actor_list_api()


class ActorDetail(ApiViewMixin, generics.RetrieveAPIView):
    serializer_class = ActorSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Actor]:
        return actor_list_api()


class TopicList(ApiViewMixin, generics.ListAPIView):
    serializer_class = TopicSerializer
    pagination_class = SlugCursorPagination

    def get_queryset(self) -> QuerySet[Topic]:
        return topic_list_api()


class StatementList(ApiViewMixin, generics.ListAPIView):
    """Approved statements, ordered by (said_on, id); undated statements come last. Filters combine with AND."""

    serializer_class = StatementSerializer
    pagination_class = StatementCursorPagination
    filterset_class = StatementFilter

    def get_queryset(self) -> StatementRows:
        return statement_rows_api()  # for the schema; pages are read by list() below

    def get_criteria(self) -> StatementCriteria:
        return statement_criteria(self.filterset_class, self.request)

    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        # The filter set validates the parameters; the page is one hand-written query (the API's hot path).
        page = self.paginator.paginate_statements(self.get_criteria(), request)
        return self.paginator.get_paginated_response(self.get_serializer(page, many=True).data)


class ActorStatementList(StatementList):
    """One actor's statements, with the same filters and order as the statement list."""

    filterset_class = ActorStatementFilter

    def get_criteria(self) -> StatementCriteria:
        actor_id = get_object_or_404(actor_list_api().values_list("id", flat=True), slug=self.kwargs["slug"])
        return statement_criteria(self.filterset_class, self.request, actor_ids=(actor_id,))


class StatementDetail(ApiViewMixin, generics.RetrieveAPIView):
    """A statement. Editors may correct it with PATCH; the change is recorded in its history."""

    serializer_class = StatementSerializer
    permission_classes = [EditorWrites]
    parser_classes = [JSONParser]  # a JSON body: a form cannot say null (to clear a date or a topic)

    def get_queryset(self) -> StatementRows:
        return statement_rows_api()

    @extend_schema(request=StatementEditInput, responses={200: StatementSerializer})
    def patch(self, request: Request, pk: int) -> Response:
        changes = validated(StatementEditInput, request.data)
        statement_edit(statement_id=pk, editor=request.user, changes=changes)
        return Response(self.get_serializer(self.get_object()).data)


class ClaimDetail(ApiViewMixin, generics.RetrieveAPIView):
    """A claim: editors see any; everyone else sees approved claims only, and a 404 for the rest."""

    serializer_class = ClaimSerializer

    def get_queryset(self) -> QuerySet[Claim]:
        return claim_list_api(user=self.request.user)
