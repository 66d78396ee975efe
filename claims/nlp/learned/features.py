"""What the candidate scorer sees of one attribution candidate: a bag of feature strings.

One function serves training (candidates found in labelled articles) and prediction (the live pipeline), so the
two can never drift apart. Features are conjunctions of the cue, the shape that attached the content, the source
and the content's form; the scorer is a logistic regression over their hashes.
"""

from __future__ import annotations

from spacy.tokens import Doc

from claims.nlp.attribution import Attribution
from claims.nlp.cues import LEARNED

OPENING_MARKS = frozenset("\"'“‘«")
_LENGTH_BINS = (1, 3, 6, 12, 25, 50)
_TELLING_FIRST_WORDS = frozenset({"that", "to", "the", "a", "he", "she", "they", "it", "we", "i", "if", "whether"})


def length_bin(value: int, bins: tuple[int, ...] = _LENGTH_BINS) -> str:
    for limit in bins:
        if value <= limit:
            return f"<={limit}"
    return f">{bins[-1]}"


def _token_at(doc: Doc, char: int) -> int | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None and len(span) else None


def _nested_in_a_rule_report(doc: Doc, a: Attribution) -> bool:
    """Nested in a report of the rules (one the content chooser added does not change how the rules' look)."""
    attributions = doc._.attributions or []
    if a.nested_in is None or a.nested_in >= len(attributions):
        return False
    return attributions[a.nested_in].cue_kind != LEARNED


def candidate_features(doc: Doc, attribution: Attribution) -> list[str]:
    """Feature strings of a candidate, whether its cue came from the rules or from the learned proposer."""
    a = attribution
    origin = "learned" if a.cue_kind == LEARNED else "rule"
    lemma = a.lemma.lower()
    text = doc.text
    cue_token = _token_at(doc, a.cue[0])
    cue = doc[cue_token] if cue_token is not None else None
    source_kind = "none"
    source_word = ""
    if a.source_token is not None:
        source = doc[a.source_token]
        source_kind = source.pos_ or "X"
        source_word = source.lower_ if source.pos_ == "PRON" else source.ent_type_ or source.pos_
    content_start, content_end = a.content_span
    content_text = text[content_start:content_end]
    content_words = len(content_text.split())
    first = content_text.lstrip()[:1]
    first_word = content_text.split()[0].lower() if content_words else ""
    where = "before" if a.cue[1] <= content_start else "after" if a.cue[0] >= content_end else "inside"
    features = [
        "bias",
        f"origin={origin}",
        f"shape={a.shape}",
        f"cue_kind={a.cue_kind}",
        f"kind={a.kind}",
        f"lemma={lemma}",
        f"lemma|shape={lemma}|{a.shape}",
        f"lemma|origin={lemma}|{origin}",
        f"lemma|source={lemma}|{source_kind}",
        f"shape|source={a.shape}|{source_kind}",
        f"shape|origin={a.shape}|{origin}",
        f"source={source_kind}",
        f"source_word={source_word}",
        f"antecedent={a.antecedent is not None}",
        f"content_len={length_bin(content_words)}",
        f"shape|content_len={a.shape}|{length_bin(content_words)}",
        f"content_quoted={first in OPENING_MARKS}",
        f"content_first={first_word if first_word in _TELLING_FIRST_WORDS else '*'}",
        f"fragments={min(len(a.content), 3)}",
        f"cue_where={where}",
        f"nested={_nested_in_a_rule_report(doc, a)}",
        f"strength={round(a.strength, 2)}",
        f"question={content_text.rstrip().rstrip(chr(34) + '”’').endswith('?')}",
        f"act={a.act}",
        *(f"rule={name}" for name in a.rules),
    ]
    if cue is not None:
        features += [
            f"cue_tag={cue.tag_}",
            f"cue_dep={cue.dep_}",
            f"lemma|tag={lemma}|{cue.tag_}",
            f"cue_head_dep={cue.head.dep_}",
            f"cue_children={'+'.join(sorted({c.dep_ for c in cue.children if c.dep_ in _CLAUSE_DEPS}))}",
            f"cue_neg={any(c.dep_ == 'neg' for c in cue.children)}",
            f"cue_aux={'+'.join(sorted(c.lower_ for c in cue.children if c.dep_ == 'aux'))}",
        ]
    return features


_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "dobj", "prep", "advcl", "parataxis", "nsubj", "nsubjpass", "agent"})
