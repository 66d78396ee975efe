"""Turns cues into attributions: who (source), the cue, and what (content), all as character offsets of the Doc.

Reads the dependency parse, the paired quotes (`doc._.quotes`) and the cues (`doc._.cues`). It never guesses a
speaker from a mere mention: a source is always the grammatical subject (or "according to" object, "his" of
"in his view", name after a dash or before a headline colon) of a cue.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from claims.nlp.cues import DASHES, Cue, finding_subject_ok
from claims.nlp.lexicon import (
    BELIEF_VERBS,
    CONTENT_PREPOSITIONS,
    FINDING_VERBS,
    FIRST_PERSON,
    IRREALIS_HEADS,
    NEEDS_CLAUSE_OR_PREP,
    NP_CONTENT_VERBS,
    SPEECH_VERBS,
)
from claims.nlp.quotes import QUOTE_CHARS, Quote

CharSpan = tuple[int, int]

# Tokens allowed between a quote and its cue: "…,” he told reporters on Monday."
_MAX_GAP_TOKENS = 10
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_INHERIT_DEPS = ("conj", "advcl", "xcomp", "dep", "pcomp")
_OPENING_QUOTES = "“\"'‘`„«"
_CLOSING_QUOTES = "”\"'’»"
# "promised to resign": the infinitive is what was said.
_INFINITIVE_CONTENT_VERBS = frozenset(
    {"promise", "pledge", "vow", "threaten", "agree", "propose", "urge", "demand", "ask"}
)
_PRONOUN_CONTENT = frozenset({"it", "this", "that", "so", "something", "anything", "nothing", "everything", "what"})
_HEADLINE_STOP = frozenset(
    [
        "note",
        "update",
        "photo",
        "photos",
        "transcript",
        "watch",
        "read",
        "video",
        "editor",
        "editor's",
        "follows",
        "listen",
        "source",
        "sources",
        "via",
        "by",
    ]
)


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
    source_token: int | None = None  # head token of the source, for speaker resolution
    antecedent: CharSpan | None = None
    nested_in: int | None = None
    quotes: list[int] = field(default_factory=list)  # indexes into doc._.quotes used as content

    @property
    def content_span(self) -> CharSpan:
        return self.content[0][0], self.content[-1][1]


def _token_quote_index(doc: Doc, quotes: list[Quote]) -> list[int]:
    """For each token, the index of the quote it lies in (marks included), or -1."""
    inside = [-1] * len(doc)
    qi = 0
    for token in doc:
        while qi < len(quotes) and quotes[qi].end <= token.idx:
            qi += 1
        if qi < len(quotes) and quotes[qi].start <= token.idx < quotes[qi].end:
            inside[token.i] = qi
    return inside


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token range without edge punctuation; quote marks stay when their partner is inside."""
    while start < end and (doc[start].is_punct or doc[start].is_space) and not _keeps_open_quote(doc, start, end):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space) and not _keeps_close_quote(doc, start, end):
        end -= 1
    return start, end


def _keeps_open_quote(doc: Doc, start: int, end: int) -> bool:
    tok = doc[start]
    if not tok.text or tok.text[0] not in _OPENING_QUOTES:
        return False
    return any(doc[i].text and doc[i].text[-1] in _CLOSING_QUOTES for i in range(start + 1, end))


def _keeps_close_quote(doc: Doc, start: int, end: int) -> bool:
    tok = doc[end - 1]
    if tok.text and tok.text[-1] in _CLOSING_QUOTES:
        return any(doc[i].text and doc[i].text[0] in _OPENING_QUOTES for i in range(start, end - 1))
    # "…words.”": the period before a kept closing quote stays with it.
    return False


