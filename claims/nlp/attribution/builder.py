"""One pass over a Doc's cues: each verb cue's source and content, then the fixed cues, run-on quotes, order."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from claims.nlp.attribution.model import Attribution, order_and_nest
from claims.nlp.attribution.shapes import (
    BELIEF_DISCOUNT,
    CUE_FILTERS,
    FINDING_DISCOUNT,
    FIRST_PERSON_IN_QUOTE,
    PARTICIPLE_NON_SPEAKER,
    PASSIVE_DISCOUNT,
    SHAPES,
    WRITER_FIRST_PERSON,
    Candidate,
    CueContext,
    select,
)
from claims.nlp.attribution.special import FixedCues
from claims.nlp.attribution.syntax import (
    OPENING_QUOTES,
    can_speak,
    char_span,
    find_source,
    noun_phrase,
    subject_of,
    token_quote_index,
)
from claims.nlp.cues import Cue
from claims.nlp.lexicon import (
    BELIEF_VERBS,
    FINDING_VERBS,
    FIRST_PERSON,
    QUOTING_VERBS,
    RECIPIENT_VERBS,
    RELATIVE_PRONOUNS,
    SHARE_NOUNS,
    SPEECH_VERBS,
    act_of,
)
from claims.nlp.quotes import Quote
from claims.nlp.rules import register_rule

# A learned cue (no word list vouches for it) starts below a listed verb of saying with the same shape.
LEARNED_CUE_DISCOUNT = 0.2
HEADLINE_COLON = register_rule("pass.headline-colon", "'Pence: Flowers won't be at debate.', transcripts")
DASH_SIGNATURE = register_rule("pass.dash-signature", "'“…” ― Sonya Herridge': a quote signed with a dash")
CONTINUE_QUOTES = register_rule("pass.continue-quotes", "quotes with no cue of their own run on a report")
# An attitude whose content is shorter says nothing an editor could check ("refused to answer", "wants more").
_MIN_ATTITUDE_WORDS = 3
ATTITUDE_IN_REPORT = register_rule(
    "filter.attitude-in-report", "a belief, intention or perception inside a report or quote, or of 'who'"
)

FixedShape = Callable[[FixedCues, Cue, Span], "Attribution | None"]
# Cue kinds with one shape of their own, and the act they report when the cue lemma does not say.
FIXED_SHAPES: dict[str, tuple[str, FixedShape]] = {
    "according": (register_rule("shape.according", "'according to X, …'"), FixedCues._according),
    "inverted": (register_rule("shape.inverted", "'Said Ellis: “…”'"), FixedCues._inverted),
    "view": (register_rule("shape.view", "'in his view, …'"), FixedCues._view),
    "position": (register_rule("shape.position", "'X's position is that …'"), FixedCues._view),
    "noun": (register_rule("shape.noun", "'Trump's claim that …', 'a Times report that …'"), FixedCues._noun_report),
}
FIXED_ACTS = {"according": "speech", "view": "belief", "position": "belief"}


def _is_passive_participle_of_asking(verb: Token, lemma: str) -> bool:
    """A bare past participle of a verb with a hearer ("Asked whether …", "Told of the ruling, …") heads a clause
    whose implied subject is the hearer; the one who asked is not written."""
    return (
        (verb.tag_ == "VBN" or (verb.tag_ == "VBD" and verb.dep_ == "advcl"))  # "Asked whether …," read as past
        and lemma in RECIPIENT_VERBS
        and verb.dep_ in ("advcl", "ROOT")
        and subject_of(verb) is None
        and not any(c.dep_ in ("aux", "auxpass", "agent") for c in verb.children)
    )


def _speakers_of_share(noun: Token) -> Token | None:
    """ "The share of voters saying they want …": the parser hangs the participle on the share; the people it
    is a share of are the ones saying it."""
    if noun.lemma_.lower() not in SHARE_NOUNS:
        return None
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj" and can_speak(c)]
            return objects[0] if objects else None
    return None


class AttributionBuilder(FixedCues):
    """Builds attributions for one Doc; one instance per Doc."""

    def __init__(
        self,
        doc: Doc,
        quotes: list[Quote],
        cues: list[Cue],
        *,
        disabled: frozenset[str] = frozenset(),
        is_place: Callable[[Span], bool] | None = None,
    ) -> None:
        self.doc = doc
        self.is_place = is_place
        self.disabled = disabled
        self.text = doc.text
        self.quotes = quotes
        self.cues = cues
        self.in_quote = token_quote_index(doc, quotes)
        self.cue_tokens = {cue.head for cue in cues}
        self.used_quotes: set[int] = set()
        self._recorders = []

    def build(self) -> list[Attribution]:
        found: list[Attribution] = []
        taken_cues: set[int] = set()
        for cue in self.cues:
            attribution = self._from_cue(cue)
            if attribution is not None and cue.head not in taken_cues:
                taken_cues.add(cue.head)
                found.append(attribution)
        if HEADLINE_COLON not in self.disabled:
            found.extend(self._named(HEADLINE_COLON, self._colon_headlines(found)))
        if DASH_SIGNATURE not in self.disabled:
            found.extend(self._named(DASH_SIGNATURE, self._dash_signatures(found)))
        if CONTINUE_QUOTES not in self.disabled:
            pieces = [len(a.content) for a in found]
            self._continue_quotes(found)
            for attribution, before in zip(found, pieces, strict=True):
                if len(attribution.content) > before:
                    attribution.rules.append(CONTINUE_QUOTES)
        if ATTITUDE_IN_REPORT not in self.disabled:
            found = self._without_reported_attitudes(found)
        return order_and_nest(found)

    def _without_reported_attitudes(self, found: list[Attribution]) -> list[Attribution]:
        """ "Clinton said she thinks America is strongest …", "“… nobody knows what's going on,” he said": a belief,
        intention or perception inside what someone else said, or inside a quote, is part of that report (the
        speaker's words), not a report of its own. Nor is the attitude of "who" ("voters who want …"), nor one with
        next to no content ("refused to answer")."""
        reported = [piece for a in found if a.act == "speech" for piece in a.content]
        kept = []
        for attribution in found:
            start = attribution.cue[0]
            token = self._token_containing(start)
            inside = any(s <= start < e for s, e in reported) or (token is not None and self.in_quote[token] >= 0)
            relative = attribution.source_token is not None and (
                self.doc[attribution.source_token].lower_ in RELATIVE_PRONOUNS
            )
            words = sum(len(self.text[s:e].split()) for s, e in attribution.content)
            if attribution.act != "speech" and (inside or relative or words < _MIN_ATTITUDE_WORDS):
                continue
            kept.append(attribution)
        return kept

    def _from_cue(self, cue: Cue) -> Attribution | None:
        """The cue's attribution: its filters, then every shape for its kind, then the strongest candidate."""
        if cue.kind in FIXED_SHAPES:
            name, build = FIXED_SHAPES[cue.kind]
            if name in self.disabled:
                return None
            attribution = build(self, cue, self.doc[cue.head].sent)
            if attribution is not None:
                attribution.rules.insert(0, name)
                attribution.act = FIXED_ACTS.get(cue.kind) or act_of(cue.lemma) or "speech"
            return attribution
        ctx = CueContext(self, cue)
        for name, kinds, dropped in CUE_FILTERS:
            if cue.kind in kinds and name not in self.disabled and dropped(self, ctx):
                return None
        if not self._find_source(ctx):
            return None
        candidates = []
        for name, kinds, build_shape in SHAPES:
            if cue.kind in kinds and name not in self.disabled:
                candidate = build_shape(self, ctx)
                if candidate is not None and not (cue.end - cue.start > 1 and self._overlaps_cue(candidate, cue)):
                    candidate.rules.insert(0, name)
                    candidates.append(candidate)
        best = select(candidates)
        if best is None or best.rejected:
            return None
        return self._attribution(ctx, best)

    def _overlaps_cue(self, candidate: Candidate, cue: Cue) -> bool:
        """A content that takes in its own phrasal cue ("made it clear that …" read as the clause "it clear that …");
        the next shape may read it right. (For a one-word cue the fallback shapes misread more than they find.)"""
        start, end = char_span(self.doc, cue.start, cue.end)
        return any(s < end and start < e for s, e in candidate.content)

    @staticmethod
    def _named(name: str, found: list[Attribution]) -> list[Attribution]:
        for attribution in found:
            attribution.rules.insert(0, name)
        return found

    def _find_source(self, ctx: CueContext) -> bool:
        """Sets the cue's source (and the quote before it, which may carry an unparsed speaker); False when a
        filter on the source drops the cue."""
        doc, cue, verb, lemma = self.doc, ctx.cue, ctx.verb, ctx.lemma
        if cue.kind == "censored":
            source, passive = self._censored_subject(cue), False
        else:
            source, passive = find_source(verb)
        ctx.participle = verb.tag_ == "VBG" and subject_of(verb) is None
        if _is_passive_participle_of_asking(verb, lemma):
            source, passive = None, True  # "Asked if …, 75 percent said yes": the main subject was asked, not asking
        if ctx.participle:
            source = self._according_source_before(verb) or source
            if source is not None and not can_speak(source):
                source = _speakers_of_share(source) or source
            if source is not None and not can_speak(source) and PARTICIPLE_NON_SPEAKER not in self.disabled:
                return False
        if source is not None and self.in_quote[source.i] >= 0 and FIRST_PERSON_IN_QUOTE not in self.disabled:
            if source.lower_ in FIRST_PERSON or source.lower_ == "you":
                if lemma not in QUOTING_VERBS or self._quote_and_name_before(cue.start)[1] is None:
                    return False
                # "“I will …,” Police Chief Ann Lee said": the parser took the quote's "I"; the name is the speaker
                source = None
        ctx.author = source is not None and source.lower_ in FIRST_PERSON and self.in_quote[source.i] < 0
        if source is not None and source.i == verb.i:
            source = None
        complement_after = self._has_complement_after(verb, lemma)
        ctx.q_before = None if complement_after else self._quote_before(verb, cue.start, ctx.sent)
        subject = subject_of(verb)
        if (ctx.q_before is None or source is None) and cue.kind == "verb" and lemma in QUOTING_VERBS:
            # The parser lost the subject, or split the name ("“…,” Tulsa police Chief Chuck Jordan said Monday",
            # with "Tulsa" read into the quote's clause): a bare name between a quote and its verb is the speaker.
            q_before, name = self._quote_and_name_before(cue.start)
            if name is not None and (subject is None or source is None or name[0] <= subject.i < name[1]):
                ctx.q_before, ctx.unparsed_speaker = q_before, name
                source = doc[name[1] - 1]
        after = ctx.pieces[1]
        if after is not None and doc[after[0]].text not in OPENING_QUOTES and self.in_quote[after[0]] < 0:
            ctx.q_before = None  # 'On "Fox News Sunday," Pence said his running mate …': the title is not the content
        ctx.source, ctx.passive = source, passive
        return True

    def _attribution(self, ctx: CueContext, best: Candidate) -> Attribution | None:
        doc, cue, verb, lemma = self.doc, ctx.cue, ctx.verb, ctx.lemma
        source = None if best.drop_source else ctx.source
        strength, kind, rules = best.strength, best.kind, best.rules
        if ctx.learned:
            strength -= LEARNED_CUE_DISCOUNT
        elif lemma in BELIEF_VERBS:
            if BELIEF_DISCOUNT not in self.disabled:
                strength -= 0.25
                rules.append(BELIEF_DISCOUNT)
        elif lemma in FINDING_VERBS and lemma not in SPEECH_VERBS and FINDING_DISCOUNT not in self.disabled:
            strength -= 0.15
            rules.append(FINDING_DISCOUNT)
        if ctx.author and kind != "direct" and WRITER_FIRST_PERSON not in self.disabled:
            return None  # the writer's "I think …" is commentary; only words the writer quotes as said count
        if source is None and ctx.passive and PASSIVE_DISCOUNT not in self.disabled:
            strength -= 0.1
            rules.append(PASSIVE_DISCOUNT)
        content = best.content
        if kind == "indirect":
            kind = self._kind_of((content[0][0], content[-1][1]))
        source_span = None
        if ctx.unparsed_speaker is not None:
            source_span = char_span(doc, *ctx.unparsed_speaker)
        elif source is not None:
            start, end = noun_phrase(source, exclude=verb.i)
            if end > start:
                source_span = char_span(doc, start, end)
        cue_span = char_span(doc, cue.start, cue.end)
        if any(start < cue_span[1] and cue_span[0] < end for start, end in content):
            return None
        self.used_quotes.update(best.quotes)
        sent = ctx.sent
        return Attribution(
            cue=cue_span,
            content=content,
            source=source_span,
            kind=kind,
            sentence=(sent.start_char, sent.end_char),
            cue_kind=cue.kind,
            lemma=lemma,
            strength=strength,
            shape=best.shape,
            source_token=source.i if source is not None else None,
            quotes=list(best.quotes),
            act=act_of(lemma) or "speech",
            rules=rules,
        )
