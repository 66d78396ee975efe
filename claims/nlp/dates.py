"""When was it said: date expressions near a cue, resolved against the published date.

Our own resolution rather than dateparser's: news wording is a small closed set, and we need
"on Monday" to mean the Monday on or before publication, never the next one, and a dayless
"on December 5" in a January article to mean last December. Month precision dates are the 1st
of the month, year precision dates January 1st, week precision dates the Monday of the week.

A statement is dated only by a time expression of its reporting clause (`date_of_report`): the cue's head and
its own modifiers, never the content it reports nor another clause of the sentence.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from claims.nlp.lexicon import FRAMING_VERBS
from claims.nlp.types import DatePrecision

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_WEEKDAYS = {calendar.day_name[number].lower(): number for number in range(7)}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": 3, "a few": 3, "few": 3,
}  # fmt: skip

# Month and weekday names must be capitalised: "may" and "march" are also common words.
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)(?!\w)"
)
_DAY = r"(?P<day>[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)[0-9]{2})"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_COUNT = r"(?P<count>[0-9]{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|several|(?:a )?few)"

# Nouns naming the occasion of a statement: "in an interview on Tuesday", "at Monday's briefing".
EVENT_NOUNS = frozenset(
    """
    interview speech debate briefing rally conference address hearing statement remarks remark appearance
    meeting session summit broadcast podcast show program programme event testimony forum call
    letter ruling decision memo column editorial op-ed
    """.split()
)


_SOURCE_NOUNS = "study|report|survey|poll|analysis|ad|advertisement|memo|letter|book|article|interview|speech|paper"
_OCCASIONS = "|".join(sorted({*_SOURCE_NOUNS.split("|"), *EVENT_NOUNS}))

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)[0-9]{2})-(?P<mm>[01][0-9])-(?P<dd>[0-3][0-9])\b")),
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?")),
    ("day_month", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR}\b)?")),
    ("the_nth", re.compile(rf"(?i:\bon\s+the\s+){_DAY}\b")),
    ("weekday", re.compile(rf"(?P<last>(?i:\blast\s+|\bthis\s+past\s+))?\b{_WEEKDAY}\b")),
    ("yesterday", re.compile(r"(?i)\b(?:the\s+day\s+before\s+)?yesterday\b|\blast\s+night\b")),
    # "This Morning" capitalised mid-sentence is a programme ("told CBS This Morning on Monday").
    ("today", re.compile(r"\b(?:[Tt]oday|[Tt]onight|[Tt]his\s+(?:morning|afternoon|evening))\b")),
    ("ago", re.compile(rf"(?i)\b{_COUNT}\s+(?P<unit>day|week|month|year)s?\s+ago\b")),
    # "the weekend before the election" is another weekend
    ("weekend", re.compile(
        r"(?i)(?:\b(?:over|at|during)\s+the\s+weekend|\b(?:this|last|past)\s+weekend)\b"
        r"(?!\s+(?:before|after|of)\b)"
    )),
    ("last_unit", re.compile(r"(?i)\b(?:last|past|previous)\s+(?P<unit>week|month|year)\b")),
    ("this_unit", re.compile(r"(?i)\b(?:earlier\s+)?this\s+(?P<unit>week|month|year)\b")),
    ("month", re.compile(rf"(?i:\b(?P<rel>in|last|this|early|late|mid-?|since)\s+){_MONTH}(?:,?\s+{_YEAR}\b)?")),
    ("month_year", re.compile(rf"\b{_MONTH}\s+{_YEAR}\b")),
    ("year", re.compile(rf"(?i:\b(?:in|since|during)\s+(?:(?:early|late|mid-?)\s*)?){_YEAR}\b")),
    # "A 2014 study found", "a 2008 ad questioned": the year of the source that speaks.
    ("year", re.compile(rf"(?i:\b(?:an?|the)\s+){_YEAR}(?=\s+(?:{_SOURCE_NOUNS})\b)")),
    # "In an August speech", "during a May interview": the month of the occasion.
    ("month", re.compile(rf"(?i:\b(?:an?|the|his|her|their|its)\s+){_MONTH}(?:\s+{_YEAR})?(?=\s+(?:{_OCCASIONS})\b)")),
]  # fmt: skip


_APPROXIMATE = re.compile(r"(?i)\b(?:more|less|fewer)\s+than\s+$|\b(?:over|nearly|almost|about|roughly|some)\s+$")


@dataclass(frozen=True, slots=True)
class DateMention:
    said_on: dt.date
    precision: DatePrecision
    start: int  # offsets into the text that was searched
    end: int
    text: str


def week_start(day: dt.date) -> dt.date:
    """The Monday of the day's week: how a week-precision date is stored."""
    return day - dt.timedelta(days=day.weekday())


