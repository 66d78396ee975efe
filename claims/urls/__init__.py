"""URLs of the claims app, one module per area: editors' topic pages, analyst pages, articles and ingest, review,
models, REST API."""

from django.urls import include, path

urlpatterns = [
    path("topics/manage/", include("claims.urls.topics")),
    path("", include("claims.urls.analyst")),
    path("", include("claims.urls.articles")),
    path("review/", include("claims.urls.review")),
    path("models/", include("claims.urls.models")),
    path("api/", include("claims.urls.api")),
]
