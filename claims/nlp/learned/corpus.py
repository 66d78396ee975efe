"""Labelled articles (PolNeAR's JSON lines format) -> training Docs for the learned components.

Each article is parsed once by the rules pipeline. Its Doc then carries what both learned components learn from:
- `doc.spans[PROPOSED_CUES_KEY]`: the head token of every gold cue (the proposer's truth);
- `doc.user_data[CANDIDATES_KEY]`: every candidate the attribution stage builds, from the rule cues and from every
  other verb taken as a cue, with its features and whether it is right (the scorer's truth). A candidate is right
  when it would hit a gold attribution as the scorer of `claims.nlp.evaluation` counts hits, with the right speaker.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from claims.nlp.attribution import Attribution, AttributionBuilder
from claims.nlp.cues import LEARNED, Cue
from claims.nlp.evaluation import Item, gold_items, predicted_items, speaker_matches
from claims.nlp.input_files import InputFileError, text_lines
from claims.nlp.learned.components import CANDIDATES_KEY, PROPOSED_CUES_KEY
from claims.nlp.learned.features import candidate_features
from claims.nlp.pipeline import CHUNK_CHARS, claims_from_doc, plain_spaces
from claims.nlp.speakers import resolve_speakers

CUE_LABEL = "CUE"
HIT_JACCARD = 0.5
# Verbs whose children show they take a reported content; other verbs are not worth a candidate.
_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "prep", "parataxis", "advcl"})


class TrainingDataError(ValueError):
    """Training data that cannot be used; the message names the file and line."""


@dataclass(slots=True)
class LabelledArticle:
    id: str
    text: str
    published: str | None
    attributions: list[dict] = field(default_factory=list)  # PolNeAR attribution objects

    def as_json(self) -> dict:
        return {"id": self.id, "text": self.text, "published": self.published, "attributions": self.attributions}


def _check_span(text: str, span: object, where: str, role: str) -> None:
    if not isinstance(span, dict):
        raise TrainingDataError(f"{where}: {role} must be an object with start and end")
    pieces = span.get("fragments") or [span]
    for piece in pieces:
        start, end = piece.get("start"), piece.get("end")
        if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
            raise TrainingDataError(f"{where}: {role} offsets {start!r}..{end!r} are not inside the text")
        if "text" in piece and text[start:end] != piece["text"]:
            raise TrainingDataError(f"{where}: {role} text {piece['text']!r} is not text[{start}:{end}]")


def parse_labelled_line(line: str, where: str) -> LabelledArticle:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        raise TrainingDataError(f"{where}: not JSON ({error.msg})") from error
    except RecursionError:
        raise TrainingDataError(f"{where}: not JSON (nested too deep)") from None
    if not isinstance(item, dict) or not isinstance(item.get("text"), str) or "id" not in item:
        raise TrainingDataError(f"{where}: expected an object with 'id', 'text' and 'attributions'")
    attributions = item.get("attributions")
    if not isinstance(attributions, list):
        raise TrainingDataError(f"{where}: 'attributions' must be a list")
    text = item["text"]
    kept = []
    for number, attribution in enumerate(attributions, start=1):
        if not isinstance(attribution, dict):
            raise TrainingDataError(f"{where}: attribution {number} is not an object")
        if not attribution.get("cue") or not attribution.get("content"):
            continue  # annotated without a cue or content: nothing to learn a cue or content from
        label = f"{where}: attribution {number}"
        _check_span(text, attribution["cue"], label, "cue")
        _check_span(text, attribution["content"], label, "content")
        if attribution.get("source"):
            _check_span(text, attribution["source"], label, "source")
        kept.append(attribution)
    return LabelledArticle(str(item["id"]), text, item.get("published"), kept)


def read_labelled_jsonl(path: str | Path) -> list[LabelledArticle]:
    """Every article of the file; raises TrainingDataError naming file and line for anything unusable."""
    path = Path(path)
    articles: list[LabelledArticle] = []
    try:
        for number, line in text_lines(path):
            if line.strip():
                articles.append(parse_labelled_line(line, f"{path}:{number}"))
    except InputFileError as error:
        raise TrainingDataError(str(error)) from None
    if not articles:
        raise TrainingDataError(f"{path}: no articles (the file is empty)")
    if not any(article.attributions for article in articles):
        raise TrainingDataError(f"{path}: no attributions in any article; nothing to learn from")
    return articles


def _candidate_cues(doc: Doc, rule_cues: list[Cue]) -> list[Cue]:
    """Every verb the rules did not take as a cue but that takes a complement, as a learned cue: what the
    proposer may add at run time, so the scorer learns which of them are attributions."""
    taken = {token for cue in rule_cues for token in range(cue.start, cue.end)}
    cues = []
    for token in doc:
        if token.i in taken or token.pos_ not in ("VERB",) or token.dep_ in ("aux", "auxpass", "amod", "compound"):
            continue
        if any(child.dep_ in _CONTENT_DEPS for child in token.children):
            cues.append(Cue(LEARNED, token.i, token.i + 1, token.i, token.lemma_.lower()))
    return cues


def _is_right(text: str, candidate: Item, gold: list[Item]) -> bool:
    for item in gold:
        union = candidate.content.tokens | item.content.tokens
        if not union or len(candidate.content.tokens & item.content.tokens) / len(union) < HIT_JACCARD:
            continue
        if candidate.cue.overlaps(item.cue) and speaker_matches(candidate, item):
            return True
    return False


def _gold_cue_heads(doc: Doc, article: LabelledArticle) -> list[Span]:
    heads: dict[int, Span] = {}
    for attribution in article.attributions:
        if attribution.get("cue_unknown"):
            continue
        cue = attribution["cue"]
        for piece in cue.get("fragments") or [cue]:
            start, end = piece["start"], piece["end"]
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            root = span.root
            heads.setdefault(root.i, Span(doc, root.i, root.i + 1, label=CUE_LABEL))
    return [heads[i] for i in sorted(heads)]


def _labelled_candidates(doc: Doc, attributions: list[Attribution], gold: list[Item]) -> list[dict]:
    if not attributions:
        return []
    text = doc.text
    items = predicted_items(text, claims_from_doc_for(doc, attributions))
    return [
        {"features": candidate_features(doc, a), "label": int(_is_right(text, item, gold))}
        for a, item in zip(attributions, items, strict=True)
    ]


def claims_from_doc_for(doc: Doc, attributions: list[Attribution]) -> list:
    """The claims of some attributions of the Doc (as the pipeline would turn them into claims)."""
    saved = doc._.attributions
    doc._.attributions = attributions
    try:
        return claims_from_doc(doc)
    finally:
        doc._.attributions = saved


def training_docs(nlp: Language, articles: Iterable[LabelledArticle], *, batch_size: int = 8) -> Iterator[Doc]:
    """One training Doc per article (articles longer than the pipeline's piece size are skipped)."""
    usable = (a for a in articles if len(a.text) <= CHUNK_CHARS)
    pairs = ((plain_spaces(a.text), a) for a in usable)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        gold = gold_items(article.as_json())
        rule = list(doc._.attributions or [])
        extra_cues = _candidate_cues(doc, doc._.cues or [])
        generic: list[Attribution] = []
        if extra_cues and doc._.quotes is not None:
            generic = AttributionBuilder(doc, doc._.quotes, extra_cues).build()
            resolve_speakers(doc, generic)
        candidates = _labelled_candidates(doc, rule, gold) + _labelled_candidates(doc, generic, gold)
        cue_heads = _gold_cue_heads(doc, article)
        # The extension values (attributions, quotes) are objects DocBin cannot store; the Doc keeps plain data only.
        doc.user_data = {CANDIDATES_KEY: candidates, "onrecord_article": article.id}
        doc.spans[PROPOSED_CUES_KEY] = SpanGroup(doc, name=PROPOSED_CUES_KEY, spans=cue_heads)
        yield doc
