"""`manage.py train_extractor`: trains the learned extractor components and registers the model.

Training data: `--jsonl FILE` (labelled articles in PolNeAR's JSON lines format) or `--from-reviews` (the
database's fully reviewed articles). The model directory goes to `--out DIR` (default EXTRACTOR_MODELS_DIR/<version>)
and is written only when training succeeds. When the database is reachable the model is registered, compared with
the active model and the rules alone on the held-out articles (and on `--eval FILE`), and activated only if better.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from tqdm import tqdm

from claims.nlp.learned.corpus import LabelledArticle, TrainingDataError, read_labelled_jsonl
from claims.nlp.learned.stance import StanceExample, stance_examples_from_articles
from claims.nlp.learned.training import split_articles, train_model
from claims.nlp.pipeline import EXTRACTOR_VERSION
from claims.services.extractor_models import (
    connection_reopen_if_dropped,
    extractor_model_promote,
    extractor_model_register,
    review_stance_examples,
    review_training_articles,
)


def code_version() -> str:
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        sha = ""
    return f"{EXTRACTOR_VERSION}+{sha}" if sha else EXTRACTOR_VERSION


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--jsonl", metavar="FILE", help="labelled articles, PolNeAR JSON lines format")
        source.add_argument("--from-reviews", action="store_true", help="the database's fully reviewed articles")
        parser.add_argument("--out", metavar="DIR", help="model directory to write (must not exist)")
        parser.add_argument("--eval", metavar="FILE", help="also score on these labelled articles (JSON lines)")
        parser.add_argument("--limit", type=int, default=None, help="train on the first N articles only")
        parser.add_argument("--epochs", type=int, default=None, help="training epochs (default: config.cfg's)")
        parser.add_argument("--no-activate", action="store_true", help="register the model but never activate it")

    def handle(self, *args: Any, **options: Any) -> None:
        articles, source, stance_examples = self._articles(options)
        eval_articles = self._read(options["eval"]) if options["eval"] else []
        version = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
        out = Path(options["out"]) if options["out"] else settings.EXTRACTOR_MODELS_DIR / version
        if out.exists():
            raise CommandError(f"{out} exists already; give another --out")
        overrides = {"training.max_epochs": options["epochs"]} if options["epochs"] else {}
        _train, held_out = split_articles(articles)
        also = f", scoring also on {len(eval_articles)} articles of {options['eval']}" if eval_articles else ""
        self.stderr.write(f"training on {len(articles) - len(held_out)} articles, {len(held_out)} held out{also}")
        try:
            meta = train_model(
                articles,
                out_dir=out,
                source=source,
                code_version=code_version(),
                base_model=settings.SPACY_MODEL,
                eval_articles=eval_articles,
                held_out=held_out,
                progress=self._progress,
                log=self.stderr,
                config_overrides=overrides,
                stance_examples=stance_examples,
            )
        except TrainingDataError as error:
            raise CommandError(str(error)) from error
        connection_reopen_if_dropped()  # training a large corpus leaves the connection idle for many minutes
        self.stdout.write(f"model written to {out}")
        self._report(meta["scores"])
        self._report_stance(meta["stance"])
        self._register(out, meta, held_out, eval_articles, activate=not options["no_activate"])

    def _read(self, path: str) -> list[LabelledArticle]:
        try:
            return read_labelled_jsonl(path)
        except TrainingDataError as error:
            raise CommandError(str(error)) from error

    def _articles(self, options: dict[str, Any]) -> tuple[list[LabelledArticle], dict[str, Any], list[StanceExample]]:
        """The articles, their description for meta.json, and the statements with a stance to learn from."""
        limit = options["limit"]
        if options["jsonl"]:
            path = Path(options["jsonl"])
            articles = self._read(options["jsonl"])[:limit]
            source = {"kind": "jsonl", "path": str(path.resolve()), "sha256": _sha256(path)}
            return articles, source, stance_examples_from_articles(articles)
        try:
            articles = review_training_articles()[:limit]
            stance_examples = review_stance_examples()
        except DatabaseError as error:
            raise CommandError(f"--from-reviews needs the database: {error}") from error
        if not articles:
            raise CommandError("no fully reviewed articles to train on (an article counts once no claim is pending)")
        if not any(article.attributions for article in articles):
            raise CommandError("the reviewed articles have no approved or editor-added claims; nothing to learn")
        counts = {"articles": len(articles), "attributions": sum(len(a.attributions) for a in articles)}
        return articles, {"kind": "reviews", **counts, "statements_with_stance": len(stance_examples)}, stance_examples

    def _progress(self, items: Iterable[Any], total: int, description: str) -> Iterable[Any]:
        return tqdm(items, total=total, desc=description, unit="article", file=sys.stderr, disable=None)

    def _report(self, scores: dict[str, Any]) -> None:
        for name, figures in scores.items():
            for who in ("model", "rules"):
                s = figures.get(who)
                if s:
                    self.stdout.write(
                        f"{name:<9} {who:<6} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  "
                        f"speaker accuracy {s['speaker_accuracy']:.3f}  ({figures['articles']} articles)"
                    )

    def _report_stance(self, stance: dict[str, Any]) -> None:
        if not stance.get("trained"):
            self.stdout.write(f"stance    no classifier: {stance['examples']} statements with a stance, too few")
        elif "accuracy" in stance:
            self.stdout.write(
                f"stance    classifier accuracy {stance['accuracy']:.3f} on {stance['held_out']} held-out statements "
                f"(trained on {stance['train']})"
            )

    def _register(
        self,
        out: Path,
        meta: dict[str, Any],
        held_out: list[LabelledArticle],
        eval_articles: list[LabelledArticle],
        *,
        activate: bool,
    ) -> None:
        try:
            model = extractor_model_register(path=out, meta=meta)
        except DatabaseError as error:
            reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            self.stderr.write(f"not registered (no database: {reason}); use it with EXTRACTOR_MODEL={out}")
            return
        if not activate:
            self.stdout.write(f"registered {model.version}; not activated (--no-activate)")
            return
        model, promoted, reason = extractor_model_promote(model=model, held_out=held_out, eval_articles=eval_articles)
        verdict = "activated" if promoted else "kept inactive"
        self.stdout.write(f"registered {model.version}: {verdict} ({reason})")
