"""`manage.py extract`: the extractor on files or a JSONL corpus, one JSON object per claim and line."""

from __future__ import annotations

import datetime as dt
import json
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from claims.nlp.input_files import InputFileError, jsonl_objects, text_file
from claims.nlp.learned.model_dir import ModelDirectoryError
from claims.nlp.pipeline import extract_many
from claims.nlp.types import ExtractedClaim, Gazetteer, TextSpan
from claims.selectors.gazetteer import gazetteer_build
from claims.services.extractor_models import extractor_nlp


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from error


def _span(span: TextSpan | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def _content(claim: ExtractedClaim) -> dict[str, Any]:
    """The covering span, with the pieces it is made of: one for a continuous content, several when the cue or
    the narrator interrupts it (the words between the fragments are not part of the content)."""
    fragments = claim.content_fragments or [claim.content]
    return {**_span(claim.content), "fragments": [_span(fragment) for fragment in fragments]}  # type: ignore[dict-item]


def claim_line(doc: str, claim: ExtractedClaim) -> dict[str, Any]:
    """One line of the output (README, "Extractor output"); offsets index the text as given."""
    return {
        "doc": doc,
        "speaker": _span(claim.speaker),
        "antecedent": _span(claim.speaker_antecedent),
        "actor": claim.actor,
        "actor_candidates": list(claim.actor_candidates),
        "cue": _span(claim.cue),
        "content": _content(claim),
        "kind": claim.kind,
        "act": claim.act,
        "said_on": claim.said_on.isoformat() if claim.said_on else None,
        "date_precision": claim.date_precision,
        "topic": claim.topic,
        "stance": claim.stance,
        "confidence": claim.confidence,
        "nested_in": claim.nested_in,
    }


def _jsonl_documents(path: Path) -> Iterator[tuple[str, str, dt.date | None]]:
    try:
        for number, item in jsonl_objects(path):
            if "id" not in item or not isinstance(item.get("text"), str):
                raise CommandError(f"{path}:{number}: expected {{'id', 'text', 'published'}}")
            try:
                published = _date(str(item["published"])) if item.get("published") else None
            except CommandError as error:
                raise CommandError(f"{path}:{number}: {error}") from None
            yield str(item["id"]), item["text"], published
    except InputFileError as error:
        raise CommandError(str(error)) from None


def _file_documents(paths: list[str], published: dt.date | None) -> Iterator[tuple[str, str, dt.date | None]]:
    for name in paths:
        try:
            # Like ingest: read in bounded pieces up to the article limit, and binary or non-UTF-8 bytes are an error
            # naming the line, not text with replacement characters that would be extracted as if it were news.
            text = text_file(name, max_bytes=settings.ARTICLE_MAX_BYTES)
        except InputFileError as error:
            raise CommandError(str(error)) from None
        yield name, text, published


class Command(BaseCommand):
    help = (
        "Extract claims from text files (FILE... [--published YYYY-MM-DD]) or a JSONL corpus (--jsonl FILE with "
        '{"id", "text", "published"} lines). Prints one JSON object per claim and line. Actors and topics come '
        "from the database when it is reachable; without one, nobody is linked and no topic is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", metavar="FILE")
        parser.add_argument("--published", type=_date, help="publication date of the FILEs, YYYY-MM-DD")
        parser.add_argument("--jsonl", metavar="FILE", help='one {"id", "text", "published"} object per line')
        parser.add_argument("--batch-size", type=int, default=settings.SPACY_BATCH_SIZE)

    def handle(
        self, *args: Any, files: list[str], jsonl: str | None, published: dt.date | None, **options: Any
    ) -> None:
        if bool(files) == bool(jsonl):
            raise CommandError("give either FILE... or --jsonl FILE")
        if jsonl and published:
            raise CommandError("--published is for FILEs; JSONL lines carry their own")
        documents = _jsonl_documents(Path(jsonl)) if jsonl else _file_documents(files, published)
        self._write(documents, gazetteer=self._gazetteer(), batch_size=max(1, options["batch_size"]))

    def _gazetteer(self) -> Gazetteer:
        try:
            return gazetteer_build()
        except DatabaseError as error:  # unreachable server, or not migrated yet
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            self.stderr.write(f"No database ({first_line}): extracting without actors and topics.")
            return Gazetteer()

    def _write(
        self, documents: Iterator[tuple[str, str, dt.date | None]], *, gazetteer: Gazetteer, batch_size: int
    ) -> None:
        names: deque[str] = deque()

        def items() -> Iterator[tuple[str, dt.date | None]]:
            for name, text, date in documents:
                names.append(name)
                yield text, date

        out: TextIO = self.stdout
        try:
            nlp = extractor_nlp(strict=True)
        except ModelDirectoryError as error:
            raise CommandError(str(error)) from error
        for result in extract_many(items(), gazetteer=gazetteer, nlp=nlp, batch_size=batch_size):
            name = names.popleft()  # results come back in input order
            if result.skipped_reason:
                self.stderr.write(f"{name}: no claims ({result.skipped_reason})")
            for claim in result.claims:
                out.write(json.dumps(claim_line(name, claim), ensure_ascii=False))
