"""The REST API under /api/. Lists end in a slash; actions and the export do not, as documented in the schema."""

from django.urls import URLPattern, URLResolver, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from claims.api import editor, export, views
from claims.api.errors import api_not_found

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.ApiRoot.as_view(), name="api-root"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its init script as a file (?script): the CSP allows no inline scripts.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
    path("actors/", views.ActorList.as_view(), name="api-actor-list"),
    path("actors/<slug:slug>/", views.ActorDetail.as_view(), name="api-actor-detail"),
    path("actors/<slug:slug>/statements/", views.ActorStatementList.as_view(), name="api-actor-statements"),
    path("topics/", views.TopicList.as_view(), name="api-topic-list"),
    path("statements/", views.StatementList.as_view(), name="api-statement-list"),
    path("statements/export", export.StatementExport.as_view(), name="api-statement-export"),
    path("statements/<int:pk>/", views.StatementDetail.as_view(), name="api-statement-detail"),
    path("claims/<int:pk>/", views.ClaimDetail.as_view(), name="api-claim-detail"),
    path("claims/", editor.ClaimList.as_view(), name="api-claim-list"),
    path("claims/<int:pk>/approve", editor.ClaimApprove.as_view(), name="api-claim-approve"),
    path("claims/<int:pk>/reject", editor.ClaimReject.as_view(), name="api-claim-reject"),
    path("articles/", editor.ArticleCreate.as_view(), name="api-article-create"),
    path("articles/<int:pk>/", editor.ArticleDetail.as_view(), name="api-article-detail"),
    re_path(r"^", api_not_found),  # anything else under /api/, newlines and all
]
