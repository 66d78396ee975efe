"""Learning curves of the trained extractor (local only: needs the PolNeAR files, which are not in the repository).

    python bench/bench_learning.py [--train FILE] [--dev FILE] [--sizes 50,200,all] [--epochs N]
    python bench/bench_learning.py --editors [--sizes 25,50,100] ...

Default: for each size, trains on the first N training articles (`train_model`, as `manage.py train_extractor
--jsonl` does) and prints attribution P/R/F1 and speaker accuracy on the dev file, the rules alone beside it, with
the CPU time training took.

--editors simulates editors on a throw-away test database: articles are stored and extracted with the rules, each
candidate that hits a gold attribution is approved with the gold content span, every other one rejected, and every
missed gold attribution added by hand (the review services do all of it). After each size it trains from the
reviews (`train_extractor --from-reviews`'s path), runs the promotion gate on the held-out reviewed articles, and
prints the curve against the number of reviewed articles.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"
if not DATA.exists():
    DATA = Path("/work/shared/data")


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _sizes(text: str, total: int) -> list[int]:
    return [total if part == "all" else min(int(part), total) for part in text.split(",")]


def _row(label: str, scores: dict) -> str:
    return (
        f"{label:<28} P {scores['precision']:.3f}  R {scores['recall']:.3f}  F1 {scores['f1']:.3f}  "
        f"speaker accuracy {scores['speaker_accuracy']:.3f}"
    )


def corpus_curve(args: argparse.Namespace) -> None:
    from claims.nlp.learned.corpus import read_labelled_jsonl
    from claims.nlp.learned.training import train_model

    train = read_labelled_jsonl(args.train)
    dev = read_labelled_jsonl(args.dev)[: args.dev_limit]
    print(f"learning curve: train {args.train} ({len(train)} articles), scored on {len(dev)} articles of {args.dev}")
    with tempfile.TemporaryDirectory() as work:
        for size in _sizes(args.sizes, len(train)):
            started, cpu = time.monotonic(), cpu_seconds()
            meta = train_model(
                train[:size],
                out_dir=Path(work) / f"model-{size}",
                source={"kind": "jsonl", "path": args.train, "articles": size},
                code_version="bench",
                eval_articles=dev,
                log=io.StringIO() if not args.verbose else sys.stderr,
                config_overrides={"training.max_epochs": args.epochs} if args.epochs else None,
            )
            scores = meta["scores"]["eval"]
            print(
                f"{size:>4} articles  training {time.monotonic() - started:6.0f} s wall, "
                f"{cpu_seconds() - cpu:6.0f} s CPU (this process; load average {os.getloadavg()[0]:.1f})"
            )
            print("  " + _row("rules only", scores["rules"]))
            print("  " + _row(f"model ({size} articles)", scores["model"]))


def editors_curve(args: argparse.Namespace) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    from kb.embedded_db import embedded_database_acquire

    embedded_database_acquire()  # an entry point: without DATABASE_URL, the embedded server

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        _simulate_editors(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _simulate_editors(args: argparse.Namespace) -> None:
    from django.conf import settings

    from claims.models import Article, Claim, ExtractorModel
    from claims.nlp.evaluation import gold_items, predicted_items, score_article
    from claims.nlp.learned.corpus import read_labelled_jsonl
    from claims.nlp.learned.training import split_articles, train_model
    from claims.nlp.types import ExtractedClaim, TextSpan
    from claims.normalise import article_text_hash
    from claims.services.extraction import articles_extract_run
    from claims.services.extractor_models import (
        extractor_model_promote,
        extractor_model_register,
        review_training_articles,
    )
    from claims.services.review.decisions import claim_approve, claim_reject
    from claims.services.review.errors import InvalidChange
    from claims.services.review.statements import statement_create_manual
    from tests.factories import ActorFactory, EditorFactory

    settings.EXTRACTOR_MODEL = ""
    editor = EditorFactory()
    # Who said it is not what the extractor learns here (speaker spans are); one actor stands for every speaker.
    actor = ActorFactory(name="Bench Speaker", slug="bench-speaker")
    source = read_labelled_jsonl(args.train)
    sizes = _sizes(args.sizes, len(source))
    print(f"simulated editors: reviewing the first {max(sizes)} articles of {args.train}")
    reviewed = 0
    with tempfile.TemporaryDirectory() as work:
        for size in sizes:
            for labelled in source[reviewed:size]:
                article = Article.objects.create(
                    title=labelled.id,
                    outlet="bench",
                    text=labelled.text,
                    text_hash=article_text_hash(labelled.text),
                    word_count=len(labelled.text.split()),
                    status=Article.Status.QUEUED,
                )
                articles_extract_run(article_ids=[article.pk])  # with the rules: no model is active yet
                gold = gold_items(labelled.as_json())
                claims = list(Claim.objects.filter(article=article, status=Claim.Status.PENDING).order_by("pk"))
                predicted = predicted_items(
                    labelled.text,
                    [
                        ExtractedClaim(
                            cue=TextSpan(c.cue_start, c.cue_end, c.cue_text),
                            content=TextSpan(c.content_start, c.content_end, c.content_text),
                            speaker=TextSpan(c.speaker_start, c.speaker_end, c.speaker_text)
                            if c.speaker_start is not None
                            else None,
                            kind=c.kind,
                        )
                        for c in claims
                    ],
                )
                pairs = {pi: gi for pi, gi, hit in score_article(predicted, gold).pairs if hit}
                for index, claim in enumerate(claims):
                    if index in pairs:
                        content = labelled.attributions[pairs[index]]["content"]
                        claim_approve(
                            claim_id=claim.pk,
                            editor=editor,
                            changes={
                                "content_start": content["start"],
                                "content_end": content["end"],
                                "actor": actor.pk,
                            },
                        )
                    else:
                        claim_reject(claim_id=claim.pk, editor=editor, reason="bench: not an attribution")
                for gi, attribution in enumerate(labelled.attributions):
                    if gi in pairs.values():
                        continue
                    source_span = attribution.get("source")
                    try:
                        statement_create_manual(
                            article_id=article.pk,
                            editor=editor,
                            content_start=attribution["content"]["start"],
                            content_end=attribution["content"]["end"],
                            speaker_start=source_span["start"] if source_span else None,
                            speaker_end=source_span["end"] if source_span else None,
                            cue_start=attribution["cue"]["start"],
                            cue_end=attribution["cue"]["end"],
                            actor=actor.pk,
                        )
                    except InvalidChange:
                        continue  # the gold has this span twice (two cues); an editor adds the statement once
            reviewed = size
            articles = review_training_articles()
            _train, held_out = split_articles(articles)
            started, cpu = time.monotonic(), cpu_seconds()
            out = Path(work) / f"reviews-{size}"
            meta = train_model(
                articles,
                out_dir=out,
                source={"kind": "reviews", "articles": len(articles)},
                code_version="bench",
                held_out=held_out,
                log=io.StringIO() if not args.verbose else sys.stderr,
                config_overrides={"training.max_epochs": args.epochs} if args.epochs else None,
            )
            model = extractor_model_register(path=out, meta=meta)
            model, promoted, reason = extractor_model_promote(model=model, held_out=held_out)
            figures = model.comparison["slices"]["held_out"]
            print(
                f"{size:>4} reviewed articles ({len(held_out)} held out), training {time.monotonic() - started:.0f} s"
                f" wall, {cpu_seconds() - cpu:.0f} s CPU: {'PROMOTED' if promoted else 'refused'} ({reason})"
            )
            for who in ("rules", "active", "new"):
                if who in figures:
                    print("  " + _row(who, figures[who]))
        print(f"models: {[(m.version, m.status) for m in ExtractorModel.objects.order_by('created_at')]}")


def main() -> int:
    logging.getLogger("spacy").setLevel(logging.WARNING)  # spaCy's training log; the curve is the output
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", default=str(DATA / "polnear-train.jsonl"))
    parser.add_argument("--dev", default=str(DATA / "polnear-dev.jsonl"))
    parser.add_argument("--dev-limit", type=int, default=None, help="score on the first N dev articles only")
    parser.add_argument("--sizes", default=None, help="comma-separated article counts; 'all' for every article")
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--editors", action="store_true", help="simulate editors and train from their reviews")
    parser.add_argument("--verbose", action="store_true", help="show spaCy's training table")
    args = parser.parse_args()
    if not Path(args.train).exists():
        print(f"no training data at {args.train}; give --train FILE", file=sys.stderr)
        return 2
    if args.editors:
        args.sizes = args.sizes or "25,50,100"
        editors_curve(args)
    else:
        args.sizes = args.sizes or "50,200,all"
        corpus_curve(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
