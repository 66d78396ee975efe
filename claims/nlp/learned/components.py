"""The learned components of the extractor (spaCy factories; no Django).

- `spancat` named `onrecord_cue_spans` (spaCy's own, configured in `config.cfg`) proposes cue tokens with a
  probability, into `doc.spans[PROPOSED_CUES_KEY]`.
- `onrecord_content_chooser` (`contents.py`, after the attribution stage) gives each proposed cue that no rule
  attribution uses a content and a source, chosen among syntactic candidates.
- `onrecord_candidate_scorer` (after the speaker stage) is a logistic regression over the features of the rules'
  candidates (`features.py`): it sets each one's probability, which becomes the claim's confidence, and drops those
  below its threshold. The chooser's attributions keep the probability the chooser gave them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice

import numpy
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.strings import hash_string
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import registry
from spacy.vocab import Vocab
from thinc.api import Logistic, Model, Optimizer, SparseLinear_v2, chain
from thinc.types import Floats2d

from claims.nlp.attribution import Attribution
from claims.nlp.attribution.model import order_and_nest
from claims.nlp.cues import LEARNED
from claims.nlp.learned.features import candidate_features

PROPOSED_CUES_KEY = "onrecord_learned_cue_spans"
# Labelled candidates travel with a training Doc as plain data: [{"features": [...], "label": 0/1}, ...].
CANDIDATES_KEY = "onrecord_candidates"
_FEATURE_ROWS = 2**18


# --- the candidate scorer -----------------------------------------------------------------------------------------

FeatureBatch = tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]


@registry.architectures("onrecord.CandidateScorer.v1")
def build_candidate_scorer(length: int = _FEATURE_ROWS) -> Model[FeatureBatch, Floats2d]:
    """Logistic regression over hashed feature strings (spaCy's bag-of-words text classifier, on candidates)."""
    return chain(SparseLinear_v2(nO=1, length=length), Logistic())


def featurize(vocab: Vocab, rows: Iterable[list[str]]) -> FeatureBatch:
    # Hashed, not added to the string store: a worker's store must not grow with every candidate it scores.
    keys: list[int] = []
    lengths: list[int] = []
    for features in rows:
        keys.extend(hash_string(feature) for feature in features)
        lengths.append(len(features))
    return (
        numpy.asarray(keys, dtype="uint64"),
        numpy.ones(len(keys), dtype="float32"),
        numpy.asarray(lengths, dtype="int32"),
    )


class LogisticPipe(TrainablePipe):
    """A logistic regression over bags of feature strings, trained on the labelled rows training Docs carry in
    `doc.user_data` (subclasses say where: `_labelled`)."""

    what = "candidates"  # for the error message when there is nothing to learn from

    def __init__(self, vocab: Vocab, model: Model, name: str, *, threshold: float):
        self.vocab = vocab
        self.model = model
        self.name = name
        self.cfg = {"threshold": threshold}

    @property
    def threshold(self) -> float:
        return float(self.cfg["threshold"])

    def probabilities(self, rows: list[list[str]]) -> numpy.ndarray:
        if not rows:
            return numpy.zeros(0, dtype="float32")
        return self.model.ops.to_numpy(self.model.predict(featurize(self.vocab, rows)))[:, 0]

    def _labelled(self, examples: Iterable[Example]) -> tuple[list[list[str]], list[float]]:
        raise NotImplementedError

    def update(
        self,
        examples: Iterable[Example],
        *,
        drop: float = 0.0,
        sgd: Optimizer | None = None,
        losses: dict[str, float] | None = None,
    ) -> dict[str, float]:
        losses = {} if losses is None else losses
        losses.setdefault(self.name, 0.0)
        rows, labels = self._labelled(examples)
        if not rows:
            return losses
        scores, backprop = self.model.begin_update(featurize(self.vocab, rows))
        truth = self.model.ops.asarray2f(numpy.asarray(labels, dtype="float32").reshape(-1, 1))
        gradient = scores - truth
        backprop(gradient)
        if sgd is not None:
            self.finish_update(sgd)
        losses[self.name] += float((gradient**2).sum())
        return losses

    def get_loss(self, examples: Iterable[Example], scores: Floats2d) -> tuple[float, Floats2d]:
        _rows, labels = self._labelled(examples)
        truth = numpy.asarray(labels, dtype="float32").reshape(-1, 1)
        gradient = scores - truth
        return float((gradient**2).sum()), gradient

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp: Language | None = None) -> None:
        rows, labels = self._labelled(islice(get_examples(), 50))
        if not rows:
            raise ValueError(f"no labelled {self.what} to initialise {self.name} with")
        sample = featurize(self.vocab, rows[:10])
        self.model.initialize(X=sample, Y=numpy.asarray(labels[:10], dtype="float32").reshape(-1, 1))


