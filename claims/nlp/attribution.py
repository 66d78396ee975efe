"""Turns cues into attributions: who (source), the cue, and what (content), all as character offsets of the Doc.

Reads the dependency parse, the paired quotes (`doc._.quotes`) and the cues (`doc._.cues`). It never guesses a
speaker from a mere mention: a source is always the grammatical subject (or "according to" object, "his" of
"in his view", name after a dash or before a headline colon) of a cue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from claims.nlp.cues import Cue, finding_subject_ok
from claims.nlp.lexicon import (
    BELIEF_VERBS,
    CONTENT_PREPOSITIONS,
    FINDING_SOURCES,
    FINDING_VERBS,
    FIRST_PERSON,
    IRREALIS_HEADS,
    NEEDS_CLAUSE_OR_PREP,
    NP_CONTENT_VERBS,
    PERSON_NOUNS,
    QUOTING_VERBS,
    RELATIVE_PRONOUNS,
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
# Prepositions that carry the rest of what was said after an object: "blamed X for Y", "cited X as Y".
_OBJECT_PREPOSITIONS = frozenset({"for", "as", "of", "about"})
# "promised to resign": the infinitive is what was said.
_INFINITIVE_CONTENT_VERBS = frozenset(
    {"promise", "pledge", "vow", "threaten", "agree", "propose", "urge", "demand", "ask"}
)
# Nouns for people by what they do: "speechwriter", "economist", "spokesman", "rival", "politician".
_AGENT_SUFFIXES = ("er", "or", "ist", "man", "woman", "ian", "ant", "ent", "al", "ee")
# "went on to say", "continued to insist": an infinitive cue under these still reports speech.
_SAYING_CONTINUATIONS = frozenset({"go", "continue", "proceed", "repeat", "hasten", "rush", "be"})
# Verbs whose object is the hearer, not what was said: "“…,” he told reporters".
_RECIPIENT_VERBS = frozenset({"tell", "ask", "inform", "remind", "assure", "warn", "advise", "urge", "email", "text"})
# Parts of a cue clause besides its subject: "he said in an interview on Monday", "he also said".
_CUE_CLAUSE_DEPS = ("aux", "auxpass", "neg", "advmod", "prep", "npadvmod", "agent", "dative", "prt", "tmod")
# A quote run on after its cue may continue into the next paragraph, not further.
_MAX_CONTINUATION_NEWLINES = 2
# A signature after a quote: dash, then a name of one to six capitalised words, then the end of the line.
_SIGNATURE = re.compile(
    r"[ \t\u00a0]*(?P<dash>―|—|–|--)[ \t\u00a0]*"
    r"(?P<name>[A-Z][\w'’.-]*(?:[ \t\u00a0]+(?:[A-Z][\w'’.-]*|de|la|van|von|der|da|di|del|al|bin|y)){0,5})"
    r"[ \t\u00a0.,]*(?:\n|$)"
)
_REASON_MARKS = frozenset({"because", "since", "although", "though", "unless", "while"})
_PARENTHETICAL_DEPS = ("parataxis", "ROOT", "ccomp", "conj", "advcl")
# Longest stretch ("said Mr. X, a lawyer who …. ") allowed between a quote and the next one it runs on into.
_MAX_CONTINUATION_GAP = 300
_CLAUSE_BREAKS = frozenset({",", "—", "–", "―", "--", ";", ":"})
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
    shape: str  # which construction gave the content: "clause", "quote-before", "according", …
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
        if child.dep_ == "case" and child.i == end - 1:
            end = child.i  # "the minister's position": the speaker is "the minister"
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
    doc = token.doc
    if end < len(doc) and doc[end].text in _CLOSING_QUOTES and _unbalanced(doc, start, end):
        end += 1  # the parser hangs the closing mark of 'the "Observer Network"' elsewhere
    return _trim(doc, start, end)


def _unbalanced(doc, start: int, end: int) -> bool:
    marks = [t.text for t in doc[start:end] if t.text and all(ch in QUOTE_CHARS for ch in t.text)]
    return len(marks) % 2 == 1


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


def _outer_reporter(verb: Token) -> Token | None:
    """ "X said he would act, arguing that …": a trailing reporting participle (or "and warned") without a subject
    of its own belongs to the outermost report it hangs in, not to the clause the parser attached it to."""
    if _subject(verb) is not None or verb.i == 0:
        return None
    previous = verb.doc[verb.i - 1]
    trailing = (verb.tag_ == "VBG" and previous.text == ",") or (
        verb.tag_ in ("VBD", "VBZ") and previous.lower_ == "and"
    )
    if not trailing or verb.dep_ not in ("advcl", "conj", "xcomp"):
        return None
    outer = None
    for ancestor in verb.ancestors:
        if ancestor.lemma_.lower() in SPEECH_VERBS and _subject(ancestor) is not None:
            outer = ancestor
    return outer


def find_source(verb: Token) -> tuple[Token | None, bool]:
    """(source head token, is_passive_without_agent) for a cue verb, following conjunctions and participles."""
    current = _outer_reporter(verb) or verb
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


def _can_speak(token: Token) -> bool:
    """Whether a noun phrase head can be a speaker: a name, a pronoun, or a person, body or document noun."""
    if token.pos_ in ("PROPN", "PRON") or token.tag_ in ("WP", "PRP") or token.text[:1].isupper():
        return True
    lemma = token.lemma_.lower()
    if lemma in PERSON_NOUNS or lemma in FINDING_SOURCES or token.lower_ in PERSON_NOUNS:
        return True
    return lemma.endswith(_AGENT_SUFFIXES)


def _is_irrealis(verb: Token) -> bool:
    """A cue under "planned to", "wants to", or a bare "to"-infinitive ("a platform for all parties to express
    their needs") reports nothing that was said."""
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if infinitive and not (verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _SAYING_CONTINUATIONS):
        return True
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

    def _quote_before(self, verb: Token, cue_start: int, sent: Span) -> int | None:
        """Index of a quote ending just before the cue ("…,” he said), with only the cue's own clause (subject,
        adverbs, auxiliaries) and punctuation between them."""
        doc = self.doc
        subject = _subject(verb)
        subject_tokens = set(range(subject.left_edge.i, subject.right_edge.i + 1)) if subject is not None else set()
        i = cue_start - 1
        gap = 0
        while i >= 0 and gap <= _MAX_GAP_TOKENS:
            qi = self.in_quote[i]
            if qi >= 0:
                return qi if self.quotes[qi].end <= doc[cue_start].idx else None
            tok = doc[i]
            if tok.text in (".", "?", "!", ";") or "\n" in tok.text or tok.i < sent.start - 1:
                return None
            own = tok.i in subject_tokens or (tok.head.i == verb.i and tok.dep_ in ("aux", "auxpass", "advmod", "neg"))
            if not (own or tok.is_punct):
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
            if tok.dep_ in ("dobj", "oprd") and doc[cue_end - 1].lemma_.lower() not in _RECIPIENT_VERBS:
                return None  # "called him “a genius”": the quote is part of a phrase, not a quotation of speech
            gap += 1
            i += 1
        return None

    # -- content ---------------------------------------------------------------------------------------

    def _clause_content(self, verb: Token) -> tuple[int, int] | None:
        """The clause said, on the side of the verb that holds most of it."""
        before, after = self._clause_pieces(verb)
        if before and after:
            return after if after[1] - after[0] >= before[1] - before[0] else before
        return after or before

    def _clause_pieces(self, verb: Token) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
        """Token ranges of the clausal complements before and after the verb ("“A,” he said, “but B”")."""
        doc = self.doc
        before: tuple[int, int] | None = None
        after: tuple[int, int] | None = None
        for child in verb.children:
            if child.dep_ != "ccomp":
                continue
            start, end = child.left_edge.i, child.right_edge.i + 1
            if child.i < verb.i:
                end = min(end, verb.i)
                before = (min(start, before[0]), max(end, before[1])) if before else (start, end)
            else:
                start = max(start, verb.i + 1)
                after = (min(start, after[0]), max(end, after[1])) if after else (start, end)
        if after is not None:
            end = max(after[1], self._continued_clause_end(verb, after[1]))
            after = _trim(doc, after[0], self._cut_at_next_report(after[0], end, doc[after[0]]))
        if before is not None:
            before = _trim(doc, before[0], self._cut_at_next_report(before[0], before[1], doc[before[0]]))
        return (before if before and before[1] - before[0] >= 2 else None), (
            after if after and after[1] - after[0] >= 2 else None
        )

    def _continued_clause_end(self, verb: Token, end: int) -> int:
        """ "said X because Y": the parser hangs the because-clause on the cue verb, but it continues what was
        said. (A coordinated clause, "said X, but Y happened", is more often the writer's own; measured on dev.)"""
        for child in verb.rights:
            if child.i < end:
                continue
            if child.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _REASON_MARKS for c in child.children):
                end = child.right_edge.i + 1
            elif child.dep_ in ("punct", "cc"):
                continue
            else:
                break
        return end

    def _cut_at_next_report(self, start: int, end: int, clause_head: Token) -> int:
        """ "said he would review it, arguing that …" / "… and warned that …": a reporting participle or a
        past-tense report after a comma or "and" starts the speaker's next report, not more of this one."""
        doc = self.doc
        for i in range(start + 1, end):
            token = doc[i]
            if token.i == clause_head.i or token.lemma_.lower() not in SPEECH_VERBS:
                continue
            if token.dep_ not in ("advcl", "conj", "xcomp", "parataxis") or _subject(token) is not None:
                continue
            previous = doc[i - 1]
            if token.tag_ == "VBG" and previous.text == ",":
                return i - 1
            if token.tag_ in ("VBD", "VBZ") and previous.lower_ == "and" and clause_head.tag_ not in ("VBD", "VBZ"):
                return i - 1
        return end

    def _object_content(self, verb: Token, lemma: str) -> tuple[int, int] | None:
        """What follows a verb that takes what was said as a phrase: "called for a moratorium", "urged them to
        agree", "criticized Tulsa police for shooting …", "cited remarks as examples of …"."""
        doc = self.doc
        allowed_preps = CONTENT_PREPOSITIONS.get(lemma, frozenset()) | _OBJECT_PREPOSITIONS
        np_verb = lemma in NP_CONTENT_VERBS or lemma in CONTENT_PREPOSITIONS
        pieces: list[Token] = []
        has_object = False
        for child in verb.rights:
            dep = child.dep_
            if dep == "prt" and child.i == verb.i + 1:
                continue  # "pointed out" is part of the cue
            if dep in ("dobj", "dative"):
                if lemma in _RECIPIENT_VERBS and not any(c.dep_ in ("xcomp", "ccomp", "oprd") for c in verb.rights):
                    return None  # "told reporters": the hearer, not what was said
                pieces.append(child)
                has_object = has_object or dep == "dobj"
            elif dep in ("xcomp", "oprd", "ccomp") and (pieces or lemma in _INFINITIVE_CONTENT_VERBS or np_verb):
                pieces.append(child)
            elif dep in ("prep", "prt") and child.lower_ in allowed_preps and (pieces or child.i <= verb.i + 1):
                pieces.append(child)
            elif pieces or dep in ("punct", "cc", "conj", "advcl"):
                break
        if not pieces:
            return None
        first = pieces[0]
        if first.dep_ in ("prep", "prt") and first.i == verb.i + 1 and first.i < len(doc):
            # Phrasal cue: the preposition belongs to the cue ("called for"), the content starts after it.
            inner = [c for c in first.children if c.dep_ in ("pobj", "pcomp")]
            start = inner[0].left_edge.i if inner else first.i + 1
        else:
            start = first.left_edge.i
        if start <= verb.i:
            return None
        if not np_verb and not any(p.dep_ in ("xcomp", "ccomp", "oprd") for p in pieces):
            return None
        if has_object and len(pieces) == 1:
            obj = pieces[0]
            if obj.lower_ in _PRONOUN_CONTENT and obj.left_edge.i == obj.right_edge.i:
                return None
        return _trim(doc, start, pieces[-1].right_edge.i + 1)

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
            if q.start < cs < q.end and cs - q.start <= 1:
                cs = q.start
            if cs <= q.start < ce < q.end and (q.end - ce <= 3 or cs == q.start):
                ce = q.end  # a content that opens with a quote runs to the quote's end, across sentences
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
        participle = verb.tag_ == "VBG" and _subject(verb) is None
        if participle:
            source = self._according_source_before(verb) or source
            if source is not None and not _can_speak(source):
                return None  # "Russia's initiative is a challenge, asking them to …": no one is speaking
        if source is not None and source.lower_ in FIRST_PERSON and self.in_quote[source.i] < 0:
            return None  # the author writing "I think" or "we know" is commentary
        if source is not None and source.i == verb.i:
            source = None

        kind = "indirect"
        quote_idx: list[int] = []
        content: list[CharSpan] | None = None
        strength = 0.6
        shape = ""
        complement_after = self._has_complement_after(verb, lemma)
        before, after = self._clause_pieces(verb)
        q_before = None if complement_after else self._quote_before(verb, cue.start, sent)
        q_after = self._quote_after(cue.end)
        clause = self._clause_content(verb)
        if q_before is not None and (before is None or self.in_quote[before[0]] == q_before or before[1] <= cue.start):
            content, kind = self._quote_with_lead(q_before, sent)
            quote_idx, strength, shape = [q_before], 0.9, "quote-before"
            if after is not None:
                # "“A,” he said, “but B”": the complement after the cue continues the quote.
                content.append(self._extend_to_quote(*after))
        elif (
            q_after is not None
            and self._quotes_speech(lemma, q_after)
            and (clause is None or self.in_quote[clause[0]] == q_after or doc[clause[0]].text in _OPENING_QUOTES)
        ):
            q = self.quotes[q_after]
            content, quote_idx, kind, strength, shape = [(q.start, q.end)], [q_after], "direct", 0.9, "quote-after"
        elif before is not None and after is not None:
            content, strength, shape = [self._extend_to_quote(*before), self._extend_to_quote(*after)], 0.8, "clause"
        elif clause is not None:
            content, strength, shape = [self._extend_to_quote(*clause)], 0.8, "clause"
            if clause[1] <= cue.start:
                # "X happened, the agency said in a report, and Y followed": the clause resumes after the cue.
                around = self._parenthetical_content(verb, sent, source)
                if len(around) == 2:
                    content.append(self._extend_to_quote(*around[1]))
        elif (that_clause := self._that_clause(cue, verb, sent)) is not None:
            content, strength, shape = [self._extend_to_quote(*that_clause)], 0.75, "that-clause"
        else:
            if lemma in SPEECH_VERBS or cue.kind == "censored":
                around = self._parenthetical_content(verb, sent, source)
                if around:
                    content, strength, shape = [self._extend_to_quote(*piece) for piece in around], 0.75, "around"
            if content is None:
                colon = self._colon_content(cue.end, sent)
                if colon is not None:
                    content, strength, shape = [self._extend_to_quote(*colon)], 0.75, "colon"
            if content is None:
                obj = self._object_content(verb, lemma)
                if obj is not None and obj[1] > obj[0]:
                    content, strength, shape = [self._extend_to_quote(*obj)], 0.55, "object"
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
            kind = self._kind_of((content[0][0], content[-1][1]))
        source_span = None
        if source is not None:
            start, end = noun_phrase(source, exclude=verb.i)
            if end > start:
                source_span = _chars(doc, start, end)
        cue_span = _chars(doc, cue.start, cue.end)
        if any(start < cue_span[1] and cue_span[0] < end for start, end in content):
            return None
        self.used_quotes.update(quote_idx)
        return Attribution(
            cue=cue_span,
            content=content,
            source=source_span,
            kind=kind,
            sentence=(sent.start_char, sent.end_char),
            cue_kind=cue.kind,
            lemma=lemma,
            strength=strength,
            shape=shape,
            source_token=source.i if source is not None else None,
            quotes=quote_idx,
        )

    def _quotes_speech(self, lemma: str, qi: int) -> bool:
        """A quote after a verb of saying is its content when the quote closes the sentence ("he said: “…”"),
        not when it is a phrase inside it ("claimed “Trump exaggerates” the level of …")."""
        if lemma not in QUOTING_VERBS:
            return False
        q = self.quotes[qi]
        end = self._sentence_end_after(max(q.start, q.end - 2))
        tail = self.text[q.end : max(end, q.end)].split("\n", 1)[0]
        return not tail.strip(" .,;:!?)\u00a0\n\"”’'")

    def _has_complement_after(self, verb: Token, lemma: str) -> bool:
        """Whether the cue takes what was said after it ("said yes", "said that …"), so a quote before it is not
        its content."""
        for child in verb.rights:
            if child.dep_ in ("xcomp", "intj", "oprd"):
                return True
            if child.dep_ == "dobj" and lemma not in _RECIPIENT_VERBS:
                return True
        return False

    def _quote_with_lead(self, qi: int, sent: Span) -> tuple[list[CharSpan], str]:
        """A quote before its cue, with the unquoted start of its sentence when there is one ("Using the tax
        ''is a misguided approach,'' said Mr. Burman")."""
        q = self.quotes[qi]
        doc = self.doc
        if q.start <= sent.start_char:
            return [(q.start, q.end)], "direct"
        first = self._token_at(q.start)
        if first is None:
            return [(q.start, q.end)], "direct"
        lead = _trim(doc, sent.start, first)
        words = [t for t in doc[lead[0] : lead[1]] if not (t.is_punct or t.is_space)]
        if len(words) < 2 or any(self.in_quote[t.i] >= 0 for t in words):
            return [(q.start, q.end)], "direct"
        return [(doc[lead[0]].idx, q.end)], "mixed"

    def _parenthetical_content(self, verb: Token, sent: Span, source: Token | None) -> list[tuple[int, int]]:
        """ "Those talks continue, he said." / "But, he said, officials should be vigilant." — the cue clause is
        set off by commas and the rest of the sentence is what was said."""
        doc = self.doc
        if source is None or _subject(verb) is None or verb.dep_ not in _PARENTHETICAL_DEPS:
            return []
        if source.lower_ in RELATIVE_PRONOUNS:
            return []
        if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in SPEECH_VERBS:
            return []  # "“We agree,” the ministry said": the clause is what the ministry said, not a parenthesis
        clause = {verb.i}
        for child in verb.children:
            if (
                child.dep_ in _SUBJECT_DEPS
                or child.dep_ in _CUE_CLAUSE_DEPS
                or (child.dep_ == "dobj" and verb.lemma_.lower() in _RECIPIENT_VERBS)
            ):
                clause.update(range(child.left_edge.i, child.right_edge.i + 1))
        left, right = min(clause), max(clause) + 1
        if left < sent.start or right > sent.end:
            return []
        pieces = []
        before = _trim(doc, sent.start, left)
        after = _trim(doc, right, sent.end)
        if before[1] > before[0]:
            if doc[left - 1].text not in _CLAUSE_BREAKS:
                return []
            pieces.append(before)
        if after[1] > after[0]:
            if right >= len(doc) or doc[right].text not in _CLAUSE_BREAKS:
                return []
            if doc[after[0]].dep_ == "cc" or doc[after[0]].lower_ in ("but", "and", "or", "so", "yet"):
                return []  # "asked them about it, but they refused": a new clause, not what was said
            pieces.append(after)
        if sum(end - start for start, end in pieces) < 3:
            return []
        return pieces

    def _that_clause(self, cue: Cue, verb: Token, sent: Span) -> tuple[int, int] | None:
        """A that-clause the parser hung elsewhere: "warned in a letter to congressional leaders that …",
        "He ** that …"."""
        doc = self.doc
        for i in range(cue.end, min(cue.end + 12, sent.end)):
            token = doc[i]
            if token.lower_ == "that" and token.dep_ == "mark" and token.head.i > i:
                end = max(token.head.right_edge.i + 1, i + 2)
                if cue.kind == "censored":
                    end = sent.end
                start, end = _trim(doc, i, min(end, sent.end))
                return (start, end) if end - start >= 3 else None
            if token.text in (",", ";", ".", ":") or (token.pos_ == "VERB" and token.i != verb.i):
                return None
        return None

    def _according_source_before(self, verb: Token) -> Token | None:
        """ "According to the Observer Network, citing foreign media, …": the participle is the network's."""
        doc = self.doc
        i = verb.i - 1
        if i < 1 or doc[i].text != ",":
            return None
        for cue in self.cues:
            if cue.kind == "according" and cue.end <= i:
                to = doc[cue.start + 1]
                pobjs = [c for c in to.children if c.dep_ == "pobj"]
                if pobjs and noun_phrase(pobjs[0])[1] >= i - 1:
                    return pobjs[0]
        return None

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
        lead = doc[after[0]] if after[1] > after[0] else None
        if lead is not None and lead.tag_ == "VBG" and lead.dep_ == "advcl" and lead.right_edge.i + 1 < after[1]:
            # "According to X, citing Y, Biden warned …": the participle is X's, the report starts after it.
            after = _trim(doc, lead.right_edge.i + 1, after[1])
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
            shape="according",
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
            shape=cue.kind,
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
                    shape="headline-colon",
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
        result = []
        text = self.text
        for qi, q in enumerate(self.quotes):
            if qi in self.used_quotes:
                continue
            match = _SIGNATURE.match(text, q.end)
            if match is None:
                continue
            name_start, name_end = match.span("name")
            last = self._token_containing(name_end - 1)
            if last is None:
                continue
            result.append(
                Attribution(
                    cue=match.span("dash"),
                    content=[(q.start, q.end)],
                    source=(name_start, name_end),
                    kind="direct",
                    sentence=(q.start, name_end),
                    cue_kind="dash",
                    lemma="―",
                    strength=0.8,
                    shape="dash",
                    source_token=last,
                    quotes=[qi],
                )
            )
            self.used_quotes.add(qi)
        return result

    def _token_containing(self, char: int) -> int | None:
        doc = self.doc
        lo, hi = 0, len(doc)
        while lo < hi:
            mid = (lo + hi) // 2
            if doc[mid].idx <= char:
                lo = mid + 1
            else:
                hi = mid
        return lo - 1 if lo > 0 else None

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
        """ "“A,” he said. “B.”" and "“A,” he said, “B.”": following quotes with no cue of their own belong to the
        same speaker; a quote that opens a sentence takes the rest of that sentence along."""
        for attribution in found:
            last_quote = (
                attribution.quotes[-1] if attribution.quotes else self._quote_ending_at(attribution.content[-1][1])
            )
            if last_quote is None:
                continue
            others = [a.cue[0] for a in found if a is not attribution]
            last_end = max(attribution.content[-1][1], attribution.cue[1])
            qi = last_quote + 1
            while qi < len(self.quotes) and qi not in self.used_quotes:
                q = self.quotes[qi]
                gap = self.text[last_end : q.start]
                if not self._continues(gap, last_end, q, others, self.quotes[qi - 1]):
                    break
                q_sent_end = max(q.end, self._sentence_end_after(max(q.start, q.end - 2)))
                newline = self.text.find("\n", q.end, q_sent_end)
                q_sent_end = newline if newline >= 0 else q_sent_end
                if any(q.end <= c < q_sent_end for c in others):
                    break
                tail = self.text[q.end : q_sent_end]
                piece_end = q.end if not tail.strip(" .,;!?\u00a0\n") else q.end + len(tail.rstrip(" .\u00a0\n"))
                attribution.content.append((q.start, piece_end))
                attribution.quotes.append(qi)
                self.used_quotes.add(qi)
                last_end = piece_end
                qi += 1

    def _continues(self, gap: str, gap_start: int, q: Quote, other_cues: list[int], previous: Quote) -> bool:
        """Whether nothing but punctuation, or the rest of the cue's own sentence, separates a quote from the
        content before it."""
        if gap.count("\n") > _MAX_CONTINUATION_NEWLINES:
            return False
        if "\n" in gap and _style_of(self.text[q.start]) != _style_of(self.text[previous.start]):
            return False  # a new paragraph quoted in another style is someone else's quote
        if not gap.strip(" ,:;—–-\u00a0\n"):
            return True
        body = gap.rstrip()
        if len(gap) > _MAX_CONTINUATION_GAP or not body or body[-1] not in ".!?" or gap == body:
            return False
        if any(ch in gap for ch in _OPENING_QUOTES if ch not in "'"):
            return False
        return not any(gap_start <= c < q.start for c in other_cues)

    def _quote_ending_at(self, char: int) -> int | None:
        for qi, q in enumerate(self.quotes):
            if q.start < char <= q.end <= char + 2:
                return qi
        return None

    def _sentence_end_after(self, char: int) -> int:
        doc = self.doc
        lo, hi = 0, len(doc)
        while lo < hi:  # last token starting at or before char
            mid = (lo + hi) // 2
            if doc[mid].idx <= char:
                lo = mid + 1
            else:
                hi = mid
        return doc[lo - 1].sent.end_char if lo > 0 else char


def _style_of(mark: str) -> str:
    return "straight" if mark == '"' else "apostrophes" if mark in "'`" else "curly"


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
