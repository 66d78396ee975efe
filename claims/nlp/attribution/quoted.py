"""Quotes as contents: next to a cue, with the start of their sentence, and run on after it."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from claims.nlp.attribution.model import Attribution, BuilderState, CharSpan
from claims.nlp.attribution.syntax import (
    OPENING_QUOTES,
    SUBJECT_DEPS,
    char_span,
    is_participle_lead,
    only_marks,
    quote_style,
    quoted_as_saying,
    subject_of,
    trim,
)
from claims.nlp.lexicon import QUOTING_VERBS, RECIPIENT_VERBS, RELATIVE_PRONOUNS
from claims.nlp.quotes import Quote
from claims.nlp.rules import register_rule

# Tokens allowed between a quote and its cue: "…,” he told reporters on Monday."
_MAX_GAP_TOKENS = 10
# Parts of speech of a speaker's name and title: "Tulsa police Chief Chuck Jordan (D-Md.),".
_NAME_POS = frozenset({"PROPN", "NOUN", "ADJ", "DET", "NUM", "PUNCT", "PART"})
# A quote run on after its cue may continue into the next paragraph, not further.
_MAX_CONTINUATION_NEWLINES = 2
# The rest of a cue's clause before a quote resumes mid-sentence: '"…," Schiff told Capital Download on
# Wednesday, "but the attempt …"'.
_CUE_CLAUSE_TAIL = re.compile(r"[^.!?;:\"“”\n]{0,100},\s+")
# Longest stretch ("said Mr. X, a lawyer who …. ") allowed between a quote and the next one it runs on into.
_MAX_CONTINUATION_GAP = 300
# A short quote in title case right after "on", "to" or a possessive names a show or a paper, not speech:
# '"…," she said on “Meet the Press.”', 'he told NBC's “Today” on Monday'.
_TITLE_SMALL_WORDS = frozenset("a an the of and or in on with to for at by from".split())
_TITLE_LEAD = re.compile(r"(?:\b(?:on|to|in|with|during)|['’]s)\s+$", re.IGNORECASE)
_MAX_TITLE_WORDS = 8


_NEGATIONS = frozenset({"n't", "n’t", "not", "never"})
_CLAUSE_ENDS = frozenset({",", ";", ".", ":", "!", "?", "—", "–", "--"})
KEEP_NEGATION = register_rule("trim.keep-negation", "'that his expertise isn’t as advertised': never cut before n't")


def is_title_quote(text: str, q: Quote) -> bool:
    """Whether a quote names a show, a paper or a book ("on “Meet the Press”", "NBC's “Today”")."""
    if not _TITLE_LEAD.search(text[max(0, q.start - 12) : q.start]):
        return False
    words = re.findall(r"\w+(?:['’]\w+)*", text[q.start : q.end])
    if not words or len(words) > _MAX_TITLE_WORDS or not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_SMALL_WORDS for w in words)


def same_speaker(a: Attribution, b: Attribution) -> bool:
    return a.source is not None and a.source == b.source


class QuoteShapes(BuilderState):
    """Where a quote is the content of a cue, and which quotes continue it."""

    def _quote_before(self, verb: Token, cue_start: int, sent: Span) -> int | None:
        """Index of a quote ending just before the cue ("…,” he said), with only the cue's own clause (subject,
        adverbs, auxiliaries) and punctuation between them."""
        doc = self.doc
        subject = subject_of(verb)
        subject_tokens = set(range(subject.left_edge.i, subject.right_edge.i + 1)) if subject is not None else set()
        # '“…,” Medvedev was quoted as saying': the clause of the verb of quoting is the cue's own
        frame = verb.head.head if quoted_as_saying(verb) is not None else None
        i = cue_start - 1
        gap = 0
        while i >= 0 and gap <= _MAX_GAP_TOKENS:
            qi = self.in_quote[i]
            if qi >= 0:
                if self.quotes[qi].end > doc[cue_start].idx or self._ends_sentence_before(qi, i + 1):
                    return None
                return qi
            tok = doc[i]
            if tok.text in (".", "?", "!", ";") or "\n" in tok.text or tok.i < sent.start - 1:
                return None
            in_subject = tok.i in subject_tokens
            own = in_subject or (tok.head.i == verb.i and tok.dep_ in ("aux", "auxpass", "advmod", "neg"))
            own = own or (frame is not None and (tok.i == frame.i or any(a.i == frame.i for a in tok.ancestors)))
            if not (own or tok.is_punct):
                return None
            gap += 0 if in_subject else 1  # a long speaker ("Rep. Jim Jordan (R-Ohio), a panel member,") is fine
            i -= 1
        return None

    def _quote_and_name_before(self, cue_start: int) -> tuple[int | None, tuple[int, int] | None]:
        """A quote ending right before a run of name-like tokens that ends at the cue: (quote, name range)."""
        doc = self.doc
        i = cue_start - 1
        while i >= 0 and cue_start - i <= _MAX_GAP_TOKENS + 4:
            if self.in_quote[i] >= 0:
                name = trim(doc, i + 1, cue_start)
                has_name = any(t.pos_ == "PROPN" for t in doc[name[0] : name[1]])
                if name[1] > name[0] and has_name and not self._ends_sentence_before(self.in_quote[i], i + 1):
                    return self.in_quote[i], name
                return None, None
            token = doc[i]
            if token.text in (".", "?", "!", ";") or "\n" in token.text:
                return None, None
            if token.pos_ not in _NAME_POS and not token.is_title:
                return None, None
            i -= 1
        return None, None

    def _ends_sentence_before(self, qi: int, next_token: int) -> bool:
        """ "… is unhinged, even for him.” She says …": a quote closing its own sentence is not the content of a
        report that starts a new sentence with a pronoun or article."""
        inner = self.text[self.quotes[qi].start : self.quotes[qi].inner_end(self.text)].rstrip()
        if not inner.endswith((".", "!", "?")) or next_token >= len(self.doc):
            return False
        first = self.doc[next_token]
        return first.text[:1].isupper() and first.pos_ in ("PRON", "DET")

    def _quote_after(self, cue_end: int) -> int | None:
        """Index of a quote starting just after the cue (he said: “…”)."""
        doc = self.doc
        i = cue_end
        gap = 0
        newlines = 0
        while i < len(doc) and gap <= _MAX_GAP_TOKENS:
            qi = self.in_quote[i]
            if qi >= 0:
                return None if is_title_quote(self.text, self.quotes[qi]) else qi
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
            if tok.dep_ in ("dobj", "oprd") and doc[cue_end - 1].lemma_.lower() not in RECIPIENT_VERBS:
                return None  # "called him “a genius”": the quote is part of a phrase, not a quotation of speech
            gap += 1
            i += 1
        return None

    def _quotes_speech(self, lemma: str, qi: int, *, any_verb: bool = False) -> bool:
        """A quote after a verb of saying is its content when the quote closes the sentence ("he said: “…”"),
        not when it is a phrase inside it ("claimed “Trump exaggerates” the level of …"). With any_verb (a learned
        cue) the verb need not be a listed quoting verb."""
        if lemma not in QUOTING_VERBS and not any_verb:
            return False
        q = self.quotes[qi]
        end = self._sentence_end_after(max(q.start, q.end - 2))
        tail = self.text[q.end : max(end, q.end)].split("\n", 1)[0]
        return not tail.strip(" .,;:!?)\u00a0\n\"”’'")

    def _around_parenthetical_cue(self, verb: Token, cue_end: int, qi: int, sent: Span) -> list[CharSpan] | None:
        """ "The weapons his country has, he added, are like “nuclear bombs …”": a cue clause set off by commas
        inside a sentence that ends with a quote; the sentence around the cue clause is what was said."""
        doc = self.doc
        subject = subject_of(verb)
        first = self._token_at(self.quotes[qi].start)
        if subject is None or subject.i > verb.i or subject.lower_ in RELATIVE_PRONOUNS or first is None:
            return None
        commas = [i for i in range(cue_end, first) if doc[i].text == ","]
        left = subject.left_edge.i
        if not commas or left - 1 <= sent.start or doc[left - 1].text != ",":
            return None
        start, end = trim(doc, sent.start, left - 1)
        words = [t for t in doc[start:end] if not (t.is_punct or t.is_space)]
        if any(self.in_quote[t.i] >= 0 or t.text in (":", ";") for t in doc[start:end]):
            return None  # a quote of its own, or a colon: not the first half of this report
        if len(words) < 3 and not any(t.dep_ in (*SUBJECT_DEPS, "expl") and t.head.i >= cue_end for t in words):
            return None  # "But, he added, “…”": a short lead is the report's only when it is its subject
        if is_participle_lead(words[0]):
            return None  # "Asked to describe the device, O'Neill said, “…”": the occasion, not what was said
        rest = self._extend_to_quote(commas[0] + 1, first + 1)
        return [char_span(doc, start, end), (rest[0], self.quotes[qi].end)]

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
        lead = trim(doc, sent.start, first)
        words = [t for t in doc[lead[0] : lead[1]] if not (t.is_punct or t.is_space)]
        if len(words) < 2 or any(self.in_quote[t.i] >= 0 for t in words):
            return [(q.start, q.end)], "direct"
        if first > 0 and doc[first - 1].text == ":":
            return [(q.start, q.end)], "direct"  # "McCaskill scolded him: “…,” she said": the lead is a cue
        return [(doc[lead[0]].idx, q.end)], "mixed"

    def _extend_to_quote(self, start: int, end: int) -> CharSpan:
        """Character span of tokens, widened so that no quote is cut by the content's end, nor a negation."""
        end = self._keep_negation(start, end)
        cs, ce = char_span(self.doc, start, end)
        text = self.text
        for q in self.quotes:
            if q.start < cs < q.end and (only_marks(text[q.start : cs]) or ce >= q.end - 1):
                cs = q.start  # a content that runs to a quote's end takes all of it (the parser cut it at a stop)
            if cs <= q.start < ce < q.end:
                # A content that takes in the start of a quote runs to its end, across sentences: the parser ends
                # 'told Fox that "they hit Matt … ... What they are doing …"' at the quote's first full stop.
                ce = q.end
        return cs, ce

    def _keep_negation(self, start: int, end: int) -> int:
        """ "suggesting that his expertise isn’t as advertised": a content never ends just before "n't"/"not" (the
        parser may hang the negation and what follows on the cue); it runs on through the negated phrase."""
        doc = self.doc
        if end >= len(doc) or end <= start or doc[end].lower_ not in _NEGATIONS or not self.enabled(KEEP_NEGATION):
            return end
        head = doc[end].head
        if start <= head.i < end:
            new_end = max(end + 1, max(t.i for t in head.subtree) + 1)
        else:
            new_end = end + 1
            sent_end = doc[end].sent.end
            while new_end < sent_end and doc[new_end].text not in _CLAUSE_ENDS and self.in_quote[new_end] < 0:
                new_end += 1
        self.acted(KEEP_NEGATION)
        return new_end

    def _kind_of(self, content: CharSpan) -> str:
        start, end = content
        for q in self.quotes:
            if q.start <= start and end <= q.end:
                return "direct"
        if any(start <= q.start and q.end <= end for q in self.quotes):
            return "mixed"
        return "indirect"

    def _continue_quotes(self, found: list[Attribution]) -> None:
        """ "“A,” he said. “B.”" and "“A,” he said, “B.”": following quotes with no cue of their own belong to the
        same speaker; a quote that opens a sentence takes the rest of that sentence along."""
        for attribution in found:
            last_quote = (
                attribution.quotes[-1] if attribution.quotes else self._quote_ending_at(attribution.content[-1][1])
            )
            previous: Quote | None = self.quotes[last_quote] if last_quote is not None else None
            if last_quote is None:
                last_quote = self._quote_before_paraphrase_run(attribution)
            if last_quote is None:
                continue
            # Cues of other speakers stop the run; the speaker's own participle ("said Caddell, speaking of X.
            # “…”") does not.
            others = [a.cue[0] for a in found if a is not attribution and not same_speaker(a, attribution)]
            last_end = max(attribution.content[-1][1], attribution.cue[1])
            after_cue = attribution.cue[1] >= attribution.content[-1][1]
            qi = last_quote + 1
            while qi < len(self.quotes) and qi not in self.used_quotes:
                q = self.quotes[qi]
                gap = self.text[last_end : q.start]
                if is_title_quote(self.text, q) and not re.search(r"[.!?;\n]", gap) and len(gap) <= 100:
                    # '“A,” she said on “Meet the Press” Sunday. “B.”': the show's name is no part of what she said
                    last_end = q.end
                    qi += 1
                    continue
                mid_sentence = after_cue and qi == last_quote + 1 and _CUE_CLAUSE_TAIL.fullmatch(gap) is not None
                if not (mid_sentence or self._continues(gap, last_end, q, others, previous)):
                    break
                # (a paragraph ends the sentence: onrecord_paragraph_breaks starts one after each, and not after a
                # hard-wrapped line: '“We were lied to,” she⏎said.')
                q_sent_end = max(q.end, self._sentence_end_after(max(q.start, q.end - 2)))
                if any(q.end <= c < q_sent_end for c in others):
                    break
                tail = self.text[q.end : q_sent_end]
                piece_end = q.end if not tail.strip(" .,;!?\u00a0\n") else q.end + len(tail.rstrip(" .\u00a0\n"))
                attribution.content.append((q.start, piece_end))
                attribution.quotes.append(qi)
                self.used_quotes.add(qi)
                last_end = piece_end
                previous = q
                qi += 1

    def _quote_before_paraphrase_run(self, attribution: Attribution) -> int | None:
        """ "The administration may be reluctant to act, Schiff said. “The other factor …”", "Peskov said the West
        was lying. “They have always lied to us.”": a paraphrase runs on into the quote that follows in its
        paragraph, like a quote would. Returns the index of the last quote before that one, so the run starts at it
        (-1 when there is none)."""
        last = max(attribution.cue[1], attribution.content[-1][1])
        for qi, q in enumerate(self.quotes):
            if q.start >= last:
                return qi - 1
        return None

    def _continues(self, gap: str, gap_start: int, q: Quote, other_cues: list[int], previous: Quote | None) -> bool:
        """Whether nothing but punctuation, or the rest of the cue's own sentence, separates a quote from the
        content before it."""
        if gap.count("\n") > _MAX_CONTINUATION_NEWLINES:
            return False
        if "\n" in gap and (
            previous is None or quote_style(self.text[q.start]) != quote_style(self.text[previous.start])
        ):
            return False  # a new paragraph quoted in another style (or after a paraphrase) is someone else's quote
        if gap.strip(" ,:;—–-\u00a0\n").lower() in ("", "but", "and"):
            return True  # '"I love Larry," he said, but "when it comes to energy …"'
        body = gap.rstrip()
        if len(gap) > _MAX_CONTINUATION_GAP or not body or body[-1] not in ".!?" or gap == body:
            return False
        if any(ch in gap for ch in OPENING_QUOTES if ch not in "'"):
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
