"""Ingest: every way an article arrives (form, REST, CLI, feeds) goes through `article_ingest`.

It validates, reduces HTML to text, normalises, deduplicates and stores the article as queued; extraction is
dispatched only after the transaction commits. Nothing is stored when the input is rejected.
"""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.dispatch import ARTICLES_EXTRACT, broker_connection, task_send
from claims.models import Article, Source
from claims.normalise import article_text_hash, article_text_normalise

logger = logging.getLogger(__name__)

TEXT_TYPES = {"text/plain"}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
# Signatures of formats people upload by mistake; they would decode as garbage or not at all.
_BINARY_SIGNATURES = {
    b"%PDF-": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or a Word/OpenDocument file)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_url_validator = URLValidator(schemes=["http", "https"])


class ArticleRejected(Exception):  # noqa: N818 (a rejection is an outcome, not a bug)
    """The input cannot become an article. `code` is machine-readable; str(exc) is for people.

    Codes: missing_field, conflict, empty, too_large, binary, not_utf8, unsupported_type, future_date, invalid_url.
    `byte_offset` is set for binary and not_utf8; `field` names the offending input field.
    """

    def __init__(self, code: str, message: str, *, field: str | None = None, byte_offset: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.byte_offset = byte_offset

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "detail": self.message}
        if self.field is not None:
            data["field"] = self.field
        if self.byte_offset is not None:
            data["byte_offset"] = self.byte_offset
        return data


@dataclass(frozen=True, slots=True)
class IngestResult:
    article: Article
    created: bool  # False: the article was already there (same URL or same normalised text)


def article_ingest(
    *,
    text: str | None = None,
    data: bytes | None = None,
    filename: str | None = None,
    content_type: str | None = None,
    title: str = "",
    outlet: str = "",
    url: str | None = None,
    published_on: dt.date | None = None,
    published_at: dt.datetime | None = None,
    submitted_by: Any = None,
    source: Source | None = None,
    enqueue: bool = True,
) -> IngestResult:
    """Store one article (or find the one already stored) and queue its extraction.

    Give either `text` (pasted text; HTML when `content_type` or `filename` says so) or `data` (an uploaded file's
    bytes, typed by `filename`/`content_type`). A duplicate (same URL, or same normalised text) returns the existing
    article with created=False and queues nothing. With enqueue=False the caller dispatches extraction itself
    (bulk paths batch it with `articles_enqueue`).
    """
    raw, is_html = _article_input_decode(text=text, data=data, filename=filename, content_type=content_type)
    html_title = ""
    if is_html:
        raw, html_title = _html_to_text(raw)
    stored_text = article_text_normalise(raw)
    if not stored_text:
        raise ArticleRejected("empty", "The article has no text.", field="text")
    url = _url_clean(url)
    if published_on is None and published_at is not None:
        published_on = (
            timezone.localtime(published_at).date() if timezone.is_aware(published_at) else published_at.date()
        )
    _published_check(published_on)

    text_hash = article_text_hash(stored_text)
    existing = _article_find(url=url, text_hash=text_hash)
    if existing is not None:
        return IngestResult(article=existing, created=False)

    title = (title or "").strip() or html_title or _title_from_text(stored_text)
    outlet = (outlet or "").strip() or (source.outlet if source is not None else "")
    article = Article(
        title=title[:500],
        outlet=outlet[:200],
        url=url,
        published_on=published_on,
        published_at=published_at,
        text=stored_text,
        text_hash=text_hash,
        word_count=len(stored_text.split()),
        source=source,
        submitted_by=submitted_by,
        status=Article.Status.QUEUED,
    )
    try:
        with transaction.atomic():
            article.save()
            if enqueue:
                article_id = article.pk
                transaction.on_commit(lambda: articles_enqueue(article_ids=[article_id]))
    except IntegrityError:
        # Another ingest of the same URL or text committed between our lookup and our insert.
        existing = _article_find(url=url, text_hash=text_hash)
        if existing is None:
            raise
        return IngestResult(article=existing, created=False)
    return IngestResult(article=article, created=True)


def articles_enqueue(*, article_ids: list[int]) -> bool:
    """Send extraction tasks for these queued articles, in batches. Never raises for a broker outage.

    Ingests call this in the request, so it must not hang on the broker: it publishes on a connection of its own with
    short connect and read timeouts (EXTRACTION_PUBLISH_TIMEOUT) and no retry. Returns False when the broker could
    not take the messages; the articles then stay queued in the database and the sweeper
    (`articles_requeue_stale`) sends them later.
    """
    timeout = settings.EXTRACTION_PUBLISH_TIMEOUT
    batch_size = settings.EXTRACTION_BATCH_SIZE
    try:
        with broker_connection(
            connect_timeout=timeout,
            transport_options={"socket_connect_timeout": timeout, "socket_timeout": timeout, "max_retries": 0},
        ) as connection:
            for start in range(0, len(article_ids), batch_size):
                task_send(
                    ARTICLES_EXTRACT, args=[article_ids[start : start + batch_size]], connection=connection, retry=False
                )
    except Exception as exc:  # kombu raises a variety of connection errors; none must fail the ingest
        logger.warning("Could not queue extraction of %d article(s), the sweeper will: %s", len(article_ids), exc)
        return False
    return True


