"""spaCy components of the claim extractor. Each reads and writes the Doc only (extension attributes):

- `onrecord_quotes`        doc._.quotes         paired quotation marks (needs only the tokens)
- `onrecord_cues`          doc._.cues           reporting verbs, "according to", "in X's view" (needs the parse)
- `onrecord_attributions`  doc._.attributions   source, cue and content of each report
- `onrecord_selective_ner` doc.ents             entities of the sentences a pronoun speaker may point back to
                                                (the full NER is half the parse cost; only there does it
                                                help, to tell a person from a place)
- `onrecord_speakers`      Attribution.antecedent  what a pronoun, "who" or a surname speaker refers to; then the
                                                last pass (`claims.nlp.overlaps`): no words reported twice
                                                under different speakers
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claims.nlp.attribution import AttributionBuilder
from claims.nlp.cues import (
    CUE_SPANS,
    according_cues,
    cue_span,
    cues_of,
    inverted_cues,
    noun_cues,
    verb_cues,
    view_cues,
)
from claims.nlp.datelines import dateline_end
from claims.nlp.overlaps import ONE_SPEAKER_PER_CONTENT, attributions_one_speaker_per_content
from claims.nlp.quotes import find_quotes
from claims.nlp.rules import register_rule
from claims.nlp.speakers import resolve_speakers

for _name in ("quotes", "cues", "attributions", "extraction_error", "disabled_rules"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

logger = logging.getLogger(__name__)


@contextmanager
def _guard(step: str, doc: Doc) -> Iterator[None]:
    """One odd document must not stop a worker: a failing step is logged and noted on the Doc
    (`doc._.extraction_error`), and the document keeps what the earlier steps found."""
    try:
        yield
    except Exception:
        logger.exception("claim extraction step %r failed on a text of %d characters", step, len(doc.text))
        doc._.extraction_error = step


# Sentences before a pronoun speaker that may hold its antecedent.
_ANTECEDENT_WINDOW = 3
_RESOLVED_PRONOUNS = frozenset({"he", "she", "they", "it", "his", "her", "their", "its"})


@Language.factory("onrecord_paragraph_breaks")
def make_paragraph_breaks(nlp: Language, name: str) -> ParagraphBreaks:
    return ParagraphBreaks()


class ParagraphBreaks:
    """Starts a sentence after every line break, and after a dateline opening a paragraph ("LONDON, Feb 20
    (Reuters) - "), before the parser, which keeps preset boundaries.

    Without it the parser often glues a paragraph that lacks a final period to the next one, and a quote
    opening the next paragraph then looks like the middle of a sentence. A line that continues in lower case
    after no sentence-final mark is a wrapped line, not a paragraph. A dateline left in the first sentence
    becomes its subject ("LONDON ... said").
    """

    def __call__(self, doc: Doc) -> Doc:
        before: Token | None = None
        previous: Token | None = None
        starts = {0} if len(doc) else set()
        for token in doc:
            if previous is not None and previous.is_space and "\n" in previous.text and not token.is_space:
                wrapped = token.is_lower and before is not None and before.text[-1:] not in ".!?:;\"”’'"
                if not wrapped:
                    token.is_sent_start = True
                    starts.add(token.idx)
            if not token.is_space:
                before = token
            previous = token
        text = doc.text  # (built from the tokens at each access)
        for start in starts:
            end = dateline_end(text, start)
            after = doc.char_span(end, end + 1, alignment_mode="expand") if end is not None else None
            if after is not None and after.start > 0:
                after[0].is_sent_start = True
        return doc


@Language.factory("onrecord_quotes")
def make_quotes(nlp: Language, name: str) -> QuoteFinder:
    return QuoteFinder()


class QuoteFinder:
    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = find_quotes(doc.text)
        return doc


@Language.factory("onrecord_cues")
def make_cues(nlp: Language, name: str) -> CueFinder:
    return CueFinder()


_CUE_FINDERS = (
    (register_rule("cue.verb", "verbs of saying, believing, finding from the verb table"), verb_cues),
    (register_rule("cue.inverted", "'Said Ellis: “…”': a verb of saying opening its sentence"), inverted_cues),
    (register_rule("cue.according", "'according to X'"), according_cues),
    (register_rule("cue.view", "'in his view', 'X's position is that'"), view_cues),
    (register_rule("cue.noun", "'Trump's claim that …': a noun of saying with its owner"), noun_cues),
)


def disabled_rules(doc: Doc) -> frozenset[str]:
    return doc._.disabled_rules or frozenset()


class CueFinder:
    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP"):
            doc.spans[CUE_SPANS] = []
            doc._.cues = []
            return doc
        disabled = disabled_rules(doc)
        cues = [cue for name, finder in _CUE_FINDERS if name not in disabled for cue in finder(doc)]
        doc.spans[CUE_SPANS] = [cue_span(doc, cue) for cue in cues]
        doc._.cues = cues_of(doc)
        return doc


@Language.factory("onrecord_selective_ner", default_config={"ner_name": "ner", "batch_size": 16})
def make_selective_ner(nlp: Language, name: str, ner_name: str, batch_size: int) -> SelectiveNer:
    return SelectiveNer(nlp, ner_name=ner_name, batch_size=batch_size)


class SelectiveNer:
    """Runs the (disabled) NER pipe only on the sentences a claim needs."""

    def __init__(self, nlp: Language, *, ner_name: str, batch_size: int) -> None:
        self.nlp = nlp
        self.ner_name = ner_name
        self.batch_size = batch_size

    def __call__(self, doc: Doc) -> Doc:
        if not doc._.attributions or not doc.has_annotation("SENT_START") or doc.has_annotation("ENT_IOB"):
            return doc
        if self.ner_name not in self.nlp.component_names:
            return doc
        ner = self.nlp.get_pipe(self.ner_name)
        windows = list(_merge(self._windows(doc)))
        if not windows:
            return doc
        subdocs = [doc[start:end].as_doc() for start, end in windows]
        ents = []
        for (start, _end), sub in zip(windows, ner.pipe(subdocs, batch_size=self.batch_size), strict=True):
            ents.extend(Span(doc, start + ent.start, start + ent.end, label=ent.label) for ent in sub.ents)
        doc.set_ents(ents, default="missing")
        return doc

    def _windows(self, doc: Doc) -> Iterable[tuple[int, int]]:
        """The sentence of each pronoun speaker and the sentences before it, where its antecedent is."""
        for attribution in doc._.attributions or []:
            if attribution.source_token is None:
                continue
            token = doc[attribution.source_token]
            if token.lower_ not in _RESOLVED_PRONOUNS:
                continue
            first = token.sent
            for _ in range(_ANTECEDENT_WINDOW):
                if first.start == 0:
                    break
                first = doc[first.start - 1].sent
            yield first.start, token.sent.end


def _merge(windows: Iterable[tuple[int, int]]) -> Iterable[tuple[int, int]]:
    current: tuple[int, int] | None = None
    for start, end in sorted(windows):
        if current is not None and start <= current[1]:
            current = (current[0], max(current[1], end))
            continue
        if current is not None:
            yield current
        current = (start, end)
    if current is not None:
        yield current


@Language.factory("onrecord_attributions")
def make_attributions(nlp: Language, name: str) -> AttributionFinder:
    return AttributionFinder(nlp)


_PLACE_LABELS = frozenset({"GPE", "LOC"})


class AttributionFinder:
    def __init__(self, nlp: Language | None = None) -> None:
        self.nlp = nlp

    def _is_place(self, span: Span) -> bool:
        """Whether the model's (otherwise disabled) NER reads the span, in its paragraph, as a place: a dateline
        ("Washington: The Senate passed …"), not a speaker."""
        if self.nlp is None or "ner" not in self.nlp.component_names:
            return False
        paragraph = span.doc[span.start : min(len(span.doc), span.end + 30)].as_doc()
        ents = self.nlp.get_pipe("ner")(paragraph).ents
        return any(ent.start == 0 and ent.end >= len(span) and ent.label_ in _PLACE_LABELS for ent in ents)

    def __call__(self, doc: Doc) -> Doc:
        if CUE_SPANS not in doc.spans or doc._.quotes is None or not doc.has_annotation("DEP"):
            doc._.attributions = []
            return doc
        doc._.attributions = []
        with _guard("attributions", doc):
            # The span group, not doc._.cues: a learned component may have added candidates after the cue stage.
            doc._.cues = cues_of(doc)
            builder = AttributionBuilder(
                doc, doc._.quotes, doc._.cues, disabled=disabled_rules(doc), is_place=self._is_place
            )
            doc._.attributions = builder.build()
        return doc


@Language.factory("onrecord_speakers")
def make_speakers(nlp: Language, name: str) -> SpeakerLinker:
    return SpeakerLinker()


class SpeakerLinker:
    def __call__(self, doc: Doc) -> Doc:
        if not doc._.attributions:
            return doc
        with _guard("speakers", doc):
            resolve_speakers(doc, doc._.attributions)
            if ONE_SPEAKER_PER_CONTENT not in disabled_rules(doc):
                doc._.attributions = attributions_one_speaker_per_content(doc, doc._.attributions)
        return doc
