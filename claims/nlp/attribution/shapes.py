"""Shapes and filters of a verb cue: each way a source and content attach to it is a named function.

For a cue, the engine first runs the cue filters (a filter that acts drops the cue), then every shape whose cue
kinds include the cue's kind. Each shape returns a scored `Candidate` or None; the selector keeps the strongest
(ties go to the shape registered first). A candidate may also be a rejection: the shape recognised the
construction and knows it is no report (it then wins like any other candidate and the cue gives nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Span, Token

from claims.nlp.attribution.clauses import OCCASION_NOUNS, deepest_right
from claims.nlp.attribution.model import CharSpan
from claims.nlp.attribution.special import FixedCues
from claims.nlp.attribution.syntax import (
    OPENING_QUOTES,
    agent_of,
    can_speak,
    is_irrealis,
    is_negated,
    quoted_as_saying,
    subject_of,
    trim,
)
from claims.nlp.cues import LEARNED, Cue, finding_subject_ok
from claims.nlp.lexicon import (
    CUE_VERBS,
    FINDING_VERBS,
    FRAMING_VERBS,
    MILITARY_NOUNS,
    NP_CONTENT_VERBS,
    OBJECT_NAMING_VERBS,
    PHYSICAL_SENSE_VERBS,
    PHYSICAL_TARGETS,
    POLITY_NOUNS,
    QUOTING_VERBS,
    RECIPIENT_VERBS,
    RELATIVE_PRONOUNS,
    REPORT_NOUNS,
    SPEECH_VERBS,
    WEAPON_NOUNS,
)
from claims.nlp.rules import register_rule

VERBAL_KINDS = frozenset({"verb", "censored", LEARNED})


@dataclass(slots=True)
class Candidate:
    """One shape's reading of a cue: the content pieces (character spans), how sure the shape is, and the rules
    (boundary trimmers) that shaped it."""

    shape: str
    strength: float
    content: list[CharSpan] = field(default_factory=list)
    kind: str = "indirect"
    quotes: list[int] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    drop_source: bool = False  # the shape knows the cue's subject is not the source ("failed as predicted")
    rejected: bool = False


class CueContext:
    """What the shapes of one verb cue share, each part computed once and only when a shape asks for it."""

    def __init__(self, builder: FixedCues, cue: Cue) -> None:
        self.builder = builder
        self.cue = cue
        self.doc = builder.doc
        self.verb: Token = builder.doc[cue.head]
        self.sent: Span = self.verb.sent
        self.lemma = cue.lemma
        self.learned = cue.kind == LEARNED
        self.source: Token | None = None
        self.passive = False
        self.participle = False
        self.author = False  # the source is the writer ("I", "we" outside any quote)
        self.unparsed_speaker: tuple[int, int] | None = None
        self.q_before: int | None = None
        # Trimmers that acted while the clause pieces were cut; they shaped every candidate built from them.
        self.piece_rules: list[str] = []

    @cached_property
    def pieces(self) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
        with self.builder.recording(self.piece_rules):
            return self.builder._clause_pieces(self.verb)

    @cached_property
    def clause(self) -> tuple[int, int] | None:
        before, after = self.pieces
        if before and after:
            return after if after[1] - after[0] >= before[1] - before[0] else before
        return after or before

    @cached_property
    def q_after(self) -> int | None:
        return self.builder._quote_after(self.cue.end)


Filter = Callable[["FixedCues", CueContext], bool]
Shape = Callable[["FixedCues", CueContext], "Candidate | None"]

# (rule name, cue kinds, predicate): a filter that returns True drops the cue. They run before the source is known.
CUE_FILTERS: list[tuple[str, frozenset[str], Filter]] = []
# (rule name, cue kinds, shape), in the order that breaks ties between equally strong candidates.
SHAPES: list[tuple[str, frozenset[str], Shape]] = []


def cue_filter(name: str, summary: str, kinds: frozenset[str] = VERBAL_KINDS) -> Callable[[Filter], Filter]:
    def register(function: Filter) -> Filter:
        CUE_FILTERS.append((register_rule(name, summary), kinds, function))
        return function

    return register


def shape(name: str, summary: str, kinds: frozenset[str] = VERBAL_KINDS) -> Callable[[Shape], Shape]:
    def register(function: Shape) -> Shape:
        SHAPES.append((register_rule(name, summary), kinds, function))
        return function

    return register


def select(candidates: list[Candidate]) -> Candidate | None:
    """The strongest candidate; of equals, the one whose shape was registered first (the list is in that order)."""
    best: Candidate | None = None
    for candidate in candidates:
        if best is None or candidate.strength > best.strength:
            best = candidate
    return best


# --- cue filters -------------------------------------------------------------------------------------------------

_COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "dative", "oprd", "prep", "advcl", "attr", "acomp"})
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod", "pobj", "nsubj", "dobj", "attr"})
_VERB_AND_LEARNED = frozenset({"verb", LEARNED})


@cue_filter("filter.modifier-verb", "a verb used as a modifier or a noun ('the stated goal')", _VERB_AND_LEARNED)
def _modifier_verb(builder: FixedCues, ctx: CueContext) -> bool:
    verb = ctx.verb
    if verb.tag_ == "VBG" and verb.dep_ in ("pobj", "dobj") and (subject := subject_of(verb)) is not None:
        return not can_speak(subject)  # "footage of the senator saying …": a gerund clause with its own speaker
    return verb.dep_ in _MODIFIER_DEPS


@cue_filter("filter.irrealis", "a cue under 'planned to', 'wants to', or a bare to-infinitive", _VERB_AND_LEARNED)
def _irrealis(builder: FixedCues, ctx: CueContext) -> bool:
    return is_irrealis(ctx.verb)


@cue_filter("filter.negated-cue", "'did not say'", _VERB_AND_LEARNED)
def _negated(builder: FixedCues, ctx: CueContext) -> bool:
    return is_negated(ctx.verb)


@cue_filter("filter.bare-express", "'a platform to express their needs': no report", frozenset({"verb"}))
def _bare_express(builder: FixedCues, ctx: CueContext) -> bool:
    return ctx.lemma == "express" and ctx.verb.tag_ == "VB"


@cue_filter("filter.imperative", "'Read the rest here', 'Tell them'", _VERB_AND_LEARNED)
def _imperative(builder: FixedCues, ctx: CueContext) -> bool:
    return ctx.verb.tag_ == "VB" and ctx.verb.dep_ == "ROOT" and subject_of(ctx.verb) is None


@cue_filter("filter.headline", "'Russia Agrees To Truce': a title-case line is a headline, not a report")
def _headline(builder: FixedCues, ctx: CueContext) -> bool:
    return is_headline(ctx.sent)


def is_headline(sent: Span) -> bool:
    """A line of its own in title case without a closing stop ("Russia Agrees To Truce")."""
    words = [t for t in sent if t.is_alpha]
    ending = [t for t in sent if not t.is_space]
    if len(words) < 3 or ending[-1].text in (".", "!", "?", ":", ";", "”", '"', "'"):
        return False
    doc = sent.doc
    line_start = sent.start == 0 or "\n" in doc[sent.start - 1].text or "\n" in doc[sent.start - 1].whitespace_
    if not line_start:
        return False
    capitalised = [t for t in words if t.text[:1].isupper()]
    return len(capitalised) == len(words) and len(words) <= 14


@cue_filter("filter.finding-subject", "'shows'/'finds' report only with a poll, study, document… as subject")
def _finding_subject(builder: FixedCues, ctx: CueContext) -> bool:
    return ctx.lemma in FINDING_VERBS and ctx.lemma not in SPEECH_VERBS and not finding_subject_ok(ctx.verb)


_REASONS = frozenset({"for", "over", "as", "about"})


@cue_filter("filter.physical-force", "'Russian troops attacked Kharkiv with drones': force", frozenset({"verb"}))
def _physical_force(builder: FixedCues, ctx: CueContext) -> bool:
    """A verb of verbal aggression used for force: armed subjects, weapons, or a thing as the target ("attacked a
    commercial vessel"); a place attacking a place or a country with no reason given ("Ukraine attacked Crimea",
    "Russia would attack a NATO country"; not "Beijing attacked Washington over Taiwan")."""
    verb = ctx.verb
    if ctx.lemma not in PHYSICAL_SENSE_VERBS:
        return False
    subject = subject_of(verb)
    target = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if subject is not None and subject.lemma_.lower() in MILITARY_NOUNS:
        return True
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("with", "using"):
            if any(c.lemma_.lower() in WEAPON_NOUNS for c in prep.children if c.dep_ == "pobj"):
                return True
    if target is None:
        return False
    if target.lemma_.lower() in PHYSICAL_TARGETS:
        return True
    is_place = builder.is_place
    if ctx.lemma != "attack" or subject is None or is_place is None or subject.pos_ != "PROPN":
        return False
    if any(c.dep_ == "prep" and c.lower_ in _REASONS for c in verb.children):
        return False  # "China attacked the United States over tariffs": words, with their reason
    doc = verb.doc
    if target.pos_ == "PROPN":
        target_is_place = is_place(doc[target.left_edge.i : target.i + 1])
    else:
        target_is_place = target.lemma_.lower() in POLITY_NOUNS
    return target_is_place and is_place(doc[subject.left_edge.i : subject.i + 1])


@cue_filter("filter.quoting-frame", "'Interfax cited Lavrov as saying …': 'saying' reports it", frozenset({"verb"}))
def _quoting_frame(builder: FixedCues, ctx: CueContext) -> bool:
    return any(
        prep.dep_ == "prep" and prep.lower_ == "as" and any(quoted_as_saying(c) is not None for c in prep.children)
        for prep in ctx.verb.children
    )


@cue_filter("filter.occasion-participle", "'said in a statement posted on its website that …'", frozenset({"verb"}))
def _occasion_participle(builder: FixedCues, ctx: CueContext) -> bool:
    """A participle that describes the statement or interview something was said in ("a statement posted on its
    website", "an interview published on Sunday") tells where, not what: the verb it hangs under reports."""
    verb = ctx.verb
    noun = verb.head
    return (
        verb.tag_ == "VBN"
        and verb.dep_ == "acl"
        and agent_of(verb) is None
        and (noun.lemma_.lower() in OCCASION_NOUNS or noun.lemma_.lower() in REPORT_NOUNS)
        and noun.dep_ == "pobj"
    )


@cue_filter(
    "filter.framing-participle",
    "'Speaking on state television, X said …', 'X said …, citing officials', 'an official, who spoke on condition of "
    "anonymity, said …': the frame of another report",
    frozenset({"verb"}),
)
def _framing_participle(builder: FixedCues, ctx: CueContext) -> bool:
    """A verb of speaking that only frames another report of the same sentence says where, to whom or on whose
    word, not what: a participle or relative clause without a clause of its own, hung on a report ("Speaking to
    reporters, she said …", "…, citing a governor") or on the reporter ("who spoke on condition of anonymity")."""
    verb = ctx.verb
    if ctx.lemma not in FRAMING_VERBS or verb.tag_ not in ("VBG", "VBN", "VBD"):
        return False
    if any(child.dep_ in ("ccomp", "xcomp", "mark", "csubj") for child in verb.children):
        return False  # "Asked whether she would run, …" has the question as a clause
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in RELATIVE_PRONOUNS for c in verb.children):
        return False  # "he spoke on Tuesday" is a report of its own
    if any(c.dep_ == "prep" and c.lower_ in ("of", "about", "against") for c in verb.children):
        return False  # "…, speaking of Clinton's health": what they spoke of is said
    head = verb.head
    if verb.dep_ == "advcl" and verb.tag_ in ("VBG", "VBN"):
        # "Speaking on TV, X said", "X said …, speaking to reporters" (which the parse may hang on the reported
        # clause)
        return head.lemma_.lower() in CUE_VERBS or (head.dep_ == "ccomp" and head.head.lemma_.lower() in CUE_VERBS)
    if verb.dep_ == "relcl" and head.dep_ in ("nsubj", "nsubjpass"):
        return head.head.lemma_.lower() in CUE_VERBS  # "an official, who spoke on condition of anonymity, said"
    return False