def _month_back(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + (day.month - 1) - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _dayless(published: dt.date, month: int, day: int, year: str | None) -> dt.date | None:
    """A month-day with or without a year; a yearless one lies on or before publication."""
    if year:
        return _safe_date(int(year), month, day)
    found = _safe_date(published.year, month, day)
    if found is not None and found > published:
        found = _safe_date(published.year - 1, month, day)
    return found


def _resolve(kind: str, match: re.Match[str], published: dt.date) -> tuple[dt.date, DatePrecision] | None:
    groups = match.groupdict()
    if kind == "iso":
        found = _safe_date(int(groups["year"]), int(groups["mm"]), int(groups["dd"]))
        return None if found is None else (found, "day")
    if kind in ("month_day", "day_month"):
        month = _MONTHS[groups["month"].rstrip(".").lower()]
        found = _dayless(published, month, int(groups["day"]), groups["year"])
        return None if found is None else (found, "day")
    if kind == "the_nth":
        day = int(groups["day"])
        found = _safe_date(published.year, published.month, day)
        if found is None or found > published:
            previous = _month_back(published, 1)
            found = _safe_date(previous.year, previous.month, day)
        return None if found is None else (found, "day")
    if kind == "weekday":
        back = (published.weekday() - _WEEKDAYS[groups["weekday"].lower()]) % 7
        if back == 0 and groups["last"]:
            back = 7  # "last Monday" said on a Monday means a week ago
        return published - dt.timedelta(days=back), "day"
    if kind == "yesterday":
        days = 2 if match.group(0).lower().startswith("the day before") else 1
        return published - dt.timedelta(days=days), "day"
    if kind == "today":
        return published, "day"
    if kind == "weekend":
        # The weekend just past: its Saturday's week (a weekend is no one day).
        saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)  # published on a Saturday: that one
        return week_start(saturday), "week"
    if kind == "ago":
        count = groups["count"].lower()
        number = int(count) if count.isdigit() else _NUMBERS[count]
        unit = groups["unit"].lower()
        if unit == "day":
            return published - dt.timedelta(days=number), "day"
        if unit == "week":
            return week_start(published - dt.timedelta(weeks=number)), "week"
        if unit == "month":
            return _month_back(published, number), "month"
        return dt.date(published.year - number, 1, 1), "year"
    if kind in ("last_unit", "this_unit"):
        unit = groups["unit"].lower()
        back = 1 if kind == "last_unit" else 0
        if unit == "week":
            return week_start(published - dt.timedelta(weeks=back)), "week"
        if unit == "month":
            return _month_back(published, back), "month"
        return dt.date(published.year - back, 1, 1), "year"
    if kind in ("month", "month_year"):
        month = _MONTHS[groups["month"].rstrip(".").lower()]
        if groups.get("year"):
            found = dt.date(int(groups["year"]), month, 1)
        else:
            found = dt.date(published.year, month, 1)
            said_last = (groups.get("rel") or "").lower() == "last"
            if found > published or (said_last and month >= published.month):
                found = dt.date(published.year - 1, month, 1)
        return found, "month"
    if kind == "year":
        return dt.date(int(groups["year"]), 1, 1), "year"
    raise ValueError(kind)


