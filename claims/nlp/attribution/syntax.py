"""Token-level helpers on a parsed Doc: subjects and sources, noun phrases, trimming, negation, irrealis."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from claims.nlp.attribution.model import CharSpan
from claims.nlp.lexicon import (
    FINDING_SOURCES,
    IRREALIS_HEADS,
    PERSON_NOUNS,
    PURPOSE_REPORT_HEADS,
    SAYING_CONTINUATIONS,
    SPEECH_VERBS,
)
from claims.nlp.quotes import QUOTE_CHARS, Quote

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
INHERIT_DEPS = ("conj", "advcl", "xcomp", "dep", "pcomp")
OPENING_QUOTES = "“\"'‘`„«"
CLOSING_QUOTES = "”\"'’»"
# Nouns for people by what they do: "speechwriter", "economist", "spokesman", "rival", "politician".
AGENT_SUFFIXES = ("er", "or", "ist", "man", "woman", "ian", "ant", "ent", "al", "ee")
MARKS_ONLY = re.compile(r"(?:[\"'`“”‘’„«».,!?…\s\[\]]|&[#\w]{2,8};)*")


def token_quote_index(doc: Doc, quotes: list[Quote]) -> list[int]:
    """For each token, the index of the quote it lies in (marks included), or -1."""
    inside = [-1] * len(doc)
    qi = 0
    for token in doc:
        while qi < len(quotes) and quotes[qi].end <= token.idx:
            qi += 1
        if qi < len(quotes) and quotes[qi].start <= token.idx < quotes[qi].end:
            inside[token.i] = qi
    return inside


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token range without edge punctuation; quote marks stay when their partner is inside, and so do the signs
    of an amount ("$5", "10%") and a closing bracket whose opening one is inside."""
    while start < end and (doc[start].is_punct or doc[start].is_space) and not keeps_open_quote(doc, start, end):
        if doc[start].text in AMOUNT_SIGNS_BEFORE and start + 1 < end and doc[start + 1].like_num:
            break
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space) and not keeps_close_quote(doc, start, end):
        if keeps_amount_or_bracket(doc, start, end):
            break
        end -= 1
    if end - start > 2 and doc[end - 1].lower_ in _DANGLING_CONJUNCTIONS and doc[end - 2].is_punct:
        return trim(doc, start, end - 1)  # "…not backing any candidate, and": the cut fell after the conjunction
    return start, end


_DANGLING_CONJUNCTIONS = frozenset({"and", "but", "or", "nor", "yet", "so"})
AMOUNT_SIGNS_BEFORE = frozenset("$€£¥")


def keeps_amount_or_bracket(doc: Doc, start: int, end: int) -> bool:
    """Whether the last token of the range stays: "%" after a number ("fall 10%"), or a closing bracket whose
    opening one is in the range ("the Senate (R-Texas)")."""
    last = doc[end - 1]
    if last.text == "%":
        return end - 2 >= start and doc[end - 2].like_num
    if last.text == ")":
        return any(doc[i].text == "(" for i in range(start, end - 1))
    return False


def keeps_open_quote(doc: Doc, start: int, end: int) -> bool:
    tok = doc[start]
    if not tok.text or tok.text[0] not in OPENING_QUOTES:
        return False
    return any(doc[i].text and doc[i].text[-1] in CLOSING_QUOTES for i in range(start + 1, end))


def keeps_close_quote(doc: Doc, start: int, end: int) -> bool:
    tok = doc[end - 1]
    if tok.text and tok.text[-1] in CLOSING_QUOTES:
        return any(doc[i].text and doc[i].text[0] in OPENING_QUOTES for i in range(start, end - 1))
    # "…words.”": the period before a kept closing quote stays with it.
    return False


def char_span(doc: Doc, start: int, end: int) -> CharSpan:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def token_range(doc: Doc, chars: CharSpan | None) -> range:
    """The tokens a character span touches (char_span's inverse); none for no span."""
    span = None if chars is None else doc.char_span(*chars, alignment_mode="expand")
    return range(span.start, span.end) if span is not None else range(0)


_PHRASE_DASHES = frozenset({"\u2014", "\u2013", "--"})


def _spaced(dash: Token) -> bool:
    """A dash with space around it sets something off ("Feb 27 — German …"); "US–China" is one word."""
    return bool(dash.whitespace_) and dash.i > 0 and bool(dash.doc[dash.i - 1].whitespace_)


