from django.urls import path

from claims.feeds import TopicFeed
from claims.views import analyst

urlpatterns = [
    path("", analyst.home, name="home"),
    path("search/", analyst.search, name="search"),
    path("compare/", analyst.compare, name="compare"),
    path("topics/<slug:slug>/", analyst.topic_detail, name="topic-detail"),
    path("topics/<slug:slug>/feed/", TopicFeed(), name="topic-feed"),
    path("statements/<int:pk>/", analyst.statement_detail, name="statement-detail"),
    path("statements/export.<str:fmt>", analyst.export, name="statement-export"),
]