def date_mentions(text: str, *, published: dt.date) -> list[DateMention]:
    """Every date expression in `text` that can be a time of saying (on or before publication)."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:  # ordered most specific first; overlaps keep the first
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            if kind == "ago" and _APPROXIMATE.search(text, max(0, start - 20), start):
                continue  # "more than 20 years ago" has no honest precision
            resolved = _resolve(kind, match, published)
            if resolved is None or resolved[0] > published:
                continue  # a future date is an event talked about, not when it was said
            taken.append((start, end))
            found.append(DateMention(resolved[0], resolved[1], start, end, match.group(0)))
    return sorted(found, key=lambda mention: mention.start)


def date_nearest(
    text: str, *, published: dt.date, anchor: int, exclude: Sequence[tuple[int, int]] = ()
) -> DateMention | None:
    """The date expression closest to `anchor` (the cue), outside the `exclude` spans (contents:
    a date inside what was said is about the event, not about when it was said)."""
    best: DateMention | None = None
    best_distance = 0
    for mention in date_mentions(text, published=published):
        if any(mention.start < end and start < mention.end for start, end in exclude):
            continue
        distance = max(mention.start - anchor, anchor - mention.end, 0)
        if best is None or distance < best_distance:
            best, best_distance = mention, distance
    return best


# Dependents of a verb that open a clause of their own: a time expression inside one dates that clause's event.
_OWN_CLAUSE_DEPS = frozenset("ccomp xcomp advcl conj parataxis relcl csubj csubjpass acl:relcl dep appos list".split())


@dataclass(frozen=True, slots=True)
class ReportDate:
    mention: DateMention
    event: str | None  # the occasion the date came with ("interview"), when the clause names one


def cue_head(cue: Span) -> Token:
    """The cue's syntactic head: its token whose head lies outside the cue ("said" of "also said")."""
    for token in cue:
        if token.head.i == token.i or not cue.start <= token.head.i < cue.end:
            return token
    return cue.root


def _is_subjectless_participle(token: Token) -> bool:
    """ "Speaking at a briefing on Tuesday, he said …" sets the scene of the report itself."""
    return token.tag_ in ("VBG", "VBN") and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children)


# A participle after these tells how the verb it hangs on was done ("responded by saying"), so at the same time;
# after "after" or "before" it tells of another time.
_MANNER_PREPS = frozenset(("by", "in"))


def _is_when_clause(verb: Token) -> bool:
    return any(child.dep_ == "advmod" and child.lower_ == "when" for child in verb.children)


def participle_governors(head: Token) -> list[Token]:
    """The verbs a cue completes or hangs on as a participle, nearest first: "took to Twitter on Monday to say",
    "attacked her on Monday, saying …", "vied Wednesday, each touting … and saying …". Their time expressions
    are the participle's own: it has no tense of its own to be dated by."""
    governors: list[Token] = []
    token = head
    while token.head.i != token.i and not any(child.dep_ == "aux" and child.tag_ != "TO" for child in token.children):
        if (token.dep_ in ("xcomp", "advcl") and token.tag_ in ("VB", "VBG")) or (
            token.dep_ == "conj" and token.tag_ == "VBG" and governors == [] and token.head.tag_ == "VBG"
        ):
            token = token.head
        elif token.dep_ == "pcomp" and token.tag_ == "VBG" and token.head.lower_ in _MANNER_PREPS:
            token = token.head.head  # "responded … Wednesday night by saying …"
        else:
            break
        governors.append(token)
    return governors


def reporting_clause(cue: Span, content: set[int]) -> set[int]:
    """Token indexes of the cue's own clause: the cue's head with its modifiers (subject, objects, prepositional
    and temporal phrases), without the content it reports and without dependents that are clauses of their own.
    A cue under a verb it completes ("took to Twitter on Monday to say") brings that verb's modifiers too."""
    head = cue_head(cue)
    roots = [head, *participle_governors(head)]
    if head.dep_ in ("relcl", "advcl") and _is_when_clause(head):
        # "since Monday night's debate, when Clinton cited …": a when-clause is at the time of what it hangs on.
        roots.append(head.head)
    clause: set[int] = set()
    stack = list(roots)
    while stack:
        token = stack.pop()
        if token.i in clause or token.i in content:
            continue
        clause.add(token.i)
        for child in token.children:
            if child.i in content or child.i in clause:
                continue
            # "Speaking on Monday, X said": a participle before the cue sets its scene, as does a verb of speaking
            # after it (", speaking to reporters on Tuesday"); another one after it (", citing her work after
            # Sept. 11") tells of something else. "… when he ran in 2008" gives the time too.
            opens = child.dep_ == "advcl" and (
                (child.i < token.i and _is_subjectless_participle(child))
                or _is_scene_after(child)
                or _is_when_clause(child)
            )
            if child.dep_ in _OWN_CLAUSE_DEPS and not opens:
                continue
            stack.append(child)
    # The parse often hangs a closing ", speaking to reporters on Tuesday" on the reported clause.
    scenes = [c for i in content for c in cue.doc[i].children if c.i not in content and _is_scene_after(c)]
    for scene in scenes:
        clause.update(t.i for t in scene.subtree if t.i not in content)
    clause.update(token.i for token in cue)
    return clause


