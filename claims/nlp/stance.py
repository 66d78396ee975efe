"""Holder-aware stance: the speaker's position on a topic's target, as the content expresses it.

A word moves the stance only when the dependency parse links it to a mention of the target (the topic's keywords,
and for a topic about a person the pronouns that refer to them), so "welcomes A but rejects B" counts only the
part about the topic. Words of two kinds:
- attitude words (support, oppose, praise, reject …) are the stance of their grammatical subject: they count when
  the subject is the speaker (I, we, he or she, the speaker's own name, the country they speak for, or no subject
  at all) or when the speaker prescribes it ("Congress must approve the aid"). Someone else's attitude ("critics
  oppose the deal") gives the speaker no stance, unless the speaker is against its holder: then it counts reversed
  (`_opposed_holders`);
- evaluative words (dangerous, lied, great, disaster … from the VADER lexicon) are the speaker's judgement of the
  target they are linked to, unless they sit in a report of what someone else said or thinks inside the content.
Negation flips a word ("does not support"); questions and conditions ("if the deal passes …") count for nothing,
except a negated condition, which names what the speaker wants ("if Congress does not approve aid, …").
Every word that counted, and the rule that let it count, goes to the rationale.
"""

from __future__ import annotations

import functools
import importlib.resources
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from claims.nlp.lexicon import HUMAN_NOUNS, RELATIVE_PRONOUNS, TITLES
from claims.nlp.linking import side_named
from claims.nlp.rules import table

# Attitude lemmas: the subject's position toward the object. (The lexical fallback of topics.py shares them.)
FAVOR_ATTITUDES = frozenset(
    """
    support supportive favor favour welcome commend praise endorse applaud hail back defend champion admire
    respect trust like love prefer advocate approve embrace promote laud salute credit thank vote urge
    ready willing willingness eager keen agree commit commitment pledge promise intend intention want wish hope
    open prepared readiness
    """.split()
)
AGAINST_ATTITUDES = frozenset(
    """
    oppose opposition reject refuse refusal deny condemn criticize criticise criticism denounce slam blast attack
    accuse blame mock ridicule disparage distrust dislike hate fear veto block boycott resist fight unwilling
    reluctant doubt question
    """.split()
)
# The lexicon's words that are about the saying or too vague to judge anything on their own.
_NOT_EVALUATIVE = frozenset(
    """
    yes no ok okay please like well sure pretty kind joke care cares help true truth matter matters want wants
    wish hope hopes hoped hoping agree agreed agrees party parties play played god united united states
    free freedom justice share interest interested clear clearly serious seriously important stop
    critic critics supporter supporters fan fans opponent opponents ally allies
    """.split()
)
_MIN_VALENCE = 1.2  # VADER valence (−4 … 4) from which a word counts as evaluative
_MAX_PATH = 4  # dependency edges between a topic phrase and a target mention
_ATTITUDE_PATH = 2  # "support Trump", "her support for the deal"
_EVALUATIVE_PATH = 3  # "Trump is dangerous", "Clinton's careless handling"
_CLAUSE_EDGES = frozenset("ccomp advcl relcl parataxis csubj csubjpass".split())
_REPORTING = frozenset(
    """
    say tell claim argue insist believe think suggest allege contend warn note add explain write report call
    describe accuse charge assert maintain predict feel consider suspect know
    """.split()
)
_FIRST_PERSON = frozenset("i we me us my our myself ourselves".split())
_PERSONAL = frozenset("he she it they him her them his its their himself herself itself".split())
# Attitude adjectives that describe their subject's own disposition; other attitude adjectives ("the mediator is
# welcome") judge their subject.
_DISPOSITIONS = frozenset("ready willing eager keen supportive reluctant unwilling determined prepared open".split())
# Dispositions that say nothing about their holder without a complement ("the border is open", "he is prepared").
_NEEDS_COMPLEMENT = frozenset("open prepared".split())
# Words a path to the target passes through without weakening the link: "ready to hold a new round of talks",
# "welcomed calls for peace talks" are about the talks as much as "ready for talks".
_LIGHT_NODES = frozenset(
    """
    hold host resume restart reopen start begin launch join enter continue round rounds resumption call calls
    idea prospect process format kind sort consider discuss proposal proposals offer initiative effort efforts
    sit table return bring
    """.split()
)
# Verbs whose negation falls on the clause they govern.
_PERMITTING = frozenset("allow let permit".split())
_NEGATION_RAISING = frozenset("allow let permit want think believe expect suppose imagine".split())
_CONDITION_MARKS = frozenset("if unless whether".split())
# Verbs whose "against" (or "for") states the subject's position: "was against", "voted against".
_POSITION_TAKING = frozenset("be vote speak come stand campaign lobby argue rule decide".split())
# Verb-particle pairs that refuse or end what they take: "ruled out talks", "cut off aid", "walked away from".
PHRASAL_AGAINST = frozenset({"rule out", "cut off", "walk away", "break off", "pull out", "back out", "shut down"})
# Modals by which a speaker prescribes what someone should do: "Congress must approve the aid" is the speaker's
# position on the aid, not a report of Congress's.
_PRESCRIBING = frozenset("must should ought".split())
# Verbs that carry a topic out ("send aid", "hold talks") or end it ("cut aid", "halt talks"), and the modals by
# which someone commits to doing so.
_CARRYING_ACTIONS = frozenset(
    """
    send provide pass approve deliver fund supply give continue resume extend increase keep boost expand sign
    release authorize authorise allocate hold join attend start begin enter restart host finance participate
    broker reach strike pursue accelerate expedite speed ramp step bring sit
    """.split()
)
_ENDING_ACTIONS = frozenset("cut end stop halt suspend freeze withdraw abandon scrap reduce slash kill".split())
# Verbs and nouns of ending what follows them: "stop sending", "an end to the talks", "a halt in deliveries".
ENDING_WORDS = _ENDING_ACTIONS | frozenset("suspension withdrawal termination cutoff cessation".split())
_COMMITTING = frozenset("will would 'll wo must should shall can going".split())
_WANTING = frozenset("want urge call demand press push need hope wish".split())
# Happenings the speaker may say should come about: "a ceasefire should come first", "talks must resume".
_HAPPENING = frozenset("come follow begin start resume continue happen proceed".split())
# "there would be no negotiations", "saw no basis for talks": a negated noun above the target refuses it, except
# a noun that says the target is the only way ("no alternative to a negotiated settlement").
_DENYING_NOUNS = frozenset(
    """
    basis plan plans intention intent reason point need question room place sense prospect prospects chance chances
    condition conditions interest desire appetite time moment grounds
    """.split()
)
_ONLY_WAY_NOUNS = frozenset("alternative substitute".split())
_HOLDING_VERBS = frozenset("have see find hold harbor harbour show express feel".split())
_TIMES = frozenset("time moment".split())
_WAY_NOUNS = frozenset("way solution option answer path route means".split())
_INNER_OPEN = frozenset({"\u2018", "'"})
_INNER_CLOSE = frozenset({"\u2019"})