def _chars(doc: Doc, start: int, end: int) -> CharSpan:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def noun_phrase(token: Token, exclude: int | None = None) -> tuple[int, int]:
    """The speaker phrase of a subject token: its subtree without relative clauses and trailing commas."""
    start, end = token.left_edge.i, token.right_edge.i + 1
    for child in token.rights:
        if child.dep_ in ("relcl", "acl", "advcl", "punct", "cc", "conj") and child.i > token.i:
            if child.dep_ == "conj":
                continue
            end = min(end, child.left_edge.i)
    for child in token.lefts:
        if child.dep_ in ("punct",) and child.i == start:
            start = child.i + 1
    if exclude is not None and start <= exclude < end:
        if exclude > token.i:
            end = exclude
        else:
            start = exclude + 1
    return _trim(token.doc, start, end)


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in _SUBJECT_DEPS:
            return child
    return None


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def find_source(verb: Token) -> tuple[Token | None, bool]:
    """(source head token, is_passive_without_agent) for a cue verb, following conjunctions and participles."""
    current = verb
    for _ in range(4):
        subject = _subject(current)
        if subject is not None:
            if subject.dep_ == "nsubjpass":
                agent = _agent(current)
                return agent, agent is None
            if subject.dep_ == "csubj":
                return None, False
            return subject, False
        agent = _agent(current)
        if agent is not None:
            return agent, False
        if current.dep_ in _INHERIT_DEPS and current.head is not current:
            if current.dep_ == "xcomp" and current.head.lemma_.lower() in IRREALIS_HEADS:
                pass
            current = current.head
            continue
        if current.dep_ == "acl" and current.head.pos_ in ("NOUN", "PROPN"):
            # "a statement saying that …": the statement's author is the subject of the verb it hangs off.
            noun = current.head
            if noun.dep_ in _SUBJECT_DEPS:
                return noun, False
            current = noun.head
            continue
        return None, False
    return None, False


def _is_irrealis(verb: Token) -> bool:
    """A cue under "planned to", "wants to", a question or an imperative reports nothing yet."""
    current = verb
    for _ in range(6):
        if current.dep_ == "xcomp" and current.head.lemma_.lower() in IRREALIS_HEADS:
            return True
        if current.dep_ in ("ROOT",) or current.head is current:
            return False
        current = current.head
    return False


def _is_negated(verb: Token) -> bool:
    return any(child.dep_ == "neg" for child in verb.children)