def _is_scene_after(token: Token) -> bool:
    """ ", speaking to reporters on Tuesday", ", speaking at a briefing in Doha": the scene of the report."""
    return token.dep_ == "advcl" and _is_subjectless_participle(token) and token.lemma_.lower() in FRAMING_VERBS


def _mention_root(doc: Doc, mention: DateMention, offset: int) -> Token | None:
    span = doc.char_span(offset + mention.start, offset + mention.end, alignment_mode="expand")
    return None if span is None else span.root


def clause_event(doc: Doc, clause: set[int], *, definite: bool) -> str | None:
    """The occasion named in a clause ("in an interview", "at Monday's briefing"); with `definite`, only one
    referred to as known ("in the interview", "at his briefing", "during that debate"): a later quote from an
    occasion already dated."""
    for i in sorted(clause):
        token = doc[i]
        if token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in EVENT_NOUNS:
            markers = [c for c in token.children if c.dep_ in ("det", "poss")]
            if not definite or any(c.lower_ not in ("a", "an", "another") for c in markers):
                return token.lemma_.lower()
    return None


def mention_clause_heads(
    doc: Doc, mentions: Sequence[DateMention], excluded: Sequence[tuple[int, int]]
) -> Iterator[tuple[DateMention, Token]]:
    """Each mention outside the `excluded` spans with the head of the clause it dates (its verb when it has one).
    A clause in the future ("Monday's debate will be …") tells of what is to come: its weekday is no past day."""
    for mention in mentions:
        if any(mention.start < end and start < mention.end for start, end in excluded):
            continue
        head = _mention_root(doc, mention, 0)
        if head is None:
            continue
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i and head.dep_ not in _OWN_CLAUSE_DEPS:
            head = head.head
        verb = head.head if head.dep_ in ("aux", "auxpass") else head
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("will", "shall", "'ll") for c in (verb, *verb.children)):
            continue
        yield mention, head


def _main_clause(root: Token) -> set[int]:
    """Token indexes of the clause `root` heads: it with every dependent that is no clause of its own."""
    clause: set[int] = set()
    stack = [root]
    while stack:
        token = stack.pop()
        if token.i in clause:
            continue
        clause.add(token.i)
        stack += [child for child in token.children if child.dep_ not in _OWN_CLAUSE_DEPS]
    return clause


def _subject_names(verb: Token) -> set[str]:
    """Who took part in what the verb tells: its subject, and for a meeting or a call the one met or called ("Blinken
    spoke with Wang Yi by phone on Monday", "Xi met Biden", "held talks with Scholz")."""
    parties = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if verb.lemma_.lower() in _MEETING_VERBS:
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        parties += [o for o in objects if o.pos_ == "PROPN" and verb.lemma_.lower() != "hold"]  # "met Biden"
        partners = ("with", "to") if verb.lemma_.lower() in ("speak", "talk") else ("with",)  # "spoke to Kuleba"
        for holder in (verb, *objects):  # "spoke with", "held talks with"
            parties += [g for c in holder.children if c.dep_ == "prep" and c.lower_ in partners for g in c.children]
    return {t.lower_ for c in parties for t in c.subtree if t.pos_ in ("PROPN", "NOUN")}


_MEETING_VERBS = frozenset("meet speak talk call phone host receive visit hold".split())


def dated_events(
    doc: Doc, *, mentions: Sequence[DateMention], excluded: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, str, DateMention]]:
    """(character offset, occasion, date) of every occasion dated in its own clause, outside the `excluded`
    spans (what people said): "Trump held a rally in Ohio on Monday" dates the rally. `mentions`: the
    document's date mentions."""
    found: list[tuple[int, str, DateMention]] = []
    for mention, head in mention_clause_heads(doc, mentions, excluded):
        event = clause_event(doc, _main_clause(head), definite=False)
        if event is not None:
            found.append((mention.start, event, mention))
    return found