@functools.cache
def evaluative_lexicon() -> dict[str, float]:
    """Word -> valence from the VADER lexicon (MIT licence, shipped in the vaderSentiment package)."""
    text = (importlib.resources.files("vaderSentiment") / "vader_lexicon.txt").read_text(encoding="utf-8")
    lexicon: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0].isalpha() or parts[0] in _NOT_EVALUATIVE:
            continue
        valence = float(parts[1])
        if abs(valence) >= _MIN_VALENCE:
            lexicon[parts[0]] = valence
    # Political judgements the general lexicon lacks.
    for word, valence in _POLITICAL.items():
        lexicon[word] = valence
    return lexicon


_POLITICAL = {
    "corrupt": -2.5, "crooked": -2.5, "unfit": -2.5, "unqualified": -2.5, "disqualifying": -2.5,
    "dishonest": -2.5, "lied": -2.0, "cheated": -2.0, "untrustworthy": -2.5, "reckless": -2.0,
    "careless": -1.8, "incompetent": -2.3,
    "demagogue": -2.5, "bigot": -2.8, "bigoted": -2.8, "xenophobic": -2.5, "misogynist": -2.8,
    "sexist": -2.5, "racist": -3.0, "lie": -2.0, "lies": -2.0, "lying": -2.2, "liar": -2.5,
    "scandal": -2.0, "disgrace": -2.6, "disgraceful": -2.6, "unacceptable": -2.2, "dangerous": -2.1,
    "qualified": 2.0, "experienced": 1.5, "competent": 2.0, "honest": 2.3, "trustworthy": 2.3,
    "fit": 1.5, "tough": 1.3, "strong": 2.0,
    # Judgements of a candidate's conduct and fitness that the general lexicon lacks (written for this list).
    "unhinged": -2.5, "meltdown": -2.0, "crass": -2.0, "demeaning": -2.0, "demeaned": -2.0, "narcissist": -2.3,
    "philanderer": -2.0, "pathological": -2.0, "inexperienced": -1.8, "unprepared": -1.8, "erratic": -2.0,
    "divisive": -1.8, "disrespectful": -2.0, "phony": -2.2, "stiffed": -2.0, "falsely": -1.8, "baseless": -1.8,
    "unfounded": -1.8, "unsubstantiated": -1.8, "fabricated": -2.0, "deplorable": -2.3, "vulgar": -2.0,
    "sleazy": -2.3, "shady": -2.0, "alarming": -1.8, "risky": -1.5, "prepared": 1.5,
    "steady": 1.5, "steadiness": 1.5, "leadership": 1.5, "victorious": 2.0, "right": 1.5,
    # Judgements of a course of action (talks, a deal, aid) the general lexicon lacks or rates too mildly.
    "pointless": -2.0, "futile": -2.0, "senseless": -2.0, "meaningless": -1.8, "useless": -2.0, "impossible": -1.5,
    "counterproductive": -1.8, "waste": -1.8, "wasteful": -1.8, "trap": -1.8, "betrayal": -2.3, "surrender": -1.8,
    "capitulation": -2.0, "essential": 1.5, "vital": 1.5, "necessary": 1.3, "indispensable": 1.5, "crucial": 1.5,
    "worthwhile": 1.5, "sham": -2.0, "farce": -2.0, "charade": -2.0, "ploy": -1.8, "stunt": -1.5, "gimmick": -1.5,
    "prolong": -1.5, "prolongs": -1.5, "prolonging": -1.5, "escalate": -1.5, "fuel": -1.3,
}  # fmt: skip


_ADJECTIVE_ONLY = frozenset({"right"})
_SHOWING = frozenset("show display demonstrate exhibit possess".split())


@dataclass(frozen=True, slots=True)
class StanceWord:
    weight: float  # signed: > 0 for favor
    rationale: str
    accused: bool = False  # the position of someone the cue accuses, reversed (the accusation counted in it)


def judges(token: Token) -> bool:
    """Whether an evaluative word passes judgement: an adjective, adverb or verb, or a noun said of something
    ("is a disaster", "called him a liar", "Clinton, a liar"). A noun merely named ("solve the problem",
    "the conflict") judges nothing. "right" judges only as an adjective ("he is right", not "right now")."""
    if token.lower_ in _ADJECTIVE_ONLY:
        return token.pos_ == "ADJ"
    if token.pos_ == "VERB" and token.dep_ == "csubj":
        return False  # "rewarding him with a contract would be a mistake": the act named, not judged
    if token.pos_ in ("ADJ", "ADV", "VERB") or token.dep_ == "amod":  # "crass behavior", whatever its tag
        return True
    if token.pos_ != "NOUN":
        return False
    node = token
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    if node.dep_ == "pobj" and node.head.lower_ == "as" and node.head.head.pos_ == "VERB":
        return True  # "exposed him as a fraud", "described her as a liar"
    if node.dep_ == "dobj" and node.head.lemma_.lower() in _SHOWING:
        return True  # "has shown courage", "displayed contempt": a quality shown is the subject's
    # A political judgement is one wherever it stands, except as the object of a preposition: "talks with the
    # current leadership" judges nobody.
    return node.dep_ in ("attr", "appos", "oprd", "acomp") or (token.lower_ in _POLITICAL and node.dep_ != "pobj")


def _particle(token: Token) -> str:
    """ "ruled out", "cut off", "walked away" (the parse may read the particle as an adverb)."""
    particle = next(
        (c for c in token.children if c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in _PARTICLES)), None
    )
    return "" if particle is None else particle.lower_


_PARTICLES = frozenset("out off away down".split())


def _prescribed(predicate: Token, speaker: set[int], side: str) -> bool:
    """Whether the speaker prescribes the clause: a modal of obligation ("Congress must approve the aid") or a
    wish of the speaker's ("he wanted Congress to approve the aid", "urged lawmakers to pass it")."""
    if any(child.tag_ in ("WRB", "WP", "WDT") for child in predicate.children):
        return False  # "asked why Congress should block the funding"
    node = predicate
    for _ in range(3):  # "must prepare for a long war and keep arming Ukraine"
        auxes = [child.lower_ for child in node.children if child.dep_ == "aux"]
        if any(aux in _PRESCRIBING for aux in auxes) and "have" not in auxes:  # not "must have approved"
            return True
        if node.dep_ not in ("xcomp", "conj") or node.head.i == node.i:
            break
        node = node.head
    wish = predicate.head
    if predicate.dep_ in ("xcomp", "ccomp") and wish.lemma_.lower() in _WANTING and wish.i != predicate.i:
        return _holder_is_speaker(_subject(wish), speaker, side)
    return False


