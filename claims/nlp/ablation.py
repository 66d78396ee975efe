"""Every rule's contribution: the corpus is parsed once, then only the rule stages run again per ablation.

The rule stages are the pipes from `onrecord_cues` to the end of the pipeline (cues, any learned component,
attributions, speakers); the model's own pipes (tagger, parser, lemmatizer) run once per text. Scores are those of
`claims.nlp.evaluation`, so the row with nothing switched off equals `evaluate_extraction`'s figures.

Run: python -m claims.nlp.ablation ../shared/data/polnear-dev.jsonl [--limit N] [--rules a,b]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from spacy.language import Language
from spacy.tokens import Doc, DocBin

from claims.nlp.evaluation import (
    Counts,
    _published,
    format_report,
    gold_items,
    predicted_items,
    prf,
    read_articles,
    score_article,
)
from claims.nlp.pipeline import _WORD, _prepare, claims_from_doc, load_nlp, plain_spaces
from claims.nlp.rules import all_rule_names, check_rule_names, table
from claims.nlp.types import ExtractedClaim, TextSpan

FIRST_RULE_STAGE = "onrecord_cues"


@dataclass(slots=True)
class ParsedArticle:
    article: dict
    pieces: list[tuple[int, Doc]]  # (offset into the text, parsed piece)


def rule_stages(nlp: Language) -> list[str]:
    names = nlp.pipe_names
    return names[names.index(FIRST_RULE_STAGE) :]


def parse_articles(nlp: Language, articles: Iterable[dict], *, batch_size: int = 8) -> list[ParsedArticle]:
    """Each article cut and parsed as `extract_many` does, without the rule stages."""
    parsed: list[ParsedArticle] = []
    inputs: list[tuple[str, tuple[int, int]]] = []
    for number, article in enumerate(articles):
        prepared = _prepare(article["text"], _published(article), limit=nlp.max_length - 1)
        parsed.append(ParsedArticle(article, []))
        inputs.extend((plain_spaces(piece), (number, offset)) for offset, piece in prepared.chunks)
    with nlp.select_pipes(disable=rule_stages(nlp)):
        for doc, (number, offset) in nlp.pipe(inputs, as_tuples=True, batch_size=batch_size):
            parsed[number].pieces.append((offset, doc))
    return parsed


def load_or_parse(nlp: Language, articles: list[dict], cache: str | None) -> list[ParsedArticle]:
    """The parsed articles, from a DocBin cache file when it holds the same articles (parsing is the slow part)."""
    path = Path(cache) if cache else None
    # The lemma fixes run inside the parse: a cache made before they changed is stale.
    key = [a["id"] for a in articles] + [json.dumps(table("verb_lemmas"), sort_keys=True)]
    if path is not None and path.is_file():
        bin_ = DocBin().from_disk(path)
        docs = list(bin_.get_docs(nlp.vocab))
        if docs and list(docs[0].user_data.get("ablation_key", ())) == key:
            parsed = [ParsedArticle(article, []) for article in articles]
            quotes = nlp.get_pipe("onrecord_quotes")
            for doc in docs[1:]:
                number, offset = doc.user_data["ablation_piece"]
                doc.user_data.clear()
                parsed[number].pieces.append((offset, quotes(doc)))
            return parsed
    parsed = parse_articles(nlp, articles)
    if path is not None:
        bin_ = DocBin(store_user_data=True)
        header = nlp.make_doc("")
        header.user_data["ablation_key"] = key
        bin_.add(header)
        for number, item in enumerate(parsed):
            for offset, doc in item.pieces:
                copy = doc.copy()
                copy.user_data.clear()
                copy.user_data["ablation_piece"] = [number, offset]
                bin_.add(copy)
        bin_.to_disk(path)
    return parsed


def _shifted(claims: list[ExtractedClaim], offset: int) -> list[ExtractedClaim]:
    def move(span: TextSpan | None) -> TextSpan | None:
        return None if span is None else TextSpan(span.start + offset, span.end + offset, span.text)

    for claim in claims:
        claim.cue = move(claim.cue)
        claim.content = move(claim.content)
        claim.speaker = move(claim.speaker)
        claim.content_fragments = [move(f) for f in claim.content_fragments]
    return claims


def score_rule_stages(
    nlp: Language, parsed: list[ParsedArticle], *, disabled: frozenset[str] = frozenset(), dump: TextIO | None = None
) -> Counts:
    """Runs the rule stages on the parsed pieces (with `disabled` rules off) and scores the claims; with `dump`,
    writes every claim as a JSON line (to compare two versions of the rules)."""
    stages = [nlp.get_pipe(name) for name in rule_stages(nlp)]
    total = Counts()
    check_rule_names(disabled)
    for item in parsed:
        claims: list[ExtractedClaim] = []
        for offset, doc in item.pieces:
            doc.set_ents([], default="missing")  # the selective NER runs again on this run's windows
            doc._.extraction_error = None
            doc._.disabled_rules = disabled
            for stage in stages:
                doc = stage(doc)
            claims.extend(_shifted(claims_from_doc(doc), offset))
        text = item.article["text"]
        if dump is not None:
            for claim in claims:
                row = {
                    "article": item.article["id"],
                    "cue": [claim.cue.start, claim.cue.text],
                    "content": [[f.start, f.end] for f in claim.content_fragments or [claim.content]],
                    "speaker": claim.speaker.text if claim.speaker else None,
                    "kind": claim.kind,
                    "act": getattr(claim, "act", None),
                    "rationale": claim.rationale,
                }
                dump.write(json.dumps(row) + "\n")
        total.add(score_article(predicted_items(text, claims), gold_items(item.article)).counts)
    return total


def _row(name: str, counts: Counts, base: tuple[float, float, float] | None) -> str:
    p, r, f = prf(counts.hits, counts.predicted, counts.gold)
    exact = prf(*counts.exact["content"])[2]
    speaker = counts.speaker_correct / counts.hits if counts.hits else 0.0
    speech = counts.speech_hits / counts.speech_gold if counts.speech_gold else 0.0
    delta = f"{f - base[2]:+.3f}" if base is not None else ""
    figures = f"{p:.3f}  {r:.3f}  {f:.3f}  {delta:>7}  {exact:.3f}  {speaker:.3f}  {speech:.3f}"
    return f"{name:<34} {figures}  {counts.predicted:>5}"


def ablation_report(
    path: str,
    *,
    limit: int | None = None,
    rules: Sequence[str] | None = None,
    cache: str | None = None,
    dump: str | None = None,
) -> Iterable[str]:
    """Lines of the ablation table: all rules on, then each rule off (ΔF1 against all on)."""
    nlp = load_nlp()
    articles = read_articles(path, limit)
    started = time.perf_counter()
    parsed = load_or_parse(nlp, articles, cache)
    yield f"{len(articles)} articles parsed in {time.perf_counter() - started:.0f} s"
    with open(dump, "w", encoding="utf-8") if dump else contextlib.nullcontext() as handle:
        counts = score_rule_stages(nlp, parsed, dump=handle)
    words = sum(len(_WORD.findall(a["text"])) for a in articles)
    yield format_report(counts, words=words, seconds=time.perf_counter() - started, articles=len(articles))
    yield ""
    yield f"{'rule switched off':<34} P      R      F1     ΔF1      exact  spk    speech  pred"
    base = prf(counts.hits, counts.predicted, counts.gold)
    yield _row("(none: all rules on)", counts, None)
    for name in all_rule_names() if rules is None else rules:
        yield _row(name, score_rule_stages(nlp, parsed, disabled=frozenset({name})), base)


def main(argv: Sequence[str] | None = None, stdout: TextIO = sys.stdout) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--rules", default=None, help="comma-separated rule names (default: every rule)")
    parser.add_argument("--cache", default=None, help="keep the parsed articles in this DocBin file between runs")
    parser.add_argument("--dump", default=None, help="write the claims of the all-rules-on run to this file")
    args = parser.parse_args(argv)
    rules = [name for name in args.rules.split(",") if name] if args.rules is not None else None
    for line in ablation_report(args.path, limit=args.limit, rules=rules, cache=args.cache, dump=args.dump):
        stdout.write(line + "\n")
        stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