def report_clause_of(doc: Doc, *, cue: tuple[int, int], content: Sequence[tuple[int, int]]) -> set[int]:
    """`reporting_clause` from character spans; empty when the cue does not align with the tokens."""
    cue_span = doc.char_span(*cue, alignment_mode="expand")
    if cue_span is None:
        return set()
    excluded: set[int] = set()
    for start, end in content:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            excluded.update(range(span.start, span.end))
    excluded.difference_update(range(cue_span.start, cue_span.end))
    return reporting_clause(cue_span, excluded)


def date_of_report(
    doc: Doc,
    *,
    cue: tuple[int, int],
    clause: set[int],
    content: Sequence[tuple[int, int]],
    sentence: tuple[int, int],
    mentions: Sequence[DateMention],
) -> ReportDate | None:
    """The time expression of the cue's reporting clause (`report_clause_of`) nearest the cue, or None.

    `mentions` are the document's (`date_mentions(doc.text, …)`, found once per document); `content` are character
    spans never to date from (the claim's content and other claims' contents)."""
    best: ReportDate | None = None
    best_distance = 0
    cue_span = doc.char_span(*cue, alignment_mode="expand")
    head = None if cue_span is None else cue_head(cue_span)
    for mention in mentions:
        if mention.start < sentence[0] or mention.end > sentence[1]:
            continue
        root = _mention_root(doc, mention, 0)
        if root is None or _names_a_thing(root):
            continue
        if any(mention.start < end and begin < mention.end for begin, end in content):
            # A content span that took in an adverbial of the reporting verb ("cited his endorsements Tuesday"),
            # or closes with one ("called for a ceasefire on Tuesday": a thing asked for has no time of its own):
            # the time expression still dates the report.
            if head is None or not (_modifies_directly(root, head) or _closes_a_thing(doc, mention, content)):
                continue
        elif root.i not in clause and (head is None or not _modifies_directly(root, head)):
            continue  # (a time the parser hung on the reported clause may still be the report's)
        distance = max(mention.start - cue[0], cue[0] - mention.end, 0)
        if best is None or distance < best_distance:
            best, best_distance = ReportDate(mention, clause_event(doc, clause, definite=False)), distance
    return best


def _names_a_thing(root: Token) -> bool:
    """A date inside the name of a thing ("the Sept. 11 attacks", "the 2008 housing collapse") says when that
    happened, not when anyone spoke; an occasion's or a source's date ("a May interview", "a 2014 study") still
    counts."""
    head = root.head
    return (
        root.dep_ in ("compound", "nmod", "amod", "nummod")
        and head.pos_ in ("NOUN", "PROPN")
        and head.lemma_.lower() not in EVENT_NOUNS | _DAY_PARTS  # "Thursday morning", "a Friday rally"
        and head.lemma_.lower() not in _SOURCE_NOUNS.split("|")
    )


def _modifies_directly(root: Token, verb: Token) -> bool:
    """A time expression attached to the verb itself: "cited … Tuesday", "grilled Stumpf on Tuesday"; or one the
    parser hung on the reported clause though it stands before that clause's subject: "said on Tuesday Russia was
    ready", "said last week Ukraine needed shells" (written without "that", the time is the saying's)."""
    if root.head.i == verb.i:
        return root.dep_ in ("npadvmod", "tmod", "obl:tmod")
    if root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.head.i == verb.i:
        return True
    return _leads_reported_clause(root, verb)


def _closes_a_thing(doc: Doc, mention: DateMention, content: Sequence[tuple[int, int]]) -> bool:
    """Whether the time expression ends a content that is a noun phrase, with no verb of its own ("a ceasefire on
    Tuesday"): the parser hangs the time on the noun, the reader on the verb of reporting."""
    for begin, end in content:
        if begin <= mention.start and end - 2 <= mention.end <= end:
            span = doc.char_span(begin, end, alignment_mode="expand")
            return span is not None and not any(t.pos_ in ("VERB", "AUX") for t in span)
    return False