def noun_phrase(token: Token, exclude: int | None = None) -> tuple[int, int]:
    """The speaker phrase of a subject token: its subtree without relative clauses and trailing commas."""
    start, end = token.left_edge.i, token.right_edge.i + 1
    for child in token.rights:
        if child.dep_ == "case" and child.i == end - 1:
            end = child.i  # "the minister's position": the speaker is "the minister"
        if child.dep_ in ("relcl", "acl", "advcl", "punct", "cc", "conj") and child.i > token.i:
            if child.dep_ == "conj" or (child.dep_ in ("cc", "punct") and _joins_a_conjunct(token, child)):
                continue  # "Biden and German Chancellor Olaf Scholz said": both speak
            end = min(end, child.left_edge.i)
    for child in token.lefts:
        if child.dep_ in ("punct",) and child.i == start:
            start = child.i + 1
    doc = token.doc
    dashes = [i for i in range(start, token.i) if doc[i].text in _PHRASE_DASHES and _spaced(doc[i])]
    if dashes:
        start = dashes[-1] + 1  # "BERLIN, Feb 27 — German Chancellor Olaf Scholz": a dateline is no part of it
    if exclude is not None and start <= exclude < end:
        if exclude > token.i:
            end = exclude
        else:
            start = exclude + 1
    if end < len(doc) and doc[end].text in CLOSING_QUOTES and unbalanced(doc, start, end):
        end += 1  # the parser hangs the closing mark of 'the "Observer Network"' elsewhere
    return trim(doc, start, end)


def _joins_a_conjunct(token: Token, mark: Token) -> bool:
    """Whether "and" (or a list comma) before a conjunct of the token joins it to the phrase."""
    return any(c.dep_ == "conj" and c.i > mark.i for c in token.children) and mark.lower_ in ("and", ",", "&")


def unbalanced(doc, start: int, end: int) -> bool:
    marks = [t.text for t in doc[start:end] if t.text and all(ch in QUOTE_CHARS for ch in t.text)]
    return len(marks) % 2 == 1


def subject_of(verb: Token) -> Token | None:
    """The verb's subject; of two (the parser sometimes takes a quote's subject too), the nearer one."""
    subjects = [child for child in verb.children if child.dep_ in SUBJECT_DEPS]
    if not subjects:
        return _headline_subject(verb)
    return min(subjects, key=lambda child: abs(child.i - verb.i))


def _headline_subject(verb: Token) -> Token | None:
    """ "Trump calls verdict a disgrace": at the start of a headline the parser may take the name before a
    present-tense verb for a compound of it; that name is the subject."""
    if verb.tag_ != "VBZ" or verb.i == 0 or verb.sent[-1].text in (".", "!", "?"):
        return None  # (a headline has no final stop)
    name = verb.doc[verb.i - 1]
    opens = name.i == verb.sent.start or (name.i == verb.sent.start + 1 and name.nbor(-1).text[:1].isupper())
    if name.head.i == verb.i and name.dep_ in ("compound", "nmod", "npadvmod") and name.text[:1].isupper() and opens:
        return name
    return None


def is_participle_lead(token: Token) -> bool:
    """The first word of a participle clause opening a sentence ("Asked whether …, she said", "Pressed on the
    cost, …"): a participle, or a past form the parser reads as a verb without a subject."""
    return token.tag_ in ("VBN", "VBG") or (token.tag_ == "VBD" and subject_of(token) is None)


def agent_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def outer_reporter(verb: Token) -> Token | None:
    """ "X said he would act, arguing that …": a trailing reporting participle (or "and warned") without a subject
    of its own belongs to the outermost report it hangs in, not to the clause the parser attached it to."""
    if subject_of(verb) is not None or verb.i == 0:
        return None
    previous = before_adverbs(verb)
    trailing = (verb.tag_ == "VBG" and previous.text == ",") or (
        verb.tag_ in ("VBD", "VBZ") and previous.lower_ == "and"
    )
    if not trailing or verb.dep_ not in ("advcl", "conj", "xcomp"):
        return None
    outer = None
    for ancestor in verb.ancestors:
        if ancestor.lemma_.lower() in SPEECH_VERBS and subject_of(ancestor) is not None:
            outer = ancestor
    return outer


def before_adverbs(verb: Token) -> Token:
    """The token before a verb and the adverbs that lead it ("and later told", "and then warned")."""
    i = verb.i - 1
    while i > 0 and verb.doc[i].dep_ == "advmod" and verb.doc[i].head.i == verb.i:
        i -= 1
    return verb.doc[i]


