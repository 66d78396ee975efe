"""The engine's last pass: the same words are never reported twice with different speakers.

Two cues can claim one content ("“A,” the daily wrote, adding, “B”" read once from "wrote" and once from "adding"
with another subject; a quote run on past another speaker's cue). Only one of them can be right: a whole quote both
claim goes to the nearer cue, otherwise the better report stays — the surer shape (with a learned model, the
likelier candidate), then the one with a speaker, then a direct quote, then the cue nearer its content. A report
nested in another's words ("X said Y told him …") is no rival: its words are part of what the outer speaker says.
"""

from __future__ import annotations

from spacy.tokens import Doc

from claims.nlp.attribution import Attribution
from claims.nlp.attribution.model import order_and_nest
from claims.nlp.rules import register_rule

_UNRESOLVED = frozenset({"he", "she", "they", "it", "we", "i", "who", "which", "that"})

ONE_SPEAKER_PER_CONTENT = register_rule(
    "pass.one-speaker-per-content", "two reports of the same words with different speakers: the better one stays"
)


def attributions_one_speaker_per_content(doc: Doc, attributions: list[Attribution]) -> list[Attribution]:
    """The attributions with no words reported twice under different speakers, in text order with nesting
    recomputed. A quote both reports claim whole goes to the report whose cue is nearer to it ("“A,” Smith said, as
    Jones told reporters: “B.”": B is Jones's), and a report left with nothing is dropped; any other overlap drops
    the weaker report. A report that keeps its words records the rule's name. Needs resolved speakers."""
    text = doc.text
    kept: list[Attribution] = []
    changed = False
    for candidate in sorted(attributions, key=_quality, reverse=True):
        for rival in [k for k in kept if _rivals(candidate, k, text)]:
            changed = True
            if not _split_shared_fragments(candidate, rival):
                candidate.content = []  # a partial overlap: the weaker report goes
            if not rival.content:
                kept.remove(rival)
            if not candidate.content:
                break
            _record(candidate)
            _record(rival)
        if candidate.content:
            kept.append(candidate)
    if not changed:
        return attributions
    for attribution in kept:
        attribution.nested_in = None
    return order_and_nest(kept)


def _record(a: Attribution) -> None:
    if ONE_SPEAKER_PER_CONTENT not in a.rules:
        a.rules.append(ONE_SPEAKER_PER_CONTENT)


def _split_shared_fragments(a: Attribution, b: Attribution) -> bool:
    """Give each fragment both claim whole to the one whose cue is nearer; False when they overlap otherwise."""
    shared = [f for f in a.content if any(_overlap(f, g) for g in b.content)]
    if not all(f in b.content for f in shared):
        return False
    for fragment in shared:
        loser = a if _distance(a.cue, fragment) > _distance(b.cue, fragment) else b
        loser.content = [f for f in loser.content if f != fragment]
    return True


def _quality(a: Attribution) -> tuple[float, bool, bool, int]:
    sureness = a.probability if a.probability is not None else a.strength
    return sureness, a.source is not None, a.kind == "direct", -_distance(a.cue, a.content_span)


def _distance(cue: tuple[int, int], span: tuple[int, int]) -> int:
    return max(span[0] - cue[1], cue[0] - span[1], 0)


def _rivals(a: Attribution, b: Attribution, text: str) -> bool:
    if not a.content or not b.content or _nested(a, b) or _nested(b, a) or not _share_words(a, b):
        return False
    mine, theirs = _speaker(a, text), _speaker(b, text)
    if mine is None or theirs is None:
        return mine != theirs  # somebody named against nobody
    if mine[-1] in _UNRESOLVED or theirs[-1] in _UNRESOLVED:
        return False  # an unresolved "he" may well be the other speaker
    return mine[-1] != theirs[-1]  # "Peskov" is "Dmitry Peskov"; "the daily" is not "the minister"


def _nested(inner: Attribution, outer: Attribution) -> bool:
    """Whether the inner report is said inside one of the outer one's fragments (not between them)."""
    return any(start <= inner.cue[0] and inner.cue[1] <= end for start, end in outer.content)


def _overlap(f: tuple[int, int], g: tuple[int, int]) -> bool:
    return max(f[0], g[0]) < min(f[1], g[1])


def _share_words(a: Attribution, b: Attribution) -> bool:
    return any(_overlap(f, g) for f in a.content for g in b.content)


def _speaker(a: Attribution, text: str) -> list[str] | None:
    """Who the report names, as the text refers to them: the resolved mention, else the source as written."""
    span = a.antecedent or a.source
    if span is None:
        return None
    words = text[span[0] : span[1]].lower().replace("’", "'").removesuffix("'s").split()
    return words or None
