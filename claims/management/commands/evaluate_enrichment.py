"""`manage.py evaluate_enrichment GOLD`: scores topic, stance and said_on of the extractor's claims against a
hand-labelled gold (JSON lines of labels with ids and offsets; tests/data/enrichment/README.md has the protocol).

Claims are matched to gold attributions as `evaluate_extraction` matches them; the figures are over matched
claims. Topics come from `--topics FILE.json` (the `load_topics` format) or, without it, from the database.
"""

from __future__ import annotations

import contextlib
import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.nlp.enrichment_evaluation import (
    GoldError,
    enrichment_report,
    evaluate_enrichment,
    format_enrichment_report,
    gold_read,
)
from claims.nlp.input_files import InputFileError, jsonl_objects, text_file, text_lines
from claims.nlp.types import Gazetteer

DEFAULT_TEXTS = "../shared/data/polnear-dev.jsonl"


class Command(BaseCommand):
    help = __doc__.splitlines()[0].strip("`")
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("gold", help="gold labels, JSON lines (id, published, attributions)")
        parser.add_argument(
            "--texts", default=DEFAULT_TEXTS, help=f"the articles, JSON lines (default {DEFAULT_TEXTS})"
        )
        parser.add_argument("--topics", default=None, help="topics JSON file; default: the topics in the database")
        parser.add_argument("--limit", type=int, default=None, help="score only the first N gold articles")
        parser.add_argument("--batch-size", type=int, default=8)
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument("--errors", default=None, help="also write each wrong topic, stance or date to this file")

    def handle(self, *args: object, **options: object) -> None:
        gold_path, texts_path = str(options["gold"]), str(options["texts"])
        try:
            gold = gold_read((line for _, line in text_lines(gold_path)), name=gold_path)
        except (InputFileError, GoldError) as error:
            raise CommandError(str(error)) from None
        limit = options["limit"]
        if isinstance(limit, int):
            gold = gold[:limit]
        gazetteer = self._gazetteer(options["topics"])
        known = {topic.slug for topic in gazetteer.topics}
        unknown = sorted({label.topic for article in gold for label in article.labels if label.topic} - known)
        if unknown:
            raise CommandError(f"the gold uses topics that are not defined: {', '.join(unknown)}")
        texts = self._texts(texts_path, {article.id for article in gold})
        errors_path = options["errors"]
        with open(str(errors_path), "w", encoding="utf-8") if errors_path else contextlib.nullcontext() as errors:
            try:
                counts = evaluate_enrichment(
                    gold, texts, gazetteer=gazetteer, batch_size=int(options["batch_size"]), errors=errors
                )
            except GoldError as error:
                raise CommandError(f"{gold_path} does not fit {texts_path}: {error}") from None
        report = enrichment_report(counts)
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2))
        else:
            self.stdout.write(format_enrichment_report(report, topics=[topic.slug for topic in gazetteer.topics]))

    def _gazetteer(self, topics_path: object) -> Gazetteer:
        if not topics_path:
            from claims.selectors.gazetteer import gazetteer_build

            return gazetteer_build()
        from claims.services.topic_files import TopicFileError, topics_parse

        try:
            specs = topics_parse(text=text_file(str(topics_path)))
        except InputFileError as error:
            raise CommandError(str(error)) from None
        except TopicFileError as error:
            where = f"{topics_path}:{error.line}" if error.line else str(topics_path)
            raise CommandError(f"{where}: {error}") from None
        return Gazetteer(topics=tuple(spec.as_entry() for spec in specs))

    def _texts(self, path: str, wanted: set[str]) -> dict[str, dict]:
        texts: dict[str, dict] = {}
        try:
            for _, record in jsonl_objects(path):
                if record.get("id") in wanted:
                    texts[record["id"]] = record
        except InputFileError as error:
            raise CommandError(str(error)) from None
        missing = sorted(wanted - texts.keys())
        if missing:
            raise CommandError(
                f"{path} has no article with id {', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}"
            )
        return texts
