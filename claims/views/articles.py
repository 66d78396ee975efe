"""Editors' article pages: the ingest form, the list with each article's extraction status, and retry."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from claims.forms.articles import ArticleIngestForm
from claims.models import Article
from claims.permissions import user_can_ingest
from claims.selectors.pipeline import article_list_for_editors, pipeline_status_get
from claims.services.articles import ArticleRejected, article_ingest
from claims.services.requeue import article_extraction_retry

View = Callable[..., HttpResponse]
# Form fields the service's rejections point at.
_FIELD_OF = {"text": "text", "file": "file", "url": "url", "published_on": "published_on"}


def ingest_required(view: View) -> View:
    """Anonymous visitors are sent to log in; logged-in users without the ingest permission get a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user_can_ingest(request.user):
            raise PermissionDenied("Only editors can ingest articles.")
        return view(request, *args, **kwargs)

    return wrapper


@ingest_required
def article_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    page = Paginator(article_list_for_editors(status=status), 50).get_page(request.GET.get("page"))
    for article in page:
        article.review_url = _review_url(article.pk)
    return render(
        request,
        "articles/article_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Article.Status.choices,
            "pipeline": pipeline_status_get(),
        },
    )


@ingest_required
def article_new(request: HttpRequest) -> HttpResponse:
    form = ArticleIngestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            result = article_ingest(
                text=None if upload else data["text"],
                data=upload.read() if upload else None,
                filename=upload.name if upload else None,
                content_type=upload.content_type if upload else None,
                title=data["title"],
                outlet=data["outlet"],
                url=data["url"] or None,
                published_on=data["published_on"],
                submitted_by=request.user,
            )
        except ArticleRejected as exc:
            form.add_error(_FIELD_OF.get(exc.field or "", None), exc.message)
        else:
            article = result.article
            if result.created:
                messages.success(request, _stored_message(article))
            else:
                messages.info(request, f"This article is already stored as “{article.title}”; nothing was added.")
            return redirect(f"{reverse('article-list')}#article-{article.pk}")
    return render(request, "articles/article_new.html", {"form": form}, status=400 if form.errors else 200)


def _stored_message(article: Article) -> str:
    """What became of a new article: with no broker, extraction has already run by the time the page answers."""
    article.refresh_from_db(fields=["status", "extraction_error"])
    if article.status == Article.Status.DONE:
        found = article.claims.count()
        return f"“{article.title}” was stored and read: {found} candidate claim{pluralize(found)} to review."
    if article.status == Article.Status.FAILED:
        return f"“{article.title}” was stored, but extraction failed: {article.extraction_error}"
    return f"“{article.title}” was stored; its claims are being extracted."


@require_POST
@ingest_required
def article_retry(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    if article_extraction_retry(article=article):
        messages.success(request, f"“{article.title}” was sent to extraction again.")
    else:
        messages.info(request, f"“{article.title}” has not failed; nothing to retry.")
    return redirect(f"{reverse('article-list')}#article-{article.pk}")


def _review_url(pk: int) -> str | None:
    """The reviewer's page for the article, when the review pages are installed."""
    try:
        return reverse("review-article", kwargs={"pk": pk})
    except NoReverseMatch:
        return None
