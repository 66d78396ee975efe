"""The learned stance classifier: one spaCy `textcat` for every topic, trained from reviewed statements (the
stance editors approved or corrected), used where the lexicon finds no side and the classifier is confident.

A model directory holds it in `stance/` (a spaCy pipeline) when there were enough reviewed statements to train it.
`StanceClassifier` is the no-op pipeline component that carries it through `nlp.pipe` to the enrichment step
(`claims.nlp.enrich`), which asks it about every claim that has a topic.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TextIO

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training.initialize import init_nlp
from spacy.training.loop import train as spacy_train
from spacy.util import load_config

from claims.nlp.learned.errors import ModelDirectoryError

STANCE_DIR = "stance"
STANCE_PIPE = "onrecord_stance_classifier"
STANCES = ("favor", "against", "neutral")
CONFIG_PATH = Path(__file__).with_name("stance.cfg")
MIN_EXAMPLES = 6  # fewer reviewed statements than this (or a single stance among them) trains nothing
DEFAULT_MIN_CONFIDENCE = 0.6
HELD_OUT_SHARE = 5  # one statement in five, by a hash of its key, scores the classifier


@dataclass(frozen=True, slots=True)
class StanceExample:
    """A reviewed statement: its topic's slug, its words and the stance an editor approved or set."""

    topic: str
    text: str
    stance: str
    key: str = ""  # a stable id (the statement's), which picks the held-out slice


def stance_examples_from_articles(articles: Sequence[Any]) -> list[StanceExample]:
    """Attributions of labelled articles that carry a "topic" and a "stance" (an optional extension of the JSON
    lines format) as examples; the content's fragments are joined as a statement's are."""
    examples = []
    for article in articles:
        for attribution in article.attributions:
            topic, stance = attribution.get("topic"), attribution.get("stance")
            if not isinstance(topic, str) or not topic or stance not in STANCES:
                continue
            content = attribution["content"]
            pieces = content.get("fragments") or [content]
            text = " … ".join(article.text[piece["start"] : piece["end"]] for piece in pieces)
            examples.append(StanceExample(topic, text, stance, f"{article.id}/{attribution.get('id', len(examples))}"))
    return examples


def stance_input(topic: str, text: str) -> str:
    """What the classifier reads: the topic's slug as words, then the statement."""
    return f"{topic.replace('-', ' ')} : {' '.join(text.split())}"


def _key_hash(example: StanceExample) -> int:
    key = example.key or f"{example.topic}|{example.text}"
    return int(hashlib.sha256(key.encode()).hexdigest(), 16)


def is_held_out(example: StanceExample) -> bool:
    return _key_hash(example) % HELD_OUT_SHARE == 0


def trainable(examples: Sequence[StanceExample]) -> bool:
    return len(examples) >= MIN_EXAMPLES and len({e.stance for e in examples}) >= 2


def _docbin(nlp: Language, examples: Sequence[StanceExample], path: Path) -> None:
    docbin = DocBin()
    for example in examples:
        doc = nlp.make_doc(stance_input(example.topic, example.text))
        doc.cats = {label: float(label == example.stance) for label in STANCES}
        docbin.add(doc)
    docbin.to_disk(path)