class AttributionBuilder:
    """Builds attributions for one Doc; one instance per Doc."""

    def __init__(self, doc: Doc, quotes: list[Quote], cues: list[Cue]) -> None:
        self.doc = doc
        self.text = doc.text
        self.quotes = quotes
        self.cues = cues
        self.in_quote = _token_quote_index(doc, quotes)
        self.cue_tokens = {cue.head for cue in cues}
        self.used_quotes: set[int] = set()

    # -- quotes next to a cue --------------------------------------------------------------------------

    def _quote_before(self, cue_start: int, sent: Span) -> int | None:
        """Index of a quote ending just before the cue ("…,” he said)."""
        doc = self.doc
        i = cue_start - 1
        gap = 0
        while i >= 0 and gap <= _MAX_GAP_TOKENS:
            qi = self.in_quote[i]
            if qi >= 0:
                return qi if self.quotes[qi].end <= doc[cue_start].idx else None
            tok = doc[i]
            if tok.pos_ == "VERB" or tok.text in (".", "?", "!", ";") or "\n" in tok.text:
                return None
            if tok.i < sent.start - 1:
                return None
            gap += 1
            i -= 1
        return None

    def _quote_after(self, cue_end: int) -> int | None:
        """Index of a quote starting just after the cue (he said: “…”)."""
        doc = self.doc
        i = cue_end
        gap = 0
        newlines = 0
        while i < len(doc) and gap <= _MAX_GAP_TOKENS:
            qi = self.in_quote[i]
            if qi >= 0:
                return qi
            tok = doc[i]
            if tok.is_space and "\n" in tok.text:
                newlines += 1
                # A quote may follow on the next paragraph only after a colon ("made this comment:").
                if i == 0 or doc[i - 1].text != ":":
                    return None
                i += 1
                continue
            if tok.pos_ in ("VERB",) or tok.lower_ in ("that", "if", "whether") or tok.text in (".", "?", "!", ";"):
                return None
            gap += 1
            i += 1
        return None

    # -- content ---------------------------------------------------------------------------------------

    def _clause_content(self, verb: Token) -> tuple[int, int] | None:
        for child in verb.children:
            if child.dep_ == "ccomp":
                start, end = child.left_edge.i, child.right_edge.i + 1
                if start <= verb.i < end:
                    # Parse tangle: keep only the side of the clause away from the verb.
                    start = verb.i + 1 if child.i > verb.i else start
                    end = end if child.i > verb.i else verb.i
                return _trim(self.doc, start, end)
        return None

    def _inverted_content(self, verb: Token, sent: Span) -> tuple[int, int] | None:
        """ "Those talks continue, he said." — the cue trails the clause it reports."""
        doc = self.doc
        left = verb.left_edge.i
        for child in verb.lefts:
            left = min(left, child.left_edge.i)
        right = verb.right_edge.i + 1
        tail = [t for t in doc[right : sent.end] if not (t.is_punct or t.is_space)]
        if tail or left <= sent.start:
            return None
        if verb.dep_ not in ("parataxis", "ROOT", "conj", "ccomp", "advcl"):
            return None
        if left - 1 >= 0 and doc[left - 1].text not in (",", "—", "–", "―", "--"):
            return None
        start, end = _trim(doc, sent.start, left)
        return (start, end) if end - start >= 3 else None

    def _object_content(self, verb: Token, lemma: str) -> tuple[int, int] | None:
        doc = self.doc
        objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
        xcomps = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp", "oprd")]
        # "urged them to agree", "asked senators to vote": object and infinitive together.
        if xcomps and objects and xcomps[0].i > objects[0].i:
            start = objects[0].left_edge.i
            return _trim(doc, start, xcomps[0].right_edge.i + 1)
        if xcomps and xcomps[0].i > verb.i and lemma not in ("say",):
            comp = xcomps[0]
            infinitive = comp.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in comp.children)
            if infinitive and lemma in _INFINITIVE_CONTENT_VERBS:
                return _trim(doc, comp.left_edge.i, comp.right_edge.i + 1)
        allowed_preps = CONTENT_PREPOSITIONS.get(lemma, frozenset())
        for child in verb.rights:
            if child.dep_ in ("prep", "prt") and child.lower_ in allowed_preps:
                pobjs = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                if pobjs:
                    return _trim(doc, pobjs[0].left_edge.i, pobjs[0].right_edge.i + 1)
                if child.dep_ == "prt":
                    rest = [c for c in verb.children if c.dep_ in ("dobj", "ccomp") and c.i > child.i]
                    if rest:
                        return _trim(doc, rest[0].left_edge.i, rest[0].right_edge.i + 1)
        if lemma in NP_CONTENT_VERBS and objects and objects[0].dep_ == "dobj":
            obj = objects[0]
            if obj.lower_ in _PRONOUN_CONTENT and obj.left_edge.i == obj.right_edge.i:
                return None
            start, end = obj.left_edge.i, obj.right_edge.i + 1
            if start < verb.i:
                return None
            return _trim(doc, start, end)
        return None

    def _colon_content(self, cue_end: int, sent: Span) -> tuple[int, int] | None:
        doc = self.doc
        i = cue_end
        while i < sent.end and (
            doc[i].dep_ in ("prep", "pobj", "det", "amod", "dative", "dobj", "advmod") and doc[i].text != ":"
        ):
            i += 1
            if i - cue_end > 6:
                return None
        if i < len(doc) and doc[i].text == ":" and i + 1 < sent.end:
            start, end = _trim(doc, i + 1, sent.end)
            return (start, end) if end - start >= 3 else None
        return None

    def _extend_to_quote(self, start: int, end: int) -> CharSpan:
        """Character span of tokens, widened so that no quote is cut by the content's end."""
        cs, ce = _chars(self.doc, start, end)
        for q in self.quotes:
            if cs <= q.start < ce < q.end and q.end - ce <= 3:
                ce = q.end
            if q.start < cs < q.end and cs - q.start <= 1:
                cs = q.start
        return cs, ce

    # -- building --------------------------------------------------------------------------------------

    def build(self) -> list[Attribution]:
        found: list[Attribution] = []
        taken_cues: set[int] = set()
        for cue in self.cues:
            attribution = self._from_cue(cue)
            if attribution is not None and cue.head not in taken_cues:
                taken_cues.add(cue.head)
                found.append(attribution)
        found.extend(self._colon_headlines(found))
        found.extend(self._dash_signatures(found))
        self._continue_quotes(found)
        return _order_and_nest(found)

    def _from_cue(self, cue: Cue) -> Attribution | None:
        doc = self.doc
        head = doc[cue.head]
        sent = head.sent
        if cue.kind == "according":
            return self._according(cue, sent)
        if cue.kind in ("view", "position"):
            return self._view(cue, sent)
        verb = head
        lemma = cue.lemma
        if cue.kind == "verb":
            if verb.dep_ in ("amod", "compound", "nmod", "npadvmod", "pobj", "nsubj", "dobj", "attr"):
                return None
            if _is_irrealis(verb) or _is_negated(verb):
                return None
            if verb.tag_ == "VB" and verb.dep_ == "ROOT" and _subject(verb) is None:
                return None  # imperative: "Read the rest here", "Tell them"
        if lemma in FINDING_VERBS and lemma not in SPEECH_VERBS and not finding_subject_ok(verb):
            return None

        source, passive = find_source(verb) if cue.kind != "censored" else (self._censored_subject(cue), False)
        if source is not None and source.lower_ in FIRST_PERSON and self.in_quote[source.i] < 0:
            return None  # the author writing "I think" or "we know" is commentary
        if source is not None and source.i == verb.i:
            source = None

        kind = "indirect"
        quote_idx: list[int] = []
        content: CharSpan | None = None
        strength = 0.6
        q_before = self._quote_before(cue.start, sent)
        q_after = self._quote_after(cue.end)
        clause = self._clause_content(verb)
        if clause is not None and clause[1] - clause[0] < 2:
            clause = None
        if q_before is not None and (clause is None or clause[1] <= cue.start or self.in_quote[clause[0]] == q_before):
            q = self.quotes[q_before]
            content, quote_idx, kind, strength = (q.start, q.end), [q_before], "direct", 0.9
        elif q_after is not None and (
            clause is None or self.in_quote[clause[0]] == q_after or doc[clause[0]].text in _OPENING_QUOTES
        ):
            q = self.quotes[q_after]
            content, quote_idx, kind, strength = (q.start, q.end), [q_after], "direct", 0.9
        elif clause is not None:
            content, strength = self._extend_to_quote(*clause), 0.8
        else:
            if lemma in SPEECH_VERBS or cue.kind == "censored":
                inverted = self._inverted_content(verb, sent)
                if inverted is not None:
                    content, strength = self._extend_to_quote(*inverted), 0.75
            if content is None:
                colon = self._colon_content(cue.end, sent)
                if colon is not None:
                    content, strength = self._extend_to_quote(*colon), 0.75
            if content is None:
                obj = self._object_content(verb, lemma)
                if obj is not None and obj[1] > obj[0]:
                    content, strength = self._extend_to_quote(*obj), 0.55
        if content is None:
            return None
        if lemma in NEEDS_CLAUSE_OR_PREP and strength < 0.55:
            return None
        if lemma in BELIEF_VERBS:
            strength -= 0.25
        elif lemma in FINDING_VERBS and lemma not in SPEECH_VERBS:
            strength -= 0.15
        if source is None and passive:
            strength -= 0.1
        if kind == "indirect":
            kind = self._kind_of(content)
        source_span = None
        if source is not None:
            start, end = noun_phrase(source, exclude=verb.i)
            if end > start:
                source_span = _chars(doc, start, end)
        cue_span = _chars(doc, cue.start, cue.end)
        if content[0] < cue_span[1] and cue_span[0] < content[1]:
            return None
        self.used_quotes.update(quote_idx)
        return Attribution(
            cue=cue_span,
            content=[content],
            source=source_span,
            kind=kind,
            sentence=(sent.start_char, sent.end_char),
            cue_kind=cue.kind,
            lemma=lemma,
            strength=strength,
            source_token=source.i if source is not None else None,
            quotes=quote_idx,
        )

    def _censored_subject(self, cue: Cue) -> Token | None:
        """ "He ** that …": a censored reporting verb; the subject is the noun phrase right before it."""
        doc = self.doc
        i = cue.start - 1
        while i >= 0 and doc[i].pos_ in ("ADV",):
            i -= 1
        if i >= 0 and doc[i].pos_ in ("PRON", "PROPN", "NOUN"):
            return doc[i]
        return None

    def _kind_of(self, content: CharSpan) -> str:
        start, end = content
        for q in self.quotes:
            if q.start <= start and end <= q.end:
                return "direct"
        if any(start <= q.start and q.end <= end for q in self.quotes):
            return "mixed"
        return "indirect"

    def _according(self, cue: Cue, sent: Span) -> Attribution | None:
        doc = self.doc
        according = doc[cue.start]
        to = doc[cue.start + 1]
        pobjs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in according.children if c.dep_ == "pobj"]
        if not pobjs:
            return None
        source = pobjs[0]
        src_start, src_end = noun_phrase(source)
        phrase_start = min(according.left_edge.i, cue.start)
        phrase_end = max(src_end, to.right_edge.i + 1)
        # Content: the rest of the clause the phrase modifies, on the side that holds it.
        anchor = according.head if according.head is not according else according
        clause_start, clause_end = anchor.left_edge.i, anchor.right_edge.i + 1
        clause_start = max(clause_start, sent.start)
        clause_end = min(clause_end, sent.end)
        before = _trim(doc, clause_start, phrase_start)
        after = _trim(doc, phrase_end, clause_end)
        if after[1] - after[0] >= before[1] - before[0]:
            content_tokens = after
        else:
            content_tokens = before
        if content_tokens[1] - content_tokens[0] < 3:
            return None
        content = self._extend_to_quote(*content_tokens)
        return Attribution(
            cue=_chars(doc, cue.start, cue.end),
            content=[content],
            source=_chars(doc, src_start, src_end) if src_end > src_start else None,
            kind=self._kind_of(content),
            sentence=(sent.start_char, sent.end_char),
            cue_kind="according",
            lemma="according to",
            strength=0.8,
            source_token=source.i,
        )

    def _view(self, cue: Cue, sent: Span) -> Attribution | None:
        doc = self.doc
        noun = doc[cue.head] if cue.kind == "view" else doc[cue.start]
        owner = [c for c in noun.children if c.dep_ == "poss"]
        if not owner:
            ofs = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"]
            owner = [c for c in ofs[0].children if c.dep_ == "pobj"] if ofs else []
        if not owner:
            return None
        source = owner[0]
        src_start, src_end = noun_phrase(source)
        if cue.kind == "view":
            prep = doc[cue.start]
            anchor = prep.head if prep.head is not prep else prep
            phrase_start, phrase_end = prep.left_edge.i, prep.right_edge.i + 1
            clause_start = max(anchor.left_edge.i, sent.start)
            clause_end = min(anchor.right_edge.i + 1, sent.end)
            before = _trim(doc, clause_start, phrase_start)
            after = _trim(doc, phrase_end, clause_end)
            content_tokens = after if after[1] - after[0] >= before[1] - before[0] else before
            cue_span = _chars(doc, cue.start, cue.end)
        else:
            verb = doc[cue.head]
            comps = [c for c in verb.children if c.dep_ in ("ccomp", "attr") and c.i > verb.i]
            if not comps:
                return None
            content_tokens = _trim(doc, verb.i + 1, comps[0].right_edge.i + 1)
            cue_span = _chars(doc, noun.i, verb.i + 1)
        if content_tokens[1] - content_tokens[0] < 3:
            return None
        content = self._extend_to_quote(*content_tokens)
        return Attribution(
            cue=cue_span,
            content=[content],
            source=_chars(doc, src_start, src_end) if src_end > src_start else None,
            kind=self._kind_of(content),
            sentence=(sent.start_char, sent.end_char),
            cue_kind=cue.kind,
            lemma=cue.lemma,
            strength=0.7,
            source_token=source.i,
        )

    # -- headline colons and signature dashes -------------------------------------------------------------

    def _paragraphs(self) -> list[tuple[int, int]]:
        """Token ranges of the paragraphs (line-separated)."""
        doc = self.doc
        paras = []
        start = 0
        for token in doc:
            if "\n" in token.text:
                if token.i > start:
                    paras.append((start, token.i))
                start = token.i + 1
        if start < len(doc):
            paras.append((start, len(doc)))
        return paras

    def _colon_headlines(self, found: list[Attribution]) -> list[Attribution]:
        """ "Pence: Flowers won't be at debate." and transcripts ("WALLACE: Let's start …")."""
        doc = self.doc
        taken = [a.cue for a in found]
        result = []
        for start, end in self._paragraphs():
            colon = next((i for i in range(start, min(start + 9, end)) if doc[i].text == ":"), None)
            if colon is None or colon == start or end - colon < 4:
                continue
            head = [t for t in doc[start:colon] if not t.is_punct]
            if not head or any(t.pos_ in ("VERB", "AUX") and t.tag_ != "VBZ" for t in head):
                continue
            if any(t.lower_ in _HEADLINE_STOP for t in head):
                continue
            if not any(t.pos_ == "PROPN" or (t.is_upper and len(t.text) > 1) for t in head):
                continue
            if any(c[0] <= doc[colon].idx < c[1] for c in taken):
                continue
            src = _trim(doc, start, colon)
            while src[0] < src[1] and doc[src[0]].text and doc[src[0]].text[0] in QUOTE_CHARS:
                src = (src[0] + 1, src[1])
            content_tokens = _trim(doc, colon + 1, end)
            if content_tokens[1] - content_tokens[0] < 3 or src[1] <= src[0]:
                continue
            content = self._strip_unpaired_quotes(_chars(doc, *content_tokens))
            sent = doc[colon].sent
            result.append(
                Attribution(
                    cue=_chars(doc, colon, colon + 1),
                    content=[content],
                    source=_chars(doc, *src),
                    kind=self._kind_of(content),
                    sentence=(doc[start].idx, _chars(doc, start, end)[1]),
                    cue_kind="colon",
                    lemma=":",
                    strength=0.65 if sent.start <= start else 0.6,
                    source_token=src[1] - 1,
                )
            )
        return result

    def _strip_unpaired_quotes(self, span: CharSpan) -> CharSpan:
        start, end = span
        text = self.text
        if (
            end > start
            and text[end - 1] in _CLOSING_QUOTES
            and not any(c in _OPENING_QUOTES for c in text[start : end - 1])
        ):
            end -= 1
        if (
            end > start
            and text[start] in _OPENING_QUOTES
            and not any(c in _CLOSING_QUOTES for c in text[start + 1 : end])
        ):
            start += 1
        return start, end

    def _dash_signatures(self, found: list[Attribution]) -> list[Attribution]:
        """ "“…” ― Sonya Herridge": a quote signed with a dash and a name at the end of its line."""
        doc = self.doc
        result = []
        for qi, q in enumerate(self.quotes):
            if qi in self.used_quotes:
                continue
            span = doc.char_span(q.end, q.end, alignment_mode="expand") if q.end < len(self.text) else None
            i = self._token_at(q.end)
            if i is None:
                continue
            while i < len(doc) and doc[i].is_space and "\n" not in doc[i].text:
                i += 1
            if i >= len(doc) or doc[i].text not in DASHES:
                continue
            j = i + 1
            while j < len(doc) and doc[j].is_space and "\n" not in doc[j].text:
                j += 1
            name_start = j
            while j < len(doc) and (doc[j].pos_ in ("PROPN",) or doc[j].is_title or doc[j].text == "."):
                if "\n" in doc[j].text:
                    break
                j += 1
            name = _trim(doc, name_start, j)
            if name[1] <= name[0] or name[1] - name[0] > 6:
                continue
            del span
            result.append(
                Attribution(
                    cue=_chars(doc, i, i + 1),
                    content=[(q.start, q.end)],
                    source=_chars(doc, *name),
                    kind="direct",
                    sentence=(q.start, _chars(doc, *name)[1]),
                    cue_kind="dash",
                    lemma="―",
                    strength=0.8,
                    source_token=name[1] - 1,
                    quotes=[qi],
                )
            )
            self.used_quotes.add(qi)
        return result

    def _token_at(self, char: int) -> int | None:
        doc = self.doc
        lo, hi = 0, len(doc)
        while lo < hi:
            mid = (lo + hi) // 2
            if doc[mid].idx < char:
                lo = mid + 1
            else:
                hi = mid
        return lo if lo < len(doc) and doc[lo].idx == char else None

    # -- quotes that run on after their cue ----------------------------------------------------------------

    def _continue_quotes(self, found: list[Attribution]) -> None:
        """ "“A,” he said. “B.”": a following quote with no cue of its own belongs to the same speaker."""
        cue_chars = sorted(a.cue[0] for a in found)
        for attribution in found:
            if attribution.kind != "direct" or not attribution.quotes:
                continue
            last_end = max(attribution.sentence[1], attribution.content[-1][1], attribution.cue[1])
            qi = attribution.quotes[-1] + 1
            while qi < len(self.quotes) and qi not in self.used_quotes:
                q = self.quotes[qi]
                gap = self.text[last_end : q.start]
                if gap.strip() or gap.count("\n") > 1:
                    break
                q_sent_end = self._sentence_end_after(q.end)
                if any(q.start <= c < q_sent_end for c in cue_chars):
                    break
                attribution.content.append((q.start, q.end))
                attribution.quotes.append(qi)
                self.used_quotes.add(qi)
                last_end = max(q.end, q_sent_end if not self.text[q.end : q_sent_end].strip(" .") else q.end)
                qi += 1

    def _sentence_end_after(self, char: int) -> int:
        i = self._token_at(char)
        if i is None:
            return char
        return self.doc[i].sent.end_char if i < len(self.doc) else char


def _length(span: CharSpan) -> int:
    return span[1] - span[0]


def _order_and_nest(found: list[Attribution]) -> list[Attribution]:
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
