"""python manage.py ingest PATH... [--published D] [--source S] [--jsonl FILE] [--wait]"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count, Q
from tqdm import tqdm

from claims.models import Article, Claim, Source
from claims.nlp.input_files import InputFileError, json_object_from_bytes
from claims.services.articles import HTML_SUFFIXES, TEXT_SUFFIXES, ArticleRejected, article_ingest, articles_enqueue

FINISHED = [Article.Status.DONE, Article.Status.FAILED]


@dataclass
class _Item:
    name: str  # what error messages call it: a path, or FILE:LINE (id)
    kwargs: dict[str, Any] = field(default_factory=dict)
    error: str | None = None  # the item could not even be read


@dataclass
class _Tally:
    created: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    rejected: int = 0


class Command(BaseCommand):
    help = (
        "Ingest articles from .txt/.html files (or folders of them) and JSON lines, then queue their extraction in "
        "batches. With --wait, block until extraction finishes and print a summary."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", metavar="PATH", help=".txt or .html files, or folders of them")
        parser.add_argument("--published", type=_date, help="published date for the files, YYYY-MM-DD")
        parser.add_argument("--source", help="outlet name; links the articles to the feed Source of that name if any")
        parser.add_argument(
            "--jsonl",
            action="append",
            default=[],
            metavar="FILE",
            help='lines of {"id", "text", "published", "title"}; may be repeated',
        )
        parser.add_argument("--wait", action="store_true", help="wait for extraction and print a summary")
        parser.add_argument("--timeout", type=float, default=3600.0, help="seconds --wait waits at most")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["paths"] and not options["jsonl"]:
            raise CommandError("Give files or folders to ingest, or --jsonl FILE.")
        outlet = options["source"] or ""
        source = Source.objects.filter(name=outlet).first() if outlet else None
        items = [*self._file_items(options["paths"], options["published"]), *self._jsonl_items(options["jsonl"])]
        tally = _Tally()
        pending: list[int] = []
        batch_size = settings.EXTRACTION_BATCH_SIZE
        progress = tqdm(items, desc="Ingesting", unit="article", disable=len(items) < 2, file=sys.stderr)
        for item in progress:
            if item.error is not None:
                tally.rejected += 1
                progress.write(f"{item.name}: {item.error}", file=sys.stderr)
                continue
            try:
                result = article_ingest(**item.kwargs, outlet=outlet, source=source, enqueue=False)
            except ArticleRejected as exc:
                tally.rejected += 1
                progress.write(f"{item.name}: {exc.message}", file=sys.stderr)
                continue
            if result.created:
                tally.created.append(result.article.pk)
                pending.append(result.article.pk)
            else:
                tally.duplicates.append(result.article.pk)
            # Queue as we go so workers start while the rest is read; each task gets a batch for nlp.pipe.
            if len(pending) >= batch_size:
                articles_enqueue(article_ids=pending)
                pending = []
        if pending:
            articles_enqueue(article_ids=pending)
        progress.close()

        self.stdout.write(
            f"Ingested {len(tally.created)} new article(s), {len(tally.duplicates)} already stored, "
            f"{tally.rejected} rejected."
        )
        failures = 0
        if options["wait"]:
            failures = self._wait_and_summarise([*tally.created, *tally.duplicates], timeout=options["timeout"])
        if tally.rejected or failures:
            raise CommandError(f"{tally.rejected} input(s) rejected, {failures} extraction(s) failed or unfinished.")

    def _file_items(self, paths: list[str], published: dt.date | None) -> Iterator[_Item]:
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                files = sorted(p for p in path.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES)
            else:
                files = [path]
            for file in files:
                try:
                    data = _read_bounded(file, settings.ARTICLE_MAX_BYTES)
                except OSError as exc:
                    yield _Item(name=str(file), error=exc.strerror or str(exc))
                    continue
                if data is None:
                    error = f"larger than ARTICLE_MAX_BYTES ({settings.ARTICLE_MAX_BYTES} bytes); not read further"
                    yield _Item(name=str(file), error=error)
                    continue
                yield _Item(name=str(file), kwargs={"data": data, "filename": file.name, "published_on": published})

    def _jsonl_items(self, files: list[str]) -> Iterator[_Item]:
        # A line holds one article's text, JSON-escaped (\uXXXX: up to six bytes a character), and a few fields.
        line_max = settings.ARTICLE_MAX_BYTES * 6 + 64 * 1024
        for name in files:
            try:
                handle = open(name, "rb")  # noqa: SIM115 (closed below; a generator keeps it open)
            except OSError as exc:
                raise CommandError(f"{name}: {exc.strerror or exc}") from None
            with handle:
                for number, raw in enumerate(_lines(handle, line_max + 1), start=1):
                    if len(raw) > line_max and not raw.endswith(b"\n"):
                        # The rest of an endless line (/dev/zero) is never read: the file stops here.
                        yield _Item(
                            name=f"{name}:{number}",
                            error=f"line longer than {line_max} bytes; the rest of the file is not read",
                        )
                        break
                    if raw.strip():
                        yield _jsonl_item(name, number, raw)

    def _wait_and_summarise(self, article_ids: list[int], *, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        ids = set(article_ids)
        with tqdm(total=len(ids), desc="Extracting", unit="article", disable=len(ids) < 2, file=sys.stderr) as bar:
            while True:
                finished = Article.objects.filter(pk__in=ids, status__in=FINISHED).count()
                bar.update(finished - bar.n)
                if finished == len(ids) or time.monotonic() > deadline:
                    break
                time.sleep(0.5)
        counts = Article.objects.filter(pk__in=ids).aggregate(
            done=Count("pk", filter=Q(status=Article.Status.DONE)),
            failed=Count("pk", filter=Q(status=Article.Status.FAILED)),
            unfinished=Count("pk", filter=~Q(status__in=FINISHED)),
        )
        claims = Claim.objects.filter(article_id__in=ids).count()
        self.stdout.write(
            f"Articles: {len(ids)} ({counts['done']} done, {counts['failed']} failed, "
            f"{counts['unfinished']} unfinished). Claims: {claims}. Failures: {counts['failed']}."
        )
        for article in Article.objects.filter(pk__in=ids, status=Article.Status.FAILED).only(
            "pk", "title", "extraction_error"
        ):
            self.stderr.write(f"  failed: #{article.pk} {article.title}: {article.extraction_error}")
        return counts["failed"] + counts["unfinished"]


def _lines(handle: BinaryIO, limit: int) -> Iterator[bytes]:
    while line := handle.readline(limit):
        yield line


def _read_bounded(path: Path, limit: int) -> bytes | None:
    """The file's bytes, read in chunks; None as soon as it passes `limit` (a device such as /dev/zero never ends)."""
    chunks: list[bytes] = []
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(min(1024 * 1024, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                return None
    return b"".join(chunks)


def _jsonl_item(name: str, number: int, raw: bytes) -> _Item:
    where = f"{name}:{number}"
    try:
        record = json_object_from_bytes(name, number, raw)
    except InputFileError as error:  # reported with the others; the next lines are still read
        return _Item(name=where, error=error.problem)
    if record.get("id") is not None:
        where = f"{where} ({record['id']})"
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        return _Item(name=where, error='"text" must be a string')
    try:
        published = _date(record["published"]) if record.get("published") else None
    except ValueError as exc:
        return _Item(name=where, error=str(exc))
    return _Item(
        name=where,
        kwargs={
            "text": text,
            "title": str(record.get("title") or ""),
            "url": record.get("url") or None,
            "published_on": published,
        },
    )


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None
