"""Labelled articles (PolNeAR's JSON lines format) -> training Docs for the learned components.

Each article is parsed once by the rules pipeline. Its Doc then carries what both learned components learn from:
- `doc.spans[PROPOSED_CUES_KEY]`: the head token of every gold cue (the proposer's truth);
- `doc.user_data[CANDIDATES_KEY]`: every candidate the attribution stage builds from the rule cues, with its
  features and whether it is right (the candidate scorer's truth). A candidate is right when it would hit a gold
  attribution as the scorer of `claims.nlp.evaluation` counts hits, with the right speaker;
- `doc.user_data[CONTENT_CANDIDATES_KEY]`: for each gold cue head that is no rule cue, the content candidates of
  `contents.py` and whether each would hit that cue's gold content; and the candidates, all wrong, of twice as
  many verbs that report nothing (the content chooser's truth).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup, Token

from claims.nlp.attribution import Attribution
from claims.nlp.attribution.syntax import char_span, token_range
from claims.nlp.cues import CUE_SPANS
from claims.nlp.evaluation import HIT_JACCARD, Item, gold_items, jaccard, predicted_items, span_tokens, speaker_matches
from claims.nlp.input_files import InputFileError, text_lines
from claims.nlp.learned.components import CANDIDATES_KEY, PROPOSED_CUES_KEY
from claims.nlp.learned.contents import CONTENT_CANDIDATES_KEY, content_candidates, content_features, source_of
from claims.nlp.learned.features import candidate_features
from claims.nlp.pipeline import CHUNK_CHARS, claims_from_doc, plain_spaces

CUE_LABEL = "CUE"
_NOT_CUE_DEPS = frozenset({"aux", "auxpass", "amod", "compound"})


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


def _is_right(text: str, candidate: Item, gold: list[Item]) -> bool:
    for item in gold:
        if jaccard(candidate.content.tokens, item.content.tokens) < HIT_JACCARD:
            continue
        if candidate.cue.overlaps(item.cue) and speaker_matches(candidate, item):
            return True
    return False


def _gold_cues(doc: Doc, article: LabelledArticle) -> dict[int, list[frozenset]]:
    """Head token of each gold cue -> the stripped tokens of the gold contents it reports."""
    heads: dict[int, list[frozenset]] = {}
    for attribution in article.attributions:
        if attribution.get("cue_unknown") or not attribution.get("content"):
            continue
        cue, content = attribution["cue"], attribution["content"]
        pieces = [(f["start"], f["end"]) for f in content.get("fragments") or [content]]
        for piece in cue.get("fragments") or [cue]:
            span = doc.char_span(piece["start"], piece["end"], alignment_mode="expand")
            if span is not None and len(span):
                heads.setdefault(span.root.i, []).append(span_tokens(article.text, pieces))
    return heads


def _other_verbs(doc: Doc, cues: set[int], *, count: int) -> list[Token]:
    """About `count` verbs that are no cue, evenly spread over the article: the content chooser's negatives, so that
    its probability also says whether a verb reports anything at all."""
    verbs = [t for t in doc if t.pos_ == "VERB" and t.i not in cues and t.dep_ not in _NOT_CUE_DEPS]
    return verbs[:: max(1, len(verbs) // max(1, count))]


def _labelled_content_candidates(doc: Doc, cue_tokens: list[tuple[Token, list[frozenset]]], text: str) -> list:
    """Per cue token, its candidates with features and whether each hits one of that cue's gold contents (a token
    with no gold content gives negatives only)."""
    out = []
    for cue, golds in cue_tokens:
        rows = []
        for candidate in content_candidates(cue, source_of(cue)):
            tokens = span_tokens(text, [char_span(doc, candidate.start, candidate.end)])
            right = any(jaccard(tokens, gold) >= HIT_JACCARD for gold in golds)
            rows.append({"features": content_features(cue, candidate), "label": int(right)})
        if rows:
            out.append(rows)
    return out


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
        candidates = _labelled_candidates(doc, rule, gold)
        gold_cues = _gold_cues(doc, article)
        rule_cues = {i for span in doc.spans.get(CUE_SPANS, ()) for i in range(span.start, span.end)}
        rule_cues |= {i for a in rule for i in token_range(doc, a.cue)}
        cues = [(doc[i], golds) for i, golds in sorted(gold_cues.items()) if i not in rule_cues]
        cues += [(token, []) for token in _other_verbs(doc, set(gold_cues) | rule_cues, count=2 * len(cues))]
        contents = _labelled_content_candidates(doc, cues, article.text)
        # The extension values (attributions, quotes) are objects DocBin cannot store; the Doc keeps plain data only.
        doc.user_data = {CANDIDATES_KEY: candidates, CONTENT_CANDIDATES_KEY: contents, "onrecord_article": article.id}
        cue_heads = [Span(doc, i, i + 1, label=CUE_LABEL) for i in sorted(gold_cues)]
        doc.spans[PROPOSED_CUES_KEY] = SpanGroup(doc, name=PROPOSED_CUES_KEY, spans=cue_heads)
        yield doc
