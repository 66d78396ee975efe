"""Editors' topic pages, mounted under /topics/manage/ (before the public /topics/<slug>/ pages)."""

from django.urls import path

from claims.views import topics

urlpatterns = [
    path("", topics.topic_manage_list, name="topic-manage"),
    path("new/", topics.topic_new, name="topic-new"),
    path("new/preview/", topics.topic_preview_view, name="topic-preview-new"),
    path("rerun/", topics.topics_rerun, name="topics-rerun"),
    path("<int:pk>/", topics.topic_edit, name="topic-edit"),
    path("<int:pk>/preview/", topics.topic_preview_view, name="topic-preview-edit"),
]
