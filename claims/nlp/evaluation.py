"""Scores the extractor against attribution annotations (PolNeAR's JSON lines format).

Scoring, as /work/shared/data/README.md describes it:
- tokens are word or punctuation tokens; punctuation and quote marks are stripped from the edges of each span
  (and each fragment of a discontinuous span) before comparing;
- per article, predictions and gold attributions are paired one-to-one, maximising the summed content token
  Jaccard (Hungarian assignment);
- a pair is a hit when its content Jaccard is >= 0.5 and its cue spans overlap;
- token-overlap P/R/F1 per role sums the overlap of each pair over all predicted / all gold tokens of that role;
- exact match per role means equal stripped token sets;
- speaker accuracy on hits: both without speaker, or speaker and source share a token;
- speech-verb recall: recall on gold attributions whose cue holds a verb of saying.

Run: python -m claims.nlp.evaluation ../shared/data/polnear-dev.jsonl [--limit N] [--errors FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from claims.nlp.input_files import InputFileError, jsonl_objects
from claims.nlp.types import ExtractedClaim, TextSpan

_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]", re.UNICODE)
HIT_JACCARD = 0.5

# Verbs of saying (every form) for the speech-cue recall.
_SPEECH_LEMMAS = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "speak": ("speak", "speaks", "spoke", "spoken", "speaking"),
}
_REGULAR_SPEECH = [
    "add",
    "note",
    "stress",
    "warn",
    "ask",
    "tweet",
    "announce",
    "suggest",
    "argue",
    "insist",
    "deny",
    "claim",
    "explain",
    "state",
    "declare",
    "reply",
    "respond",
    "answer",
    "comment",
    "remark",
    "acknowledge",
    "admit",
    "assert",
    "contend",
    "report",
    "confirm",
    "concede",
    "conclude",
    "emphasize",
    "repeat",
    "reiterate",
    "recall",
    "predict",
    "promise",
    "pledge",
    "vow",
    "caution",
    "complain",
    "testify",
    "allege",
    "observe",
    "counter",
    "retort",
    "urge",
    "mention",
    "post",
    "describe",
    "inform",
    "assure",
    "remind",
    "advise",
    "lament",
    "proclaim",
    "affirm",
    "reaffirm",
    "boast",
    "joke",
    "quip",
]


def _forms(lemma: str) -> tuple[str, ...]:
    stem = lemma.removesuffix("e")
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"
    third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s")
    past = (lemma + "d") if lemma.endswith("e") else (lemma + "ed")
    if lemma in ("admit", "regret"):
        past, gerund = lemma + "ted", lemma + "ting"
    else:
        gerund = stem + "ing"
    return lemma, third, past, gerund


SPEECH_CUE_WORDS = frozenset(
    [form for forms in _SPEECH_LEMMAS.values() for form in forms]
    + [form for lemma in _REGULAR_SPEECH for form in _forms(lemma)]
    + ["according"]
)


def span_tokens(text: str, pieces: Iterable[tuple[int, int]]) -> frozenset[tuple[int, int]]:
    """Token offsets of the pieces, each stripped of punctuation and quote marks at its edges."""
    tokens: list[tuple[int, int]] = []
    for start, end in pieces:
        found = [(m.start() + start, m.end() + start) for m in _TOKEN.finditer(text[start:end])]
        while found and not _is_word(text, found[0]):
            found.pop(0)
        while found and not _is_word(text, found[-1]):
            found.pop()
        tokens.extend(found)
    return frozenset(tokens)


def _is_word(text: str, token: tuple[int, int]) -> bool:
    return any(ch.isalnum() for ch in text[token[0] : token[1]])


def jaccard(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True, slots=True)
class Role:
    """One role (source, cue or content) of an attribution: its pieces and stripped tokens."""

    pieces: tuple[tuple[int, int], ...]
    tokens: frozenset[tuple[int, int]]

    def overlaps(self, other: Role) -> bool:
        return any(s1 < e2 and s2 < e1 for s1, e1 in self.pieces for s2, e2 in other.pieces)


@dataclass(frozen=True, slots=True)
class Item:
    """A gold or predicted attribution reduced to what is scored."""

    source: Role | None
    cue: Role
    content: Role
    speech_cue: bool = False


def _role(text: str, pieces: Sequence[tuple[int, int]]) -> Role:
    pieces = tuple(sorted(pieces))
    return Role(pieces, span_tokens(text, pieces))


def _gold_pieces(span: dict) -> list[tuple[int, int]]:
    fragments = span.get("fragments") or [span]
    return [(f["start"], f["end"]) for f in fragments]


def scorable_attributions(article: dict) -> list[dict]:
    """The article's attributions that have a cue and a content, in order: `gold_items` index into this list."""
    return [a for a in article["attributions"] if a.get("cue") and a.get("content")]


