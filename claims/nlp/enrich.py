"""Fills in who (actor link), when (said_on), and what about (topic, stance) for found claims."""

from __future__ import annotations

import bisect
import datetime as dt
import re

from spacy.tokens import Doc

from claims.nlp.dates import (
    RECENT_DAYS,
    DatedAction,
    DateMention,
    LedeDate,
    clause_event,
    cue_head,
    date_mentions,
    date_nearest,
    date_of_report,
    dated_actions,
    dated_events,
    lede_date,
    mention_clause_heads,
    participle_governors,
    relative_day,
    relative_resolve,
    report_clause_of,
)
from claims.nlp.learned.stance import StanceClassifier, stance_learned
from claims.nlp.lexicon import ANSWER_LABELS, GROUP_NOUNS, HUMAN_NOUNS, QUESTION_VERBS, TITLES
from claims.nlp.linking import (
    PERSON_PRONOUNS,
    PRONOUNS,
    ActorLink,
    ActorLinker,
    name_normalize,
    seat_country,
    side_named,
)
from claims.nlp.topics import topic_stance
from claims.nlp.types import ExtractedClaim, Gazetteer, TextSpan

# Confidence moves: the review queue should show linked, on-topic claims first.
_LINKED_BONUS = 0.05
_UNLINKED_PENALTY = 0.1
_NO_SPEAKER_PENALTY = 0.15
_TOPIC_BONUS = 0.05
_RECENT_ACTORS = 3
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+|\n")
_CONTINUATION = re.compile(r"(?i)\b(?:also|again|further|added|adds|adding|continued|went on)\b")
_ACTION_PARAGRAPHS = 1  # how many paragraphs back a speaker's dated doings still date what they said
_PARAGRAPH_BREAK = re.compile(r"\n+")  # a blank line between paragraphs is one break
_SENTENCE_STOP = re.compile(r"[.!?][\"'\u201d\u2019)]*$")


def enrich_claims(
    doc: Doc,
    claims: list[ExtractedClaim],
    *,
    gazetteer: Gazetteer,
    published: dt.date | None,
    stance_classifier: StanceClassifier | None = None,
) -> None:
    """Set actor, actor_candidates, said_on, date_precision, topic, stance, confidences in place.

    Expects the claims as the finder made them (run it once per extraction): it appends to
    ``rationale`` and moves ``confidence`` relative to the finder's base value. With a learned stance classifier,
    its verdict replaces a neutral lexicon verdict wherever it is confident enough (see `stance_learned`).
    """
    in_order = sorted(claims, key=lambda claim: (claim.cue.start, claim.content.start))
    context = _DocContext(doc)
    linker = ActorLinker(gazetteer, doc)
    recent: list[str] = []  # linked actors in reading order, for pronouns nobody resolved
    for claim in in_order:
        _claim_link(claim, linker, recent, gazetteer)
    _claims_date(claims, in_order, context, published)
    countries = {actor.slug: actor.country for actor in gazetteer.actors}
    sides = _sides_described(claims)
    for claim in claims:
        sentence = _sentence_of(claim, context)
        found = topic_stance(
            doc=doc,
            content=(claim.content.start, claim.content.end),
            context=sentence,
            cue=(claim.cue.start, claim.cue.end),
            topics=gazetteer.topics,
            speaker=None if claim.speaker is None else (claim.speaker.start, claim.speaker.end),
            antecedent=None
            if claim.speaker_antecedent is None
            else (claim.speaker_antecedent.start, claim.speaker_antecedent.end),
            speaker_side=countries.get(claim.actor or "", "") or _side_in_words(claim, sides),
        )
        claim.topic, claim.stance, claim.stance_confidence = found.topic, found.stance, found.stance_confidence
        claim.rationale += found.rationale
        _confidence_adjust(claim)
    if stance_classifier is not None:
        stance_learned([(claim, statement_words(claim)) for claim in claims], stance_classifier)


def _speaker_phrases(claim: ExtractedClaim) -> list[str]:
    return [span.text for span in (claim.speaker, claim.speaker_antecedent) if span is not None]