@cue_filter("filter.naming-participle", "'a group called Lashkar', 'the program is called EB-5': a name, not a report")
def _naming_participle(builder: FixedCues, ctx: CueContext) -> bool:
    verb = ctx.verb
    return (
        ctx.lemma in OBJECT_NAMING_VERBS
        and verb.tag_ == "VBN"
        and agent_of(verb) is None
        and (verb.dep_ == "acl" or any(c.dep_ == "auxpass" for c in verb.children))
        and ctx.cue.end == verb.i + 1
    )


# Filters that need the cue's source (run after it is found): "filter.participle-non-speaker",
# "filter.first-person-in-quote", "filter.writer-first-person" (in the builder).
PARTICIPLE_NON_SPEAKER = register_rule(
    "filter.participle-non-speaker", "'Russia's initiative is a challenge, asking them to …': no one is speaking"
)
FIRST_PERSON_IN_QUOTE = register_rule(
    "filter.first-person-in-quote", "'“I believe he is the best …”' inside a quote: the quote is the claim"
)
WRITER_FIRST_PERSON = register_rule(
    "filter.writer-first-person", "the writer's own 'I think …' is commentary unless it quotes words as said"
)


# --- shapes -------------------------------------------------------------------------------------------------------


@shape("shape.as-clause", "'As Mr. Brown observed, the council would act': the host clause", frozenset({"verb"}))
def _as_clause(builder: FixedCues, ctx: CueContext) -> Candidate | None:
    with builder.recording() as rules:
        host = builder._as_clause_host(ctx.verb, ctx.sent)
    if host is None:
        return None
    verb, source = ctx.verb, ctx.source
    drop = subject_of(verb) is None and source is not None and source.i > verb.head.left_edge.i - 1
    content = [builder._extend_to_quote(*piece) for piece in host]
    return Candidate("as-clause", 0.75, content, rules=rules, drop_source=drop)


