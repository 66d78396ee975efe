"""The learned content chooser: a content, and a source, for each cue the proposer finds and no rule reports.

Rules attach a content to a cue through a few shapes (a that-clause, a quote, an object …); for a cue they do not
know, such as "is a staunch opponent of", "decided against" or "tied … to", no shape may fit. The chooser makes a
handful of syntactic candidates instead (each dependent's phrase, everything the cue governs to its right, the rest
of the sentence, the sentence up to the cue) and a logistic regression over their features picks one. Trained on
labelled articles, a candidate is right when it would hit the gold content (token Jaccard >= 0.5, as
`claims.nlp.evaluation` counts).

The chooser runs after the attribution stage, before speaker resolution, and adds at most one attribution per
proposed cue token that is no rule cue, with probability p(cue) x p(content). It takes (cue, content) pairs surest
first and skips a content that shares words with a report already placed (unless one is said inside the other).
Pairs below its threshold are not added; the candidate scorer leaves the chooser's attributions alone. Because a
pair is only kept out by surer pairs, keeping those above a higher threshold gives what that threshold would have
given: one extraction at a low threshold scores them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.training import Example
from spacy.vocab import Vocab
from thinc.api import Model

from claims.nlp.attribution import Attribution
from claims.nlp.attribution.model import order_and_nest
from claims.nlp.attribution.syntax import char_span, find_source, keeps_amount_or_bracket, noun_phrase, token_range
from claims.nlp.cues import CUE_SPANS, LEARNED
from claims.nlp.learned.components import PROPOSED_CUES_KEY, LogisticPipe
from claims.nlp.learned.features import length_bin
from claims.nlp.lexicon import act_of
from claims.nlp.quotes import QUOTE_CHARS

LEARNED_SHAPE = "learned"
CHOOSER_RULE = "learned.content"
# Labelled content candidates travel with a training Doc as plain data: [[{"features": [...], "label": 0/1}, ...]]
# (one list per gold cue token).
CONTENT_CANDIDATES_KEY = "onrecord_content_candidates"
# Dependents that are part of the cue or its source, never the content.
_NOT_CONTENT = frozenset(
    "punct aux auxpass neg cc det nsubj nsubjpass csubj expl mark case poss compound amod nummod prt cop".split()
)
_LENGTH_BINS = (1, 2, 4, 8, 16, 32)  # tokens of a candidate (features.py bins a content's words)
_FIRST_WORDS = frozenset({"that", "to", "the", "a", "an", "he", "she", "they", "it", "we", "i", "if", "whether",
                          "what", "how", "why", "about", "as", "for", "on", "of", "with", "against", "in"})  # fmt: skip


@dataclass(frozen=True, slots=True)
class ContentCandidate:
    start: int  # token indexes, end exclusive
    end: int
    kinds: tuple[str, ...]  # every construction that gives this span ("child:ccomp", "rest" …)


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Without punctuation at the edges (quote marks stay: they show a verbatim content)."""
    while start < end and doc[start].is_punct and doc[start].text not in QUOTE_CHARS:
        start += 1
    while end > start and doc[end - 1].is_punct and doc[end - 1].text not in QUOTE_CHARS:
        if keeps_amount_or_bracket(doc, start, end):
            break
        end -= 1
    return start, end


def content_candidates(cue: Token, source: Token | None) -> list[ContentCandidate]:
    """The spans a cue's content may be: each dependent's phrase, all it governs to its right, the rest of the
    sentence after it and the sentence before its source (`source_of(cue)`). None holds the cue itself."""
    doc, sent = cue.doc, cue.sent
    found: dict[tuple[int, int], list[str]] = {}

    def add(start: int, end: int, kind: str) -> None:
        start, end = _trimmed(doc, start, end)
        if end > start and not (start <= cue.i < end):
            found.setdefault((start, end), []).append(kind)

    rights = []
    for child in cue.children:
        if child.dep_ in _NOT_CONTENT:
            continue
        add(child.left_edge.i, child.right_edge.i + 1, f"child:{child.dep_}")
        if child.i > cue.i:
            rights.append(child)
    if len(rights) > 1:
        add(rights[0].left_edge.i, rights[-1].right_edge.i + 1, "rights")
    add(cue.i + 1, sent.end, "rest")
    # A verb's subject opens its report ("Trump, the senator said"); a noun's owner ("his view") does not.
    verbal = cue.pos_ in ("VERB", "AUX")
    before = source.left_edge.i if verbal and source is not None and source.i < cue.i else cue.i
    add(sent.start, before, "before")
    return [ContentCandidate(start, end, tuple(kinds)) for (start, end), kinds in sorted(found.items())]


