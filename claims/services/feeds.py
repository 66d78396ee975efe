"""Feeds: Sources with an RSS or Atom URL, polled by celery beat. Each new entry's page is fetched, its article
text extracted from the HTML with trafilatura, and ingested like any other article."""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import DurationField, ExpressionWrapper, F, Q
from django.utils import timezone

from claims.dispatch import SOURCE_POLL, task_send
from claims.models import Article, Source
from claims.services.articles import ArticleRejected, article_ingest, articles_enqueue

logger = logging.getLogger(__name__)

USER_AGENT = "OnRecord feed reader (+https://github.com/onrecord)"
MAX_ENTRIES_PER_POLL = 100


class FeedUnavailable(Exception):
    """The feed's server answered 5xx or 429: try again later."""


# Worth retrying with backoff; a 404 or a broken feed is recorded on the Source instead.
FEED_TRANSIENT_ERRORS: tuple[type[Exception], ...] = (requests.ConnectionError, requests.Timeout, FeedUnavailable)


@dataclass(slots=True)
class FeedPollResult:
    created: int = 0
    duplicates: int = 0
    rejected: int = 0
    errors: list[str] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)


def sources_poll_due_run(*, now: dt.datetime | None = None) -> list[int]:
    """Send a poll for every active Source whose interval has passed. Two beats never poll a source twice: rows are
    claimed with SKIP LOCKED and stamped before commit."""
    now = now or timezone.now()
    interval = ExpressionWrapper(F("poll_interval_minutes") * dt.timedelta(minutes=1), output_field=DurationField())
    with transaction.atomic():
        due = list(
            Source.objects.select_for_update(skip_locked=True)
            .annotate(interval=interval)
            .filter(Q(last_polled_at__isnull=True) | Q(last_polled_at__lte=now - F("interval")), is_active=True)
            .values_list("pk", flat=True)
        )
        Source.objects.filter(pk__in=due).update(last_polled_at=now)
        for source_id in due:
            transaction.on_commit(lambda source_id=source_id: task_send(SOURCE_POLL, args=[source_id]))
    return due


def source_poll_run(*, source_id: int) -> FeedPollResult:
    """Fetch the feed, ingest its new entries and queue their extraction in batches. Transient network errors on the
    feed itself propagate (the task retries); anything else is recorded in Source.last_error."""
    result = FeedPollResult()
    source = Source.objects.filter(pk=source_id, is_active=True).first()
    if source is None:
        return result
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    headers = {}
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    response = session.get(source.feed_url, headers=headers, timeout=settings.FEED_FETCH_TIMEOUT)
    if response.status_code == 304:
        _source_polled(source, error="")
        return result
    if response.status_code >= 500 or response.status_code == 429:
        raise FeedUnavailable(f"{source.feed_url} answered {response.status_code}")
    if response.status_code >= 400:
        _source_polled(source, error=f"The feed answered HTTP {response.status_code}.")
        return result

    import feedparser

    feed = feedparser.parse(response.content)
    if feed.bozo and not feed.entries:
        _source_polled(source, error=f"Not a readable RSS or Atom feed: {feed.get('bozo_exception', '')}")
        return result

    for entry in feed.entries[:MAX_ENTRIES_PER_POLL]:
        _entry_ingest(session, source, entry, result)
    articles_enqueue(article_ids=result.article_ids)
    source.etag = (response.headers.get("ETag") or "")[:500]
    source.last_modified = (response.headers.get("Last-Modified") or "")[:100]
    _source_polled(source, error="\n".join(result.errors)[:2000])
    logger.info(
        "Feed %s: %d new, %d already stored, %d rejected, %d errors",
        source.feed_url,
        result.created,
        result.duplicates,
        result.rejected,
        len(result.errors),
    )
    return result


def _entry_ingest(session: requests.Session, source: Source, entry: Any, result: FeedPollResult) -> None:
    link = (entry.get("link") or "").strip()
    if link and Article.objects.filter(url=link).exists():
        result.duplicates += 1
        return
    html = None
    if link:
        try:
            html = _page_fetch(session, link)
        except (requests.RequestException, ValueError) as exc:
            result.errors.append(f"{link}: {exc}")
    if html is None:
        # Some feeds carry the whole article; use it when the page cannot be had.
        contents = entry.get("content") or []
        html = contents[0].get("value") if contents else entry.get("summary")
    if not html:
        return
    try:
        ingest = article_ingest(
            text=html,
            content_type="text/html",
            title=entry.get("title", ""),
            url=link or None,
            published_at=_entry_published(entry),
            source=source,
            enqueue=False,
        )
    except ArticleRejected as exc:
        result.rejected += 1
        result.errors.append(f"{link or entry.get('id', '?')}: {exc.message}")
        return
    if ingest.created:
        result.created += 1
        result.article_ids.append(ingest.article.pk)
    else:
        result.duplicates += 1


def _page_fetch(session: requests.Session, url: str) -> str:
    limit = settings.ARTICLE_MAX_BYTES
    with session.get(url, timeout=settings.FEED_FETCH_TIMEOUT, stream=True) as response:
        response.raise_for_status()
        body = b""
        for chunk in response.iter_content(64 * 1024):
            body += chunk
            if len(body) > limit:
                raise ValueError(f"the page is larger than {limit:,} bytes")
        encoding = requests.utils.get_encoding_from_headers(response.headers)
    if encoding and encoding.lower() != "iso-8859-1":  # requests' default for text/*, not a real declaration
        return body.decode(encoding, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode(response.apparent_encoding or "utf-8", errors="replace")


def _entry_published(entry: Any) -> dt.datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)


def _source_polled(source: Source, *, error: str) -> None:
    source.last_polled_at = timezone.now()
    source.last_error = error
    source.save(update_fields=["last_polled_at", "last_error", "etag", "last_modified"])