def _article_find(*, url: str | None, text_hash: str) -> Article | None:
    if url is not None:
        by_url = Article.objects.filter(url=url).first()
        if by_url is not None:
            return by_url
    return Article.objects.filter(text_hash=text_hash).first()


def _article_input_decode(
    *, text: str | None, data: bytes | None, filename: str | None, content_type: str | None
) -> tuple[str, bool]:
    """Return (text, is_html) or raise ArticleRejected. Checks size before anything expensive."""
    if text is None and data is None:
        raise ArticleRejected("missing_field", "Give the article's text or a file.", field="text")
    if text is not None and data is not None:
        raise ArticleRejected("conflict", "Give the article's text or a file, not both.", field="text")
    max_bytes: int = settings.ARTICLE_MAX_BYTES
    is_html = _is_html(filename=filename, content_type=content_type)

    if text is not None:
        # A character is at most 4 bytes, so most texts skip the encoding.
        if len(text) * 4 > max_bytes and len(text.encode("utf-8", "surrogatepass")) > max_bytes:
            raise _too_large(max_bytes)
        nul = text.find("\x00")
        if nul >= 0:
            offset = len(text[:nul].encode("utf-8", "surrogatepass"))
            raise ArticleRejected(
                "binary", f"The text holds binary data (a NUL byte at byte {offset}).", field="text", byte_offset=offset
            )
        return text, is_html

    assert data is not None
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise ArticleRejected(
                "binary", f"The file is {what}, not text. Upload .txt or .html.", field="file", byte_offset=0
            )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ArticleRejected(
            "binary", f"The file holds binary data (a NUL byte at byte {nul}).", field="file", byte_offset=nul
        )
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        bom = len(codecs.BOM_UTF8)
    else:
        bom = 0
    try:
        return data.decode("utf-8"), is_html
    except UnicodeDecodeError as exc:
        declared = _declared_charset(data) if is_html else None
        if declared is not None:
            try:
                return data.decode(declared), is_html
            except UnicodeDecodeError:
                pass
        offset = exc.start + bom
        raise ArticleRejected(
            "not_utf8",
            f"The file is not valid UTF-8: byte {offset} (0x{data[exc.start]:02x}) cannot be decoded.",
            field="file",
            byte_offset=offset,
        ) from None


def _is_html(*, filename: str | None, content_type: str | None) -> bool:
    """The file name's suffix decides; without one, the content type; with neither, it is plain text."""
    suffix = PurePath(filename).suffix.lower() if filename else ""
    if suffix in HTML_SUFFIXES:
        return True
    if suffix in TEXT_SUFFIXES:
        return False
    mime = (content_type or "").split(";")[0].strip().lower()
    if not suffix and mime in HTML_TYPES:
        return True
    if not suffix and mime in TEXT_TYPES | {"", "application/octet-stream"}:
        return False
    raise ArticleRejected(
        "unsupported_type", f"Unsupported file type {suffix or mime!r}: give a .txt or .html file.", field="file"
    )


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def _html_to_text(html: str) -> tuple[str, str]:
    """(main text, title). trafilatura finds the article body; lxml is the fallback for fragments it rejects."""
    import trafilatura

    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    if document is not None and document.text and document.text.strip():
        return document.text, (document.title or "").strip()
    return _html_to_text_lxml(html)


_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article"}


def _html_to_text_lxml(html: str) -> tuple[str, str]:
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        return "", ""
    titles = root.xpath("//title/text()")
    title_text = " ".join(titles[0].split()) if titles else ""
    for bad in root.xpath("//script|//style|//noscript|//template|//head"):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    return root.text_content(), title_text


def _url_clean(url: str | None) -> str | None:
    url = (url or "").strip()
    if not url:
        return None
    if len(url) > 1000:
        raise ArticleRejected("invalid_url", "The URL is longer than 1000 characters.", field="url")
    try:
        _url_validator(url)
    except ValidationError:
        raise ArticleRejected("invalid_url", f"{url!r} is not an http(s) URL.", field="url") from None
    return url


def _published_check(published_on: dt.date | None) -> None:
    if published_on is None:
        return
    latest = timezone.localdate() + dt.timedelta(days=1)
    if published_on > latest:
        raise ArticleRejected(
            "future_date",
            f"The published date {published_on.isoformat()} is more than a day in the future.",
            field="published_on",
        )


def _title_from_text(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return first_line if len(first_line) <= 120 else first_line[:117].rsplit(" ", 1)[0] + "…"


def _too_large(max_bytes: int) -> ArticleRejected:
    return ArticleRejected("too_large", f"The article is larger than the limit of {max_bytes:,} bytes.", field="text")