def train_stance(
    examples: Sequence[StanceExample],
    *,
    out_dir: Path,
    held_out: Sequence[StanceExample] | None = None,
    log: TextIO = sys.stderr,
    config_overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Trains the classifier with spaCy's training loop and `stance.cfg`, writes it to `out_dir` (which must not
    exist) and returns its meta: counts, and the accuracy on the held-out statements (one in five by key, unless
    `held_out` is given) of the classifier alone and at DEFAULT_MIN_CONFIDENCE."""
    examples = [e for e in examples if e.stance in STANCES and e.text.strip()]
    if not trainable(examples):
        raise ValueError(f"too few reviewed statements to learn stance from ({len(examples)}, needs {MIN_EXAMPLES})")
    if out_dir.exists():
        raise FileExistsError(f"{out_dir} exists already")
    if held_out is None:
        # One in five by key; with few statements the hash may pick none, and a model must still be scored.
        held_out = [e for e in examples if is_held_out(e)] or [min(examples, key=_key_hash)]
    held_keys = {id(e) for e in held_out}
    train = [e for e in examples if id(e) not in held_keys] or list(examples)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        blank = spacy.blank("en")
        _docbin(blank, train, work / "train.spacy")
        _docbin(blank, held_out or train, work / "dev.spacy")
        overrides = {"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy")}
        config = load_config(CONFIG_PATH, overrides={**overrides, **(config_overrides or {})}, interpolate=False)
        nlp = init_nlp(config)
        (work / "training").mkdir()
        nlp, _final = spacy_train(nlp, work / "training", stdout=log, stderr=log)
        best = work / "training" / "model-best"
        if best.exists():
            nlp = spacy.load(best)
        nlp.to_disk(work / "model")
        meta: dict[str, Any] = {
            "examples": len(examples),
            "train": len(train),
            "held_out": len(held_out),
            "stances": dict(Counter(e.stance for e in train)),
            "topics": dict(Counter(e.topic for e in train)),
        }
        if held_out:
            classifier = StanceClassifier(nlp)
            predicted = classifier.predict([(e.topic, e.text) for e in held_out])
            gold = [e.stance for e in held_out]
            meta["accuracy"] = round(_accuracy([label for label, _p in predicted], gold), 4)
            meta["confident_share"] = round(
                sum(p >= DEFAULT_MIN_CONFIDENCE for _label, p in predicted) / len(predicted), 4
            )
        (work / "model").rename(out_dir)
        return meta
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _accuracy(predicted: Sequence[str], gold: Sequence[str]) -> float:
    return sum(p == g for p, g in zip(predicted, gold, strict=True)) / len(gold) if gold else 0.0


class StanceClassifier:
    """The trained textcat; `predict` gives the likeliest stance and its probability for (topic, text) pairs."""

    def __init__(self, nlp: Language, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> None:
        self.nlp = nlp
        self.min_confidence = min_confidence

    def predict(self, pairs: Sequence[tuple[str, str]]) -> list[tuple[str, float]]:
        results = []
        # A worker's string store must not grow with every statement it classifies.
        with self.nlp.memory_zone():
            for doc in self.nlp.pipe((stance_input(topic, text) for topic, text in pairs), batch_size=256):
                label = max(STANCES, key=lambda name: doc.cats.get(name, 0.0))
                results.append((label, float(doc.cats.get(label, 0.0))))
        return results


class HasStance(Protocol):
    """A claim, or the topic step's verdict on one: what the stance decision reads and rewrites."""

    topic: str | None
    stance: Any
    stance_confidence: float
    rationale: list[str]


def stance_learned(items: Sequence[tuple[HasStance, str]], classifier: StanceClassifier) -> None:
    """For each (claim, its statement's words) with a topic: a side the lexicon's words decided stays (they are
    explainable, and more often right than the classifier); where the lexicon found none, the classifier's stance
    if its probability reaches its minimum confidence. The rationale says which decided: "stance: classifier 0.87
    (the lexicon said neutral)" (the lexicon's lines are then dropped), "stance: the lexicon's words decided
    (classifier against 0.71)" or "stance: lexicon rule (classifier 0.41, below 0.60)"."""
    topical = [(item, text) for item, text in items if item.topic]
    if not topical:
        return
    predicted = classifier.predict([(item.topic or "", text) for item, text in topical])
    for (item, _text), (label, probability) in zip(topical, predicted, strict=True):
        lexicon = item.stance
        if lexicon in ("favor", "against"):
            item.rationale.append(f"stance: the lexicon's words decided (classifier {label} {probability:.2f})")
        elif probability >= classifier.min_confidence:
            item.rationale = [reason for reason in item.rationale if not reason.startswith("stance:")]
            item.stance, item.stance_confidence = label, round(probability, 2)
            differs = f" (the lexicon said {lexicon})" if lexicon and lexicon != label else ""
            item.rationale.append(f"stance: classifier {probability:.2f}{differs}")
        else:
            item.rationale.append(
                f"stance: lexicon rule (classifier {probability:.2f}, below {classifier.min_confidence:.2f})"
            )


def load_stance(path: str | Path) -> Language:
    try:
        nlp = spacy.load(path)
    except Exception as error:  # spaCy raises OSError, ValueError, KeyError… for damaged files
        raise ModelDirectoryError(f"{path}: cannot load the stance classifier ({error})") from error
    if "textcat" not in nlp.pipe_names:
        raise ModelDirectoryError(f"{path}: not a stance classifier (no textcat)")
    return nlp


@Language.factory(STANCE_PIPE, default_config={"path": "", "min_confidence": DEFAULT_MIN_CONFIDENCE})
def make_stance_classifier(nlp: Language, name: str, path: str, min_confidence: float) -> StanceComponent:
    return StanceComponent(StanceClassifier(load_stance(path), min_confidence=min_confidence))


class StanceComponent:
    """Leaves every Doc as it is: it only carries the classifier to the enrichment step, which runs per claim
    after the pipeline (`stance_classifier_of`)."""

    def __init__(self, classifier: StanceClassifier) -> None:
        self.classifier = classifier

    def __call__(self, doc: Doc) -> Doc:
        return doc


def stance_classifier_of(nlp: Language) -> StanceClassifier | None:
    if STANCE_PIPE not in nlp.pipe_names:
        return None
    return nlp.get_pipe(STANCE_PIPE).classifier
