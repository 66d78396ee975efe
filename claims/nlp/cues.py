"""Finds attribution cues in a parsed Doc: reporting verbs, "according to", "in X's view", colons and dashes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from claims.nlp.lexicon import (
    CALENDAR_WORDS,
    CONTENT_PREPOSITIONS,
    CUE_VERBS,
    FINDING_SOURCES,
    LIGHT_VERB_NOUNS,
    LIGHT_VERBS,
    POSITION_NOUNS,
    QUOTING_VERBS,
    REPORT_NOUNS,
    SPEECH_OCCASIONS,
    TOPIC_REPORT_NOUNS,
    VIEW_NOUNS,
)

CENSORED = re.compile(r"^\*+$")


@dataclass(frozen=True, slots=True)
class Cue:
    """Tokens [start, end) that signal an attribution; head is the token the parse hangs off."""

    kind: str  # "verb", "inverted", "according", "view", "position", "noun", "colon", "dash", "censored"
    start: int
    end: int
    head: int
    lemma: str


# The span group the cue stage writes every cue candidate to; the span label is the cue kind. A learned
# component between the cue and the attribution stage may add spans labelled "learned".
CUE_SPANS = "onrecord_cues"
LEARNED = "learned"
# Kinds whose parse head is the last token of the cue ("in his view", "his position is"), not the first.
_HEAD_LAST = frozenset({"view", "position"})
_FIXED_LEMMAS = {"according": "according to", "view": "view", "position": "position", "censored": "say"}


def cue_span(doc: Doc, cue: Cue) -> Span:
    return Span(doc, cue.start, cue.end, label=cue.kind)


def cue_of_span(span: Span) -> Cue:
    """The cue a span of the `onrecord_cues` group stands for: its kind is the label, its head and lemma follow
    from the kind (a learned cue hangs off the span's syntactic root)."""
    kind = span.label_
    doc = span.doc
    if kind in _HEAD_LAST:
        head = span.end - 1
    elif kind == LEARNED:
        head = span.root.i
    else:
        head = span.start
    lemma = _FIXED_LEMMAS.get(kind) or doc[head].lemma_.lower()
    return Cue(kind, span.start, span.end, head, lemma)


def cues_of(doc: Doc) -> list[Cue]:
    """Every cue candidate of the Doc, in text order (stable for candidates on the same tokens)."""
    if CUE_SPANS not in doc.spans:
        return []
    cues = [cue_of_span(span) for span in doc.spans[CUE_SPANS]]
    cues.sort(key=lambda cue: (cue.start, cue.end))
    return cues


def _is_verbal(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")


# Words allowed between a verb and its content preposition: "spoke emotionally of", "spoke out Tuesday about".
_MAX_WORDS_BEFORE_PREPOSITION = 3
_TIME_UNITS = CALENDAR_WORDS | frozenset("week weekend month year morning afternoon evening night day".split())
# Nouns that name a time ("that week", "last summer").
TIME_NOUNS = _TIME_UNITS | frozenset("summer winter spring fall autumn".split())
# The objects of a preposition of time ("on Tuesday", "for hours").
_TIME_WORDS = _TIME_UNITS | frozenset("hour minute time".split())


def is_time(token: Token) -> bool:
    """ "on Tuesday", "for hours", "for 45 minutes": the object of a preposition that says when, not what."""
    return token.lemma_.lower() in _TIME_WORDS or token.lower_ in _TIME_WORDS or token.like_num


def says_when(preposition: Token) -> bool:
    """ "testified on Tuesday", "argued for hours": a preposition of time, not of what was said."""
    obj = next((c for c in preposition.children if c.dep_ in ("pobj", "pcomp")), None)
    return obj is not None and is_time(obj)


def phrasal_end(token: Token) -> int:
    """End of a phrasal cue ("called for", "pointed out", "spoke out Tuesday about"), else just past the verb.
    A preposition of time is no part of it ("testified on Tuesday")."""
    allowed = CONTENT_PREPOSITIONS.get(token.lemma_.lower(), frozenset())
    doc = token.doc
    for j in range(token.i + 1, min(token.i + 2 + _MAX_WORDS_BEFORE_PREPOSITION, len(doc))):
        child = doc[j]
        if child.head.i != token.i:
            break
        if child.dep_ in ("prt", "prep") and child.lower_ in allowed:
            if child.dep_ == "prep" and says_when(child):
                break
            return j + 1
        if child.dep_ not in ("advmod", "npadvmod", "prt"):
            break
    return token.i + 1


def verb_cues(doc: Doc) -> list[Cue]:
    cues: list[Cue] = []
    for token in doc:
        lemma = token.lemma_.lower()
        if CENSORED.match(token.text):
            # "He ** that …": a censored reporting verb between a subject and a that-clause.
            start = token.i
            if start > 0 and CENSORED.match(doc[start - 1].text):
                continue
            end = start
            while end < len(doc) and CENSORED.match(doc[end].text):
                end += 1
            if start > 0 and end < len(doc) and doc[end].lower_ == "that" and doc[start - 1].pos_ in ("PRON", "PROPN"):
                cues.append(Cue("censored", start, end, start, "say"))
            continue
        if not _is_verbal(token) or token.dep_ in ("amod", "compound"):
            continue
        if lemma in CUE_VERBS:
            cues.append(Cue("verb", token.i, phrasal_end(token), token.i, lemma))
        elif lemma == "make" and (clear := _made_clear(token)) is not None:
            cues.append(Cue("verb", token.i, clear.i + 1, token.i, "make clear"))
        elif lemma == "put" and (it := _put_it(token)) is not None:
            cues.append(Cue("verb", token.i, it.i + 1, token.i, "put it"))
        elif lemma in LIGHT_VERBS and (noun := _noun_of_saying(token)) is not None:
            cues.append(Cue("verb", token.i, noun.i + 1, token.i, lemma))
    return cues


def _noun_of_saying(verb: Token) -> Token | None:
    """ "made the following comment: …", "issued a warning that …": the noun of saying a light verb takes."""
    for child in verb.rights:
        if child.dep_ == "dobj" and child.lemma_.lower() in LIGHT_VERB_NOUNS and child.i <= verb.i + 4:
            return child
    return None


_CLEAR_DEPS = frozenset({"ccomp", "oprd", "acomp", "xcomp", "dobj"})


def _put_it(verb: Token) -> Token | None:
    """ "As Johnson put it, …": "put it" in an as-clause is a way of saying what the clause it hangs on says."""
    if not any(child.dep_ == "mark" and child.lower_ == "as" for child in verb.children):
        return None
    for child in verb.children:
        if child.dep_ == "prt":
            return None  # "as he put it away"
        if child.dep_ == "prep" and not (
            child.lower_ == "to" or any(g.lemma_.lower() in SPEECH_OCCASIONS | REPORT_NOUNS for g in child.children)
        ):
            return None  # "as he put it on the table" (but "put it to reporters", "put it in a statement")
    return next((child for child in verb.rights if child.dep_ == "dobj" and child.lower_ == "it"), None)


def _made_clear(verb: Token) -> Token | None:
    """ "made it clear that …", "made clear that …": the adjective that makes "make" a verb of saying."""
    for child in verb.rights:
        if child.lower_ == "clear" and child.dep_ in _CLEAR_DEPS and child.i <= verb.i + 2:
            return child
    return None


# Words allowed in the speaker of an inverted cue: "Said Ellis:", "Added the former governor of Texas,".
_MAX_INVERTED_SPEAKER_TOKENS = 8


def inverted_cues(doc: Doc) -> list[Cue]:
    """ "Said Ellis: “I don't get the sense …”": a verb of saying opening its sentence, the speaker after it, then
    a colon or comma and a quote. The parser takes the verb for part of a name, so verb_cues misses it."""
    cues = []
    for sent in doc.sents:
        words = [t for t in sent if not t.is_space]
        if len(words) < 4:
            continue
        verb = words[0]
        if not verb.is_title or verb.tag_ not in ("VBD", "VBZ", "VBN") or verb.lemma_.lower() not in QUOTING_VERBS:
            continue
        for j in range(verb.i + 2, min(verb.i + 2 + _MAX_INVERTED_SPEAKER_TOKENS, sent.end - 1)):
            if doc[j].text in (":", ","):
                speaker = doc[verb.i + 1]
                if doc[j + 1].text[:1] in "“\"'‘«" and (speaker.text[:1].isupper() or speaker.lower_ == "the"):
                    cues.append(Cue("inverted", verb.i, verb.i + 1, verb.i, verb.lemma_.lower()))
                break
    return cues


def according_cues(doc: Doc) -> list[Cue]:
    cues = []
    for token in doc:
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            cues.append(Cue("according", token.i, token.i + 2, token.i, "according to"))
    return cues


def view_cues(doc: Doc) -> list[Cue]:
    """ "In his view", "in the opinion of X", "X's position is that"."""
    cues = []
    for token in doc:
        if token.lower_ == "in" and token.i + 2 < len(doc):
            # "in his view" / "in Johnson's view" / "in the view of X"
            for j in range(token.i + 1, min(token.i + 6, len(doc))):
                noun = doc[j]
                if noun.lower_ in VIEW_NOUNS and noun.pos_ == "NOUN":
                    owner = [c for c in noun.children if c.dep_ == "poss"]
                    of = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"]
                    if owner or (of and noun.i == j and doc[token.i + 1].lower_ == "the"):
                        cues.append(Cue("view", token.i, noun.i + 1, noun.i, "view"))
                    break
                if noun.is_punct or _is_verbal(noun):
                    break
        if token.lower_ in POSITION_NOUNS and token.dep_ in ("nsubj", "nsubjpass"):
            owner = [c for c in token.children if c.dep_ == "poss"]
            verb = token.head
            if owner and verb.lemma_ == "be" and any(c.dep_ in ("ccomp", "attr") for c in verb.children):
                nxt = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
                if nxt is not None and (nxt.lower_ == "that" or nxt.text == ":"):
                    cues.append(Cue("position", token.i, verb.i + 1, verb.i, "position"))
    return cues


def noun_owner(noun: Token) -> Token | None:
    """Who made a claim or report: "Trump's claim", "a New York Times report", "warnings from his attorney"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    compounds = [c for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    if compounds:
        return compounds[-1]
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in ("from", "by"):
            pobjs = [c for c in child.children if c.dep_ == "pobj"]
            return pobjs[0] if pobjs else None
    return None


def that_clause_of(noun: Token) -> Token | None:
    """The that-clause a noun of saying takes ("claim that there have been …"), not a relative clause. The
    parser sometimes labels it relcl, but a relative "that" is the clause's subject or object, never its mark."""
    for child in noun.rights:
        if child.dep_ not in ("acl", "ccomp", "relcl"):
            continue
        marks = [c for c in child.children if c.dep_ == "mark" and c.lower_ == "that"]
        if marks and marks[0].i == child.left_edge.i:
            return child
    return None


# "Korea's claims about the test", "the senator's comments Tuesday on the flooding": a topic the owner spoke about.
_TOPIC_PREPOSITIONS = frozenset({"about", "on", "regarding"})
# "His promises to cut taxes": the infinitive is what was promised.
_INFINITIVE_NOUNS = frozenset({"promise", "pledge", "vow", "threat"})


def noun_content_of(noun: Token) -> Token | None:
    """The head of what a noun of saying reports: its that-clause; or, when a possessive names who said it, a
    topic ("'s claims about X") or a promised infinitive ("his promises to …")."""
    clause = that_clause_of(noun)
    if clause is not None:
        return clause
    if noun.dep_ == "ROOT" or not any(child.dep_ == "poss" for child in noun.children):
        return None  # (a verbless parse of a whole sentence, "X's comments about the strike angered …", is unsafe)
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in _TOPIC_PREPOSITIONS and noun.lemma_.lower() in TOPIC_REPORT_NOUNS:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            return objects[0] if objects else None
        if (
            child.dep_ in ("acl", "relcl", "xcomp")
            and noun.lemma_.lower() in _INFINITIVE_NOUNS
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
        ):
            return child
        if child.dep_ not in ("npadvmod", "amod", "advmod"):
            break  # "comments Tuesday on …" but not "comments that drew fire on …"
    return None


def noun_cues(doc: Doc) -> list[Cue]:
    """ "Trump's claim that …", "a New York Times report that …": a noun of saying with its owner and the
    that-clause it reports; without an owner there is no one to attribute it to."""
    cues = []
    for token in doc:
        lemma = token.lemma_.lower()
        if token.pos_ != "NOUN" or (lemma not in REPORT_NOUNS and lemma not in TOPIC_REPORT_NOUNS):
            continue
        if noun_content_of(token) is not None and noun_owner(token) is not None:
            cues.append(Cue("noun", token.i, token.i + 1, token.i, lemma))
    return cues


def finding_subject_ok(verb: Token) -> bool:
    """ "shows"/"finds" report a source only when their subject is a poll, study, document…"""
    for child in verb.children:
        if child.dep_ in ("nsubj",):
            return child.lemma_.lower() in FINDING_SOURCES or child.lower_ in FINDING_SOURCES
    # "… a presentation …, shows what the car would cost": the parser may hang the subject elsewhere.
    return verb.dep_ == "relcl" and verb.head.lemma_.lower() in FINDING_SOURCES
