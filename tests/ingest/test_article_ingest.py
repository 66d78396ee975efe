"""article_ingest: one door for every way an article arrives."""

import datetime as dt

import pytest
from django.utils import timezone

from claims.models import Article
from claims.services.articles import ArticleRejected, article_ingest
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

TEXT = "Dmitry Peskov said on Tuesday that Russia was ready to negotiate.\n\nHe added nothing else."


def rejected(**kwargs) -> ArticleRejected:
    with pytest.raises(ArticleRejected) as info:
        article_ingest(**kwargs)
    assert Article.objects.count() == 0, "a rejected input stores nothing"
    return info.value


def test_it_stores_a_pasted_text_as_a_queued_article(editor):
    result = article_ingest(
        text=TEXT,
        title="Peskov on talks",
        outlet="Example News",
        url="https://example.org/peskov",
        published_on=dt.date(2023, 12, 7),
        submitted_by=editor,
    )
    assert result.created
    article = Article.objects.get()
    assert article == result.article
    assert article.status == Article.Status.QUEUED
    assert article.text == TEXT
    assert (article.title, article.outlet, article.url) == (
        "Peskov on talks",
        "Example News",
        "https://example.org/peskov",
    )
    assert article.published_on == dt.date(2023, 12, 7)
    assert article.submitted_by == editor
    assert article.word_count == len(TEXT.split())


def test_it_queues_extraction_only_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        article_ingest(text=TEXT)
    assert len(callbacks) == 1


def test_it_normalises_before_hashing_so_spacing_and_entities_do_not_make_a_new_article():
    first = article_ingest(text="Peskov  said &quot;yes&quot;.\r\n\r\n\r\nCafe\u0301 talks.")
    second = article_ingest(text='Peskov said "yes".\n\nCafé talks.')
    assert first.article.text == 'Peskov said "yes".\n\nCafé talks.'
    assert not second.created
    assert second.article == first.article
    assert Article.objects.count() == 1


def test_a_duplicate_by_url_returns_the_existing_article(django_capture_on_commit_callbacks):
    first = article_ingest(text=TEXT, url="https://example.org/a")
    with django_capture_on_commit_callbacks() as callbacks:
        again = article_ingest(text=TEXT + " Updated.", url="https://example.org/a")
    assert not again.created
    assert again.article.pk == first.article.pk
    assert callbacks == [], "a duplicate queues nothing"
    assert Article.objects.count() == 1


def test_it_reduces_an_uploaded_html_page_to_its_article_text():
    html = (
        "<html><head><title>Talks resume</title><script>var x = 1;</script></head><body>"
        "<nav>Home | World | Sport</nav><article><h1>Talks resume</h1>"
        "<p>Dmitry Peskov said on Tuesday that Russia was ready to negotiate with Ukraine on the conflict.</p>"
        "<p>&ldquo;We prefer political and diplomatic means,&rdquo; he added in a long interview.</p>"
        "</article><footer>Copyright Example News</footer></body></html>"
    )
    result = article_ingest(data=html.encode(), filename="talks.html")
    text = result.article.text
    assert "Dmitry Peskov said on Tuesday" in text
    assert "\u201cWe prefer political and diplomatic means,\u201d he added" in text
    assert "var x" not in text
    assert "<p>" not in text
    assert result.article.title == "Talks resume"


def test_it_falls_back_to_plain_html_parsing_for_a_fragment():
    result = article_ingest(text="<p>Short &amp; sweet.</p><p>Second.</p>", content_type="text/html")
    assert result.article.text.split() == ["Short", "&", "sweet.", "Second."]


def test_it_takes_a_title_from_the_first_line_when_none_is_given():
    title = article_ingest(text=TEXT).article.title
    assert title == "Dmitry Peskov said on Tuesday that Russia was ready to negotiate."


def test_it_takes_the_outlet_from_the_source_feed():
    source = SourceFactory(outlet="Feed Outlet")
    assert article_ingest(text=TEXT, source=source).article.outlet == "Feed Outlet"


def test_it_accepts_a_utf8_file_with_a_byte_order_mark():
    result = article_ingest(data=b"\xef\xbb\xbf" + TEXT.encode(), filename="a.txt")
    assert result.article.text == TEXT


@pytest.mark.parametrize("text", ["", "   \n\n\t ", "&nbsp;\u200b"])
def test_it_rejects_empty_text(text):
    assert rejected(text=text).code == "empty"


def test_it_rejects_a_request_with_no_text_or_file():
    error = rejected(title="Only a title")
    assert (error.code, error.field) == ("missing_field", "text")


def test_it_rejects_text_and_file_together():
    assert rejected(text=TEXT, data=b"x", filename="a.txt").code == "conflict"


def test_it_rejects_text_over_the_size_limit(settings):
    settings.ARTICLE_MAX_BYTES = 100
    assert rejected(text="é" * 51).code == "too_large"  # 102 bytes in UTF-8
    assert rejected(data=b"a" * 101, filename="a.txt").code == "too_large"
    assert article_ingest(text="é" * 50).created


def test_it_rejects_a_file_that_is_not_utf8_naming_the_byte_offset():
    error = rejected(data=b"Peskov said " + b"\xff\xfe more", filename="a.txt")
    assert error.code == "not_utf8"
    assert error.byte_offset == 12
    assert "byte 12" in str(error)


def test_it_decodes_an_html_file_in_the_charset_it_declares():
    html = '<html><head><meta charset="windows-1252"></head><body><p>Caf\xe9 talks, said Peskov.</p></body></html>'
    result = article_ingest(data=html.encode("cp1252"), filename="a.html")
    assert "Café talks" in result.article.text


def test_it_rejects_binary_data_with_the_offset_of_the_first_nul_byte():
    error = rejected(data=b"abc\x00def", filename="a.txt")
    assert (error.code, error.byte_offset) == ("binary", 3)
    assert rejected(text="é\x00").byte_offset == 2


def test_it_recognises_a_pdf_uploaded_as_text():
    error = rejected(data=b"%PDF-1.7\n...", filename="article.txt")
    assert error.code == "binary"
    assert "PDF" in str(error)


@pytest.mark.parametrize(
    ("filename", "content_type"), [("article.docx", None), ("article.pdf", "application/pdf"), (None, "image/png")]
)
def test_it_rejects_unsupported_file_types(filename, content_type):
    assert rejected(data=b"text", filename=filename, content_type=content_type).code == "unsupported_type"


def test_it_rejects_a_published_date_more_than_a_day_ahead():
    today = timezone.localdate()
    assert rejected(text=TEXT, published_on=today + dt.timedelta(days=2)).code == "future_date"
    assert article_ingest(text=TEXT, published_on=today + dt.timedelta(days=1)).created


@pytest.mark.parametrize("url", ["ftp://example.org/a", "not a url", "javascript:alert(1)"])
def test_it_rejects_urls_that_are_not_http(url):
    assert rejected(text=TEXT, url=url).code == "invalid_url"


def test_the_rejection_carries_a_machine_readable_form():
    error = rejected(data=b"ok\xc3", filename="a.txt")
    assert error.as_dict() == {"code": "not_utf8", "detail": str(error), "field": "file", "byte_offset": 2}


def test_a_broker_outage_leaves_the_article_stored_and_queued(monkeypatch, django_capture_on_commit_callbacks, caplog):
    from kombu.exceptions import OperationalError

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr("claims.tasks.articles_extract.apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        result = article_ingest(text=TEXT)
    assert result.created
    assert Article.objects.get().status == Article.Status.QUEUED
    assert "the sweeper will" in caplog.text