def _has_complement(token: Token) -> bool:
    """ "open to talks", "prepared to host talks": a disposition toward something."""
    return any(
        child.dep_ == "xcomp" or (child.dep_ == "prep" and child.lower_ in ("to", "for")) for child in token.children
    )


def _in_compound(token: Token) -> bool:
    """ "trigger-happy", "well-connected": a word joined by a hyphen means what the compound means."""
    doc = token.doc
    before = token.i > 0 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_
    after = token.i + 1 < len(doc) and doc[token.i + 1].text == "-" and not token.whitespace_
    return before or after


def _path(a: Token, b: Token) -> list[tuple[Token, Token]] | None:
    """The dependency edges (child, head) from a and from b up to their lowest common ancestor."""
    ancestors_a = [a, *a.ancestors]
    index = {token.i: n for n, token in enumerate(ancestors_a)}
    edges_b: list[tuple[Token, Token]] = []
    node = b
    while node.i not in index:
        if node.head.i == node.i:
            return None
        edges_b.append((node, node.head))
        node = node.head
    edges_a = [(ancestors_a[n], ancestors_a[n + 1]) for n in range(index[node.i])]
    return edges_a + edges_b


def _own_subject(token: Token) -> bool:
    return any(child.dep_ in ("nsubj", "nsubjpass", "expl") for child in token.children)