def _leads_reported_clause(root: Token, verb: Token) -> bool:
    """A time phrase right after the reporting verb that the parser attached to the clause reported, before that
    clause's subject and with no "that" before it: "said on Tuesday Russia was ready"."""
    phrase = root.head if root.dep_ == "pobj" and root.head.dep_ == "prep" else root
    if phrase.dep_ not in ("prep", "npadvmod", "tmod"):
        return False
    clause = phrase.head
    if clause.head.i != verb.i or clause.dep_ not in ("ccomp", "parataxis") or not verb.i < phrase.i < clause.i:
        return False
    doc = verb.doc
    if any(t.lower_ == "that" for t in doc[verb.i + 1 : phrase.left_edge.i]):
        return False
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    return bool(subjects) and all(phrase.right_edge.i < c.left_edge.i for c in subjects)


# "the morning after the debate", "the day before the vote", "the following morning", "the next day".
_DAY_PARTS = frozenset(("day", "morning", "afternoon", "evening", "night"))
_NEXT = frozenset(("following", "next"))
_PREVIOUS = frozenset(("previous", "preceding"))
_BEFORE_AFTER = {"earlier": -1, "before": -1, "later": 1, "after": 1}
_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def _day_count(day: Token) -> int | None:
    """How many days "a day", "two days", "3 days" is; None when it does not say."""
    if day.lemma_.lower() != "day" or any(c.dep_ == "amod" for c in day.children):
        return None  # "a few days", "several days": no count
    for child in day.children:
        if child.dep_ in ("det", "nummod") and child.lower_ in _COUNT_WORDS:
            if child.dep_ == "det" and day.lower_ != "day":
                return None  # "a couple of days"
            return _COUNT_WORDS[child.lower_]
        if child.dep_ == "nummod" and child.text.isdigit() and 0 < int(child.text) < 15:
            return int(child.text)
    return None


@dataclass(frozen=True, slots=True)
class RelativeDay:
    """A day named by its distance from another: an occasion ("the morning after the debate": `event` "debate")
    or, with no `event`, the time the text has just given ("the following morning")."""

    event: str | None
    days: int  # +1 after, -1 before
    start: int  # character offsets of the expression
    end: int
    text: str


def relative_day(doc: Doc, *, clause: set[int], cue: tuple[int, int]) -> RelativeDay | None:
    """The day-relative time expression of the reporting clause, or one the content took in that modifies the
    reporting verb itself ("complained about his mic the morning after the debate")."""
    cue_span = doc.char_span(*cue, alignment_mode="expand")
    near = set(clause)
    if cue_span is not None:
        head = cue_head(cue_span)
        near.update(t.i for child in head.children for t in (child, *child.children) if _modifies_directly(t, head))
    for token in (doc[i] for i in sorted(near)):
        if token.lemma_.lower() not in _DAY_PARTS or token.pos_ != "NOUN":
            continue
        found: tuple[str | None, int] | None = None
        end = token.right_edge.i
        # "after the debate" hangs on the day part or, as the parser often has it, on the verb right after it.
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        preps = [c for c in token.children if c.dep_ == "prep"]
        if following is not None and following.dep_ == "prep" and following.head.i == token.head.i:
            preps.append(following)
        for child in token.children:
            if child.dep_ == "amod" and child.lower_ in _NEXT | _PREVIOUS:
                found = (None, 1 if child.lower_ in _NEXT else -1)
            elif child.dep_ == "advmod" and child.lower_ in _BEFORE_AFTER and not list(child.children):
                found = (None, _BEFORE_AFTER[child.lower_])  # "The day before, …"
                end = max(end, child.i)
        counted = token.dep_ == "npadvmod" and token.head.lower_ in _BEFORE_AFTER
        counted = counted and not any(c.dep_ == "pobj" for c in token.head.children)  # not "two days after the vote"
        if counted and (count := _day_count(token)):
            found = (None, count * _BEFORE_AFTER[token.head.lower_])  # "a day earlier", "two days later"
            end = max(end, token.head.i)
        for prep in preps:
            events = [g for g in prep.children if g.dep_ == "pobj" and g.lemma_.lower() in EVENT_NOUNS]
            if prep.lower_ in ("after", "before") and events:
                found = (events[0].lemma_.lower(), 1 if prep.lower_ == "after" else -1)
                end = max(end, prep.right_edge.i)
        if found is not None:
            words = doc[token.left_edge.i : end + 1]
            return RelativeDay(found[0], found[1], words.start_char, words.end_char, words.text)
    return None


