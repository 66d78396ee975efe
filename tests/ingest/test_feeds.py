"""Feeds: a Source's RSS/Atom entries are fetched from a local HTTP server, reduced to text and ingested."""

import datetime as dt
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from claims.models import Article, Source
from claims.services.feeds import FeedUnavailable, source_poll_run, sources_poll_due_run
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

PAGE = """<html><head><title>{title} | Example News</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>
<p>{body}</p>
<p>The statement came a day after talks in Geneva ended without an agreement, officials said.</p>
</article>
<aside>Most read: celebrity gossip you cannot miss</aside>
<footer>Copyright 2023 Example News</footer></body></html>"""

PESKOV = "Kremlin spokesman Dmitry Peskov said on Tuesday that Russia was ready to negotiate with Ukraine."
SCHUMER = "Chuck Schumer told reporters that the Senate would pass more military aid for Ukraine this week."


class FeedSite:
    """A tiny news site on 127.0.0.1: feeds and pages by path, with request counting and ETag support."""

    def __init__(self):
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        self.requests: list[tuple[str, str | None]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                site.requests.append((self.path, self.headers.get("If-None-Match")))
                status, content_type, body = site.routes.get(self.path, (404, "text/plain", b"not found"))
                if status == 200 and self.headers.get("If-None-Match") == '"v1"' and self.path.endswith(".xml"):
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                if self.path.endswith(".xml"):
                    self.send_header("ETag", '"v1"')
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def page(self, path: str, title: str, body: str) -> str:
        self.routes[path] = (200, "text/html; charset=utf-8", PAGE.format(title=title, body=body).encode())
        return self.url + path

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    site = FeedSite()
    yield site
    site.close()


@pytest.fixture
def sent(monkeypatch):
    batches = []
    monkeypatch.setattr("claims.services.feeds.articles_enqueue", lambda *, article_ids: batches.append(article_ids))
    return batches


def rss(*items: tuple[str, str, str]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>"
        f"<description>Summary of {title}</description></item>"
        for title, link, date in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Example News</title>'
        f"<link>http://127.0.0.1/</link><description>News</description>{entries}</channel></rss>"
    ).encode()


def test_a_poll_ingests_each_new_entry_with_its_page_text(site, sent):
    talks = site.page("/talks", "Talks", PESKOV)
    aid = site.page("/aid", "Aid", SCHUMER)
    site.routes["/feed.xml"] = (
        200,
        "application/rss+xml",
        rss(
            ("Peskov: ready to talk", talks, "Tue, 05 Dec 2023 10:00:00 GMT"),
            ("Schumer on aid", aid, "Wed, 06 Dec 2023 18:30:00 GMT"),
        ),
    )
    source = SourceFactory(feed_url=site.url + "/feed.xml", outlet="Example News")

    result = source_poll_run(source_id=source.pk)

    assert (result.created, result.duplicates, result.rejected) == (2, 0, 0)
    article = Article.objects.get(url=talks)
    assert article.title == "Peskov: ready to talk"
    assert PESKOV in article.text
    assert "Geneva" in article.text
    assert "celebrity gossip" not in article.text, "trafilatura keeps the article, not the page furniture"
    assert "Home" not in article.text
    assert article.published_on == dt.date(2023, 12, 5)
    assert article.published_at == dt.datetime(2023, 12, 5, 10, tzinfo=dt.UTC)
    assert (article.source, article.outlet, article.status) == (source, "Example News", Article.Status.QUEUED)
    assert sent == [result.article_ids], "queued together, as one batch"
    source.refresh_from_db()
    assert source.last_polled_at is not None
    assert (source.etag, source.last_error) == ('"v1"', "")


def test_a_second_poll_stores_nothing_twice(site, sent):
    talks = site.page("/talks", "Talks", PESKOV)
    site.routes["/feed.xml"] = (200, "application/rss+xml", rss(("Talks", talks, "Tue, 05 Dec 2023 10:00:00 GMT")))
    source = SourceFactory(feed_url=site.url + "/feed.xml")
    source_poll_run(source_id=source.pk)
    Source.objects.filter(pk=source.pk).update(etag="")  # make the server send the feed again
    again = source_poll_run(source_id=source.pk)
    assert (again.created, again.duplicates) == (0, 1)
    assert Article.objects.count() == 1
    assert [path for path, _ in site.requests].count("/talks") == 1, "a known URL is not fetched again"


def test_an_unchanged_feed_is_not_downloaded_again(site, sent):
    site.routes["/feed.xml"] = (200, "application/rss+xml", rss())
    source = SourceFactory(feed_url=site.url + "/feed.xml")
    source_poll_run(source_id=source.pk)
    source_poll_run(source_id=source.pk)
    assert site.requests[-1] == ("/feed.xml", '"v1"')


def test_it_reads_atom_feeds_and_uses_the_entry_content_when_the_page_is_gone(site, sent):
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:wire</id><updated>2023-12-06T00:00:00Z</updated>
<entry><title>Gone page</title><id>urn:1</id><link href="{site.url}/gone"/><updated>2023-12-06T08:00:00Z</updated>
<content type="html">&lt;p&gt;{SCHUMER}&lt;/p&gt;</content></entry></feed>"""
    site.routes["/atom.xml"] = (200, "application/atom+xml", atom.encode())
    source = SourceFactory(feed_url=site.url + "/atom.xml")
    result = source_poll_run(source_id=source.pk)
    assert result.created == 1
    article = Article.objects.get()
    assert article.text == SCHUMER
    assert article.published_on == dt.date(2023, 12, 6)
    assert "404" in result.errors[0]


def test_a_feed_that_is_down_is_retried_and_a_missing_one_is_recorded(site, sent):
    site.routes["/down.xml"] = (503, "text/plain", b"busy")
    with pytest.raises(FeedUnavailable):
        source_poll_run(source_id=SourceFactory(feed_url=site.url + "/down.xml").pk)
    missing = SourceFactory(feed_url=site.url + "/missing.xml")
    source_poll_run(source_id=missing.pk)
    missing.refresh_from_db()
    assert missing.last_error == "The feed answered HTTP 404."
    site.routes["/junk.xml"] = (200, "text/html", b"<html>not a feed at all")
    junk = SourceFactory(feed_url=site.url + "/junk.xml")
    source_poll_run(source_id=junk.pk)
    junk.refresh_from_db()
    assert junk.last_error.startswith("Not a readable RSS or Atom feed")


def test_entries_with_bad_pages_are_rejected_one_by_one(site, sent):
    good = site.page("/good", "Good", PESKOV)
    site.routes["/future"] = (200, "text/html", PAGE.format(title="Future", body=SCHUMER).encode())
    tomorrow_plus = (timezone.now() + dt.timedelta(days=3)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    site.routes["/feed.xml"] = (
        200,
        "application/rss+xml",
        rss(
            ("Good", good, "Tue, 05 Dec 2023 10:00:00 GMT"),
            ("From the future", site.url + "/future", tomorrow_plus),
        ),
    )
    source = SourceFactory(feed_url=site.url + "/feed.xml")
    result = source_poll_run(source_id=source.pk)
    assert (result.created, result.rejected) == (1, 1)
    source.refresh_from_db()
    assert "more than a day in the future" in source.last_error


def test_an_inactive_or_deleted_source_is_left_alone(site, sent):
    source = SourceFactory(feed_url=site.url + "/feed.xml", is_active=False)
    assert source_poll_run(source_id=source.pk).created == 0
    assert source_poll_run(source_id=999999).created == 0
    assert site.requests == []


def test_beat_polls_only_the_sources_that_are_due(monkeypatch, django_capture_on_commit_callbacks):
    polled = []
    monkeypatch.setattr("claims.tasks.source_poll.apply_async", lambda args, **kwargs: polled.append(args[0]))
    now = timezone.now()
    never = SourceFactory()
    due = SourceFactory(poll_interval_minutes=30, last_polled_at=now - dt.timedelta(minutes=31))
    SourceFactory(poll_interval_minutes=30, last_polled_at=now - dt.timedelta(minutes=5))
    SourceFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert sorted(sources_poll_due_run(now=now)) == sorted([never.pk, due.pk])
    assert sorted(polled) == sorted([never.pk, due.pk])
    assert sources_poll_due_run(now=now) == [], "claimed: stamped as polled"
