from django.urls import path

from claims.views import analyst

urlpatterns = [
    path("", analyst.home, name="home"),
    path("topics/<slug:slug>/", analyst.topic_detail, name="topic-detail"),
    path("statements/<int:pk>/", analyst.statement_detail, name="statement-detail"),
]