def _sides_described(claims: list[ExtractedClaim]) -> dict[str, str]:
    """Surname -> the country a speaker's fuller description names anywhere in the article ("Russian Foreign
    Minister Sergei Lavrov"), for the later "Lavrov said"."""
    sides: dict[str, str] = {}
    for claim in claims:
        for phrase in _speaker_phrases(claim):
            name = _surname(phrase)
            side = side_named(phrase)
            if name and side:
                sides.setdefault(name, side)
    return sides


def _surname(phrase: str) -> str:
    """The last word of a speaker phrase when it is a name ("Lavrov"), not a title or a common noun ("officials",
    "spokesman")."""
    words = phrase.split()
    if not words or not words[-1][:1].isupper():
        return ""
    last = name_normalize(words[-1])
    return "" if last in HUMAN_NOUNS or last in TITLES or last in GROUP_NOUNS else last


def _side_in_words(claim: ExtractedClaim, sides: dict[str, str]) -> str:
    """The country the speaker's description names, here or in a fuller mention of the same name, for a speaker
    no actor record gives a country."""
    phrases = _speaker_phrases(claim)
    side = side_named(*phrases)
    for phrase in phrases:
        name = _surname(phrase)
        side = side or (sides.get(name, "") if name else "")
    return side


def statement_words(claim: ExtractedClaim) -> str:
    """The words a statement of this claim would hold: its fragments joined with " … ", as Statement.text."""
    if len(claim.content_fragments) > 1:
        return " … ".join(fragment.text for fragment in claim.content_fragments)
    return claim.content.text


def _is_pronoun(span: TextSpan | None) -> bool:
    return span is not None and name_normalize(span.text) in PRONOUNS


def _claim_link(claim: ExtractedClaim, linker: ActorLinker, recent: list[str], gazetteer: Gazetteer) -> None:
    if claim.speaker is None:
        claim.actor, claim.actor_candidates = None, []
        claim.rationale.append("speaker: none written")
        return
    link: ActorLink | None = None
    if claim.speaker_antecedent is not None:
        link = linker.link(claim.speaker_antecedent.text, start=claim.speaker_antecedent.start)
    if link is None or (link.actor is None and not _is_pronoun(claim.speaker)):
        own = linker.link(claim.speaker.text, start=claim.speaker.start)
        if link is not None and own.actor is None:
            own.candidates = list(dict.fromkeys(link.candidates + own.candidates))
        link = own if link is None or own.actor is not None or own.candidates else link
    if link.actor is None and _is_pronoun(claim.speaker) and claim.speaker_antecedent is None:
        # Nobody resolved the pronoun: offer the people last linked, most recent first.
        person_only = name_normalize(claim.speaker.text) in PERSON_PRONOUNS
        kinds = {actor.slug: actor.kind for actor in gazetteer.actors}
        link.candidates = [
            slug for slug in dict.fromkeys(reversed(recent)) if not person_only or kinds.get(slug) == "person"
        ][:_RECENT_ACTORS]
    claim.actor, claim.actor_candidates = link.actor, link.candidates
    claim.rationale.append(link.reason)
    if link.actor is not None:
        recent.append(link.actor)


