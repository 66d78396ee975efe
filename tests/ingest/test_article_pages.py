"""The editors' article pages: ingest form, list with extraction status, retry."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Article
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

TEXT = "Dmitry Peskov said that Russia was ready to negotiate with Ukraine."


@pytest.fixture(autouse=True)
def no_extraction(monkeypatch):
    """These tests are about the pages; extraction is tested elsewhere."""
    sent = []
    monkeypatch.setattr("claims.services.articles.articles_enqueue", lambda *, article_ids: sent.append(article_ids))
    return sent


def form_data(**changes):
    data = {"title": "Peskov on talks", "outlet": "Example News", "url": "", "published_on": "2023-12-07", "text": TEXT}
    data.update(changes)
    return data


def test_only_editors_may_see_or_use_the_article_pages(personas):
    failed = ArticleFactory(status=Article.Status.FAILED)
    pages = [
        ("get", reverse("article-list"), {}),
        ("get", reverse("article-new"), {}),
        ("post", reverse("article-new"), form_data()),
        ("post", reverse("article-retry", args=[failed.pk]), {}),
    ]
    for method, url, data in pages:
        anonymous = getattr(personas["anonymous"], method)(url, data)
        assert anonymous.status_code == 302
        assert anonymous.url.startswith(reverse("login"))
        assert getattr(personas["outsider"], method)(url, data).status_code == 403
    assert personas["editor"].get(reverse("article-list")).status_code == 200
    assert Article.objects.count() == 1
    failed.refresh_from_db()
    assert failed.status == Article.Status.FAILED


def test_it_stores_a_pasted_article_and_says_so(
    editor_client, editor, no_extraction, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("article-new"), form_data(url="https://example.org/a"), follow=True)
    article = Article.objects.get()
    assert (article.title, article.outlet, article.url) == ("Peskov on talks", "Example News", "https://example.org/a")
    assert article.published_on == dt.date(2023, 12, 7)
    assert article.submitted_by == editor
    assert no_extraction == [[article.pk]]
    assert "its claims are being extracted" in response.content.decode()


def test_it_stores_an_uploaded_html_file(editor_client):
    page = b"<html><body><article><p>Dmitry Peskov said that Russia was ready to negotiate.</p></article></body></html>"
    upload = SimpleUploadedFile("story.html", page, content_type="text/html")
    editor_client.post(reverse("article-new"), form_data(text="", file=upload))
    assert Article.objects.get().text == "Dmitry Peskov said that Russia was ready to negotiate."


def test_a_duplicate_is_reported_and_not_stored_again(editor_client):
    editor_client.post(reverse("article-new"), form_data())
    response = editor_client.post(reverse("article-new"), form_data(title="Another title"), follow=True)
    assert "already stored" in response.content.decode()
    assert Article.objects.count() == 1


def test_a_file_that_is_not_utf8_is_refused_with_its_byte_offset(editor_client):
    upload = SimpleUploadedFile("story.txt", b"Peskov \xff said", content_type="text/plain")
    response = editor_client.post(reverse("article-new"), form_data(text="", file=upload))
    assert response.status_code == 400
    assert "byte 7" in response.content.decode()
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"text": ""}, "Paste the article&#x27;s text or upload a file."),
        ({"title": ""}, "This field is required."),
        ({"published_on": "2999-01-01"}, "more than a day in the future"),
        ({"text": " \n "}, "Paste the article&#x27;s text or upload a file."),
        ({"text": "&nbsp;"}, "The article has no text."),
    ],
)
def test_bad_input_is_refused_with_a_clear_error(editor_client, changes, message):
    response = editor_client.post(reverse("article-new"), form_data(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Article.objects.count() == 0


def test_an_unsupported_file_is_refused(editor_client):
    upload = SimpleUploadedFile("story.docx", b"PK\x03\x04...", content_type="application/octet-stream")
    response = editor_client.post(reverse("article-new"), form_data(text="", file=upload))
    assert "Unsupported file type" in response.content.decode()


def test_the_list_shows_status_claim_counts_errors_and_a_retry_button_for_failed_articles(editor_client):
    done = ArticleFactory(title="Done one", status=Article.Status.DONE)
    ClaimFactory.create_batch(
        2, article=done, cue_fragment="said", content_fragment="that Russia was ready to negotiate"
    )
    failed = ArticleFactory(title="Broken one", status=Article.Status.FAILED, extraction_error="ValueError: boom")
    queued = ArticleFactory(title="Waiting one", status=Article.Status.QUEUED)
    html = editor_client.get(reverse("article-list")).content.decode()
    assert "Done one" in html
    assert "ValueError: boom" in html
    assert "Waiting one" in html
    assert html.count(">Retry</button>") == 1
    assert reverse("article-retry", args=[failed.pk]) in html
    row = html[html.index(f'id="article-{done.pk}"') :]
    assert "<td>2" in row[: row.index("</tr>")]
    only_failed = editor_client.get(reverse("article-list"), {"status": "failed"}).content.decode()
    assert "Broken one" in only_failed
    assert "Waiting one" not in only_failed
    assert queued.pk


def test_the_list_links_each_article_to_the_reviewers_article_page_when_it_exists(editor_client):
    article = ArticleFactory()
    html = editor_client.get(reverse("article-list")).content.decode()
    try:
        review_url = reverse("review-article", kwargs={"pk": article.pk})
    except Exception:
        pytest.skip("the review pages are not installed")
    assert f'href="{review_url}"' in html


def test_article_titles_and_errors_are_escaped(editor_client):
    ArticleFactory(title="<script>alert(1)</script>", status=Article.Status.FAILED, extraction_error="<b>x</b>")
    html = editor_client.get(reverse("article-list")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>x</b>" not in html


def test_retry_sends_a_failed_article_to_extraction_again(editor_client, django_capture_on_commit_callbacks):
    failed = ArticleFactory(status=Article.Status.FAILED, extraction_attempts=3, extraction_error="boom")
    with django_capture_on_commit_callbacks() as callbacks:
        response = editor_client.post(reverse("article-retry", args=[failed.pk]), follow=True)
    assert "sent to extraction again" in response.content.decode()
    assert len(callbacks) == 1
    failed.refresh_from_db()
    assert (failed.status, failed.extraction_attempts, failed.extraction_error) == ("queued", 0, "")


def test_retry_is_a_post_only_action(editor_client):
    failed = ArticleFactory(status=Article.Status.FAILED)
    assert editor_client.get(reverse("article-retry", args=[failed.pk])).status_code == 405


def test_the_list_costs_the_same_queries_for_one_article_or_fifty(editor_client, django_assert_num_queries):
    ArticleFactory()
    editor_client.get(reverse("article-list"))  # warm the session
    for _ in range(49):
        ArticleFactory()
    # session, user, user permissions, group permissions, page count, the page with claim counts,
    # articles by status, claims by status, oldest queued and last finished, the pending count beside Review
    with django_assert_num_queries(10):
        response = editor_client.get(reverse("article-list"))
    assert len(response.context["page"].object_list) == 50
