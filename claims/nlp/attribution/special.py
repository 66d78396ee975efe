"""The fixed cues: "according to X", "in his view", "X's position is", headline colons, dash signatures."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from claims.nlp.attribution.clauses import ClauseShapes
from claims.nlp.attribution.model import Attribution, CharSpan
from claims.nlp.attribution.syntax import (
    CLOSING_QUOTES,
    OPENING_QUOTES,
    char_span,
    noun_phrase,
    trim,
)
from claims.nlp.cues import Cue, noun_content_of, noun_owner
from claims.nlp.lexicon import QUESTION_LABELS
from claims.nlp.quotes import QUOTE_CHARS
from claims.nlp.rules import register_rule

# A signature after a quote: dash, then a name of one to six capitalised words, then the end of the line.
_SIGNATURE = re.compile(
    r"[ \t\u00a0]*(?P<dash>―|—|–|--)[ \t\u00a0]*"
    r"(?P<name>[A-Z][\w'’.-]*(?:[ \t\u00a0]+(?:[A-Z][\w'’.-]*|de|la|van|von|der|da|di|del|al|bin|y)){0,5})"
    r"[ \t\u00a0.,]*(?:\n|$)"
)
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
        # editorial labels: "Correction: An earlier version …", "The Latest: …", "Breaking: …"
        "correction",
        "corrections",
        "clarification",
        "clarifications",
        "latest",
        "breaking",
        "related",
        "updated",
        "updates",
        "advertisement",
    ]
)


DATELINE = register_rule("filter.dateline", "'Washington: The Senate passed …': a place before a colon is a dateline")


class FixedCues(ClauseShapes):
    """Attributions whose cue is not a reporting verb."""

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

    def _according(self, cue: Cue, sent: Span) -> Attribution | None:
        doc = self.doc
        according = doc[cue.start]
        to = doc[cue.start + 1]
        pobjs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in according.children if c.dep_ == "pobj"]
        if pobjs:
            source = pobjs[0]
            src_start, src_end = noun_phrase(source)
        else:
            # "according to show insiders": the parser read the name as a verb phrase; take the words up to the
            # next punctuation as the source.
            src_start = src_end = cue.end
            while src_end < sent.end and src_end - src_start < 6 and doc[src_end].is_alpha:
                src_end += 1
            if src_end == src_start or (src_end < sent.end and not doc[src_end].is_punct):
                return None
            source = doc[src_end - 1]
        if src_end >= sent.end - 1:
            # "According to host Rush Limbaugh, the move reeks of …": the parser took the clause for an
            # apposition of the source; the source ends at its first comma.
            comma = next((t.i for t in doc[source.i : src_end] if t.text == ","), None)
            src_end = comma if comma is not None else src_end
        phrase_start = min(according.left_edge.i, cue.start)
        phrase_end = src_end
        # "According to the president, who spoke for an hour, the economy …": the relative clause tells of the
        # source; it is neither the source's name nor what was reported.
        holders = [source, *(c for c in source.children if c.dep_ == "appos")]
        relative = next((c for h in holders for c in h.children if c.dep_ == "relcl" and c.i > source.i), None)
        if relative is not None and relative.left_edge.i > src_start:
            cut = relative.left_edge.i - (1 if doc[relative.left_edge.i - 1].text == "," else 0)
            src_end = min(src_end, cut)
            phrase_end = max(src_end, relative.right_edge.i + 1)
        # Content: the rest of the sentence; the main clause before the phrase when the phrase trails it
        # ("Prices rose, according to X, more than …"), else what follows it ("According to X, prices rose").
        before = trim(doc, sent.start, phrase_start)
        after = trim(doc, phrase_end, sent.end)
        lead = doc[after[0]] if after[1] > after[0] else None
        if lead is not None and lead.tag_ == "VBG" and lead.dep_ == "advcl" and lead.right_edge.i + 1 < after[1]:
            # "According to X, citing Y, Biden warned …": the participle is X's, the report starts after it.
            after = trim(doc, lead.right_edge.i + 1, after[1])
        before = (before[0], self._drop_trailing_aside(before[0], before[1]))
        after = (after[0], self._drop_trailing_aside(after[0], after[1]))
        content_tokens = before if before[1] - before[0] >= 3 else after
        if content_tokens[1] - content_tokens[0] < 3:
            return None
        content = self._extend_to_quote(*content_tokens)
        pieces = [content]
        if (
            before[1] > before[0]
            and after[1] - after[0] >= 3
            and after[0] <= sent.root.i < after[1]
            and not any(t.pos_ in ("VERB", "AUX") for t in doc[before[0] : before[1]])
            and any(t.pos_ in ("NOUN", "PROPN", "NUM", "PRON") for t in doc[before[0] : before[1]])
        ):  # (not after a bare "However, according to X, …")
            # "Over the long term, according to the budget office, the rise in deficits is …": the phrase
            # interrupts the main clause; what was reported is the sentence around it.
            pieces = [self._extend_to_quote(*before), self._extend_to_quote(*after)]
            content = (pieces[0][0], pieces[1][1])
        return Attribution(
            cue=char_span(doc, cue.start, cue.end),
            content=pieces,
            source=char_span(doc, src_start, src_end) if src_end > src_start else None,
            kind=self._kind_of(content),
            sentence=(sent.start_char, sent.end_char),
            cue_kind="according",
            lemma="according to",
            strength=0.8,
            shape="according",
            source_token=source.i,
        )

    def _inverted(self, cue: Cue, sent: Span) -> Attribution | None:
        """ "Said Ellis: “…”": the speaker runs from the verb to the colon or comma, the quote after it is what
        was said."""
        doc = self.doc
        mark = next(t.i for t in doc[cue.end : sent.end] if t.text in (":", ","))
        qi = self.in_quote[mark + 1]
        if qi < 0 or qi in self.used_quotes:
            return None
        q = self.quotes[qi]
        src_start, src_end = trim(doc, cue.end, mark)
        self.used_quotes.add(qi)
        return Attribution(
            cue=char_span(doc, cue.start, cue.end),
            content=[(q.start, q.end)],
            source=char_span(doc, src_start, src_end),
            kind="direct",
            sentence=(sent.start_char, sent.end_char),
            cue_kind="inverted",
            lemma=cue.lemma,
            strength=0.9,
            shape="inverted",
            source_token=src_end - 1,
            quotes=[qi],
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
            before = trim(doc, clause_start, phrase_start)
            after = trim(doc, phrase_end, clause_end)
            content_tokens = after if after[1] - after[0] >= before[1] - before[0] else before
            cue_span = char_span(doc, cue.start, cue.end)
        else:
            verb = doc[cue.head]
            comps = [c for c in verb.children if c.dep_ in ("ccomp", "attr") and c.i > verb.i]
            if not comps:
                return None
            content_tokens = trim(doc, verb.i + 1, comps[0].right_edge.i + 1)
            cue_span = char_span(doc, noun.i, verb.i + 1)
        if content_tokens[1] - content_tokens[0] < 3:
            return None
        content = self._extend_to_quote(*content_tokens)
        return Attribution(
            cue=cue_span,
            content=[content],
            source=char_span(doc, src_start, src_end) if src_end > src_start else None,
            kind=self._kind_of(content),
            sentence=(sent.start_char, sent.end_char),
            cue_kind=cue.kind,
            lemma=cue.lemma,
            strength=0.7,
            shape=cue.kind,
            source_token=source.i,
        )

    def _noun_report(self, cue: Cue, sent: Span) -> Attribution | None:
        doc = self.doc
        noun = doc[cue.head]
        owner = noun_owner(noun)
        clause = noun_content_of(noun)
        if owner is None or clause is None:
            return None
        start = clause.left_edge.i
        start, end = trim(doc, start, self._drop_trailing_aside(start, clause.right_edge.i + 1))
        if end - start < (3 if clause.dep_ in ("acl", "ccomp", "relcl") else 2):
            return None
        src_start, src_end = noun_phrase(owner)
        if noun.i in range(src_start, src_end):
            src_end = noun.i  # "a New York Times report": the owner is the compound before the noun
        content = self._extend_to_quote(start, end)
        return Attribution(
            cue=char_span(doc, cue.start, cue.end),
            content=[content],
            source=char_span(doc, src_start, src_end) if src_end > src_start else None,
            kind=self._kind_of(content),
            sentence=(sent.start_char, sent.end_char),
            cue_kind="noun",
            lemma=cue.lemma,
            strength=0.6,
            shape="noun",
            source_token=owner.i,
        )

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
            if len(head) == 1 and head[0].lower_ in QUESTION_LABELS:
                continue  # "Q: Will you raise taxes?": an interviewer's question in a transcript, no statement
            named = any(t.pos_ == "PROPN" or (t.is_upper and len(t.text) > 1) for t in head)
            if not named and not (len(head) <= 3 and all(t.is_title for t in head)):
                continue  # "Poll: Wealthy voters abandon …" is a headline too
            if any(c[0] <= doc[colon].idx < c[1] for c in taken):
                continue
            src = trim(doc, start, colon)
            if self.enabled(DATELINE) and self.is_place is not None and self.is_place(doc[src[0] : src[1]]):
                continue  # "Washington: The Senate passed …": a dateline names where, not who
            while src[0] < src[1] and doc[src[0]].text and doc[src[0]].text[0] in QUOTE_CHARS:
                src = (src[0] + 1, src[1])
            content_tokens = trim(doc, colon + 1, end)
            if content_tokens[1] - content_tokens[0] < 3 or src[1] <= src[0]:
                continue
            content = self._strip_unpaired_quotes(char_span(doc, *content_tokens))
            sent = doc[colon].sent
            result.append(
                Attribution(
                    cue=char_span(doc, colon, colon + 1),
                    content=[content],
                    source=char_span(doc, *src),
                    kind=self._kind_of(content),
                    sentence=(doc[start].idx, char_span(doc, start, end)[1]),
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
            and text[end - 1] in CLOSING_QUOTES
            and not any(c in OPENING_QUOTES for c in text[start : end - 1])
        ):
            end -= 1
        if (
            end > start
            and text[start] in OPENING_QUOTES
            and not any(c in CLOSING_QUOTES for c in text[start + 1 : end])
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