def gold_items(article: dict) -> list[Item]:
    text = article["text"]
    items = []
    for attribution in scorable_attributions(article):
        cue, content = attribution["cue"], attribution["content"]
        source = attribution.get("source")
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", cue["text"])}
        items.append(
            Item(
                source=_role(text, _gold_pieces(source)) if source else None,
                cue=_role(text, _gold_pieces(cue)),
                content=_role(text, _gold_pieces(content)),
                speech_cue=bool(words & SPEECH_CUE_WORDS),
            )
        )
    return items


def _pieces(span: TextSpan) -> list[tuple[int, int]]:
    return [(span.start, span.end)]


def predicted_items(text: str, claims: Sequence[ExtractedClaim]) -> list[Item]:
    items = []
    for claim in claims:
        fragments = getattr(claim, "content_fragments", None) or [claim.content]
        items.append(
            Item(
                source=_role(text, _pieces(claim.speaker)) if claim.speaker else None,
                cue=_role(text, _pieces(claim.cue)),
                content=_role(text, [(f.start, f.end) for f in fragments]),
            )
        )
    return items


def assign(weights: list[list[float]]) -> list[tuple[int, int]]:
    """Maximum-weight one-to-one assignment of rows to columns (Hungarian algorithm); zero-weight pairs dropped."""
    n_rows = len(weights)
    n_cols = len(weights[0]) if weights else 0
    if not n_rows or not n_cols:
        return []
    size = max(n_rows, n_cols)
    # Minimisation form on a square matrix: cost = max - weight.
    top = max(max(row) for row in weights)
    cost = [[top - (weights[r][c] if r < n_rows and c < n_cols else 0.0) for c in range(size)] for r in range(size)]
    inf = float("inf")
    u = [0.0] * (size + 1)
    v = [0.0] * (size + 1)
    p = [0] * (size + 1)
    way = [0] * (size + 1)
    for i in range(1, size + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (size + 1)
        used = [False] * (size + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta = inf
            j1 = 0
            for j in range(1, size + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(size + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    pairs = []
    for j in range(1, size + 1):
        r, c = p[j] - 1, j - 1
        if r < n_rows and c < n_cols and weights[r][c] > 0:
            pairs.append((r, c))
    return pairs


@dataclass
class Counts:
    predicted: int = 0
    gold: int = 0
    hits: int = 0
    speaker_correct: int = 0
    speech_gold: int = 0
    speech_hits: int = 0
    overlap: dict[str, list[int]] = field(default_factory=lambda: {r: [0, 0, 0] for r in ("source", "cue", "content")})
    exact: dict[str, list[int]] = field(default_factory=lambda: {r: [0, 0, 0] for r in ("source", "cue", "content")})

    def add(self, other: Counts) -> None:
        for name in ("predicted", "gold", "hits", "speaker_correct", "speech_gold", "speech_hits"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for table in ("overlap", "exact"):
            mine, theirs = getattr(self, table), getattr(other, table)
            for role in mine:
                mine[role] = [a + b for a, b in zip(mine[role], theirs[role], strict=True)]


@dataclass
class ArticleScore:
    counts: Counts
    pairs: list[tuple[int, int, bool]]  # (pred index, gold index, hit)


def score_article(predicted: list[Item], gold: list[Item]) -> ArticleScore:
    counts = Counts(predicted=len(predicted), gold=len(gold))
    weights = [[jaccard(p.content.tokens, g.content.tokens) for g in gold] for p in predicted]
    pairs = assign(weights)
    scored: list[tuple[int, int, bool]] = []
    for role in ("source", "cue", "content"):
        counts.overlap[role][1] += sum(len(_tokens(p, role)) for p in predicted)
        counts.overlap[role][2] += sum(len(_tokens(g, role)) for g in gold)
        counts.exact[role][1] += len(predicted)
        counts.exact[role][2] += len(gold)
    counts.speech_gold = sum(1 for g in gold if g.speech_cue)
    for pi, gi in pairs:
        p, g = predicted[pi], gold[gi]
        hit = weights[pi][gi] >= HIT_JACCARD and p.cue.overlaps(g.cue)
        scored.append((pi, gi, hit))
        for role in ("source", "cue", "content"):
            a, b = _tokens(p, role), _tokens(g, role)
            counts.overlap[role][0] += len(a & b)
            if _role_of(p, role) is None and _role_of(g, role) is None or (a and a == b):
                counts.exact[role][0] += 1
        if hit:
            counts.hits += 1
            counts.speech_hits += g.speech_cue
            if speaker_matches(p, g):
                counts.speaker_correct += 1
    return ArticleScore(counts, scored)


def _role_of(item: Item, role: str) -> Role | None:
    return getattr(item, role)


def _tokens(item: Item, role: str) -> frozenset:
    value = _role_of(item, role)
    return value.tokens if value is not None else frozenset()


def speaker_matches(predicted: Item, gold: Item) -> bool:
    if predicted.source is None or gold.source is None:
        return predicted.source is None and gold.source is None
    if predicted.source.tokens & gold.source.tokens:
        return True
    return not predicted.source.tokens and predicted.source.overlaps(gold.source)


def prf(correct: float, predicted: float, gold: float) -> tuple[float, float, float]:
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def format_report(counts: Counts, *, words: int, seconds: float, articles: int) -> str:
    lines = []
    p, r, f = prf(counts.hits, counts.predicted, counts.gold)
    lines.append(f"articles: {articles}  gold attributions: {counts.gold}  predicted claims: {counts.predicted}")
    lines.append(f"attribution        P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (hits {counts.hits})")
    names = {"source": "speaker<->source", "cue": "cue", "content": "content"}
    for role in ("source", "cue", "content"):
        p, r, f = prf(*counts.overlap[role])
        lines.append(f"token overlap {names[role]:<17} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    for role in ("source", "cue", "content"):
        p, r, f = prf(*counts.exact[role])
        lines.append(f"exact match {names[role]:<19} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    accuracy = counts.speaker_correct / counts.hits if counts.hits else 0.0
    lines.append(f"speaker accuracy on hits  {accuracy:.3f}  ({counts.speaker_correct}/{counts.hits})")
    speech = counts.speech_hits / counts.speech_gold if counts.speech_gold else 0.0
    lines.append(f"speech-verb cue recall    {speech:.3f}  ({counts.speech_hits}/{counts.speech_gold})")
    wps = words / seconds if seconds else 0.0
    lines.append(f"words per second          {wps:,.0f}  ({words} words in {seconds:.1f} s)")
    return "\n".join(lines)


def read_articles(path: str, limit: int | None = None) -> list[dict]:
    """The corpus's articles; InputFileError ("FILE:LINE: …") for a line that is not a JSON object."""
    articles = []
    for number, article in jsonl_objects(path):
        if not isinstance(article.get("text"), str):
            raise InputFileError(f"{path}:{number}: expected an object with a 'text' string")
        articles.append(article)
        if limit is not None and len(articles) >= limit:
            break
    return articles


def _published(article: dict) -> dt.date | None:
    try:
        return dt.date.fromisoformat(article.get("published") or "")
    except ValueError:
        return None


def evaluate(articles: list[dict], *, batch_size: int = 8, errors=None, nlp=None) -> tuple[Counts, int, float]:
    """Runs the extractor (`nlp`, default the rules pipeline) over the articles and scores it; returns (counts,
    words, seconds)."""
    from claims.nlp.pipeline import extract_many, load_nlp

    nlp = nlp if nlp is not None else load_nlp()
    total = Counts()
    started = time.perf_counter()
    items = ((a["text"], _published(a)) for a in articles)
    results = list(extract_many(items, batch_size=batch_size, nlp=nlp))
    seconds = time.perf_counter() - started
    words = sum(result.word_count for result in results)
    for article, result in zip(articles, results, strict=True):
        predicted = predicted_items(article["text"], result.claims)
        gold = gold_items(article)
        score = score_article(predicted, gold)
        total.add(score.counts)
        if errors is not None:
            _write_errors(errors, article, result.claims, predicted, gold, score)
    return total, words, seconds


def _write_errors(out, article, claims, predicted, gold, score: ArticleScore) -> None:
    text = article["text"]
    hit_pred = {pi for pi, _gi, hit in score.pairs if hit}
    for pi, claim in enumerate(claims):
        out.write(f"PRED {'hit' if pi in hit_pred else 'miss'} {' '.join(claim.rationale)}\n")
    hit_gold = {gi for _pi, gi, hit in score.pairs if hit}
    out.write(f"=== {article['id']}\n")
    for pi, claim in enumerate(claims):
        if pi not in hit_pred:
            speaker = claim.speaker.text if claim.speaker else None
            out.write(f"FP  S={speaker!r} C={claim.cue.text!r} T={claim.content.text[:200]!r}\n")
    for gi, attribution in enumerate(article["attributions"]):
        if gi < len(gold) and gi not in hit_gold:
            source = attribution["source"]["text"] if attribution.get("source") else None
            ctx_start = max(0, attribution["cue"]["start"] - 80)
            out.write(
                f"FN  S={source!r} C={attribution['cue']['text']!r} T={attribution['content']['text'][:200]!r}\n"
                f"      ctx={text[ctx_start : attribution['cue']['end'] + 80]!r}\n"
            )
    for pi, gi, hit in score.pairs:
        if hit and not speaker_matches(predicted[pi], gold[gi]):
            claim = claims[pi]
            source = article["attributions"][gi]["source"]
            out.write(
                f"SPK pred={claim.speaker.text if claim.speaker else None!r} "
                f"gold={source['text'] if source else None!r} C={claim.cue.text!r}\n"
            )


def evaluate_to_report(
    path: str,
    *,
    limit: int | None = None,
    batch_size: int = 8,
    errors_path: str | None = None,
    nlp=None,
    articles: list[dict] | None = None,
) -> str:
    """Reads the corpus (unless its `articles` are given), runs and scores the extractor, and returns the report."""
    if articles is None:
        articles = read_articles(path, limit)
    with open(errors_path, "w", encoding="utf-8") if errors_path else contextlib.nullcontext() as errors:
        counts, words, seconds = evaluate(articles, batch_size=batch_size, errors=errors, nlp=nlp)
    return format_report(counts, words=words, seconds=seconds, articles=len(articles))


def main(argv: Sequence[str] | None = None, stdout: TextIO = sys.stdout) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--errors", default=None, help="write misses and false positives to this file")
    args = parser.parse_args(argv)
    try:
        report = evaluate_to_report(args.path, limit=args.limit, batch_size=args.batch_size, errors_path=args.errors)
    except InputFileError as error:
        sys.stderr.write(f"{error}\n")
        return 2
    stdout.write(report + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
