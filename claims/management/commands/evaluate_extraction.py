"""`manage.py evaluate_extraction FILE`: scores the extractor on an attribution corpus (PolNeAR JSON lines).

Prints attribution P/R/F1, token-overlap and exact-match P/R/F1 per role, speaker accuracy on hits, recall on
speech-verb cues and words per second, as ../shared/data/README.md defines them. Scores the rules with the trained
model of EXTRACTOR_MODEL or --model DIR when given; needs no database, except with --active (the registry's model).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.nlp.evaluation import evaluate_to_report, read_articles
from claims.nlp.input_files import InputFileError
from claims.nlp.learned.model_dir import ModelDirectoryError
from claims.nlp.pipeline import load_nlp


class Command(BaseCommand):
    help = __doc__.splitlines()[0]
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="JSON lines: id, text, published, attributions")
        parser.add_argument("--limit", type=int, default=None, help="score only the first N articles")
        parser.add_argument("--batch-size", type=int, default=8)
        parser.add_argument("--errors", default=None, help="also write misses and false positives to this file")
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--model", metavar="DIR", help="a trained model directory (default: EXTRACTOR_MODEL)")
        which.add_argument("--active", action="store_true", help="the registry's active model (needs the database)")
        which.add_argument("--rules-only", action="store_true", help="the rules alone, even with EXTRACTOR_MODEL set")

    def handle(
        self, *args: object, path: str, limit: int | None, batch_size: int, errors: str | None, **options: object
    ) -> None:
        if not Path(path).is_file():
            raise CommandError(f"no such file: {path}")
        try:
            # Read first: a bad corpus is refused before the model loads.
            articles = read_articles(path, limit)
        except InputFileError as error:
            raise CommandError(str(error)) from None
        try:
            if options["active"]:
                from claims.services.extractor_models import extractor_nlp

                nlp = extractor_nlp(strict=True)
            elif options["rules_only"] or not (options["model"] or settings.EXTRACTOR_MODEL):
                nlp = load_nlp(settings.SPACY_MODEL)
            else:
                nlp = load_nlp(settings.SPACY_MODEL, str(options["model"] or settings.EXTRACTOR_MODEL))
        except ModelDirectoryError as error:
            raise CommandError(str(error)) from error
        model = nlp.meta.get("onrecord_model")
        self.stdout.write(f"extractor: {f'rules + model {model}' if model else 'rules only'}")
        self.stdout.write(
            evaluate_to_report(path, limit=limit, batch_size=batch_size, errors_path=errors, nlp=nlp, articles=articles)
        )