class _DocContext:
    """Paragraph and sentence positions of the document text."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(self.text)]

    def paragraph(self, offset: int) -> int:
        return bisect.bisect_right(self.breaks, offset)

    def ends_without_stop(self, offset: int) -> bool:
        """Whether the paragraph at `offset` has no stop at its end, as headlines do ("Cruz endorses Trump; Trump
        says he is honored"), unlike an opening sentence ("Peskov said the talks were not possible.")."""
        number = self.paragraph(offset)
        start = self.breaks[number - 1] if number > 0 else 0
        end = self.breaks[number] if number < len(self.breaks) else len(self.text)
        return _SENTENCE_STOP.search(self.text[start:end].rstrip()) is None

    def sentence_around(self, start: int, end: int) -> tuple[int, int]:
        """A sentence by punctuation, for Docs that carry no sentence boundaries."""
        before = [m.end() for m in _SENTENCE_END.finditer(self.text, 0, max(start, 0))]
        after = _SENTENCE_END.search(self.text, end)
        return (before[-1] if before else 0, after.end() if after else len(self.text))


def _sentence_of(claim: ExtractedClaim, context: _DocContext) -> tuple[int, int]:
    if claim.sentence is not None:
        return claim.sentence.start, claim.sentence.end
    doc = context.doc
    if doc.has_annotation("SENT_START"):
        cue = doc.char_span(claim.cue.start, claim.cue.end, alignment_mode="expand")
        if cue is not None:
            sentence = cue[0].sent
            return sentence.start_char, sentence.end_char
    return context.sentence_around(claim.cue.start, claim.cue.end)


def _identity(claim: ExtractedClaim) -> str | None:
    """Who said it, for "same speaker" checks: the actor, else the written surname."""
    if claim.actor is not None:
        return claim.actor
    for span in (claim.speaker_antecedent, claim.speaker):
        if span is not None and not _is_pronoun(span):
            words = name_normalize(span.text).split()
            if words:
                return "name:" + words[-1]
    return None


_LONG_PAST = 62  # days: this month or the last may still be the news itself
_NOUN_MODIFIERS = frozenset({"relcl", "acl"})


def _claims_date(
    claims: list[ExtractedClaim],
    in_order: list[ExtractedClaim],
    context: _DocContext,
    published: dt.date | None,
) -> None:
    """said_on from the claim's reporting clause; else from the dated occasion it names ("in the interview");
    else from the dated claim its participle hangs on ("…, adding"); else carried from the same speaker's dated
    statement just before; else, for a report in the simple past, from what the article dates the speaker doing
    in this paragraph or the one before, or from the event the article opens with; else the published date."""
    if published is None:
        for claim in claims:
            claim.said_on, claim.date_precision = None, None
        return
    doc = context.doc
    parsed = doc.has_annotation("DEP")
    contents = [(claim.content.start, claim.content.end) for claim in claims]
    mentions = date_mentions(doc.text, published=published) if parsed else []
    events = dated_events(doc, mentions=mentions, excluded=contents) if parsed else []
    lede = lede_date(doc, published=published, excluded=contents) if parsed else None
    actions = dated_actions(doc, mentions=mentions, published=published, excluded=contents) if parsed else []
    head_of: dict[int, int] = {}  # id of a claim -> token index of its cue's head
    for c in claims if parsed else []:
        if (span := doc.char_span(c.cue.start, c.cue.end, alignment_mode="expand")) is not None:
            head_of[id(c)] = cue_head(span).i
    cue_heads = set(head_of.values())
    previous: ExtractedClaim | None = None
    before_previous: ExtractedClaim | None = None
    from_text: set[int] = set()  # ids of claims whose date the text gave (directly or carried)
    by_cue_head: dict[int, ExtractedClaim] = {}  # token index of a dated claim's cue head -> the claim
    for claim in in_order:
        governing = _governing_claim(doc, claim, by_cue_head) if parsed else None
        start, end = _sentence_of(claim, context)
        own = (claim.content.start, claim.content.end)
        others = [span for span in contents if span != own and start <= span[0] < end]
        # A content interrupted by its cue ("“A,” he told me on Friday, “B.”"): only its pieces are what was said.
        pieces = [(piece.start, piece.end) for piece in claim.content_fragments] or [own]
        found: DateMention | None = None
        event: str | None = None
        if parsed:
            clause = report_clause_of(doc, cue=(claim.cue.start, claim.cue.end), content=[*pieces, *others])
            report = date_of_report(
                doc, cue=(claim.cue.start, claim.cue.end), clause=clause, content=[*pieces, *others],
                sentence=(start, end), mentions=mentions,
            )  # fmt: skip
            if report is not None:
                found = report.mention
                if report.event is not None:
                    events.append((claim.cue.start, report.event, report.mention))
            else:
                found = _relative_date(doc, claim, clause, context, events, mentions, contents, published)
            if found is None:
                event = clause_event(doc, clause, definite=True)
                if event is None and _says_back_then(doc, clause):
                    found = _latest_date_before(mentions, claim, context, contents, published)
                    if previous is not None and id(previous) in from_text and _same_passage(claim, previous, context):
                        found = _later_time(found, previous)
        else:  # no parse (a blank pipeline): the nearest date outside every content in the sentence
            found = date_nearest(
                context.text[start:end],
                published=published,
                anchor=claim.cue.start - start,
                exclude=[(s - start, e - start) for s, e in (own, *others)],
            )
        occasion = _occasion_date(events, event, before=claim.cue.start) if event is not None else None
        if found is not None:
            claim.said_on, claim.date_precision = found.said_on, found.precision
            claim.rationale.append(f"date: {found.text}")
            from_text.add(id(claim))
        elif occasion is not None:
            claim.said_on, claim.date_precision = occasion.said_on, occasion.precision
            claim.rationale.append(f"date: {occasion.text}, the date of the {event} it was said in")
            from_text.add(id(claim))
        elif governing is not None:
            claim.said_on, claim.date_precision = governing.said_on, governing.date_precision
            claim.rationale.append(f"date: that of '{governing.cue.text}', which '{claim.cue.text}' goes with")
            from_text.add(id(claim))
        elif previous is not None and id(previous) in from_text and _continues(claim, previous, context, contents):
            claim.said_on, claim.date_precision = previous.said_on, previous.date_precision
            claim.rationale.append("date: carried over from the same speaker's earlier statement")
            from_text.add(id(claim))
        elif (exchange := _exchange(claim, previous, before_previous, context, doc)) is not None and (
            id(exchange) in from_text
        ):
            # '"Any chance of talks?" a reporter asked. "None," Peskov replied.' after Peskov's dated briefing: the
            # questions and answers of one briefing are of its day.
            claim.said_on, claim.date_precision = exchange.said_on, exchange.date_precision
            claim.rationale.append("date: carried over from the exchange it belongs to")
            from_text.add(id(claim))
        elif _is_transcript_answer(claim) and (interview := _interview_of(claim, actions)) is not None:
            # "The Kyiv Independent spoke to Kuleba on Monday evening. … Q: … A: …": the interview's day
            claim.said_on, claim.date_precision = interview.mention.said_on, interview.mention.precision
            claim.rationale.append(f"date: {interview.mention.text}, the day of the interview it answers in")
            from_text.add(id(claim))
        elif (
            (action := _speakers_dated_action(claim, actions, context)) is not None
            and _reported_in_past(claim, doc)
            and not _another_time_since(doc, action.mention, claim, mentions, contents)
        ):
            claim.said_on, claim.date_precision = action.mention.said_on, action.mention.precision
            claim.rationale.append(f"date: {action.mention.text}, the day the speaker's reported doings are dated")
            from_text.add(id(claim))
        elif (
            parsed
            and _reported_in_past(claim, doc)
            and (passage := _passage_occasion(doc, claim, context, events, contents, published)) is not None
        ):
            kind, mention = passage
            claim.said_on, claim.date_precision = mention.said_on, mention.precision
            claim.rationale.append(f"date: {mention.text}, the date of the {kind} the passage tells of")
            from_text.add(id(claim))
        elif (
            lede is not None
            and _reported_in_past(claim, doc)
            and (event or _takes_part(claim, lede))
            and not _another_time_since(doc, lede.mention, claim, mentions, contents)
        ):
            # "Trump and Clinton vied … Wednesday. … At the forum, Clinton said …": the occasion the article opens
            # with, dated there, for what its participants said at it (or what was said at "the" occasion).
            claim.said_on, claim.date_precision = lede.mention.said_on, lede.mention.precision
            claim.rationale.append(f"date: {lede.mention.text}, the day of the event the article reports")
            from_text.add(id(claim))
        elif (
            lede is not None
            and context.paragraph(claim.cue.start) < context.paragraph(lede.mention.start)
            and (_reads_as_headline(claim, doc, context) or _takes_part(claim, lede) or _identity(claim) is None)
        ):
            # A headline ("Union endorses Clinton") tells the news the opening paragraph then dates ("… endorsed
            # Hillary Clinton on Thursday"); someone else's statement told in the past tense before it is not.
            claim.said_on, claim.date_precision = lede.mention.said_on, lede.mention.precision
            claim.rationale.append(f"date: {lede.mention.text}, the day of the news the headline tells")
            from_text.add(id(claim))
        elif (
            parsed
            and _reported_in_past(claim, doc)
            and (back := _narrative_time(doc, claim, start, mentions, context, contents, published, cue_heads))
        ):
            claim.said_on, claim.date_precision = back.said_on, back.precision
            claim.rationale.append(f"date: {back.text}, the time the passage tells of")
            from_text.add(id(claim))
        else:
            claim.said_on, claim.date_precision = published, "published"
        if id(claim) in from_text and id(claim) in head_of:
            by_cue_head[head_of[id(claim)]] = claim
        if claim.nested_in is None:
            previous, before_previous = claim, previous  # an inner report ("Ukraine said to him") breaks no run


def _relative_date(
    doc: Doc,
    claim: ExtractedClaim,
    clause: set[int],
    context: _DocContext,
    events: list[tuple[int, str, DateMention]],
    mentions: list[DateMention],
    contents: list[tuple[int, int]],
    published: dt.date,
) -> DateMention | None:
    """The day the reporting clause names from another: "the morning after the debate" from the debate's date,
    "the following morning" from the date just given."""
    relative = relative_day(doc, clause=clause, cue=(claim.cue.start, claim.cue.end))
    if relative is None:
        return None
    if relative.event is not None:
        anchor = _occasion_date(events, relative.event, before=claim.cue.start)
    else:
        anchor = _latest_date_before(mentions, claim, context, contents, published)
    return None if anchor is None else relative_resolve(relative, anchor, published)


def _another_time_since(
    doc: Doc, dated: DateMention, claim: ExtractedClaim, mentions: list[DateMention], contents: list[tuple[int, int]]
) -> bool:
    """The article has told of something done at another time, away from the week of the `dated` event, between
    that event and the claim ("… refused to endorse Trump at the convention in July. … Cruz said …"): what it
    reports from there on is background, no longer of that event."""
    since = [m for m in mentions if dated.end <= m.start < claim.cue.start]
    far = [m for m in since if abs((dated.said_on - m.said_on).days) > RECENT_DAYS]
    return any(head.tag_ == "VBD" for _, head in mention_clause_heads(doc, far, contents))


def _passage_occasion(
    doc: Doc,
    claim: ExtractedClaim,
    context: _DocContext,
    events: list[tuple[int, str, DateMention]],
    contents: list[tuple[int, int]],
    published: dt.date,
) -> tuple[str, DateMention] | None:
    """The dated occasion that the claim's paragraph, before it and outside what anyone said, refers to as known,
    in a passage that names the speaker before ("The section of the debate devoted to race … For Trump, the topic
    … Trump highlighted …")."""
    paragraph = context.paragraph(claim.cue.start)
    start = context.breaks[paragraph - 1] if paragraph > 0 else 0
    before = doc.char_span(start, claim.cue.start, alignment_mode="contract")
    if before is None:
        return None
    said = {token.i for begin, end in contents for token in doc.char_span(begin, end, alignment_mode="expand") or ()}
    own = claim.speaker_antecedent or claim.speaker
    words = [] if own is None else name_normalize(own.text).split()
    bound = claim.speaker.start if claim.speaker is not None else claim.cue.start
    mentioned = [t for t in before if t.i not in said and t.idx < bound]
    if not words or not any(t.lower_ == words[-1] for t in mentioned):
        return None  # the passage must be about the speaker too ("For Trump, the topic …")
    kind = clause_event(doc, set(range(before.start, before.end)) - said, definite=True)
    if kind is None:
        return None
    mention = _occasion_date(events, kind, before=claim.cue.start)
    if mention is None or (published - mention.said_on).days > RECENT_DAYS:
        return None  # an occasion of the article's week, not one recalled from long ago
    return kind, mention


def _narrative_time(
    doc: Doc,
    claim: ExtractedClaim,
    sentence_start: int,
    mentions: list[DateMention],
    context: _DocContext,
    contents: list[tuple[int, int]],
    published: dt.date,
    cue_heads: set[int],
) -> DateMention | None:
    """The year or month long past that an earlier sentence of the claim's paragraph sets its story in ("… just as he
    did with Romney in 2012. Reid frequently mocked Romney …"). Not a time that describes something else ("Peabody,
    which filed for bankruptcy in April") or dates another report ("Reid said in 2012 that …": the steps before
    decide whether that date carries over), and not one of the claim's own sentence, which they read too."""
    found = _latest_date_before(mentions, claim, context, contents, published)
    if found is None or found.precision not in ("year", "month") or (published - found.said_on).days <= _LONG_PAST:
        return None
    if found.start >= sentence_start:
        return None
    if context.paragraph(found.start) != context.paragraph(claim.cue.start):
        return None
    span = doc.char_span(found.start, found.end, alignment_mode="expand")
    if span is None:
        return None
    # Up to the sentence's root: the time must set the scene, not modify a noun or a report.
    path = [span.root, *span.root.ancestors]
    if any(token.dep_ in _NOUN_MODIFIERS or token.i in cue_heads for token in path):
        return None
    return found


def _same_passage(claim: ExtractedClaim, previous: ExtractedClaim, context: _DocContext) -> bool:
    return context.paragraph(claim.cue.start) - context.paragraph(previous.cue.start) <= 1


def _later_time(mention: DateMention | None, previous: ExtractedClaim) -> DateMention | None:
    """The time given last before the claim: a date written there, or the date of the statement just reported
    ("At a breakfast the following morning, Cruz said …. 'No,' Cruz said at the time.")."""
    if previous.said_on is None or previous.date_precision in (None, "published"):
        return mention
    if mention is not None and mention.start > previous.cue.start:
        return mention
    at = f"the time of '{previous.cue.text}' before"
    return DateMention(previous.said_on, previous.date_precision, previous.cue.start, previous.cue.end, at)


def _says_back_then(doc: Doc, clause: set[int]) -> bool:
    """ "said at the time", "said then": the report points back at a time the text has just given."""
    for i in clause:
        token = doc[i]
        if token.lower_ == "then" and token.dep_ == "advmod":
            return True
        if token.lower_ == "time" and token.head.lower_ == "at" and any(c.lower_ == "the" for c in token.children):
            return True
    return False


def _latest_date_before(
    mentions: list[DateMention],
    claim: ExtractedClaim,
    context: _DocContext,
    contents: list[tuple[int, int]],
    published: dt.date,
) -> DateMention | None:
    """The last date written before the claim, in its paragraph or the one before, outside what anyone said."""
    paragraph = context.paragraph(claim.cue.start)
    earlier = [
        mention
        for mention in mentions
        if mention.end <= claim.cue.start
        and paragraph - context.paragraph(mention.start) <= 1
        and mention.said_on != published
        and not any(mention.start < end and start < mention.end for start, end in contents)
    ]
    return earlier[-1] if earlier else None


def _governing_claim(doc: Doc, claim: ExtractedClaim, by_cue_head: dict[int, ExtractedClaim]) -> ExtractedClaim | None:
    """The dated claim whose reporting verb this claim's participle hangs on ("X said on Monday …, adding …") or
    whose reporting verb it is coordinated with ("X said on Monday …, but she denied …")."""
    cue = doc.char_span(claim.cue.start, claim.cue.end, alignment_mode="expand")
    if cue is None:
        return None
    head = cue_head(cue)
    governors = participle_governors(head)
    if head.dep_ == "conj" and head.head.pos_ in ("VERB", "AUX"):
        governors.append(head.head)
    for governor in governors:
        if governor.i in by_cue_head:
            return by_cue_head[governor.i]
    return None


def _speakers_dated_action(
    claim: ExtractedClaim, actions: list[DatedAction], context: _DocContext
) -> DatedAction | None:
    """The latest dated clause before the claim, in its paragraph or the one before, whose subject names the
    speaker."""
    paragraph = context.paragraph(claim.cue.start)
    earlier = [
        action
        for action in actions
        if action.offset < claim.cue.start
        and paragraph - context.paragraph(action.offset) <= _ACTION_PARAGRAPHS
        and _takes_part(claim, action)
    ]
    return max(earlier, key=lambda action: action.offset) if earlier else None


def _is_transcript_answer(claim: ExtractedClaim) -> bool:
    """An "A:" of a question-and-answer transcript, resolved to the interviewee."""
    return (
        claim.speaker is not None
        and claim.speaker.text.lower() in ANSWER_LABELS
        and claim.speaker_antecedent is not None
        and claim.cue.text == ":"
    )


def _interview_of(claim: ExtractedClaim, actions: list[DatedAction]) -> DatedAction | None:
    """The latest dated clause before the answer in which the interviewee took part ("spoke to Kuleba on
    Monday")."""
    earlier = [a for a in actions if a.offset < claim.cue.start and _takes_part(claim, a)]
    return max(earlier, key=lambda action: action.offset) if earlier else None


def _takes_part(claim: ExtractedClaim, lede: LedeDate | DatedAction) -> bool:
    """The speaker is named in the subject of a dated clause (the article's opening one, or another)."""
    for span in (claim.speaker_antecedent, claim.speaker):
        words = [] if span is None else name_normalize(span.text).split()
        # The name's head ("Clinton"), not a word of a title ("Clinton communication director Jennifer Palmieri").
        if words and words[-1] in lede.participants:
            return True
        # A body's spokesperson speaks as the body: "The Kremlin on Wednesday dismissed …", then "Kremlin spokesman
        # Dmitry Peskov said …". A person's spokesman speaks apart from them ("Reyes spokesman Tim Cole").
        voice = next((n for n, word in enumerate(words) if word in _SPOKESPERSONS), None)
        if voice is not None and any(
            word in lede.participants and (word in GROUP_NOUNS or seat_country(word)) for word in words[:voice]
        ):
            return True
    return False


_SPOKESPERSONS = frozenset({"spokesman", "spokeswoman", "spokesperson"})


def _reads_as_headline(claim: ExtractedClaim, doc: Doc, context: _DocContext) -> bool:
    """A headline: a paragraph without a final stop, or a report in the present tense ("Cruz says he cannot allow
    Clinton to win."), as headlines tell news; an opening sentence tells it in the past ("Peskov said …")."""
    if context.ends_without_stop(claim.cue.start):
        return True
    cue = doc.char_span(claim.cue.start, claim.cue.end, alignment_mode="expand")
    return cue is not None and cue_head(cue).tag_ in ("VBZ", "VBP")


def _reported_in_past(claim: ExtractedClaim, doc: Doc) -> bool:
    """A cue in the simple past ("said", "told", "cited"): a report of an occasion. Not the present perfect ("has
    said", "have proposed": a position held up to now) nor the past perfect ("had mocked": before the occasion)."""
    cue = doc.char_span(claim.cue.start, claim.cue.end, alignment_mode="expand")
    if cue is None:
        return False
    head = cue_head(cue)
    for token in (head, *participle_governors(head)):
        if token.tag_ in ("VBD", "VBN"):
            return not any(child.dep_ == "aux" and child.lemma_ == "have" for child in token.children)
    return False


def _occasion_date(events: list[tuple[int, str, DateMention]], event: str, *, before: int) -> DateMention | None:
    """The date of the latest occasion of that kind dated before `before` (the cue); failing that, of the first one
    dated after it ("during the first debate, Trump …" ahead of "Monday's debate")."""
    earlier = [(offset, mention) for offset, kind, mention in events if kind == event and offset < before]
    if earlier:
        return max(earlier, key=lambda item: item[0])[1]
    later = [(offset, mention) for offset, kind, mention in events if kind == event and offset >= before]
    return min(later, key=lambda item: item[0])[1] if later else None


def _continues(
    claim: ExtractedClaim, previous: ExtractedClaim, context: _DocContext, contents: list[tuple[int, int]]
) -> bool:
    """A follow-up by the same speaker in the same or the next paragraph, introduced by a pronoun
    ("He added"), marked as a continuation ("Peskov also said") or quoting their words ("“…,” Miller said").
    A speaker named afresh to report something else may be reporting another occasion."""
    if claim.nested_in is not None:
        return False
    distance = context.paragraph(claim.cue.start) - context.paragraph(previous.cue.start)
    if distance > 1:
        return False
    if claim.actor is None and claim.speaker_antecedent is None and _is_role(claim.speaker):
        # "The former first lady said …" right after Clinton's dated statement: the role names the one just quoted.
        return previous.speaker is not None and not _is_role(previous.speaker)
    same = _identity(claim)
    if same is not None and _is_pronoun(claim.speaker) and _resolved_into_content(claim, contents):
        # "Trump said praise from Putin would not matter. He said …": the resolver's pick of a name inside what
        # someone said is no evidence of another speaker; the pronoun is read as unresolved.
        same = None
    if same is None:  # an unresolved "he said": only within the paragraph
        return distance == 0 and _is_pronoun(claim.speaker)
    if same != _identity(previous):
        return False
    # '“We are in close touch,” Miller said.' after Miller's dated briefing: his words quoted from it
    return _is_pronoun(claim.speaker) or _marks_continuation(claim, context) or claim.kind == "direct"


def _exchange(
    claim: ExtractedClaim,
    previous: ExtractedClaim | None,
    before_previous: ExtractedClaim | None,
    context: _DocContext,
    doc: Doc,
) -> ExtractedClaim | None:
    """The dated statement a question-and-answer exchange continues, paragraph after paragraph: a reporter's
    question right after it ("…," a reporter asked), or the answer of its speaker right after that question
    ("…," Peskov replied)."""
    if previous is None or claim.nested_in is not None:
        return None
    if context.paragraph(claim.cue.start) - context.paragraph(previous.cue.start) > 1:
        return None
    if _asks(previous, doc) and before_previous is not None:
        same = _identity(claim)
        answered = same is not None and same == _identity(before_previous)
        near = context.paragraph(previous.cue.start) - context.paragraph(before_previous.cue.start) <= 1
        return previous if answered and near else None  # the question's date, its own or the statement's
    if _asks(claim, doc) and claim.speaker is not None:
        words = name_normalize(claim.speaker.text).split()
        return previous if words and words[-1] in _QUESTIONERS else None
    return None


def _asks(claim: ExtractedClaim, doc: Doc) -> bool:
    cue = doc.char_span(claim.cue.start, claim.cue.end, alignment_mode="expand")
    return cue is not None and cue_head(cue).lemma_.lower() in QUESTION_VERBS


_QUESTIONERS = frozenset({"reporter", "reporters", "journalist", "journalists", "correspondent", "interviewer"})


def _resolved_into_content(claim: ExtractedClaim, contents: list[tuple[int, int]]) -> bool:
    """The claim's pronoun speaker was resolved to a name inside what a claim reports."""
    found = claim.speaker_antecedent
    return found is not None and any(start <= found.start and found.end <= end for start, end in contents)


def _is_role(span: TextSpan | None) -> bool:
    """A speaker written as a definite description of a person ("the New York businessman"), not of an
    organisation ("the ministry", "the campaign"), which speaks apart from the person just quoted."""
    if span is None:
        return False
    words = span.text.split()
    return len(words) > 1 and words[0].lower() == "the" and words[-1].islower() and words[-1] not in GROUP_NOUNS


def _marks_continuation(claim: ExtractedClaim, context: _DocContext) -> bool:
    start, end = _sentence_of(claim, context)
    content_start, content_end = max(claim.content.start, start), min(claim.content.end, end)
    frame = context.text[start:content_start] + " " + context.text[content_end:end]
    return _CONTINUATION.search(frame) is not None


def _confidence_adjust(claim: ExtractedClaim) -> None:
    change = 0.0
    if claim.speaker is None:
        change -= _NO_SPEAKER_PENALTY
    elif claim.actor is not None:
        change += _LINKED_BONUS
    else:
        change -= _UNLINKED_PENALTY
    if claim.topic is not None:
        change += _TOPIC_BONUS
    claim.confidence = round(min(1.0, max(0.0, claim.confidence + change)), 3)
