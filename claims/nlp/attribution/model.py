"""The attribution record and the state the construction layers share."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from claims.nlp.cues import Cue
from claims.nlp.quotes import Quote

CharSpan = tuple[int, int]


@dataclass(slots=True)
class Attribution:
    cue: CharSpan
    content: list[CharSpan]  # fragments in text order
    source: CharSpan | None
    kind: str
    sentence: CharSpan
    cue_kind: str
    lemma: str
    strength: float  # how sure the shape is, before speaker resolution
    shape: str  # which construction gave the content: "clause", "quote-before", "according", …
    source_token: int | None = None  # head token of the source, for speaker resolution
    antecedent: CharSpan | None = None
    nested_in: int | None = None
    quotes: list[int] = field(default_factory=list)  # indexes into doc._.quotes used as content
    # What the source did: "speech", "belief", "intention", "perception" or "document" (from the cue's lemma).
    act: str = "speech"
    # The named rules that made it: its cue finder's shape, then the filters, scores and trimmers that acted.
    rules: list[str] = field(default_factory=list)
    probability: float | None = None  # set by a learned candidate scorer when a model is active
    threshold: float | None = None  # that scorer's decision threshold (the review queue orders by the margin)

    @property
    def content_span(self) -> CharSpan:
        return self.content[0][0], self.content[-1][1]


class BuilderState:
    """What every construction layer reads: the Doc, its text, quotes and cues, and which quotes are taken."""

    doc: Doc
    text: str
    quotes: list[Quote]
    cues: list[Cue]
    in_quote: list[int]
    used_quotes: set[int]
    disabled: frozenset[str]
    _recorders: list[list[str]]  # the rule-name lists `recording` blocks collect into, innermost last
    is_place: Callable[[Span], bool] | None  # whether a span is a place name (a dateline), when NER is at hand

    @contextmanager
    def recording(self, into: list[str] | None = None) -> Iterator[list[str]]:
        """Collects the names of the rules (boundary trimmers) that act inside the block."""
        rules = into if into is not None else []
        self._recorders.append(rules)
        try:
            yield rules
        finally:
            self._recorders.pop()

    def acted(self, name: str) -> None:
        """Notes that the named rule changed the attribution being built."""
        for rules in self._recorders:
            if name not in rules:
                rules.append(name)

    def enabled(self, name: str) -> bool:
        """Whether the named rule is on (see claims.nlp.rules)."""
        return name not in self.disabled


def _length(span: CharSpan) -> int:
    return span[1] - span[0]


def order_and_nest(found: list[Attribution]) -> list[Attribution]:
    """Text order with outer reports before the reports nested in their content, each inner one linked."""
    found.sort(key=lambda a: (min(a.cue[0], a.content[0][0]), -(a.content_span[1] - a.content_span[0])))
    for i, inner in enumerate(found):
        best: int | None = None
        for j, outer in enumerate(found):
            if i == j:
                continue
            cs, ce = outer.content_span
            contains = cs <= inner.cue[0] and inner.cue[1] <= ce
            if (
                contains
                and _length(inner.content_span) < ce - cs
                and (best is None or ce - cs < _length(found[best].content_span))
            ):
                best = j
        inner.nested_in = best
    # An outer report must come first; move any that sort after their nested report ahead of it.
    order = list(range(len(found)))
    changed = True
    while changed:
        changed = False
        position = {idx: pos for pos, idx in enumerate(order)}
        for idx in order:
            outer = found[idx].nested_in
            if outer is not None and position[outer] > position[idx]:
                order.remove(outer)
                order.insert(position[idx], outer)
                changed = True
                break
    remap = {old: new for new, old in enumerate(order)}
    result = [found[idx] for idx in order]
    for attribution in result:
        if attribution.nested_in is not None:
            attribution.nested_in = remap[attribution.nested_in]
    return result
