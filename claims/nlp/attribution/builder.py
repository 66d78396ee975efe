"""One pass over a Doc's cues: each verb cue's source and content, then the fixed cues, run-on quotes, order."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claims.nlp.attribution.model import Attribution, CharSpan, order_and_nest
from claims.nlp.attribution.quoted import RECIPIENT_VERBS
from claims.nlp.attribution.special import FixedCues
from claims.nlp.attribution.syntax import (
    OPENING_QUOTES,
    agent_of,
    can_speak,
    char_span,
    find_source,
    is_irrealis,
    is_negated,
    noun_phrase,
    subject_of,
    token_quote_index,
    trim,
)
from claims.nlp.cues import LEARNED, Cue, finding_subject_ok
from claims.nlp.lexicon import (
    BELIEF_VERBS,
    FINDING_VERBS,
    FIRST_PERSON,
    NEEDS_CLAUSE_OR_PREP,
    QUOTING_VERBS,
    SPEECH_VERBS,
)
from claims.nlp.quotes import Quote
from claims.nlp.rules import register_rule

# A learned cue (no word list vouches for it) starts below a listed verb of saying with the same shape.
LEARNED_CUE_DISCOUNT = 0.2
HEADLINE_COLON = register_rule("pass.headline-colon", "'Pence: Flowers won't be at debate.', transcripts")
DASH_SIGNATURE = register_rule("pass.dash-signature", "'“…” ― Sonya Herridge': a quote signed with a dash")
CONTINUE_QUOTES = register_rule("pass.continue-quotes", "quotes with no cue of their own run on a report")


def _is_passive_participle_of_asking(verb: Token, lemma: str) -> bool:
    """A bare past participle of a verb with a hearer ("Asked whether …", "Told of the ruling, …") heads a clause
    whose implied subject is the hearer; the one who asked is not written."""
    return (
        verb.tag_ == "VBN"
        and lemma in RECIPIENT_VERBS
        and verb.dep_ in ("advcl", "ROOT")
        and subject_of(verb) is None
        and not any(c.dep_ in ("aux", "auxpass", "agent") for c in verb.children)
    )


class AttributionBuilder(FixedCues):
    """Builds attributions for one Doc; one instance per Doc."""

    def __init__(
        self, doc: Doc, quotes: list[Quote], cues: list[Cue], *, disabled: frozenset[str] = frozenset()
    ) -> None:
        self.doc = doc
        self.disabled = disabled
        self.text = doc.text
        self.quotes = quotes
        self.cues = cues
        self.in_quote = token_quote_index(doc, quotes)
        self.cue_tokens = {cue.head for cue in cues}
        self.used_quotes: set[int] = set()

    def build(self) -> list[Attribution]:
        found: list[Attribution] = []
        taken_cues: set[int] = set()
        for cue in self.cues:
            attribution = self._from_cue(cue)
            if attribution is not None and cue.head not in taken_cues:
                taken_cues.add(cue.head)
                found.append(attribution)
        if HEADLINE_COLON not in self.disabled:
            found.extend(self._colon_headlines(found))
        if DASH_SIGNATURE not in self.disabled:
            found.extend(self._dash_signatures(found))
        if CONTINUE_QUOTES not in self.disabled:
            self._continue_quotes(found)
        return order_and_nest(found)

    def _passive_subject_content(self, verb: Token, lemma: str, source: Token | None) -> tuple[int, int] | None:
        """ "The zoning dispute was first reported by the Gazette": a passive verb of saying with its agent; the
        passive subject is what was reported. Not a hearer ("he was told by doctors"), not a person talked about."""
        if source is None or lemma not in SPEECH_VERBS or lemma in RECIPIENT_VERBS or agent_of(verb) is None:
            return None
        subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if subject is None or can_speak(subject) or subject.i > verb.i:
            return None
        start, end = trim(self.doc, subject.left_edge.i, subject.right_edge.i + 1)
        return (start, end) if end > start else None

    def _from_cue(self, cue: Cue) -> Attribution | None:
        doc = self.doc
        head = doc[cue.head]
        sent = head.sent
        if cue.kind == "according":
            return self._according(cue, sent)
        if cue.kind == "inverted":
            return self._inverted(cue, sent)
        if cue.kind in ("view", "position"):
            return self._view(cue, sent)
        if cue.kind == "noun":
            return self._noun_report(cue, sent)
        verb = head
        lemma = cue.lemma
        learned = cue.kind == LEARNED
        if cue.kind == "verb" or learned:
            if verb.dep_ in ("amod", "compound", "nmod", "npadvmod", "pobj", "nsubj", "dobj", "attr"):
                return None
            if is_irrealis(verb) or is_negated(verb):
                return None
            if lemma == "express" and verb.tag_ == "VB":
                return None  # "a platform to express their needs", "it was to express dissatisfaction": no report
            if verb.tag_ == "VB" and verb.dep_ == "ROOT" and subject_of(verb) is None:
                return None  # imperative: "Read the rest here", "Tell them"
        if lemma in FINDING_VERBS and lemma not in SPEECH_VERBS and not finding_subject_ok(verb):
            return None

        source, passive = find_source(verb) if cue.kind != "censored" else (self._censored_subject(cue), False)
        participle = verb.tag_ == "VBG" and subject_of(verb) is None
        if _is_passive_participle_of_asking(verb, lemma):
            source, passive = None, True  # "Asked if …, 75 percent said yes": the main subject was asked, not asking
        if participle:
            source = self._according_source_before(verb) or source
            if source is not None and not can_speak(source):
                return None  # "Russia's initiative is a challenge, asking them to …": no one is speaking
        author = source is not None and source.lower_ in FIRST_PERSON and self.in_quote[source.i] < 0
        if source is not None and self.in_quote[source.i] >= 0:
            if source.lower_ in FIRST_PERSON or source.lower_ == "you":
                return None  # “I believe he is the best person …” inside a quote: the quote is already the claim
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
        unparsed_speaker: tuple[int, int] | None = None
        if q_before is None and subject_of(verb) is None and cue.kind == "verb" and lemma in QUOTING_VERBS:
            # The parser lost the subject ("“…,” Tulsa police Chief Chuck Jordan said Monday"): a bare name
            # between a quote and its verb is still the speaker.
            q_before, unparsed_speaker = self._quote_and_name_before(cue.start)
            if unparsed_speaker is not None:
                source = doc[unparsed_speaker[1] - 1]
        q_after = self._quote_after(cue.end)
        clause = self._clause_content(verb)
        clause_follows = after is not None and doc[after[0]].text not in OPENING_QUOTES and self.in_quote[after[0]] < 0
        if clause_follows:
            q_before = None  # 'On "Fox News Sunday," Pence said his running mate …': the title is not the content
        as_host = self._as_clause_host(verb, sent) if cue.kind == "verb" else None
        if as_host is not None:
            content, strength, shape = [self._extend_to_quote(*piece) for piece in as_host], 0.75, "as-clause"
            if subject_of(verb) is None and source is not None and source.i > verb.head.left_edge.i - 1:
                source = None  # "Patriot failed as predicted": the host's subject did not predict it
        elif q_before is not None and (
            before is None or self.in_quote[before[0]] == q_before or before[1] <= cue.start
        ):
            if participle and cue.end > verb.i + 1 and doc[cue.end - 1].dep_ == "prep":
                return None  # '… was “ready to win,” pointing to its record': the participle's object comes after it
            content, kind = self._quote_with_lead(q_before, sent)
            quote_idx, strength, shape = [q_before], 0.9, "quote-before"
            if after is not None and (doc[after[0]].text in OPENING_QUOTES or self.in_quote[after[0]] >= 0):
                # "“A,” he said, “but B”": the complement after the cue continues the quote.
                content.append(self._extend_to_quote(*after))
        elif (
            q_after is not None
            and self._quotes_speech(lemma, q_after, any_verb=learned)
            and (clause is None or self.in_quote[clause[0]] == q_after or doc[clause[0]].text in OPENING_QUOTES)
        ):
            q = self.quotes[q_after]
            content, quote_idx, kind, strength, shape = [(q.start, q.end)], [q_after], "direct", 0.9, "quote-after"
            around = self._around_parenthetical_cue(verb, cue.end, q_after, sent)
            if around is not None:
                content, kind = around, "mixed"
        elif before is not None and after is not None:
            content, strength, shape = [self._extend_to_quote(*before), self._extend_to_quote(*after)], 0.8, "clause"
        elif clause is not None:
            if clause[1] <= cue.start and clause[0] > sent.start:
                clause = self._whole_lead(clause, sent)
            content, strength, shape = [self._extend_to_quote(*clause)], 0.8, "clause"
            if clause[1] <= cue.start:
                # "X happened, the agency said in a report, and Y followed": the clause resumes after the cue.
                around = self._parenthetical_content(verb, sent, source, resumes_with_and=True)
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
        if content is None and cue.kind == "verb":
            reported = self._passive_subject_content(verb, lemma, source)
            if reported is not None:
                content, strength, shape = [self._extend_to_quote(*reported)], 0.6, "passive-subject"
        if content is None:
            return None
        if lemma in NEEDS_CLAUSE_OR_PREP and strength < 0.55:
            return None
        if learned:
            strength -= LEARNED_CUE_DISCOUNT
        elif lemma in BELIEF_VERBS:
            strength -= 0.25
        elif lemma in FINDING_VERBS and lemma not in SPEECH_VERBS:
            strength -= 0.15
        if author and kind != "direct":
            return None  # the writer's "I think …" is commentary; only words the writer quotes as said count
        if source is None and passive:
            strength -= 0.1
        if kind == "indirect":
            kind = self._kind_of((content[0][0], content[-1][1]))
        source_span = None
        if unparsed_speaker is not None:
            source_span = char_span(doc, *unparsed_speaker)
        elif source is not None:
            start, end = noun_phrase(source, exclude=verb.i)
            if end > start:
                source_span = char_span(doc, start, end)
        cue_span = char_span(doc, cue.start, cue.end)
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