@shape("shape.quote-before", "'“…,” he said': a quote ending just before the cue, with its sentence's lead")
def _quote_before(builder: FixedCues, ctx: CueContext) -> Candidate | None:
    q_before, (before, after) = ctx.q_before, ctx.pieces
    if q_before is None or not (
        before is None or builder.in_quote[before[0]] == q_before or before[1] <= ctx.cue.start
    ):
        return None
    doc, cue, verb = ctx.doc, ctx.cue, ctx.verb
    if ctx.participle and cue.end > verb.i + 1 and doc[cue.end - 1].dep_ == "prep":
        # '… was “ready to win,” pointing to its record': the participle's object comes after it
        return Candidate("quote-before", 0.9, rejected=True)
    content, kind = builder._quote_with_lead(q_before, ctx.sent)
    rules: list[str] = []
    quotes = [q_before]
    if after is not None and (doc[after[0]].text in OPENING_QUOTES or builder.in_quote[after[0]] >= 0):
        # "“A,” he said, “but B”": the complement after the cue continues the quote.
        piece = builder._extend_to_quote(*after)
        rules = list(ctx.piece_rules)
        # The quote it continues in is this report's, all of it ('and still “got to sit in … It just raises a lot
        # of questions.”' when the parser hung only the last sentence on the cue), and the run-on pass must not
        # add it again.
        inner = sorted({builder.in_quote[i] for i in range(*after) if builder.in_quote[i] > q_before})
        cue_end = doc[ctx.cue.end - 1].idx + len(doc[ctx.cue.end - 1].text)
        for qi in inner:
            q = builder.quotes[qi]
            if q.start >= cue_end:
                piece = (min(piece[0], q.start), max(piece[1], q.end))
        content.append(piece)
        quotes += inner
    return Candidate("quote-before", 0.9, content, kind, quotes, rules)