def _stray_subject(verb: Token) -> Token | None:
    """ "said X mishandled it and Democrats accused …": the parser hangs "Democrats" on X's object as a conjunct
    and leaves the second verb of saying without a subject; the noun right before it, after "and", is it."""
    if verb.i < 2 or verb.lemma_.lower() not in SPEECH_VERBS or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    noun, joint = verb.doc[verb.i - 1], verb.doc[verb.i - 2]
    if noun.dep_ == "conj" and noun.pos_ in ("NOUN", "PROPN") and joint.lower_ in ("and", "but"):
        return noun
    return None


def _continues_a_participle(verb: Token) -> bool:
    """A participle conjoined with the finite clause said by another participle goes on with that participle."""
    head = verb.head
    return (
        verb.dep_ == "conj"
        and verb.tag_ == "VBG"
        and head.dep_ == "ccomp"
        and head.tag_ != "VBG"
        and head.head.tag_ == "VBG"
        and head.i < verb.i
    )


_PARTICIPLE_AS_CLAUSE = ("advcl", "ccomp")  # how the parser hangs a misread participle on the verb after it


def set_off_participle(verb: Token) -> Token | None:
    """The subject of "Peskov, asked about the talks, said …" when the parser reads the participle set off by commas
    as the verb of that subject (past tense, no object) and the verb after the second comma as its conjunct or its
    head: the participle is passive (Peskov was asked), and the subject is the next verb's."""
    subject = subject_of(verb)
    doc = verb.doc
    if (
        subject is None
        or subject.dep_ != "nsubj"
        or verb.tag_ not in ("VBD", "VBN")
        or verb.i < 2
        or doc[verb.i - 1].text != ","
        or not subject.i <= verb.i - 2
        # the subject's words run up to the comma ("Clinton, 68, said …, added …" has its own comma before "said")
        or any(t.is_punct or t.dep_ == "appos" for t in doc[subject.i : verb.i - 1])
        or any(child.dep_ in ("dobj", "dative") for child in verb.children)
    ):
        return None
    following = [child for child in verb.children if child.dep_ == "conj" and child.pos_ == "VERB"]
    if verb.dep_ in _PARTICIPLE_AS_CLAUSE and verb.head.i > verb.i:
        following.append(verb.head)
    for main in following:
        if main.i > verb.i and doc[main.i - 1].text == "," and subject_of(main) is None:
            return subject
    return None


def quoted_as_saying(verb: Token) -> Token | None:
    """ "TASS quoted Ryabkov as saying …", "Medvedev was quoted as saying by TASS …": the one quoted (the object,
    or the passive subject) of the verb of quoting that "as saying" hangs on; the agency only passes it on."""
    preposition = verb.head
    if verb.dep_ != "pcomp" or preposition.lower_ != "as" or preposition.head.lemma_.lower() not in _QUOTING_FRAMES:
        return None
    frame = preposition.head
    return next((c for c in frame.children if c.dep_ in ("dobj", "nsubjpass")), None)


_QUOTING_FRAMES = frozenset({"quote", "cite"})


def find_source(verb: Token) -> tuple[Token | None, bool]:
    """(source head token, is_passive_without_agent) for a cue verb, following conjunctions and participles."""
    if (quoted := quoted_as_saying(verb)) is not None:
        return quoted, False
    if set_off_participle(verb) is not None:
        agent = agent_of(verb)
        return agent, agent is None
    current = outer_reporter(verb) or verb
    for _ in range(4):
        subject = subject_of(current)
        if subject is None:
            # "Peskov, asked whether …, said": the parser hung the subject on the participle
            subject = next(
                (s for c in current.children if c.dep_ in _PARTICIPLE_AS_CLAUSE and (s := set_off_participle(c))), None
            )
        if subject is not None:
            if subject.dep_ == "nsubjpass":
                agent = agent_of(current)
                return agent, agent is None
            if subject.dep_ == "csubj":
                return None, False
            return subject, False
        agent = agent_of(current)
        if agent is not None:
            return agent, False
        if current.dep_ == "pcomp":
            # "…, aside from saying he wants …": a gerund after a preposition is done by the verb's subject
            head = current.head
            while head.dep_ in ("prep", "advmod") and head.head is not head and head.head.pos_ != "VERB":
                head = head.head
            if head.dep_ in ("prep", "advmod") and head.head.pos_ == "VERB":
                current = head.head
                continue
        if (stray := _stray_subject(current)) is not None:
            return stray, False
        if _continues_a_participle(current):
            current = current.head.head  # "saying “X goes on” and vowing to …": the parser hangs it on the clause said
            continue
        if current.dep_ in INHERIT_DEPS and current.head is not current:
            if current.dep_ == "xcomp" and current.head.lemma_.lower() in SAYING_CONTINUATIONS:
                controller = _controller(current.head)
                if controller is not None:
                    return controller, False
            current = current.head
            if current.dep_ == "acomp" and current.lemma_.lower() == "likely":
                current = current.head  # "voters were more likely to say …": the subject of "were"
            continue
        if current.dep_ == "acl" and current.head.pos_ in ("NOUN", "PROPN"):
            # "a statement saying that …": the statement's author is the subject of the verb it hangs off.
            noun = current.head
            if noun.dep_ in SUBJECT_DEPS:
                return noun, False
            current = noun.head
            continue
        return None, False
    return None, False


