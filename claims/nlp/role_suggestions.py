"""Which verbs a labelled corpus reports with, and which content roles the verb table lacks for them.

For every verb in the corpus and each kind of dependent it has (a direct object, a clause, an infinitive), count how
often that dependent's phrase is the gold content of an attribution whose cue holds the verb (token Jaccard >= 0.5,
as `claims.nlp.evaluation` matches contents). A verb whose dependents of one kind are contents often enough, and
whose row in `rules/verbs.jsonl` lacks the role that lets the rules use such a dependent, is a suggestion: the row
to add or extend, with the counts that support it. The table stays data that people review; this tool says where
the labelled data disagrees with it.

Run: python -m claims.nlp.role_suggestions TRAIN.jsonl [--min-count 4] [--min-rate 0.4] [--cache FILE]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from spacy.tokens import Token

from claims.nlp.ablation import ParsedArticle, load_or_parse
from claims.nlp.evaluation import HIT_JACCARD, Item, gold_items, jaccard, read_articles, span_tokens
from claims.nlp.pipeline import load_nlp
from claims.nlp.rules import table

# Dependent relation -> (what it is, the roles of which any one lets the rules take it as the content, the one to
# suggest).
DEPENDENT_KINDS = {
    "dobj": ("object", frozenset({"object-content"}), "object-content"),
    "ccomp": ("clause", frozenset({"speech", "belief", "finding", "view-verb"}), "speech"),
    "xcomp": ("infinitive", frozenset({"infinitive-content"}), "infinitive-content"),
}


@dataclass(frozen=True, slots=True)
class Suggestion:
    lemma: str
    kind: str  # object, clause, infinitive
    seen: int  # verbs of this lemma with such a dependent
    contents: int  # of which the dependent is a gold content of the verb's attribution
    roles: tuple[str, ...]  # the verb's roles in the table now (empty: no row)
    wanted: str  # a role that would let the rules use the dependent

    @property
    def rate(self) -> float:
        return self.contents / self.seen


def _is_content(verb: Token, dependent: Token, offset: int, text: str, golds: list[Item]) -> bool:
    """Whether the dependent's phrase is the content of a gold attribution whose cue holds the verb."""
    start = verb.idx + offset
    end = start + len(verb.text)
    phrase = span_tokens(
        text, [(dependent.left_edge.idx + offset, dependent.right_edge.idx + len(dependent.right_edge) + offset)]
    )
    return any(
        any(s <= start and end <= e for s, e in gold.cue.pieces) and jaccard(phrase, gold.content.tokens) >= HIT_JACCARD
        for gold in golds
    )


def count_dependents(parsed: list[ParsedArticle]) -> tuple[Counter, Counter]:
    """(lemma, kind) -> verbs seen with such a dependent, and how many of those dependents are gold contents."""
    seen: Counter[tuple[str, str]] = Counter()
    contents: Counter[tuple[str, str]] = Counter()
    for item in parsed:
        golds = gold_items(item.article)
        text = item.article["text"]
        for offset, doc in item.pieces:
            for token in doc:
                if token.pos_ != "VERB":
                    continue
                for child in token.children:
                    kind = DEPENDENT_KINDS.get(child.dep_)
                    if kind is None:
                        continue
                    key = (token.lemma_.lower(), kind[0])
                    seen[key] += 1
                    contents[key] += int(_is_content(token, child, offset, text, golds))
    return seen, contents


def suggestions(parsed: list[ParsedArticle], *, min_count: int = 4, min_rate: float = 0.4) -> list[Suggestion]:
    """Verb and dependent kinds whose dependents are contents at least `min_rate` of at least `min_count` times,
    and which the verb table does not let the rules use; the most frequent contents first."""
    verbs = table("verbs")
    kinds = {kind: (roles, wanted) for kind, roles, wanted in DEPENDENT_KINDS.values()}
    seen, contents = count_dependents(parsed)
    found = []
    for (lemma, kind), count in seen.items():
        if count < min_count or contents[(lemma, kind)] / count < min_rate:
            continue
        roles = tuple(verbs.get(lemma, {}).get("roles", ()))
        usable, wanted = kinds[kind]
        if usable & set(roles):
            continue
        found.append(Suggestion(lemma, kind, count, contents[(lemma, kind)], roles, wanted))
    return sorted(found, key=lambda s: (-s.contents, -s.rate, s.lemma))


def main(argv: Sequence[str] | None = None, stdout: TextIO = sys.stdout) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="labelled articles, PolNeAR JSON lines")
    parser.add_argument("--min-count", type=int, default=4)
    parser.add_argument("--min-rate", type=float, default=0.4)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--cache", help="keep the parsed articles in this DocBin file between runs")
    args = parser.parse_args(argv)
    nlp = load_nlp()
    parsed = load_or_parse(nlp, read_articles(args.path, args.limit), args.cache)
    found = suggestions(parsed, min_count=args.min_count, min_rate=args.min_rate)
    print(f"{'lemma':<16} {'dependent':<11} {'contents':>8} {'seen':>5} {'rate':>5}  roles now -> add", file=stdout)
    for s in found:
        roles = ", ".join(s.roles) or "(no row)"
        line = f"{s.lemma:<16} {s.kind:<11} {s.contents:>8} {s.seen:>5} {s.rate:>5.2f}  {roles} -> {s.wanted}"
        print(line, file=stdout)
    if not found:
        print("no suggestions: the verb table already covers what the corpus reports with", file=stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