def _scored(doc: Doc) -> list[Attribution]:
    """The attributions the scorer judges: the rules' (the content chooser's carry their own probability)."""
    return [a for a in doc._.attributions or [] if a.cue_kind != LEARNED]


def _candidate_rows(doc: Doc) -> list[list[str]]:
    return [candidate_features(doc, a) for a in _scored(doc)]


@Language.factory(
    "onrecord_candidate_scorer",
    default_config={"model": {"@architectures": "onrecord.CandidateScorer.v1"}, "threshold": 0.5},
    default_score_weights={"candidate_f": 1.0, "candidate_p": 0.0, "candidate_r": 0.0},
)
def make_candidate_scorer(nlp: Language, name: str, model: Model, threshold: float) -> CandidateScorer:
    return CandidateScorer(nlp.vocab, model, name=name, threshold=threshold)


class CandidateScorer(LogisticPipe):
    """Sets `Attribution.probability` on every candidate and drops those below `threshold` (from the model cfg)."""

    def __init__(self, vocab: Vocab, model: Model, name: str = "onrecord_candidate_scorer", *, threshold: float):
        super().__init__(vocab, model, name, threshold=threshold)

    def predict(self, docs: Iterable[Doc]) -> list[numpy.ndarray]:
        docs = list(docs)
        rows = [_candidate_rows(doc) for doc in docs]
        flat = [row for doc_rows in rows for row in doc_rows]
        if not flat:
            return [numpy.zeros(len(doc_rows), dtype="float32") for doc_rows in rows]
        scores = self.probabilities(flat)
        out: list[numpy.ndarray] = []
        at = 0
        for doc_rows in rows:
            out.append(scores[at : at + len(doc_rows)])
            at += len(doc_rows)
        return out

    def set_annotations(self, docs: Iterable[Doc], scores: list[numpy.ndarray]) -> None:
        for doc, doc_scores in zip(docs, scores, strict=True):
            attributions = doc._.attributions or []
            scored = _scored(doc)
            if not scored:
                continue
            for attribution, score in zip(scored, doc_scores, strict=True):
                attribution.probability = float(score)
                attribution.threshold = self.threshold
            kept = [a for a in attributions if a.cue_kind == LEARNED or a.probability >= self.threshold]
            if len(kept) != len(attributions):
                for attribution in kept:
                    attribution.nested_in = None
                doc._.attributions = order_and_nest(kept)

    def _labelled(self, examples: Iterable[Example]) -> tuple[list[list[str]], list[float]]:
        rows: list[list[str]] = []
        labels: list[float] = []
        for example in examples:
            for candidate in example.reference.user_data.get(CANDIDATES_KEY, ()):
                rows.append(list(candidate["features"]))
                labels.append(float(candidate["label"]))
        return rows, labels

    def score(self, examples: Iterable[Example], **kwargs: object) -> dict[str, float]:
        """Candidate-level precision, recall and F1 at the threshold, on the labelled candidates."""
        rows, labels = self._labelled(examples)
        if not rows:
            return {"candidate_p": 0.0, "candidate_r": 0.0, "candidate_f": 0.0}
        scores = self.probabilities(rows)
        chosen = scores >= self.threshold
        truth = numpy.asarray(labels) > 0.5
        hits = float((chosen & truth).sum())
        p = hits / chosen.sum() if chosen.sum() else 0.0
        r = hits / truth.sum() if truth.sum() else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"candidate_p": p, "candidate_r": r, "candidate_f": f}