@shape("shape.quote-after", "'he said: “…”': a quote starting just after the cue and closing the sentence")
def _quote_after(builder: FixedCues, ctx: CueContext) -> Candidate | None:
    q_after, doc = ctx.q_after, ctx.doc
    if q_after is None or not builder._quotes_speech(ctx.lemma, q_after, any_verb=ctx.learned):
        return None
    # (with a clause on each side, "X will act, Kall said: “…”", the piece after the cue decides)
    clause = ctx.pieces[1] if ctx.pieces[1] is not None and doc[ctx.cue.end].text == ":" else ctx.clause
    if not (clause is None or builder.in_quote[clause[0]] == q_after or doc[clause[0]].text in OPENING_QUOTES):
        return None
    q = builder.quotes[q_after]
    around = builder._around_parenthetical_cue(ctx.verb, ctx.cue.end, q_after, ctx.sent)
    if around is not None:
        return Candidate("quote-after", 0.9, around, "mixed", [q_after])
    return Candidate("quote-after", 0.9, [(q.start, q.end)], "direct", [q_after])


@shape("shape.clause-around", "'“A,” he said, “but B”' unquoted: clausal complements on both sides of the cue")
def _clause_around(builder: FixedCues, ctx: CueContext) -> Candidate | None:
    before, after = ctx.pieces
    if before is None or after is None:
        return None
    content = [builder._extend_to_quote(*before), builder._extend_to_quote(*after)]
    return Candidate("clause", 0.8, content, rules=list(ctx.piece_rules))


