"""Trains the learned components with spaCy's own training loop and writes a model directory.

`train_model` is the whole job: labelled articles -> Docs parsed by the rules pipeline (`corpus.py`) -> DocBin
files -> `spacy.training.loop.train` with `config.cfg` -> thresholds chosen on a held-out slice -> scores of the
model and of the rules alone on that slice (and on an evaluation file) -> `meta.json`. Everything is written in a
temporary directory next to the target and moved into place only at the end, so a failure leaves nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example
from spacy.training.initialize import init_nlp
from spacy.training.loop import train as spacy_train
from spacy.util import load_config, registry

from claims.nlp.evaluation import Counts, gold_items, predicted_items, prf, score_article
from claims.nlp.learned.components import CANDIDATES_KEY, PROPOSED_CUES_KEY
from claims.nlp.learned.contents import CONTENT_CANDIDATES_KEY, LEARNED_SHAPE
from claims.nlp.learned.corpus import LabelledArticle, TrainingDataError, training_docs
from claims.nlp.learned.model_dir import FORMAT, META_FILE, PIPELINE_DIR, SCORER, attach_learned, set_thresholds
from claims.nlp.learned.stance import STANCE_DIR, StanceExample, train_stance, trainable
from claims.nlp.pipeline import DEFAULT_MODEL, add_components, extract_many
from claims.nlp.types import ExtractedClaim

CONFIG_PATH = Path(__file__).with_name("config.cfg")
HELD_OUT_SHARE = 10  # one article in ten, chosen by a hash of its id, is held out to choose thresholds and score
_THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(2, 20))  # tried for the scorer and the chooser

Progress = Callable[[Iterable[Any], int, str], Iterable[Any]]


def _no_progress(items: Iterable[Any], total: int, description: str) -> Iterable[Any]:
    return items


@registry.readers("onrecord.labelled_docs.v1")
def labelled_docs_reader(path: Path) -> Callable[[Language], Iterator[Example]]:
    """Examples from a DocBin of training Docs: the reference holds the gold cues, the prediction does not."""

    def read(nlp: Language) -> Iterator[Example]:
        for reference in DocBin().from_disk(path).get_docs(nlp.vocab):
            predicted = reference.copy()
            del predicted.spans[PROPOSED_CUES_KEY]
            yield Example(predicted, reference)

    return read


def is_held_out(article_id: str) -> bool:
    return int(hashlib.sha256(article_id.encode()).hexdigest(), 16) % HELD_OUT_SHARE == 0


def split_articles(articles: Sequence[LabelledArticle]) -> tuple[list[LabelledArticle], list[LabelledArticle]]:
    """(train, held out); with very few articles the held-out slice is one article, still kept out of training."""
    held = [a for a in articles if is_held_out(a.id)]
    if not held and len(articles) > 1:
        held = [articles[-1]]
    train = [a for a in articles if a not in held] or list(articles)
    return train, held


@dataclass(slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    speaker_accuracy: float
    predicted: int
    gold: int
    hits: int

    @classmethod
    def of(cls, counts: Counts) -> Scores:
        p, r, f = prf(counts.hits, counts.predicted, counts.gold)
        accuracy = counts.speaker_correct / counts.hits if counts.hits else 0.0
        p, r, f, accuracy = (round(value, 4) for value in (p, r, f, accuracy))
        return cls(p, r, f, accuracy, counts.predicted, counts.gold, counts.hits)

    def as_dict(self) -> dict[str, float | int]:
        return {name: getattr(self, name) for name in self.__slots__}


def extract_articles(nlp: Language, articles: Sequence[LabelledArticle]) -> list[list[ExtractedClaim]]:
    items = ((a.text, _date(a.published)) for a in articles)
    return [result.claims for result in extract_many(items, nlp=nlp)]


def is_learned(claim: ExtractedClaim) -> bool:
    """Whether the content chooser made the claim (for a cue the rules do not report)."""
    return f"shape:{LEARNED_SHAPE}" in claim.rationale


def _probability(claim: ExtractedClaim) -> float:
    """What the thresholds apply to: the model's probability (the claim's confidence may be lowered later, e.g. for
    a speaker the text does not name)."""
    return claim.model_score if claim.model_score is not None else claim.confidence


def score_claims(
    articles: Sequence[LabelledArticle],
    claims: Sequence[Sequence[ExtractedClaim]],
    *,
    threshold: float = 0.0,
    learned_threshold: float | None = None,
) -> Scores:
    """Scores the claims kept at `threshold` (rules' candidates) and `learned_threshold` (the chooser's, default the
    same)."""
    learned_threshold = threshold if learned_threshold is None else learned_threshold
    total = Counts()
    for article, found in zip(articles, claims, strict=True):
        kept = [c for c in found if _probability(c) >= (learned_threshold if is_learned(c) else threshold)]
        total.add(score_article(predicted_items(article.text, kept), gold_items(article.as_json())).counts)
    return Scores.of(total)


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _write_docbin(docs: Iterable[Doc], path: Path) -> dict[str, int]:
    docbin = DocBin(store_user_data=True)
    stats = {"docs": 0, "words": 0, "gold_cues": 0, "candidates": 0, "positive_candidates": 0, "content_cues": 0}
    for doc in docs:
        docbin.add(doc)
        candidates = doc.user_data.get(CANDIDATES_KEY, ())
        stats["docs"] += 1
        stats["words"] += len(doc)
        stats["gold_cues"] += len(doc.spans[PROPOSED_CUES_KEY])
        stats["candidates"] += len(candidates)
        stats["positive_candidates"] += sum(candidate["label"] for candidate in candidates)
        stats["content_cues"] += len(doc.user_data.get(CONTENT_CANDIDATES_KEY, ()))
    docbin.to_disk(path)
    return stats


def _fresh_rules_pipeline(base_model: str) -> Language:
    return add_components(spacy.load(base_model))


def train_model(
    articles: Sequence[LabelledArticle],
    *,
    out_dir: Path,
    source: dict[str, Any],
    code_version: str,
    base_model: str = DEFAULT_MODEL,
    eval_articles: Sequence[LabelledArticle] = (),
    held_out: Sequence[LabelledArticle] | None = None,
    progress: Progress = _no_progress,
    log: TextIO = sys.stderr,
    config_overrides: dict[str, Any] | None = None,
    stance_examples: Sequence[StanceExample] = (),
) -> dict[str, Any]:
    """Trains, scores and writes a model directory at `out_dir` (which must not exist); returns its meta.

    `held_out` overrides the built-in held-out slice (one article in ten by id). With enough `stance_examples`
    (reviewed statements) the directory also gets a stance classifier in `stance/`, and the meta its figures."""
    if out_dir.exists():
        raise FileExistsError(f"{out_dir} exists already")
    started = time.monotonic()
    if held_out is None:
        train_articles, held_out = split_articles(articles)
    else:
        held_ids = {a.id for a in held_out}
        train_articles = [a for a in articles if a.id not in held_ids]
    if not train_articles:
        raise TrainingDataError("no articles left to train on")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        rules = _fresh_rules_pipeline(base_model)
        # Docs go to disk as they are parsed: a large corpus is never held in memory as parsed Docs.
        parsed = progress(training_docs(rules, train_articles), len(train_articles), "parse training articles")
        train_stats = _write_docbin(parsed, work / "train.spacy")
        held_docs = progress(training_docs(rules, held_out), len(held_out), "parse held-out articles")
        if not _write_docbin(held_docs, work / "dev.spacy")["docs"]:
            shutil.copy(work / "train.spacy", work / "dev.spacy")
        counts = {
            "articles": len(train_articles) + len(held_out),
            "train_articles": len(train_articles),
            "held_out_articles": len(held_out),
            "attributions": sum(len(a.attributions) for a in train_articles),
            **{name: train_stats[name] for name in ("gold_cues", "candidates", "positive_candidates", "content_cues")},
        }
        if not counts["positive_candidates"] or not counts["gold_cues"]:
            raise TrainingDataError("the training data gives no right candidate or no cue to learn from")
        # Scores on the held-out slice at least once an epoch, so a small training set still keeps its best model.
        steps_per_epoch = train_stats["words"] // 2000
        overrides = {"training.eval_frequency": max(1, min(200, steps_per_epoch)), **(config_overrides or {})}
        learned = _run_spacy_training(work, overrides, log=log)

        model = attach_learned(_fresh_rules_pipeline(base_model), learned, {"thresholds": {}})
        thresholds, held_scores = _choose_thresholds(model, rules, held_out, log=log)
        learned.get_pipe(SCORER).cfg["threshold"] = thresholds["scorer"]
        (work / "model").mkdir()
        learned.to_disk(work / "model" / PIPELINE_DIR)
        stance_meta: dict[str, Any] = {"examples": len(stance_examples), "trained": False}
        if trainable(stance_examples):
            stance_meta = {
                **train_stance(stance_examples, out_dir=work / "model" / STANCE_DIR, log=log),
                "trained": True,
            }
        scores: dict[str, Any] = {"held_out": held_scores}
        if eval_articles:
            set_thresholds(model, **thresholds)
            scores["eval"] = {
                "model": score_claims(eval_articles, extract_articles(model, eval_articles)).as_dict(),
                "rules": score_claims(eval_articles, extract_articles(rules, eval_articles)).as_dict(),
                "articles": len(eval_articles),
            }
        meta = {
            "format": FORMAT,
            "name": out_dir.name,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "code_version": code_version,
            "base_model": base_model,
            "spacy_version": spacy.__version__,
            "source": source,
            "counts": counts,
            "thresholds": thresholds,
            "scores": scores,
            "stance": stance_meta,
            "training_seconds": round(time.monotonic() - started, 1),
        }
        (work / "model" / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        (work / "model").rename(out_dir)
        return meta
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run_spacy_training(work: Path, overrides: dict[str, Any], *, log: TextIO) -> Language:
    config = load_config(
        CONFIG_PATH,
        overrides={"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy"), **overrides},
        interpolate=False,
    )
    nlp = init_nlp(config)
    (work / "training").mkdir()
    nlp, _final = spacy_train(nlp, work / "training", stdout=log, stderr=log)
    best = work / "training" / "model-best"
    return spacy.load(best) if best.exists() else nlp


def _choose_thresholds(
    model: Language, rules: Language, held_out: Sequence[LabelledArticle], *, log: TextIO
) -> tuple[dict[str, float], dict[str, Any]]:
    """The scorer's and the chooser's thresholds that give the best attribution F1 on the held-out slice (claims are
    kept or dropped one by one, so one extraction with both at 0 scores every pair)."""
    set_thresholds(model, proposer=_THRESHOLDS[0], chooser=0.0, scorer=0.0)
    found = extract_articles(model, held_out)
    best_pair, best = (0.5, 0.5), None
    for scorer in _THRESHOLDS:
        for chooser in _THRESHOLDS:
            scores = score_claims(held_out, found, threshold=scorer, learned_threshold=chooser)
            if best is None or scores.f1 > best.f1:
                best_pair, best = (scorer, chooser), scores
    best_threshold, chooser_threshold = best_pair
    rules_scores = score_claims(held_out, extract_articles(rules, held_out))
    log.write(
        f"held-out slice ({len(held_out)} articles): rules F1 {rules_scores.f1:.3f}, "
        f"model F1 {best.f1 if best else 0:.3f} at scorer threshold {best_threshold}, chooser {chooser_threshold}\n"
    )
    # A cue below the chooser's threshold can give no attribution above it.
    thresholds = {"proposer": chooser_threshold, "chooser": chooser_threshold, "scorer": best_threshold}
    return thresholds, {
        "model": best.as_dict() if best else None,
        "rules": rules_scores.as_dict(),
        "articles": len(held_out),
    }