def _first_word(span: Span) -> str:
    for token in span:
        if not token.is_punct:
            word = token.lower_
            return word if word in _FIRST_WORDS else token.pos_
    return "-"


def content_features(cue: Token, candidate: ContentCandidate) -> list[str]:
    """Feature strings of one (cue, content span) pair; one function for training and prediction."""
    doc = cue.doc
    span = doc[candidate.start : candidate.end]
    lemma = cue.lemma_.lower()
    where = "after" if candidate.start > cue.i else "before"
    length = length_bin(len(span), _LENGTH_BINS)
    quoted = any(token.text in QUOTE_CHARS for token in span[:2])
    verbs = sum(1 for token in span if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass"))
    ends_sentence = candidate.end >= span.sent.end - 1
    features = [
        "bias",
        f"cue_pos={cue.pos_}",
        f"cue_tag={cue.tag_}",
        f"cue_dep={cue.dep_}",
        f"lemma={lemma}",
        f"where={where}",
        f"length={length}",
        f"first={_first_word(span)}",
        f"root_pos={span.root.pos_}",
        f"quoted={quoted}",
        f"verbs={min(verbs, 3)}",
        f"ends_sentence={ends_sentence}",
        f"kinds={'+'.join(candidate.kinds)}",
        f"lemma|where={lemma}|{where}",
        f"cue_pos|length={cue.pos_}|{length}",
    ]
    for kind in candidate.kinds:
        features += [
            f"kind={kind}",
            f"kind|lemma={kind}|{lemma}",
            f"kind|cue_pos={kind}|{cue.pos_}",
            f"kind|length={kind}|{length}",
            f"kind|first={kind}|{_first_word(span)}",
            f"kind|verbs={kind}|{min(verbs, 3)}",
        ]
    return features


def source_of(cue: Token) -> Token | None:
    if cue.pos_ in ("VERB", "AUX"):
        return find_source(cue)[0]
    owners = [child for child in cue.children if child.dep_ == "poss"]  # "his determination to act alone"
    return owners[0] if owners else None


def _proposed(doc: Doc) -> list[tuple[Token, float]]:
    group = doc.spans.get(PROPOSED_CUES_KEY)
    if group is None:
        return []
    scores = group.attrs.get("scores")
    return [(span.root, float(scores[i][0]) if scores is not None else 1.0) for i, span in enumerate(group)]


@Language.factory(
    "onrecord_content_chooser",
    default_config={"model": {"@architectures": "onrecord.CandidateScorer.v1"}, "threshold": 0.5},
    default_score_weights={"content_acc": 1.0},
)
def make_content_chooser(nlp: Language, name: str, model: Model, threshold: float) -> ContentChooser:
    return ContentChooser(nlp.vocab, model, name=name, threshold=threshold)


class ContentChooser(LogisticPipe):
    """Adds an attribution for each proposed cue token that is no rule cue, with its best-scored content."""

    what = "content candidates"

    def __init__(self, vocab: Vocab, model: Model, name: str = "onrecord_content_chooser", *, threshold: float):
        super().__init__(vocab, model, name, threshold=threshold)

    def predict(self, docs: Iterable[Doc]) -> list[list[Attribution]]:
        return [self._learned_attributions(doc) for doc in docs]

    def _learned_attributions(self, doc: Doc) -> list[Attribution]:
        if doc._.attributions is None or not doc.has_annotation("DEP"):
            return []
        placed = list(doc._.attributions)
        # A cue the rules know stays theirs: what they filtered ("did not say", "plans to") they filtered on purpose.
        taken = {i for span in doc.spans.get(CUE_SPANS, ()) for i in range(span.start, span.end)}
        taken |= {i for a in placed for i in token_range(doc, a.cue)}
        pairs: list[tuple[float, Token, Token | None, ContentCandidate]] = []
        for cue, cue_probability in _proposed(doc):
            if cue.i in taken or cue.is_punct or cue_probability < self.threshold:
                continue
            source = source_of(cue)
            candidates = content_candidates(cue, source)
            scores = cue_probability * self.probabilities([content_features(cue, c) for c in candidates])
            pairs += [(float(p), cue, source, candidate) for p, candidate in zip(scores, candidates, strict=True)]
        # The surest (cue, content) pair first; a cue takes one content, and no content takes words a report placed
        # before it has. A pair is only ever kept out by surer ones, so a higher threshold gives the same reports
        # as dropping those below it.
        found: list[Attribution] = []
        for probability, cue, source, candidate in sorted(pairs, key=lambda pair: -pair[0]):
            if probability < self.threshold:
                break
            if cue.i in taken:
                continue
            attribution = _attribution(cue, source, candidate, probability, self.threshold)
            if not any(clashes(attribution, other) for other in placed):
                found.append(attribution)
                placed.append(attribution)
                taken.add(cue.i)
        return found

    def set_annotations(self, docs: Iterable[Doc], found: list[list[Attribution]]) -> None:
        for doc, learned in zip(docs, found, strict=True):
            if learned:
                kept = list(doc._.attributions or [])
                for attribution in kept:
                    attribution.nested_in = None
                doc._.attributions = order_and_nest(kept + learned)

    def _labelled(self, examples: Iterable[Example]) -> tuple[list[list[str]], list[float]]:
        rows: list[list[str]] = []
        labels: list[float] = []
        for example in examples:
            for candidates in example.reference.user_data.get(CONTENT_CANDIDATES_KEY, ()):
                for candidate in candidates:
                    rows.append(list(candidate["features"]))
                    labels.append(float(candidate["label"]))
        return rows, labels

    def score(self, examples: Iterable[Example], **kwargs: object) -> dict[str, float]:
        """How often the best-scored candidate of a gold cue is a right content (of the cues that have one)."""
        right = total = 0
        for example in examples:
            for candidates in example.reference.user_data.get(CONTENT_CANDIDATES_KEY, ()):
                if not any(candidate["label"] for candidate in candidates):
                    continue
                scores = self.probabilities([list(candidate["features"]) for candidate in candidates])
                total += 1
                right += int(candidates[int(scores.argmax())]["label"])
        return {"content_acc": right / total if total else 0.0}


def clashes(a: Attribution, b: Attribution) -> bool:
    """Whether two reports share words and neither is said inside the other's content (cue and content): one of
    them must go (the learned one: rules and surer reports are placed first)."""
    a_start, a_end = a.content_span
    b_start, b_end = b.content_span
    if not (a_start < b_end and b_start < a_end):
        return False
    return not (_inside(a, b_start, b_end) or _inside(b, a_start, a_end))


def _inside(a: Attribution, start: int, end: int) -> bool:
    return start <= min(a.cue[0], a.content_span[0]) and max(a.cue[1], a.content_span[1]) <= end


def _attribution(
    cue: Token, source: Token | None, candidate: ContentCandidate, probability: float, threshold: float
) -> Attribution:
    doc = cue.doc
    source_span = None
    if source is not None and not (candidate.start <= source.i < candidate.end):
        start, end = noun_phrase(source, exclude=cue.i)
        if end > start:
            source_span = char_span(doc, start, end)
    content = char_span(doc, candidate.start, candidate.end)
    quoted = doc[candidate.start].text in QUOTE_CHARS and doc[candidate.end - 1].text in QUOTE_CHARS
    lemma = cue.lemma_.lower()
    return Attribution(
        cue=char_span(doc, cue.i, cue.i + 1),
        content=[content],
        source=source_span,
        kind="direct" if quoted else "indirect",
        sentence=(cue.sent.start_char, cue.sent.end_char),
        cue_kind=LEARNED,
        lemma=lemma,
        strength=probability,
        shape=LEARNED_SHAPE,
        source_token=source.i if source_span is not None else None,
        act=act_of(lemma) or "speech",
        rules=[CHOOSER_RULE, *(f"candidate:{kind}" for kind in candidate.kinds)],
        probability=probability,
        threshold=threshold,
    )