@shape("shape.clause", "'said (that) …' or '…, he said': the clausal complement of the cue")
def _clause(builder: FixedCues, ctx: CueContext) -> Candidate | None:
    clause, cue, sent = ctx.clause, ctx.cue, ctx.sent
    if clause is None:
        return None
    phrasal = cue.end > ctx.verb.i + 1 and builder._has_complement_after(ctx.verb, ctx.lemma)
    if phrasal and clause[1] <= cue.start:
        return None  # '“…,” Zelensky called for a ceasefire': the phrasal cue's content is after it
    rules = list(ctx.piece_rules)
    with builder.recording(rules):
        if clause[1] <= cue.start and clause[0] > sent.start:
            clause = builder._whole_lead(clause, sent)
        content = [builder._extend_to_quote(*clause)]
        if clause[1] <= cue.start:
            # "X happened, the agency said in a report, and Y followed": the clause resumes after the cue.
            around = builder._parenthetical_content(ctx.verb, sent, ctx.source, resumes_with_and=True)
            if len(around) == 2:
                content.append(builder._extend_to_quote(*around[1]))
    return Candidate("clause", 0.8, content, rules=rules)


@shape("shape.that-clause", "'warned in a letter to leaders that …': a that-clause the parser hung elsewhere")
def _that_clause(builder: FixedCues, ctx: CueContext) -> Candidate | None:
    with builder.recording() as rules:
        clause = builder._that_clause(ctx.cue, ctx.verb, ctx.sent)
    if clause is None:
        return None
    return Candidate("that-clause", 0.75, [builder._extend_to_quote(*clause)], rules=rules)


@shape("shape.around", "'Those talks continue, he said.': a cue clause set off inside what was said")
def _around(builder: FixedCues, ctx: CueContext) -> Candidate | None:
    if ctx.lemma not in SPEECH_VERBS and ctx.cue.kind != "censored" and not ctx.learned:
        return None
    with builder.recording() as rules:
        around = builder._parenthetical_content(ctx.verb, ctx.sent, ctx.source)
    if not around:
        return None
    return Candidate("around", 0.75, [builder._extend_to_quote(*piece) for piece in around], rules=rules)


@shape("shape.colon", "'The governor added: …': what follows a colon after the cue")
def _colon(builder: FixedCues, ctx: CueContext) -> Candidate | None:
    colon = builder._colon_content(ctx.cue.end, ctx.sent)
    if colon is None:
        return None
    return Candidate("colon", 0.75, [builder._extend_to_quote(*colon)])