def _controller(head: Token) -> Token | None:
    """Who does what an infinitive says under "forced Stumpf to admit" (the object) or "the banker was forced to
    admit" (the passive subject); None when it is the head's plain subject."""
    for child in head.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            return child
    return None


def can_speak(token: Token) -> bool:
    """Whether a noun phrase head can be a speaker: a name, a pronoun, or a person, body or document noun."""
    if token.pos_ in ("PROPN", "PRON") or token.tag_ in ("WP", "PRP") or token.text[:1].isupper():
        return True
    lemma = token.lemma_.lower()
    if lemma in PERSON_NOUNS or lemma in FINDING_SOURCES or token.lower_ in PERSON_NOUNS:
        return True
    return lemma.endswith(AGENT_SUFFIXES)


def is_irrealis(verb: Token) -> bool:
    """A cue under "planned to", "wants to", or a bare "to"-infinitive ("a platform for all parties to express
    their needs") reports nothing that was said."""
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if (
        infinitive
        and not (verb.dep_ in ("xcomp", "advcl") and verb.head.lemma_.lower() in SAYING_CONTINUATIONS)
        and not _factual_say(verb)
    ):
        return True
    current = verb
    for _ in range(6):
        if current.dep_ == "xcomp" and current.head.lemma_.lower() in IRREALIS_HEADS:
            return True
        if current.dep_ in ("ROOT", "pcomp") or current.head is current:
            return False  # (a gerund after a preposition, "aside from saying …", is an act of its own)
        current = current.head
    return False


def _factual_say(verb: Token) -> bool:
    """ "took to Twitter to say …", "went so far as to say …": an infinitive "say" of purpose under a finished act
    of someone who can speak reports what was said; so does "voters were more likely to say …". (Other verbs of
    saying in a purpose infinitive, "to call voters", "to praise his record", are mostly plans; measured on train.)
    Under a verb of using ("used Prime Minister's Questions to suggest …"), any verb of saying reports."""
    head = verb.head
    purpose = head.lemma_.lower() in PURPOSE_REPORT_HEADS and verb.lemma_.lower() in SPEECH_VERBS
    if verb.lemma_.lower() != "say" and not purpose:
        return False
    if verb.dep_ == "xcomp" and head.lemma_.lower() == "likely" and head.dep_ == "acomp":
        return True
    if not (verb.dep_ == "advcl" or (purpose and verb.dep_ == "xcomp")):
        return False
    if head.pos_ != "VERB" or head.tag_ not in ("VBD", "VBZ"):
        return False
    if head.lemma_.lower() in IRREALIS_HEADS or is_negated(head):
        return False
    subject = subject_of(head)
    return subject is not None and subject.dep_ == "nsubj" and can_speak(subject)


def is_negated(verb: Token) -> bool:
    """ "did not say": a negation next to the verb (the parser also hangs a quote's "Probably not," on it)."""
    return any(child.dep_ == "neg" and verb.i - 3 <= child.i < verb.i for child in verb.children)


def last_word(doc: Doc, start: int, end: int) -> int:
    """End of the last non-punctuation token in [start, end)."""
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return end


def only_marks(text: str) -> bool:
    """Whether text holds nothing but quote marks (plain or as HTML entities) and final punctuation."""
    return len(text) <= 12 and MARKS_ONLY.fullmatch(text) is not None


def quote_style(mark: str) -> str:
    return "straight" if mark == '"' else "apostrophes" if mark in "'`" else "curly"
