"""Topic and stance of claims already found: for an editor's preview of a topic definition and for re-running the
topic step on stored claims, without finding the claims again.

Each claim's article is parsed with the same pipeline the extractor uses, so the topic step sees the parse, the
sentence breaks and the entities it saw when the claim was found. A long article is parsed only in a window around
the claim (its paragraph, and the text before it that a pronoun may point back to). Parsed texts are kept (a few
dozen per process): a preview re-checks the same recent claims on every keystroke, and only the matching is redone.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from claims.nlp.learned.stance import stance_classifier_of, stance_learned
from claims.nlp.pipeline import plain_spaces
from claims.nlp.topics import TopicStance, topic_stance
from claims.nlp.types import TopicEntry

# Articles up to this length are parsed whole, as the extractor parsed them; claims of one article share the Doc.
_WHOLE_ARTICLE_MAX = 20_000
# Enough text before a claim for "he" or "the spokesman" to find the person named in the previous paragraph
# (nearest_person_before looks back 80 tokens).
_LOOK_BACK = 600
# A window never grows past this, however long the paragraph: parsing stays cheap for a preview.
_WINDOW_MAX = 4000
_DOCS_KEPT = 64

Offsets = tuple[int, int]


@dataclass(frozen=True, slots=True)
class ClaimSpans:
    """One stored claim, as offsets into its article's text."""

    key: object  # the caller's id for the claim, returned with its result
    text: str  # the whole article text
    content: Offsets
    cue: Offsets | None = None
    sentence: Offsets | None = None
    speaker: Offsets | None = None
    antecedent: Offsets | None = None
    speaker_side: str = ""  # the linked actor's country ("Russia"), as the extractor passes it


@dataclass(frozen=True, slots=True)
class _Window:
    start: int
    text: str


def claim_window(claim: ClaimSpans) -> _Window:
    """The whole article when it is short, else the paragraph(s) around the claim's spans, from a paragraph start up
    to `_LOOK_BACK` characters earlier."""
    if len(claim.text) <= _WHOLE_ARTICLE_MAX:
        return _Window(0, claim.text)
    spans = [s for s in (claim.content, claim.cue, claim.sentence, claim.speaker, claim.antecedent) if s]
    low, high = min(s[0] for s in spans), max(s[1] for s in spans)
    text = claim.text
    start = text.rfind("\n", 0, max(0, low - _LOOK_BACK)) + 1
    start = max(start, low - _WINDOW_MAX // 2)
    end = text.find("\n", high)
    end = len(text) if end < 0 else end
    end = max(high, min(end, start + _WINDOW_MAX))
    return _Window(start, text[start:end])


class _DocCache:
    def __init__(self, size: int) -> None:
        self.size = size
        self.docs: OrderedDict[tuple[int, str], Doc] = OrderedDict()

    def get(self, nlp: Language, text: str) -> Doc | None:
        key = (id(nlp), text)
        doc = self.docs.get(key)
        if doc is not None:
            self.docs.move_to_end(key)
        return doc

    def put(self, nlp: Language, text: str, doc: Doc) -> None:
        self.docs[(id(nlp), text)] = doc
        while len(self.docs) > self.size:
            self.docs.popitem(last=False)


_cache = _DocCache(_DOCS_KEPT)


def _local(span: Offsets | None, window: _Window) -> Offsets | None:
    if span is None:
        return None
    start, end = span[0] - window.start, span[1] - window.start
    if start < 0 or end > len(window.text) or start >= end:
        return None
    return start, end


def _check(doc: Doc, claim: ClaimSpans, window: _Window, topics: tuple[TopicEntry, ...]) -> TopicStance:
    content = _local(claim.content, window)
    if content is None:
        return TopicStance(rationale=["topic: content span does not align with the text"])
    return topic_stance(
        doc=doc,
        content=content,
        context=_local(claim.sentence, window) or content,
        cue=_local(claim.cue, window),
        topics=topics,
        speaker=_local(claim.speaker, window),
        antecedent=_local(claim.antecedent, window),
        speaker_side=claim.speaker_side,
    )


def topic_stance_many(
    nlp: Language,
    claims: Iterable[ClaimSpans],
    *,
    topics: tuple[TopicEntry, ...],
    batch_size: int = 8,
    keep_docs: bool = True,
) -> Iterator[tuple[object, TopicStance]]:
    """(key, topic and stance) for each claim, in order, as the extractor's topic step decides them with `topics`.

    `keep_docs` keeps the parsed windows for the next call (a preview); a long re-run over many claims passes False
    and parses in batches that are freed as it goes."""
    iterator = iter(claims)
    stance = stance_classifier_of(nlp)
    while True:
        group = list(islice(iterator, max(1, batch_size) * 4))
        if not group:
            return
        windows = [claim_window(claim) for claim in group]
        docs: dict[str, Doc] = {}
        for window in windows:
            doc = _cache.get(nlp, window.text) if keep_docs else None
            if doc is not None:
                docs[window.text] = doc
        missing = list(dict.fromkeys(w.text for w in windows if w.text not in docs))
        for text, doc in zip(missing, nlp.pipe((plain_spaces(t) for t in missing), batch_size=batch_size), strict=True):
            docs[text] = doc
            if keep_docs:
                _cache.put(nlp, text, doc)
        found = [_check(docs[window.text], claim, window, topics) for claim, window in zip(group, windows, strict=True)]
        if stance is not None:
            # As the extractor decides it: a model's stance classifier, where it is confident, over the lexicon.
            stance_learned(
                [(f, claim.text[slice(*claim.content)]) for f, claim in zip(found, group, strict=True)], stance
            )
        for claim, verdict in zip(group, found, strict=True):
            yield claim.key, verdict