@shape("shape.object", "'called for a moratorium', 'urged them to agree': the phrase the cue takes")
def _object(builder: FixedCues, ctx: CueContext) -> Candidate | None:
    with builder.recording() as rules:
        obj = builder._object_content(ctx.verb, ctx.lemma)
    if obj is None or obj[1] <= obj[0]:
        return None
    return Candidate("object", 0.55, [builder._extend_to_quote(*obj)], rules=rules)


_ANSWERS = frozenset({"yes", "no"})


@shape("shape.answer", "'Asked whether he would raise the offer, Farley said no': a yes or a no")
def _answer(builder: FixedCues, ctx: CueContext) -> Candidate | None:
    if ctx.lemma not in SPEECH_VERBS:
        return None
    answers = [c for c in ctx.verb.rights if c.lower_ in _ANSWERS and c.dep_ in ("intj", "dobj", "advmod", "ccomp")]
    if len(answers) != 1 or any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in ctx.verb.rights if c not in answers):
        return None
    word, end = answers[0], answers[0].i + 1
    doc = ctx.doc
    if end < len(doc) and doc[end].lower_ == "to" and doc[end].head.i in (word.i, ctx.verb.i):
        end = doc[end].right_edge.i + 1  # "said no to the deal"
    return Candidate("answer", 0.5, [builder._extend_to_quote(word.i, end)])


@shape("shape.unattached-clause", "'but insisted measures … will continue': a clause the parser hung elsewhere")
def _unattached_clause(builder: FixedCues, ctx: CueContext) -> Candidate | None:
    """A verb of saying with no complement of its own, followed at once by a clause with its own subject (the
    parser coordinated that clause with the main verb instead)."""
    verb, doc = ctx.verb, ctx.doc
    if ctx.lemma not in QUOTING_VERBS or any(c.dep_ in _COMPLEMENT_DEPS for c in verb.children):
        return None
    first = ctx.cue.end
    if first >= ctx.sent.end or doc[first].dep_ not in ("nsubj", "nsubjpass") or builder.in_quote[first] >= 0:
        return None
    head = doc[first].head
    if head.i <= first or head.i >= ctx.sent.end or head.pos_ not in ("VERB", "AUX") or head in verb.ancestors:
        return None
    with builder.recording() as rules:
        start, end = trim(doc, doc[first].left_edge.i, builder._drop_trailing_aside(first, deepest_right(head) + 1))
    if end - start < 3 or start != first:
        return None
    return Candidate("clause", 0.6, [builder._extend_to_quote(start, end)], rules=rules)


@shape("shape.swallowed-clause", "'after he admitted under questioning he had not read it': the parse inverted")
def _swallowed_clause(builder: FixedCues, ctx: CueContext) -> Candidate | None:
    """A subordinate verb of saying with no complement of its own ("after he admitted …", "while he acknowledged
    …"), followed at once by a clause with its own subject that the parser made the verb's head: that clause is
    what was said. Not when the head is the sentence's main clause ("After she testified the jury left")."""
    verb, doc = ctx.verb, ctx.doc
    head = verb.head
    if ctx.lemma not in QUOTING_VERBS or verb.dep_ != "advcl" or head.dep_ == "ROOT" or head.i <= verb.i:
        return None
    if head.pos_ not in ("VERB", "AUX") or not any(c.dep_ == "mark" and c.i < verb.i for c in verb.children):
        return None
    if any(c.dep_ in _COMPLEMENT_DEPS and c.dep_ != "prep" for c in verb.children):
        return None
    first = deepest_right(verb) + 1
    subject = subject_of(head)
    if subject is None or subject.left_edge.i != first or subject.dep_ not in ("nsubj", "nsubjpass"):
        return None
    if any(builder.in_quote[i] >= 0 for i in (first, head.i)):
        return None
    with builder.recording() as rules:
        start, end = trim(doc, first, builder._drop_trailing_aside(first, deepest_right(head) + 1))
    if end - start < 3 or start != first:
        return None
    return Candidate("clause", 0.6, [builder._extend_to_quote(start, end)], rules=rules)