def relative_resolve(relative: RelativeDay, anchor: DateMention, published: dt.date) -> DateMention | None:
    """The day `relative` names from the date of its anchor; a month or year anchor keeps its own precision (the
    morning after a July speech is still July)."""
    if anchor.precision != "day":
        said_on, precision = anchor.said_on, anchor.precision
    else:
        said_on, precision = anchor.said_on + dt.timedelta(days=relative.days), "day"
    if said_on > published:
        return None
    return DateMention(said_on, precision, relative.start, relative.end, relative.text)


@dataclass(frozen=True, slots=True)
class LedeDate:
    mention: DateMention
    # Lowercased nouns of the dated clause's subject ("trump", "clinton", "union"), and of the headline's when it
    # puts its subject at the occasion dated.
    participants: frozenset[str]


def _headline_participants(doc: Doc, event: str | None, lede_start: int) -> set[str]:
    """Who the headline puts at the occasion the lede dates ("The real Trump showed up at debate" over "Monday's
    debate …"): the subject of a headline whose main clause names that occasion."""
    headline = next(iter(doc.sents))
    if event is None or headline.start >= lede_start:
        return set()
    clause = _main_clause(headline.root)
    if not any(doc[i].lemma_.lower() == event and doc[i].pos_ in ("NOUN", "PROPN") for i in clause):
        return set()
    return _subject_names(headline.root)


def lede_date(
    doc: Doc, *, published: dt.date, excluded: Sequence[tuple[int, int]] = (), sentences: int = 5
) -> LedeDate | None:
    """The day of the event an article reports, when its opening sentences date their main clause ("Trump and
    Clinton vied for the title of commander in chief Wednesday"): statements the article reports in the past
    tense without a date of their own were made there. Only a named day counts, never the published day itself."""
    if not doc.has_annotation("SENT_START"):
        return None
    for number, sentence in enumerate(doc.sents):
        if number >= sentences:
            break
        root = sentence.root
        clause = _main_clause(root)
        offset = sentence.start_char
        for mention in date_mentions(sentence.text, published=published):
            start, end = offset + mention.start, offset + mention.end
            if any(start < e and s < end for s, e in excluded):
                continue
            found = _mention_root(doc, mention, offset)
            if found is None or found.i not in clause:
                continue
            if mention.precision == "day" and mention.said_on != published:
                names = _subject_names(root)
                names |= _headline_participants(doc, clause_event(doc, clause, definite=False), sentence.start)
                at = dataclasses.replace(mention, start=start, end=end)  # offsets into the document
                return LedeDate(at, frozenset(names))
    return None


RECENT_DAYS = 7


@dataclass(frozen=True, slots=True)
class DatedAction:
    offset: int  # character offset of the time expression
    mention: DateMention
    participants: frozenset[str]  # lowercased nouns of the dated clause's subject ("trump", "clinton", "union")


def dated_actions(
    doc: Doc, *, mentions: Sequence[DateMention], published: dt.date, excluded: Sequence[tuple[int, int]] = ()
) -> list[DatedAction]:
    """Clauses the article dates to a day of its week, with who did it: "Trump and Clinton
    vied … Wednesday", "On Monday night, Clinton leaned in". What those people are reported to have said in the
    simple past, with no date of its own, was said there (`mentions`: the document's; `excluded`: contents)."""
    found: list[DatedAction] = []
    # The occasions of a news report are of its week: a speaker's doings dated years back ("Nov. 11, 2014") tell
    # background, and a doing dated on the publication day stops an older one from dating what follows.
    recent = [m for m in mentions if m.precision == "day" and (published - m.said_on).days <= RECENT_DAYS]
    for mention, head in mention_clause_heads(doc, recent, excluded):
        if head.pos_ not in ("VERB", "AUX"):
            continue
        names = _subject_names(head)
        if names:
            found.append(DatedAction(mention.start, mention, frozenset(names)))
    return found