def _crosses_conjunct(word: Token, target: Token, path: list[tuple[Token, Token]]) -> bool:
    """Whether the path runs through a conjoined predicate: "welcomes A but rejects B" keeps A and B apart, while
    "Clinton lied and cheated" shares its subject with both verbs."""
    up_from_word = [child for child, _head in path if child.i in {a.i for a in [word, *word.ancestors]}]
    up_from_target = [child for child, _head in path if child not in up_from_word]
    if any(child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") for child in up_from_target):
        return True
    if any(child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") for child in up_from_word):
        return not (len(up_from_target) == 1 and up_from_target[0].dep_ in ("nsubj", "nsubjpass"))
    return False


def linked(word: Token, targets: Iterable[Token], *, max_path: int = _MAX_PATH) -> Token | None:
    """A target mention within _MAX_PATH edges of the word, without crossing into another clause (a conjoined
    verb that shares its subject is the same clause: "Clinton lied and cheated")."""
    best: tuple[int, Token] | None = None
    for target in targets:
        if target.i == word.i:
            return target
        path = _path(word, target)
        if path is None or _path_length(path) > max_path:
            continue
        if any(
            child.dep_ in _CLAUSE_EDGES and not _describes_object(child, word) and not _judges_subject(child, word)
            for child, _head in path
        ):
            continue
        if _crosses_conjunct(word, target, path):
            continue
        if best is None or _path_length(path) < best[0]:
            best = (_path_length(path), target)
    return None if best is None else best[1]


def _governing_attitude(word: Token, attitude_heads: set[int]) -> Token | None:
    """The attitude word whose complement this one is ("refuse to support", "no intention of endorsing")."""
    if word.dep_ not in ("xcomp", "pcomp", "acl"):
        return None
    governor = word.head
    if word.dep_ == "pcomp" and governor.dep_ == "prep":
        governor = governor.head
    return governor if governor.i in attitude_heads and governor.i != word.i else None


def _judges_subject(clause: Token, word: Token) -> bool:
    """ "sending more weapons would be a mistake": what a copula's complement says judges its clause subject."""
    return clause.dep_ == "csubj" and word.dep_ in ("attr", "acomp") and word.head.i == clause.head.i


def _describes_object(clause: Token, word: Token) -> bool:
    """ "voted against any bill that sends more money to Ukraine": a relative clause on the word's object says
    what the object is, so the word reaches into it."""
    noun = clause.head
    return clause.dep_ == "relcl" and noun.dep_ in ("dobj", "pobj") and word.i in {noun.head.i, noun.head.head.i}


def _path_length(path: list[tuple[Token, Token]]) -> int:
    """Edges that weigh: a preposition and its object are one step ("support for Ukraine"), and a light word
    ("hold", "round", "calls") between the word and the target is no step, nor is a relative clause."""
    return sum(
        1 for child, _head in path if child.dep_ not in ("prep", "relcl") and child.lemma_.lower() not in _LIGHT_NODES
    )  # a relative clause that may be crossed says what its noun is: "a bill that sends weapons"


def _predicate(token: Token) -> Token:
    """The verb (or root) whose clause the token belongs to."""
    node = token
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i and node.dep_ not in _CLAUSE_EDGES:
        node = node.head
    return node


def _subject(predicate: Token) -> Token | None:
    for child in predicate.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    # "Clinton lied and cheated": a conjoined verb shares the first verb's subject; "ready to negotiate" the
    # subject of the verb it completes.
    if predicate.dep_ in ("conj", "xcomp", "acomp") and predicate.head.i != predicate.i:
        return _subject(_predicate(predicate.head) if predicate.dep_ == "acomp" else predicate.head)
    return None


def _passive(verb: Token, subject: Token | None) -> bool:
    return (subject is not None and subject.dep_ == "nsubjpass") or any(c.dep_ == "auxpass" for c in verb.children)


def _agent(verb: Token) -> Token | None:
    """The holder of a passive attitude: "praised by critics" -> critics; none named, the speaker's own view."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((grandchild for grandchild in child.children if grandchild.dep_ == "pobj"), None)
    return None


def _holder_is_speaker(subject: Token | None, speaker: set[int], side: str = "") -> bool:
    """Whether a subject stands for the speaker: none written, I/we, he/she/they, the speaker's own words, a
    phrase owned by I/we ("our government"), or the side the speaker speaks for ("Russia", "the Russian side"
    for a Kremlin spokesman)."""
    if subject is None:
        return True
    if side and _names_side(subject, side):
        return True
    word = subject.lower_
    if word in _FIRST_PERSON or word in _PERSONAL:
        return True
    if any(token.i in speaker for token in subject.subtree):
        return True
    return any(
        child.dep_ == "poss" and (child.lower_ in _FIRST_PERSON or child.lower_ in _PERSONAL)
        for child in subject.children
    )


@functools.cache
def _seats_of(country: str) -> tuple[str, ...]:
    """The capital and seats of government that news writes for a country ("Moscow", "the Kremlin": Russia)."""
    return tuple(seat for seat, row in table("seats").items() if row["country"] == country)


def _names_side(subject: Token, side: str) -> bool:
    words = side.lower().split()
    stem = words[-1][:-1] if len(words) == 1 and len(words[-1]) > 4 else None  # "russi" for Russia, Russian
    text = " ".join(token.lower_ for token in subject.subtree)
    if " ".join(words) in text:
        return True
    if any(f" {seat} " in f" {text} " for seat in _seats_of(" ".join(words))):
        return True
    return stem is not None and any(token.lower_.startswith(stem) for token in subject.subtree)


def _negation(word: Token, start: int) -> Token | None:
    """A `neg` dependent (or "never", "no") of the word, of its predicate or of the verb it completes."""
    holders = [word, _predicate(word)]
    if holders[1].dep_ in ("xcomp", "acomp") and holders[1].head.i != holders[1].i:
        holders.append(holders[1].head)
    elif holders[1].dep_ == "ccomp" and holders[1].head.lemma_.lower() in _NEGATION_RAISING:
        holders.append(holders[1].head)  # "cannot allow Clinton to win", "do not think she is honest"
    for holder in holders:
        for child in holder.children:
            if child.i >= start and (child.dep_ == "neg" or child.lower_ in ("never", "no")):
                return child
    return None


def _in_condition(word: Token, content: Span) -> tuple[bool, bool]:
    """(inside an if/unless/whether clause of the content, that clause negated)."""
    node = word
    while node.head.i != node.i and content.start <= node.i < content.end:
        if node.dep_ in ("advcl", "ccomp", "csubj") or node.head.i == node.i:
            marks = [child for child in node.children if child.dep_ == "mark" and child.lower_ in _CONDITION_MARKS]
            if marks:
                negated = marks[0].lower_ == "unless" or any(child.dep_ == "neg" for child in node.children)
                return True, negated
        node = node.head
    return False, False


def _without(word: Token, target: Token) -> bool:
    """ "without more aid, Ukraine could lose": the word is what the speaker warns of if the target is missing."""
    path = _path(word, target)
    return path is not None and any(head.lower_ == "without" for _child, head in path)


def _consequence_of_negated_condition(word: Token, content: Span) -> bool:
    """ "if Congress does not approve aid, Ukraine will lose": the word sits in the main clause of a negated
    condition, as the harm warned of."""
    predicate = _predicate(word)
    for child in predicate.children:
        if child.dep_ == "advcl":
            marks = [c for c in child.children if c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS]
            if marks and (marks[0].lower_ == "unless" or any(c.dep_ == "neg" for c in child.children)):
                return True
    return False


def _reported_by_other(word: Token, content: Span, speaker: set[int], side: str) -> Token | None:
    """A reporting verb inside the content, above the word, whose subject is someone other than the speaker:
    "(X said) critics claim the deal is a disaster"."""
    node = word
    while node.head.i != node.i:
        head = node.head
        if not content.start <= head.i < content.end:
            return None
        # The word itself as the object ("he tells lies") judges the telling; only what it heads is reported.
        said = node.dep_ in ("ccomp", "xcomp", "advcl") or (node.dep_ == "dobj" and node.i != word.i)
        if said and head.lemma_.lower() in _REPORTING:
            if not _holder_is_speaker(_subject(head), speaker, side):
                return head
        node = head
    return None


def _quoted_from_other(word: Token, content: Span, speaker: set[int], side: str) -> Token | None:
    """The reporting verb of someone else's words quoted inside the content, where the parse does not put them
    under it: "The left is saying, 'Trump is such a liar'" (the inner quote may run to the content's end)."""
    doc = content.doc
    for i in range(word.i - 1, content.start - 1, -1):
        if doc[i].text in _INNER_CLOSE:
            return None  # the word comes after the inner quote closed
        if doc[i].text in _INNER_OPEN:
            before = i - 1
            while before >= content.start and doc[before].is_punct:
                before -= 1
            verb = doc[before] if before >= content.start else None
            if verb is None or verb.lemma_.lower() not in _REPORTING:
                return None
            return None if _holder_is_speaker(_subject(verb), speaker, side) else verb
    return None


def _is_question(word: Token) -> bool:
    sentence = word.sent
    last = (
        sentence[-1]
        if sentence[-1].text not in ('"', "\u201d", "'", "\u2019")
        else sentence[-2 if len(sentence) > 1 else -1]
    )
    return last.text == "?"


def stance_words(
    *,
    content: Span,
    targets: list[Token],
    phrases: list[tuple[str, Span]],
    speaker: set[int],
    side: str = "",
    about_person: bool = True,
    accusing: bool = False,
) -> list[StanceWord]:
    """The stance-bearing words of the content with their signed weights and the rule that let each count.

    `targets`: tokens that mention the topic's target; `phrases`: ("favor" | "against", span) topic phrases;
    `speaker`: token indexes of the speaker's mention (and its antecedent)."""
    lexicon = evaluative_lexicon()
    found: list[StanceWord] = []
    taken: set[int] = set()
    target_ids = {token.i for token in targets}
    candidates: list[tuple[Token, Span, float, str, bool]] = []  # head, words, base weight, label, is attitude
    others: list[_OtherHolder] = []  # attitudes toward the target that someone else holds
    phrase_spans = [span for _kind, span in phrases]
    phrase_sign = {span.root.i: (1.0 if kind == "favor" else -1.0) for kind, span in phrases}
    phrase_tokens = [span.root for span in phrase_spans]
    for kind, span in sorted(phrases, key=lambda item: (item[1].start, item[1].start - item[1].end)):
        if any(i in taken for i in range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        sign = 1.0 if kind == "favor" else -1.0
        candidates.append((span.root, span, 2.0 * sign, f"{kind} phrase", True))
    for token in content:
        if token.i in taken or token.i in target_ids or token.is_punct or _in_compound(token):
            continue
        lemma, word = token.lemma_.lower(), token.lower_
        one = content[token.i - content.start : token.i - content.start + 1]
        if word == "against" and token.dep_ == "prep" and token.head.lemma_.lower() in _POSITION_TAKING:
            candidates.append((token, one, -1.5, "against", True))  # "was against a ceasefire", "voted against"
        elif any(child.lower_ == "against" and child.dep_ == "prep" for child in token.children) and (
            lemma in _POSITION_TAKING
        ):
            continue  # "vote" is no favor when it is a vote against
        elif _particle(token) and f"{lemma} {_particle(token)}" in PHRASAL_AGAINST:
            candidates.append((token, one, -1.5, "against", True))  # "ruled out talks", "cut off aid"
        elif lemma in FAVOR_ATTITUDES or word in FAVOR_ATTITUDES:
            candidates.append(
                (token, content[token.i - content.start : token.i - content.start + 1], 1.5, "favor", True)
            )
        elif lemma in AGAINST_ATTITUDES or word in AGAINST_ATTITUDES:
            candidates.append(
                (token, content[token.i - content.start : token.i - content.start + 1], -1.5, "against", True)
            )
        elif judges(token) and (word in lexicon or lemma in lexicon):
            valence = lexicon.get(word, lexicon.get(lemma, 0.0))
            weight = max(-1.5, min(1.5, valence * 0.6))
            candidates.append(
                (token, content[token.i - content.start : token.i - content.start + 1], weight, "evaluative", False)
            )
    attitude_heads = {head.i for head, _words, _weight, _label, attitude in candidates if attitude}
    for head, words, weight, label, attitude in candidates:
        text = words.text.lower()
        if attitude and _governing_attitude(head, attitude_heads) is not None:
            continue  # "refuse to support", "no intention of endorsing": the governing attitude counts, with its sign
        is_phrase = label.endswith("phrase")
        # A topic phrase names the topic itself ("build the wall"); any other word must be linked to a mention.
        reach = _MAX_PATH if is_phrase else (_ATTITUDE_PATH if attitude else _EVALUATIVE_PATH)
        target = next((t for t in words if t.i in target_ids), None) or linked(head, targets, max_path=reach)
        if target is None and not is_phrase:
            # A word aimed at a topic phrase takes the phrase's side times its own: "voted against any bill that
            # sends more money" is against, "supports more money" for.
            target = linked(head, phrase_tokens, max_path=reach)
            if target is None or any(head.i in range(span.start, span.end) for span in phrase_spans):
                continue
            weight *= phrase_sign[target.i]
            label = f"{label}, aimed at the {'favor' if phrase_sign[target.i] > 0 else 'against'} phrase"
        ending = _ending_between(head, target) if target is not None else None
        ending = ending or _ending_governor(head)
        if ending is not None:
            # "backs the proposal to halt the talks", "will stop supporting Ukraine": for its end is against it
            weight, label = -weight, f"{label}, of its {ending.lower_}"
        if _is_question(head):
            continue
        condition, condition_negated = _in_condition(head, content)
        if condition and not condition_negated:
            continue
        if condition:  # what the speaker says must not fail to happen, whoever is to do it
            found.append(StanceWord(weight, f"stance: {text} ({label}, wanted: negated condition)"))
            continue
        lemma = head.lemma_.lower()
        if lemma in _NEEDS_COMPLEMENT and not _has_complement(head):
            if lemma not in lexicon:
                continue  # "the border is open" says nothing of anyone's position
            weight, label, attitude = lexicon[lemma] * 0.6, "evaluative", False  # "Romney was prepared"
        # An adjective judges what it is said of, as does a phrase said of it ("the package was a waste of money").
        judged = (head.pos_ == "ADJ" and lemma not in _DISPOSITIONS) or (
            is_phrase and head.dep_ in ("attr", "acomp", "oprd")
        )
        if accusing and head.pos_ == "VERB" and head.dep_ == "pcomp" and head.head.lower_ in ("of", "for"):
            if _subject(head) is None:
                # "accused the allies of blocking (or delaying) the talks": the act is the accused's
                accused = head.head.head
                if accused.pos_ in ("VERB", "AUX"):  # the parse may hang "of …" on the cue verb
                    accused = next((c for c in accused.children if c.dep_ == "dobj"), accused)
                others.append(_OtherHolder(accused, head, weight, text, accused=True))
                continue
        if attitude and not judged:
            owner = next((child for child in head.children if child.dep_ == "poss"), None)
            if head.pos_ == "NOUN" and owner is not None and accusing and owner.lower_ == "their":
                # "criticised EU leaders for their refusal to talk": the refusal of those criticised
                others.append(_OtherHolder(owner, head, weight, text, accused=True))
                continue
            if head.pos_ == "NOUN" and owner is not None:
                if owner.i in target_ids or not _holder_is_speaker(owner, speaker, side):
                    continue  # "her support of the war": the target's or someone else's attitude
            subject = owner if head.pos_ == "NOUN" and owner is not None else _subject(_predicate(head))
            if head.pos_ == "VERB" and _passive(head, subject):
                subject = _agent(head)  # "could not be trusted": the holder is whoever the by-phrase names
            prescribed = _prescribed(_predicate(head), speaker, side)
            if not (
                prescribed
                or _holder_is_speaker(subject, speaker, side)
                or (subject is not None and subject.i in target_ids)
            ):
                if subject is not None:  # someone else's attitude: "critics oppose the deal"
                    others.append(_OtherHolder(subject, head, weight, text))
                continue
            if subject is not None and subject.i in target_ids and not is_phrase:
                continue  # the target's own attitude ("Trump praised Putin") is no stance on the target
        elif (
            head.pos_ == "VERB"
            and not (target is not None and _without(head, target))
            and not _consequence_of_negated_condition(head, content)
            and not _acted_by_speaker_or_target(head, target_ids, speaker, side, about_person)
        ):
            subject = _subject(head)
            if subject is not None and not any(t.i in target_ids for t in subject.subtree):
                others.append(_OtherHolder(subject, head, weight, text))  # "Kyiv banned negotiations"
            continue  # "Kyiv banned negotiations", "the aid bill failed": what someone did, not a judgement
        other = _reported_by_other(head, content, speaker, side) or _quoted_from_other(head, content, speaker, side)
        if other is not None:
            continue
        how = f"linked to '{target.text}'" if target is not None else "names the topic"
        if _rejected_alternative(head, content):
            found.append(StanceWord(-weight, f"stance: {text} ({label}, the alternative rejected, {how})"))
            continue
        if target is not None and _without(head, target):
            found.append(StanceWord(-weight, f"stance: {text} ({label}, warned consequence of going without)"))
            continue
        if _consequence_of_negated_condition(head, content):
            found.append(StanceWord(-weight, f"stance: {text} ({label}, warned consequence)"))
            continue
        negator = _negation(head, content.start)
        if negator is not None and words.start <= negator.i < words.end:
            negator = None  # the phrase's own "no" ("no negotiations")
        if negator is not None:
            # "not support" is against; "never refused to negotiate" is for; "not corrupt" only weakly for.
            flipped = -weight if weight > 0 else (-weight * 2 / 3 if attitude else -weight / 3)
            found.append(StanceWord(flipped, f"stance: {negator.lower_} … {text} (negated {label}, {how})"))
        else:
            found.append(StanceWord(weight, f"stance: {text} ({label}, {how})"))
    found += _opposed_holders(others, content, side)
    found += _refused_actions(content, targets, taken, speaker, side)
    found += _not_allowed(content, targets, speaker, side)
    found += _denied_targets(content, targets, taken, speaker, side)
    found += _only_ways(content, targets, taken, speaker, side)
    return found


def _only_ways(content: Span, targets: list[Token], taken: set[int], speaker: set[int], side: str) -> list[StanceWord]:
    """ "the only way out of the war is a negotiated settlement", "the best way to achieve peace was to keep
    supporting Ukraine", "only negotiations could end it": the target named as the way is favoured."""
    found: list[StanceWord] = []
    for target in targets:
        if target.i in taken or _is_question(target) or _in_condition(target, content)[0]:
            continue
        if _reported_by_other(target, content, speaker, side) or _quoted_from_other(target, content, speaker, side):
            continue
        if any(child.lower_ == "only" for child in target.children) and target.dep_ in ("nsubj", "nsubjpass"):
            verb = target.head
            lexicon = evaluative_lexicon()
            harmful = lexicon.get(verb.lower_, lexicon.get(verb.lemma_.lower(), 0.0)) < 0  # "only prolong the war"
            modal = any(c.dep_ == "aux" and c.lower_ in ("can", "could", "will", "would") for c in verb.children)
            if modal and not harmful and _negation(verb, content.start) is None:
                found.append(StanceWord(1.5, f"stance: only {target.text.lower()} {verb.lower_} (the only way)"))
                continue
        # the target, or the clause it stands in, as what "the only/best way" is
        node = target
        while (
            node.dep_ not in ("attr", "nsubj", "ROOT") and node.head.i != node.i and node.dep_ not in ("ccomp", "advcl")
        ):
            node = node.head
        if node.dep_ not in ("attr", "nsubj"):
            continue
        copula = node.head
        if copula.lemma_.lower() != "be" or _negation(copula, content.start) is not None:
            continue  # ("are not the only way")
        other = next((c for c in copula.children if c.dep_ in ("nsubj", "attr") and c.i != node.i), None)
        if other is None or other.lemma_.lower() not in _WAY_NOUNS:
            continue
        if any(child.lower_ in ("only", "best", "right", "sole") for child in other.children):
            found.append(StanceWord(1.5, f"stance: the {other.text.lower()} … {target.text.lower()} (the way)"))
    return found


@dataclass(frozen=True, slots=True)
class _OtherHolder:
    holder: Token  # the subject that holds the attitude (a relative pronoun stands for its noun)
    word: Token
    weight: float  # signed, as the holder's stance
    text: str
    accused: bool = False  # the object of an accusing cue ("accused the allies of blocking …")


def _opposed_holders(others: list[_OtherHolder], content: Span, side: str) -> list[StanceWord]:
    """Someone else's attitude toward the target says the speaker's when the speaker is against that someone: the
    speaker accuses them ("accused the West of blocking talks"), condemns them in the content ("critics who call
    for a ceasefire are wrong"), or speaks for the other side ("Kyiv walked away from the talks", said in Moscow).
    The speaker then takes the opposite position, and only then: a neutral report of another's view is no stance."""
    found: list[StanceWord] = []
    seen: set[int] = set()
    for other in others:
        noun, relative = other.holder, False
        if noun.lower_ in RELATIVE_PRONOUNS and noun.head.dep_ == "relcl":
            noun, relative = noun.head.head, True  # "critics who call for …"
        elif noun.lower_ in RELATIVE_PRONOUNS and noun.head.dep_ == "ccomp" and noun.head.head.lemma_ == "be":
            named = next((c for c in noun.head.head.children if c.dep_ == "attr"), None)
            if named is not None:
                noun, relative = named, True  # "it was Kyiv that walked away from the talks"
        if noun.i in seen or _is_question(other.word) or _in_condition(other.word, content)[0]:
            continue
        if other.word.lemma_.lower() in _WANTING and any(c.dep_ in ("xcomp", "ccomp") for c in other.word.children):
            continue  # "wanted to block talks": what is wanted carries the stance
        held = -other.weight if _negation(other.word, content.start) is not None else other.weight
        reason = ""
        if other.accused:
            reason = "the speaker accuses them"
        elif relative and _condemned(noun, content):
            reason = "the speaker condemns them"
        elif held < 0 and side and (theirs := side_named(_own_words(noun))) and theirs != side.lower():
            # Another country's refusal, told by this one's spokesman, is told as blame ("Kyiv walked away from
            # the talks", said in Moscow); another country's support tells nothing of the speaker's.
            reason = "they are the other side, refusing"
        if reason:
            seen.add(noun.i)
            said = f"stance: {other.text} held by '{noun.text}' ({reason}: the speaker takes the other position)"
            found.append(StanceWord(-math.copysign(1.2, held), said, accused=other.accused))
    return found


def _rejected_alternative(word: Token, content: Span) -> bool:
    """ "push for a ceasefire instead of prolonging the war", "talks rather than more fighting": what the speaker
    sets aside is the opposite of what they want."""
    doc = word.doc
    before = " ".join(t.lower_ for t in doc[max(content.start, word.left_edge.i - 2) : word.left_edge.i])
    if before in ("rather than", "instead of"):
        return True  # "keep playing there rather than approve the new arena" (the parse makes "than" a cc)
    node = word
    while node.head.i != node.i and content.start <= node.head.i < content.end:
        head = node.head
        if head.lower_ == "of" and "instead" in (head.head.lower_, *(c.lower_ for c in head.children)):
            return True
        if head.lower_ == "than" and any(t.lower_ == "rather" for t in head.doc[max(0, head.i - 1) : head.i]):
            return True
        node = head
    return False


def _own_words(noun: Token) -> str:
    """The noun phrase without its clauses and prepositional phrases: "Republicans", not "Republicans who want to
    cut off aid to Ukraine"."""
    dropped = {t.i for c in noun.children if c.dep_ in ("relcl", "acl", "prep", "appos") for t in c.subtree}
    return " ".join(t.text for t in noun.subtree if t.i not in dropped)


def _condemned(noun: Token, content: Span) -> bool:
    """ "critics who call for a ceasefire are simply wrong", "Western leaders who talk of peace are lying": what the
    holder is said to be judges them badly (and not "are not wrong")."""
    predicate = noun.head
    if noun.dep_ not in ("nsubj", "nsubjpass") or not content.start <= predicate.i < content.end:
        return False
    lexicon = evaluative_lexicon()
    said_of = [c for c in predicate.children if c.dep_ in ("attr", "acomp", "oprd")]
    if predicate.lemma_.lower() != "be":
        said_of.append(predicate)  # "are lying"
    negated = _negation(predicate, content.start) is not None
    bad = any(lexicon.get(t.lower_, lexicon.get(t.lemma_.lower(), 0.0)) <= -_MIN_VALENCE for t in said_of)
    return bad and not negated


def _acted_by_speaker_or_target(
    verb: Token, target_ids: set[int], speaker: set[int], side: str, about_person: bool
) -> bool:
    """An evaluative verb judges a thing the topic is about (talks, a deal, aid) when the speaker does it or the
    thing does it to something ("weapons prolong the war"); another's act on it ("Kyiv banned negotiations") or its
    fate ("the bill failed") is what happened, not the speaker's judgement. Of a person, any such verb counts
    ("Clinton lied", "leaders honored Trump")."""
    subject = _subject(verb)
    if about_person or subject is None:
        return True  # of a person, what others do to them frames them too ("leaders honored Trump")
    if any(t.i in target_ids for t in subject.subtree):
        # What the thing does to something else is the speaker's judgement of it ("weapons only prolong the
        # suffering"); what befalls it is not ("the bill failed").
        return any(child.dep_ == "dobj" for child in verb.children)
    return _holder_is_speaker(subject, speaker, side)


def _denied_targets(
    content: Span, targets: list[Token], taken: set[int], speaker: set[int], side: str
) -> list[StanceWord]:
    """ "there would be no negotiations", "saw no basis for talks", "had no plans to hold talks": the speaker's side
    refusing the target is against it; "there is no alternative to a negotiated settlement" is for it."""
    found: list[StanceWord] = []
    seen: set[int] = set()
    for target in targets:
        if target.i in taken or _is_question(target) or _in_condition(target, content)[0]:
            continue
        if _reported_by_other(target, content, speaker, side) or _quoted_from_other(target, content, speaker, side):
            continue  # "critics claim there will be no negotiations"
        node, steps = target, 0
        while steps < 4 and content.start <= node.i < content.end:
            refused_noun = (
                node.lemma_.lower() in _DENYING_NOUNS
                and (
                    (node.dep_ == "dobj" and node.head.lemma_.lower() in _HOLDING_VERBS)
                    or (node.dep_ == "attr" and node.head.lemma_.lower() == "be" and node.lemma_.lower() in _TIMES)
                )
                and _negation(node.head, content.start) is not None
            )  # "did not see any prospects for talks", "now was not the time for a ceasefire" (not "lost interest")
            if refused_noun or (
                node.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "det" and c.lower_ == "no" for c in node.children)
            ):
                if node.dep_ in ("nsubj", "nsubjpass"):
                    break  # "no negotiations took place": what happened, not a refusal
                if node.i not in seen and (
                    node.i == target.i or node.lemma_.lower() in _DENYING_NOUNS | _ONLY_WAY_NOUNS
                ):
                    seen.add(node.i)
                    holder = _subject(node.head) if node.dep_ == "dobj" else None  # "Moscow saw no basis"
                    if node.dep_ == "attr" and node.i != target.i:
                        holder = None  # "now was not the time for talks": said of the talks by the speaker
                    if node.dep_ != "dobj" or _holder_is_speaker(holder, speaker, side):
                        sign = 1.0 if node.lemma_.lower() in _ONLY_WAY_NOUNS else -1.0
                        found.append(
                            StanceWord(
                                1.5 * sign, f"stance: no {node.text.lower()} (refused, linked to '{target.text}')"
                            )
                        )
                break
            if node.head.i == node.i or node.dep_ in _CLAUSE_EDGES:
                break
            node, steps = node.head, steps + 1
    return found


def _not_allowed(content: Span, targets: list[Token], speaker: set[int], side: str) -> list[StanceWord]:
    """ "cannot allow Clinton to become president": the speaker refusing to let the target do something is a stance
    against it; refusing to let a harm come to it ("must not let Ukraine fall") is a stance for it."""
    found: list[StanceWord] = []
    lexicon = evaluative_lexicon()
    for target in targets:
        permit, action = target.head, None
        if target.dep_ == "nsubj" and permit.dep_ in ("ccomp", "xcomp"):
            permit, action = permit.head, permit
        elif target.dep_ == "dobj":
            action = next((child for child in permit.children if child.dep_ in ("xcomp", "ccomp")), None)
        if action is None or permit.lemma_.lower() not in _PERMITTING or not content.start <= permit.i < content.end:
            continue
        negator = next((c for c in permit.children if c.dep_ == "neg" or c.lower_ == "never"), None)
        if negator is None or _is_question(permit) or _in_condition(permit, content)[0]:
            continue
        if not _holder_is_speaker(_subject(permit), speaker, side):
            continue
        harm = lexicon.get(action.lower_, lexicon.get(action.lemma_.lower(), 0.0)) < 0
        said = f"{negator.lower_} {permit.lower_} … {action.lower_}"
        found.append(StanceWord(1.5 if harm else -1.5, f"stance: {said} (not allowed, linked to '{target.text}')"))
    return found


def _refused_actions(
    content: Span, targets: list[Token], taken: set[int], speaker: set[int], side: str
) -> list[StanceWord]:
    """What the speaker's side will or will not do with the target, or says must be done with it: "we would not
    negotiate", "we will keep funding Ukraine", "Congress should pass the aid" (for), "the House will not pass more
    funding", "we will cut off aid" (against). A past deed ("the US sent aid in 2022") is no stance."""
    found: list[StanceWord] = []
    done: set[int] = set()
    for target in targets:
        action = _action_on(target)
        if action is None or action.i in taken or action.i in done or _is_question(action):
            continue
        lemma = action.lemma_.lower()
        if action.i != target.i and (lemma in FAVOR_ATTITUDES or lemma in AGAINST_ATTITUDES):
            continue  # "approve", "block": the attitude words count these
        if _in_condition(action, content)[0]:
            continue
        if _reported_by_other(action, content, speaker, side) or _quoted_from_other(action, content, speaker, side):
            continue  # "critics claim we must send more weapons"
        prescribed = _prescribed(_predicate(action), speaker, side)
        if not prescribed and not _holder_is_speaker(_subject(action), speaker, side):
            continue
        done.add(action.i)
        sign = -1.0 if lemma in _ENDING_ACTIONS else 1.0
        ended_object = any(
            c.dep_ == "dobj" and c.lemma_.lower() in ENDING_WORDS and c.i != target.i for c in action.children
        )
        if (
            _ending_governor(action) is not None
            or (action.i != target.i and _ending_between(action, target))
            or ended_object
        ):
            sign = -sign  # "will (not) stop sending weapons", "would bring an end to the talks"
        negator = _negation(action, content.start)
        if negator is not None:
            found.append(StanceWord(-sign, f"stance: {negator.lower_} {action.lower_} (negated '{target.text}')"))
        elif prescribed or _committed(action):
            how = "prescribed" if prescribed else "committed"
            found.append(StanceWord(1.5 * sign, f"stance: {action.lower_} ({how}, linked to '{target.text}')"))
    return found


def _ending_between(word: Token, target: Token) -> Token | None:
    """A word of ending on the path between a stance word and the target ("the proposal to halt the talks", "a bill
    that cuts the funding"): the stance is toward the ending."""
    path = _path(word, target) or []
    between = {t.i: t for pair in path for t in pair if t.i not in (word.i, target.i)}
    if any(t.dep_ == "prep" and t.lower_ in _MEANS_PREPOSITIONS for t in between.values()):
        return None  # "wanted to end the war through diplomacy": the means of ending something else
    return next(
        (
            t for t in between.values()
            if t.lemma_.lower() in ENDING_WORDS and not (t.dep_ in ("amod", "compound") and t.head.i == target.i)
        ),
        None,
    )  # (a modifier of the target itself, "a frozen conflict", names it; it ends nothing)  # fmt: skip


def _ending_governor(word: Token) -> Token | None:
    """A verb of ending that the word completes: "stop supporting", "end the funding of" (not the word itself)."""
    node = word
    for _ in range(2):
        if node.dep_ not in ("xcomp", "pcomp", "pobj") or node.head.i == node.i:
            return None
        node = node.head
        if node.lemma_.lower() in ENDING_WORDS:
            return node
    return None


def ending_sign(content: Span, targets: list[Token]) -> float:
    """-1 when the content is about ending the target ("an end to the negotiations", "cutting the funding"): a cue
    of attitude toward it is toward the ending."""
    root = content.root
    for target in targets:
        if root.lemma_.lower() in ENDING_WORDS and root.i != target.i:
            return -1.0
        if _ending_between(root, target) is not None:
            return -1.0
    return 1.0


def _action_on(target: Token) -> Token | None:
    """The verb that carries the target out or ends it: the target itself when it is a verb ("negotiate",
    "funding"), or the verb whose object it is, through a preposition or two ("pass more funding for Ukraine",
    "send a single cent more in aid")."""
    if target.pos_ == "VERB":
        return target
    if target.dep_ == "nsubj" and target.head.lemma_.lower() in _HAPPENING:
        return target.head  # "a ceasefire should come first": wanted only where prescribed (the holder is no one)
    node = target
    for _ in range(4):
        head = node.head
        if head.i == node.i or node.dep_ not in ("dobj", "pobj", "prep", "compound", "amod", "conj"):
            return None
        if node.dep_ == "prep" and node.lower_ in _MEANS_PREPOSITIONS:
            return None  # "end the war through diplomacy": diplomacy is the means, not what is ended
        if head.pos_ in ("VERB", "AUX") and node.dep_ in ("dobj", "prep"):
            lemma = head.lemma_.lower()
            if lemma == "take" and any(c.dep_ == "dobj" and c.lemma_.lower() == "part" for c in head.children):
                return head  # "take part in the talks"
            if any(c.dep_ == "prt" and c.lower_ in ("out", "off", "away") for c in head.children):
                return None  # "sit out the talks", "put off the vote": no carrying out
            return head if lemma in _CARRYING_ACTIONS or lemma in _ENDING_ACTIONS else None
        node = head
    return None


_MEANS_PREPOSITIONS = frozenset("through by via with without despite".split())


def _committed(action: Token) -> bool:
    """A modal or "keep"/"continue" on the action or the verbs it completes: "will keep funding", "would hold
    talks", "is going to send"."""
    node = action
    for _ in range(3):
        if any(child.dep_ == "aux" and child.lower_.replace("’", "'") in _COMMITTING for child in node.children):
            return True
        if node.lemma_.lower() in ("keep", "continue", "go") and node.i != action.i:
            return True
        if node.dep_ not in ("xcomp", "conj") or node.head.i == node.i:
            return False
        node = node.head
    return False


def target_mentions(
    content: Span,
    keyword_tokens: set[int],
    speaker: set[int],
    *,
    names_target: Callable[[Token], bool],
    about_person: bool,
    quoted: Callable[[Token], bool] = lambda token: False,
) -> list[Token]:
    """Mentions of the target in the content: its keyword tokens, and for a person the pronouns that refer to them
    (the person named last before the pronoun is the target) and I/me/my when the speaker is the target.
    `quoted` tells whether a token stands in the speaker's own quoted words."""
    doc = content.doc
    mentions = [doc[i] for i in sorted(keyword_tokens) if content.start <= i < content.end]
    if not about_person:
        return mentions
    speaker_is_target = any(names_target(doc[i]) for i in speaker)
    for token in content:
        word = token.lower_
        if token.i in keyword_tokens:
            continue
        if word in ("i", "me", "my", "myself") and speaker_is_target:
            mentions.append(token)
        elif word in ("he", "him", "his", "himself", "she", "her", "hers", "herself"):
            # "him"/"her" as an object never refers to the speaker of the clause (binding), nor does a he/she in
            # the speaker's own quoted words (they would say "I").
            skip = speaker if token.dep_ in ("dobj", "pobj", "dative") or quoted(token) else set()
            antecedent = nearest_person_before(doc, token.i, skip=skip, known=names_target)
            if antecedent is not None and names_target(antecedent):
                mentions.append(token)
    return sorted(mentions, key=lambda token: token.i)


def nearest_person_before(
    doc: Doc, index: int, *, skip: set[int], window: int = 80, known: Callable[[Token], bool] | None = None
) -> Token | None:
    """The last token of the person named last before `index` (a crude but explainable antecedent). Where the
    named-entity step did not run (it runs only on some sentences), a proper name it left unlabelled counts, and a
    name `known` to be a person's counts whatever its label (the NER often takes "Trump" for an organisation)."""
    for i in range(index - 1, max(-1, index - window), -1):
        token = doc[i]
        if i in skip:
            continue
        ends_name = i + 1 >= len(doc) or doc[i + 1].ent_iob_ != "I"
        if (token.ent_type_ == "PERSON" or (known is not None and known(token))) and ends_name:
            return token
        unlabelled = not token.ent_type_ and token.pos_ == "PROPN" and token.text[:1].isupper()
        if unlabelled and (i + 1 >= len(doc) or doc[i + 1].pos_ != "PROPN") and token.dep_ != "compound":
            return token
    return None


def person_names(doc: Doc) -> list[Token]:
    """The last token of each person's name the text writes: the entities labelled PERSON, and, where the
    named-entity step did not run (it runs only on some sentences), a proper name after a title ("Mrs. Clinton",
    "Secretary Clinton") or owning or qualifying a person's role ("Clinton's campaign manager", "Trump aide")."""
    names = [ent[-1] for ent in doc.ents if ent.label_ == "PERSON"]
    for token in doc:
        if token.pos_ != "PROPN" or (token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN"):
            continue
        before = doc[max(0, token.i - 2) : token.i]  # "Mrs. Clinton", "Mrs. Hillary Clinton"
        titled = any(word.lower_ in TITLES or word.lemma_.lower() in HUMAN_NOUNS for word in before) and (
            len(before) < 2 or before[1].pos_ == "PROPN"
        )  # "Mrs. Clinton", "nominee Donald Trump"
        role = token.dep_ in ("poss", "compound") and token.head.lemma_.lower() in HUMAN_NOUNS
        if titled or role:
            names.append(token)
    return names