@shape("shape.double-subject", "'Several outlets reported on Monday the agency had …': a report read as a modifier")
def _double_subject(builder: FixedCues, ctx: CueContext) -> Candidate | None:
    """A verb of saying the parser read as a participle modifying its own subject ("outlets [that were]
    reported"), so that the clause said got two subjects: the speaker before the verb and its own after it."""
    verb, doc = ctx.verb, ctx.doc
    noun = verb.head
    if ctx.lemma not in QUOTING_VERBS or verb.dep_ != "acl" or verb.tag_ not in ("VBD", "VBN"):
        return None
    if noun.dep_ != "nsubj" or noun.i > verb.i or noun.head.i <= verb.i or not can_speak(noun):
        return None
    clause = noun.head
    first = deepest_right(verb) + 1
    own = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > verb.i]
    if not own or own[0].left_edge.i != first or builder.in_quote[first] >= 0:
        return None
    with builder.recording() as rules:
        start, end = trim(doc, first, builder._drop_trailing_aside(first, deepest_right(clause) + 1))
    if end - start < 3:
        return None
    return Candidate("clause", 0.6, [builder._extend_to_quote(start, end)], rules=rules)


def _passive_subject_content(
    builder: FixedCues, verb: Token, lemma: str, source: Token | None
) -> tuple[int, int] | None:
    """ "The zoning dispute was first reported by the Gazette": a passive verb of saying with its agent; the
    passive subject is what was reported. Not a hearer ("he was told by doctors"), not a person talked about."""
    if source is None or lemma not in SPEECH_VERBS or lemma in RECIPIENT_VERBS or agent_of(verb) is None:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subject is None or can_speak(subject) or subject.i > verb.i:
        return None
    start, end = trim(builder.doc, subject.left_edge.i, subject.right_edge.i + 1)
    return (start, end) if end > start else None


@shape("shape.passive-subject", "'The dispute was first reported by the Gazette'", frozenset({"verb"}))
def _passive_subject(builder: FixedCues, ctx: CueContext) -> Candidate | None:
    reported = _passive_subject_content(builder, ctx.verb, ctx.lemma, ctx.source)
    if reported is None:
        return None
    return Candidate("passive-subject", 0.6, [builder._extend_to_quote(*reported)])


@shape("shape.passive-no-agent", "'The curfew was announced on Friday': what was announced, by no one named")
def _passive_no_agent(builder: FixedCues, ctx: CueContext) -> Candidate | None:
    """A passive verb whose object is what was said, with no agent and no clause of its own: its subject is the
    thing said ("the diagnosis was confirmed", "the plan was announced"); nobody is named as its source."""
    verb = ctx.verb
    if ctx.source is not None or not ctx.passive or ctx.lemma not in NP_CONTENT_VERBS or ctx.lemma not in SPEECH_VERBS:
        return None
    if ctx.lemma in RECIPIENT_VERBS or any(c.dep_ in ("ccomp", "xcomp", "oprd") for c in verb.children):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subject is None or can_speak(subject) or subject.i > verb.i or subject.lower_ in RELATIVE_PRONOUNS:
        return None
    start, end = trim(builder.doc, subject.left_edge.i, subject.right_edge.i + 1)
    if end - start < 2:
        return None
    return Candidate("passive-subject", 0.6, [builder._extend_to_quote(start, end)])


# Rules that move a candidate's strength (named so that they can be measured like the others).
BELIEF_DISCOUNT = register_rule("score.belief", "attitude verbs ('believes', 'fears') are weaker evidence: -0.25")
FINDING_DISCOUNT = register_rule("score.finding", "findings of studies and documents ('shows'): -0.15")
PASSIVE_DISCOUNT = register_rule("score.passive-no-agent", "'it was reported that …' with no one named: -0.1")
