from django.urls import path

from claims.views import articles

urlpatterns = [
    path("articles/", articles.article_list, name="article-list"),
    path("articles/new/", articles.article_new, name="article-new"),
    path("articles/<int:pk>/retry/", articles.article_retry, name="article-retry"),
]
