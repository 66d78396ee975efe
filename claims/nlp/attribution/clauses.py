"""Clausal, phrasal and parenthetical contents: "said that …", "called for …", "X, he said, Y"."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from claims.nlp.attribution.quoted import QuoteShapes
from claims.nlp.attribution.syntax import (
    CLOSING_QUOTES,
    OPENING_QUOTES,
    SUBJECT_DEPS,
    before_adverbs,
    can_speak,
    is_participle_lead,
    last_word,
    set_off_participle,
    subject_of,
    trim,
)
from claims.nlp.cues import TIME_NOUNS, Cue, phrasal_end, says_when
from claims.nlp.dates import EVENT_NOUNS
from claims.nlp.lexicon import (
    CONTENT_PREPOSITIONS,
    CUE_VERBS,
    INFINITIVE_CONTENT_VERBS,
    NEEDS_CLAUSE_OR_PREP,
    NP_CONTENT_VERBS,
    OBJECT_NAMING_VERBS,
    QUESTION_VERBS,
    RECIPIENT_VERBS,
    RELATIVE_PRONOUNS,
    SPEECH_OCCASIONS,
    SPEECH_VERBS,
)
from claims.nlp.rules import register_rule

# Occasions after which the parse may hang the reported clause as a relative one ("said at a briefing that …").
OCCASION_NOUNS = EVENT_NOUNS | SPEECH_OCCASIONS | frozenset({"video", "message"})

# Prepositions that carry the rest of what was said after an object: "blamed X for Y", "cited X as Y".
OBJECT_PREPOSITIONS = frozenset({"for", "as", "of", "about"})
# Parts of a cue clause besides its subject: "he said in an interview on Monday", "he also said".
# Verbs whose bare object is never what was said ("speaks his mind", "pointed a finger"); not a naming verb, since
# "called the hearing", "called X a disgrace" (a naming the parser often misses) are reports (measured on dev).
_PREPOSITION_ONLY_VERBS = NEEDS_CLAUSE_OR_PREP - OBJECT_NAMING_VERBS
_CUE_CLAUSE_DEPS = ("aux", "auxpass", "neg", "advmod", "prep", "npadvmod", "agent", "dative", "prt", "tmod")
_SUBORDINATORS = frozenset({"while", "although", "though", "as", "when", "after", "before", "since", "if", "because"})
_CONCESSIVE_MARKS = frozenset({"although", "though", "whereas"})
_REASON_MARKS = frozenset({"because", "since", "unless"})
_PARENTHETICAL_DEPS = ("parataxis", "ROOT", "ccomp", "conj", "advcl")
_CLAUSE_BREAKS = frozenset({",", "—", "–", "―", "--", ";", ":"})
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
_OCCASION_PREPOSITIONS = frozenset({"in", "during"})
_COORDINATORS = frozenset({"and", "but", "while", "whereas", "yet"})
_CONTRAST_MARKS = frozenset({"while", "whereas"})
_PRONOUN_CONTENT = frozenset({"it", "this", "that", "so", "something", "anything", "nothing", "everything", "what"})


TRIM_LEADING_TIME = register_rule("trim.leading-time", "'told voters this weekend he would …': when, not what")
TRIM_NEXT_REPORT = register_rule("trim.next-report", "'said X, arguing that …': the speaker's next report starts")
TRIM_TRAILING_ASIDE = register_rule("trim.trailing-aside", "', which forced her …', ', a former governor': asides")
TRIM_LIST = register_rule("trim.list-not-appositive", "', the closure of loopholes and …, and': a list, not an aside")
EXTEND_WHOLE_LEAD = register_rule("trim.whole-lead", "a cue trailing its sentence reports the sentence up to it")
EXTEND_REASON = register_rule("trim.continued-clause", "'said X because Y', '…, but that Y': the report goes on")
EXTEND_COLON = register_rule("trim.colon-continues", "'said she has the quality: “Steadiness …”': on past a colon")
TRIM_OTHER_SUBJECT = register_rule(
    "trim.other-subject", "'said prices fell, while buyers doubled orders': a coordinated clause, its own subject"
)
TRIM_CUE_CONJUNCT = register_rule(
    "trim.cue-conjunct", "'wrote that “it is time,” and shared a link': a verb in the cue's form, not the clause's"
)
TRIM_DASH_APPOSITIVE = register_rule(
    "trim.dash-appositive", "'said the port will reopen — a promise the unions doubt': a gloss after a dash"
)
TRIM_TRAILING_OCCASION = register_rule(
    "trim.trailing-occasion", "'said X in an interview with a radio station': where it was said, not what"
)
TRIM_COMMA_GLOSS = register_rule(
    "trim.comma-gloss", "'said the port will reopen, a promise the unions doubt': a gloss after a comma"
)
DISTANT_PREPOSITION = register_rule(
    "trim.distant-preposition", "'spoke at the rally on Monday about X': a content preposition after circumstances"
)
THAT_AFTER_ASIDE = register_rule(
    "trim.that-after-aside", "'continues to insist, in a radio interview, that …': the clause after an aside"
)
THAT_AFTER_OCCASION = register_rule(
    "trim.that-after-occasion",
    "'said at a briefing that Washington was concerned': the clause the parse hung on the occasion is the content",
)
SKIP_ADVERBIAL_LEAD = register_rule("filter.adverbial-lead", "'Claiming X, Trump told Fox …': a lead-in, not content")


def deepest_right(token: Token) -> int:
    """Index of the last token under `token`. Token.right_edge stops short on a non-projective parse ("she
    suspected X was drunk — something a caller also told …", where the dash phrase hangs on X)."""
    last = token.i
    stack = [token]
    while stack:
        current = stack.pop()
        last = max(last, current.i)
        stack.extend(current.children)
    return last


class ClauseShapes(QuoteShapes):
    """What was said, read off the parse around a reporting verb."""

    def _has_complement_after(self, verb: Token, lemma: str) -> bool:
        """Whether the cue takes what was said after it ("said yes", "said that …"), so a quote before it is not
        its content."""
        content_preps = CONTENT_PREPOSITIONS.get(lemma, frozenset())
        for child in verb.rights:
            if child.dep_ in ("xcomp", "intj", "oprd"):
                return True
            if child.dep_ == "dobj" and lemma not in RECIPIENT_VERBS:
                return True
            if (
                child.dep_ == "prep"
                and verb.tag_ != "VBG"  # (a trailing participle is handled with the quote before it)
                and child.lower_ in content_preps
                and any(c.dep_ in ("pobj", "pcomp") for c in child.children)
            ):
                return True  # "called for a ceasefire": what was called for follows, not a quote before
        return False

    def _clause_content(self, verb: Token) -> tuple[int, int] | None:
        """The clause said, on the side of the verb that holds most of it."""
        before, after = self._clause_pieces(verb)
        if before and after:
            return after if after[1] - after[0] >= before[1] - before[0] else before
        return after or before

    def _clause_pieces(self, verb: Token) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
        """Token ranges of the clausal complements before and after the verb ("“A,” he said, “but B”")."""
        doc = self.doc
        before: tuple[int, int] | None = None
        after: tuple[int, int] | None = None
        after_heads: list[Token] = []
        for child in verb.children:
            unmarked = _is_unmarked_clause(verb, child)
            if child.dep_ != "ccomp" and not _is_indirect_question(verb, child) and not unmarked:
                continue
            if child.i < verb.i and set_off_participle(child) is not None:
                continue  # "The head of the agency, asked about the leak, said …": its subject, not what was said
            own_subject = any(c.dep_ in (*SUBJECT_DEPS, "expl") for c in child.children)
            if verb.dep_ == "relcl" and child.i > verb.i and not own_subject:
                continue  # "The loopholes he cited are …": the main verb, hung on the relative clause by the parser
            start, end = child.left_edge.i, deepest_right(child) + 1
            if unmarked:  # "said after the hearing she would …": the time phrase is the report's, not the clause's
                start = min(c.left_edge.i for c in child.children if c.dep_ in ("nsubj", "nsubjpass"))
            if child.i < verb.i:
                end = min(end, verb.i)
                before = (min(start, before[0]), max(end, before[1])) if before else (start, end)
            else:
                start = max(start, verb.i + 1)
                after = (min(start, after[0]), max(end, after[1])) if after else (start, end)
                after_heads.append(child)
        if after is not None and len(after_heads) >= 2:
            after = self._cut_at_second_reporter(after, after_heads)
        if after is not None and len(after_heads) == 1:
            after = (self._skip_leading_aside(after[0], after_heads[0]), after[1])
        if after is not None:
            after = (self._skip_leading_time(after[0], after[1]), after[1])
            end = max(after[1], self._continued_clause_end(verb, after[1]))
            end = self._cut_at_next_report(after[0], end, doc[after[0]])
            if len(after_heads) == 1:
                end = self._cut_at_other_subject(after_heads[0], end)
                end = self._cut_at_cue_conjunct(verb, after_heads[0], end)
            if end < len(doc) and doc[end].text == ":" and end + 1 < verb.sent.end and self.enabled(EXTEND_COLON):
                end = verb.sent.end  # "said she has the quality for the job: “Steadiness …”"
                self.acted(EXTEND_COLON)
            end = self._drop_trailing_aside(after[0], end, keep_relative=True)
            after = trim(doc, after[0], self._drop_trailing_occasion(after[0], end))
        if before is not None:
            end = self._cut_at_next_report(before[0], before[1], doc[before[0]])
            before = trim(doc, before[0], self._drop_trailing_aside(before[0], end, keep_relative=True))
            lead = doc[before[0]] if before[1] > before[0] else None
            if (
                lead is not None
                and (is_participle_lead(lead) or lead.lower_ in _SUBORDINATORS)
                and self.in_quote[lead.i] < 0
                and self.enabled(SKIP_ADVERBIAL_LEAD)
            ):
                before = None  # "Claiming X, Trump told Fox that …": an adverbial lead-in, not what was said
            elif (
                lead is not None
                and self.in_quote[lead.i] < 0
                and not any(t.pos_ in ("VERB", "AUX") for t in doc[before[0] : before[1]])
            ):
                before = None  # "In his 2002 book, …, Mr. McKinley suggested …": no clause, nothing said
        if after is not None and before is not None and after[1] > after[0]:
            opener = doc[after[0]]
            subject = subject_of(verb)
            set_off = subject is None or doc[subject.left_edge.i - 1].text in (",", *CLOSING_QUOTES)
            if (
                opener.lower_ in ("that", "whether", "if")
                or opener.text in OPENING_QUOTES
                or doc[after[0] - 1].text == ":"
                or not set_off  # "… fireworks on Friday: Republicans said they …": no comma, no parenthesis
            ):
                before = None  # "X happened, Kall said: “…”": the complement after the cue is what was said
        return (before if before and before[1] - before[0] >= 2 else None), (
            after if after and after[1] - after[0] >= 2 else None
        )

    def _skip_leading_time(self, start: int, end: int) -> int:
        """ "told African-Americans this weekend he would …": the parser hangs the cue's time phrase on the clause
        said; it says when, not what."""
        doc = self.doc
        if not self.enabled(TRIM_LEADING_TIME):
            return start
        for i in range(start, min(start + 3, end)):
            token = doc[i]
            is_time = token.dep_ in ("npadvmod", "tmod") and token.lemma_.lower() in TIME_NOUNS
            if (is_time or (token.dep_ == "prep" and says_when(token))) and token.left_edge.i == start:
                # "said last week Ukraine needed …", "said on Tuesday Russia was ready …"
                after_time = token.right_edge.i + 1
                if after_time < end - 2 and doc[after_time].dep_ in SUBJECT_DEPS:
                    self.acted(TRIM_LEADING_TIME)
                    return after_time
        return start

    def _whole_lead(self, clause: tuple[int, int], sent: Span) -> tuple[int, int]:
        """ "Clinton had told police she did not want it, but the NYPD overruled her, the source added.": a report
        whose cue trails the sentence covers the sentence up to the cue, not just the clause the parser hung on
        the verb, as long as that start is the writer's plain text (no quote, no colon)."""
        doc = self.doc
        lead = doc[sent.start : clause[0]]
        if not self.enabled(EXTEND_WHOLE_LEAD):
            return clause
        if any(self.in_quote[t.i] >= 0 or t.text in (":", ";") for t in lead):
            return clause
        if not any(t.pos_ in ("VERB", "AUX") for t in lead):
            return clause
        self.acted(EXTEND_WHOLE_LEAD)
        return trim(doc, sent.start, clause[1])

    def _drop_trailing_aside(self, start: int, end: int, *, keep_relative: bool = False) -> int:
        """The writer's asides at the end of a report are not part of it: ", which forced her …",
        ", a former governor …", ", citing …", ", although he refused …", "; they only learned …".
        With keep_relative, a ", which …" clause stays: after a reported clause ("said the museum would not be a
        panacea for the nation's racial struggles, which inflame …") it is more often still what was said (measured
        on dev), while after a reported noun phrase ("praised the proposals, which include …") or about a person
        (", who has never …") it is the writer's."""
        doc = self.doc
        if not self.enabled(TRIM_TRAILING_ASIDE):
            return end
        for i in range(start + 1, end):
            if i < start + 3 and not (doc[i - 1].text == "," and doc[i].lower_ in ("who", "which")):
                continue  # (only a relative clause is set off that close to the start: "Trump, who says …")
            if doc[i].text == ";" and self.in_quote[i] < 0 and not doc[i - 1].text.startswith("&"):
                self.acted(TRIM_TRAILING_ASIDE)
                return i  # (not the end of an HTML entity like "&quot;")
            if (
                doc[i - 1].text == ","
                and doc[i].lower_ in ("a", "an")
                and self.in_quote[i - 1] < 0
                and self.enabled(TRIM_COMMA_GLOSS)
                and _closing_noun_phrase(doc, i, end) is not None
                and not _closes_a_list(doc, i, end)
                and not any(self.in_quote[j] >= 0 for j in range(i, end))
            ):
                # "said the person would not be hurt at his rally, a swipe at his rival's crowds": the writer's gloss
                self.acted(TRIM_COMMA_GLOSS)
                return i - 1
            elif doc[i - 1].text == ",":
                cut = i - 1
            elif doc[i - 1].text in ("—", "–", "--") and self.in_quote[i - 1] < 0 and doc[i].tag_ == "VBG":
                cut = i - 1  # "… “nothing wrong with that” — asserting that …": a dash sets off a participle too
            elif (
                doc[i - 1].text in _DASHES
                and self.in_quote[i - 1] < 0
                and self.enabled(TRIM_DASH_APPOSITIVE)
                and _closing_noun_phrase(doc, i, end) is not None
                and not any(doc[j].text in _DASHES for j in range(start, i - 1))  # (a pair: "X -- and Y -- Z")
                and not any(self.in_quote[j] >= 0 or doc[j].text in _DASHES for j in range(i, end))
            ):
                # "said the port will reopen in May — a promise the unions doubt": the writer's gloss
                self.acted(TRIM_DASH_APPOSITIVE)
                return i - 1
            elif doc[i - 1].text in CLOSING_QUOTES and doc[i - 2].text == ",":
                cut = i  # 'things “should be wrapped up by Cleveland,” referring to …': the comma sits inside the quote
            else:
                continue
            token = doc[i]
            head = token.head
            aside = None
            if token.lower_ in ("which", "who", "whom", "whose") and head.dep_ == "relcl":
                if keep_relative and token.lower_ == "which" and not _reports_again(head):
                    continue
                aside = head
            elif token.lower_ == "which" and (said := _relative_report(token)) is not None:
                aside = said  # ", which he said was later found …": the parser hangs "which" inside the report
            elif token.lower_ in ("where", "when") and head.dep_ == "relcl":
                aside = head  # ", where 18 electoral votes are up for grabs": the writer's aside about a place
            elif token.tag_ == "VBG" and token.dep_ in ("advcl", "acl", "xcomp"):
                if keep_relative and token.lemma_.lower() not in CUE_VERBS:
                    continue
                aside = token
            elif token.dep_ == "advmod" and head.i == i + 1 and head.tag_ == "VBG" and head.dep_ in ("advcl", "acl"):
                aside = head  # ", implicitly putting his name on the line"
            elif token.lower_ in _CONCESSIVE_MARKS and token.dep_ == "mark":
                aside = head
            elif token.lower_ in ("including", "such") and token.dep_ in ("prep", "amod"):
                continue  # "promote past victories, including those of Nixon": an example is part of what was said
            else:
                for candidate in (token, *token.ancestors):
                    if candidate.dep_ == "appos" and candidate.left_edge.i == i:
                        if not (self.enabled(TRIM_LIST) and _closes_a_list(doc, i, end)):
                            aside = candidate
                        else:
                            self.acted(TRIM_LIST)
                        break
                    if candidate.i < i or candidate.i >= end:
                        break
            if aside is not None and token.lower_ == "who" and aside.dep_ == "relcl":
                aside = _relative_run_on(aside, end)
            if aside is not None and aside.left_edge.i >= i and aside.right_edge.i + 1 >= last_word(doc, start, end):
                if any(self.in_quote[j] >= 0 for j in range(i, end)):
                    continue  # ", which “will make Ukraine incapable …”": the speaker's own words, not an aside
                self.acted(TRIM_TRAILING_ASIDE)
                return cut
        return end

    def _continued_clause_end(self, verb: Token, end: int) -> int:
        """ "said X because Y": the parser hangs the because-clause on the cue verb, but it continues what was
        said. A coordinated clause ("said X, but Y happened") is more often the writer's own (measured on dev),
        unless it quotes the speaker ("…, and there was “no evidence” yet")."""
        if not self.enabled(EXTEND_REASON):
            return end
        original = end
        for child in verb.rights:
            if child.i < end:
                continue
            if child.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _REASON_MARKS for c in child.children):
                end = deepest_right(child) + 1
            elif child.dep_ == "conj" and child.lemma_.lower() not in SPEECH_VERBS and self._quotes_in(child):
                end = deepest_right(child) + 1
            elif child.dep_ == "conj" and subject_of(child) is not None and _that_clause(child):
                # "said X, but that Y": a second that-clause is a second complement of the same cue
                end = deepest_right(child) + 1
            elif child.dep_ in ("punct", "cc"):
                continue
            else:
                break
        if end > original:
            self.acted(EXTEND_REASON)
        return end

    def _quotes_in(self, head: Token) -> bool:
        return any(self.in_quote[i] >= 0 for i in range(head.left_edge.i, head.right_edge.i + 1))

    def _cut_at_next_report(self, start: int, end: int, clause_head: Token) -> int:
        """ "said he would review it, arguing that …" / "… and warned that …": a reporting participle or a
        past-tense report after a comma or "and" starts the speaker's next report, not more of this one."""
        doc = self.doc
        if not self.enabled(TRIM_NEXT_REPORT):
            return end
        for i in range(start + 1, end):
            token = doc[i]
            if token.i == clause_head.i or token.lemma_.lower() not in SPEECH_VERBS:
                continue
            subject = subject_of(token)
            previous = before_adverbs(token)
            if (
                token.dep_ == "conj"
                and token.tag_ in ("VBD", "VBZ")
                and subject is not None
                and subject.pos_ in ("PROPN", "NOUN")
                and doc[subject.left_edge.i - 1].lower_ in ("and", "but", "while", "whereas")
                and self.in_quote[i] < 0
            ):
                self.acted(TRIM_NEXT_REPORT)
                return subject.left_edge.i - 1  # "Republicans said X and Democrats accused Y": a second speaker
            if token.dep_ not in ("advcl", "conj", "xcomp", "parataxis") or subject is not None:
                continue
            after_and = token.tag_ in ("VBD", "VBZ") and previous.lower_ == "and"
            if (
                (token.tag_ == "VBG" and previous.text == ",")
                or (after_and and clause_head.tag_ not in ("VBD", "VBZ"))
                or (after_and and doc[previous.i - 1].text == ",")  # "that X was on track, and later told MPs: …"
            ):
                self.acted(TRIM_NEXT_REPORT)
                return previous.i
        return end

    def _drop_trailing_occasion(self, start: int, end: int) -> int:
        """ "said his campaign does not want “that kind of help” in an interview with a radio station on Sunday":
        a closing phrase that names where or how it was said belongs to the cue (the parser hangs it on the
        clause said)."""
        doc = self.doc
        if not self.enabled(TRIM_TRAILING_OCCASION):
            return end
        last = last_word(doc, start, end)
        for i in range(start + 3, last):
            token = doc[i]
            if token.dep_ != "prep" or token.lower_ not in _OCCASION_PREPOSITIONS or self.in_quote[i] >= 0:
                continue
            objects = [c for c in token.children if c.dep_ == "pobj"]
            if not objects or objects[0].lower_ not in SPEECH_OCCASIONS or token.head.i >= i:
                continue
            if not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in objects[0].children):
                continue  # ("to take part in media interviews": an event, not the occasion of this report)
            if deepest_right(token) + 1 < last or any(self.in_quote[j] >= 0 for j in range(i, last)):
                continue
            cut = i - 1 if doc[i - 1].text == "," else i
            self.acted(TRIM_TRAILING_OCCASION)
            return cut
        return end

    def _cut_at_other_subject(self, clause: Token, end: int) -> int:
        """ "said prices have fallen, while the biggest buyers have doubled their orders", "said they were worried,
        and nearly half want a new government": a clause with a subject of its own, coordinated after a comma with
        the clause said, is the writer's next statement (the parser hangs it on the clause said)."""
        doc = self.doc
        if not self.enabled(TRIM_OTHER_SUBJECT) or _that_clause(clause):
            return end  # ("noted that X, and some speculated Y": "that" opens a clause the second one may share)
        for child in clause.rights:
            contrast = child.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in _CONTRAST_MARKS and c.i < child.i for c in child.children
            )
            if child.dep_ != "conj" and not contrast:
                continue
            if child.i >= end or subject_of(child) is None:
                continue
            if self._quotes_in(child) and child.lemma_.lower() not in SPEECH_VERBS:
                continue  # (a clause that quotes the speaker goes on with the report, unless it reports anew)
            start = child.left_edge.i
            while start > clause.i and doc[start - 1].dep_ in ("cc", "punct", "mark"):
                start -= 1  # back over ", and", ", but", ", while"
            opener = start
            while opener < child.i and doc[opener].dep_ in ("cc", "punct", "mark"):
                opener += 1
            words = {t.lower_ for t in doc[start:opener]}
            if "," not in words or not words & _COORDINATORS or _that_clause(child):
                continue  # ("said X, but that Y": a second complement of the same cue)
            self.acted(TRIM_OTHER_SUBJECT)
            return min(end, start)
        return end

    def _cut_at_second_reporter(self, after: tuple[int, int], heads: list[Token]) -> tuple[int, int]:
        """ "Republicans said they are convinced X mishandled it and Democrats accused the GOP of …": the parser
        hangs a second speaker's verb on the first cue as a second clause (and its subject on the first clause's
        object); the report ends at the "and" before the second speaker."""
        doc = self.doc
        first, last = heads[-2], heads[-1]
        if (
            not self.enabled(TRIM_NEXT_REPORT)
            or last.lemma_.lower() not in SPEECH_VERBS
            or last.tag_ not in _FINITE_TAGS
            or subject_of(last) is not None
            or self.in_quote[last.i] >= 0
        ):
            return after
        joints = [j for j in range(first.i + 1, last.i) if doc[j].lower_ in ("and", "but") and doc[j].dep_ == "cc"]
        if not joints or not any(doc[j].pos_ in ("PROPN", "NOUN") for j in range(joints[-1] + 1, last.i)):
            return after
        self.acted(TRIM_NEXT_REPORT)
        return (after[0], joints[-1])

    def _cut_at_cue_conjunct(self, verb: Token, clause: Token, end: int) -> int:
        """ "wrote that “it is time to go,” and shared a link", "telling them he is a “faker” and questioning how
        …": a verb without a subject of its own, coordinated with the clause said but in the form of the cue verb
        and not of that clause, goes on with what the speaker did (the parser hangs it on the clause said). A
        finite one must be set off by a comma or a closing quote ("insists the party must be X, and has championed
        …")."""
        doc = self.doc
        if not self.enabled(TRIM_CUE_CONJUNCT):
            return end
        for child in clause.rights:
            if child.dep_ != "conj" or child.i >= end or child.pos_ != "VERB":
                continue
            if subject_of(child) is not None or self.in_quote[child.i] >= 0:
                continue
            form = _finite_form(child)
            start = child.left_edge.i
            while start > clause.i and doc[start - 1].dep_ in ("cc", "punct"):
                start -= 1  # back over ", and"
            set_off = any(doc[j].text in (",", *CLOSING_QUOTES) for j in range(start, child.left_edge.i))
            # "told reporters that Moscow had no illusions, but did not comment on the strikes": what the speaker
            # did not say, after ", but", is the writer's report, whatever the tense of the clause said.
            declined = (
                set_off
                and child.lemma_.lower() in SPEECH_VERBS
                and any(doc[j].lower_ == "but" for j in range(start, child.left_edge.i))
                and any(c.dep_ == "neg" for c in child.children)
                and not any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in child.children)
            )  # (", but had complained about its terms" is what the reported people did)
            if not declined and (form != _finite_form(verb) or form == _finite_form(clause)):
                continue
            if form != "VBG" and not set_off:
                continue  # (a finite verb is as often the clause's own, "said he was born here and was …")
            self.acted(TRIM_CUE_CONJUNCT)
            return min(end, start)
        return end

    def _object_content(self, verb: Token, lemma: str) -> tuple[int, int] | None:
        """What follows a verb that takes what was said as a phrase: "called for a moratorium", "urged them to
        agree", "criticized Tulsa police for shooting …", "cited remarks as examples of …"."""
        doc = self.doc
        allowed_preps = CONTENT_PREPOSITIONS.get(lemma, frozenset()) | OBJECT_PREPOSITIONS
        np_verb = lemma in NP_CONTENT_VERBS or lemma in CONTENT_PREPOSITIONS
        pieces: list[Token] = []
        has_object = False
        cue_end = phrasal_end(verb)
        for child in verb.rights:
            dep = child.dep_
            if dep == "prt" and child.i == verb.i + 1:
                continue  # "pointed out" is part of the cue
            if dep == "punct" and child.text in OPENING_QUOTES:
                continue  # 'reported “2,521 shooting incidents”': the parser hangs the opening mark on the verb
            if dep in ("dobj", "dative"):
                content_preps = CONTENT_PREPOSITIONS.get(lemma, frozenset())
                if (
                    lemma in RECIPIENT_VERBS
                    and not (lemma in NP_CONTENT_VERBS and not can_speak(child))  # "urged restraint", "warned …"
                    and not any(
                        c.dep_ in ("xcomp", "ccomp", "oprd")
                        or (c.dep_ == "prep" and c.lower_ in content_preps)
                        or _is_infinitive_advcl(c)
                        for c in verb.rights
                    )
                ):
                    return None  # "told reporters": the hearer, not what was said (but "asked him about …" is)
                pieces.append(child)
                has_object = has_object or dep == "dobj"
            elif dep in ("xcomp", "oprd", "ccomp") and (pieces or lemma in INFINITIVE_CONTENT_VERBS or np_verb):
                pieces.append(child)
            elif has_object and lemma in RECIPIENT_VERBS and _is_infinitive_advcl(child):
                pieces.append(child)  # "tells his supporters at a rally to “go …”": the parser reads an adverbial
            elif (
                dep in ("prep", "prt")
                and child.lower_ in allowed_preps
                and (pieces or child.i <= max(verb.i + 1, cue_end - 1))
                and not (dep == "prep" and says_when(child))
            ):
                pieces.append(child)
            elif not pieces and self._is_distant_content_preposition(verb, child, lemma):
                pieces.append(child)  # "spoke at the town hall on Monday about the hospital"
            elif pieces and dep in ("prep", "npadvmod", "advmod", "oprd", "acomp", "attr"):
                pieces.append(child)  # "attacked other candidates on stage for accepting …", "cited X Tuesday"
            elif (
                pieces
                and dep == "conj"
                and subject_of(child) is None
                and child.lemma_.lower() not in SPEECH_VERBS
                and child.tag_ not in _FINITE_TAGS
            ):
                # "agreed to share a currency and rely on …" continues what was said; a finite verb ("promised a
                # veto and attempted to …", "praised X but also had to …") is the subject's next act (measured on dev)
                pieces.append(child)
            elif pieces and dep in ("cc", "punct") and child.text not in (".", ";", ":", "—", "--"):
                continue
            elif not pieces and dep == "advcl" and (mark := _content_mark(verb, child, lemma)) is not None:
                # "called for the United States to step up its efforts": the parser reads "for" as the mark of an
                # infinitive clause with its own subject; that clause is what was called for.
                start, end = mark.i + 1, deepest_right(child) + 1
                return trim(doc, start, self._drop_trailing_aside(start, end))
            elif pieces or dep in ("punct", "cc", "conj", "advcl"):
                break
        while len(pieces) > 1 and _is_circumstance(pieces[-1], allowed_preps) and not _is_infinitive_advcl(pieces[-1]):
            pieces.pop()  # "attacked Machado in early-morning tweets": when and where it was said, not what
        if not pieces:
            return None
        first = pieces[0]
        distant = first.dep_ == "prep" and first.i > max(verb.i + 1, cue_end - 1)
        if first.dep_ in ("prep", "prt") and (first.i in (verb.i + 1, cue_end - 1) or distant) and first.i < len(doc):
            # Phrasal cue: the preposition belongs to the cue ("called for"), the content starts after it.
            inner = [c for c in first.children if c.dep_ in ("pobj", "pcomp")]
            start = inner[0].left_edge.i if inner else first.i + 1
        else:
            start = first.left_edge.i
        if start <= verb.i:
            return None
        if not np_verb and not any(p.dep_ in ("xcomp", "ccomp", "oprd") or _is_infinitive_advcl(p) for p in pieces):
            return None
        if (
            lemma in _PREPOSITION_ONLY_VERBS
            and cue_end == verb.i + 1
            and not any(
                p.dep_ in ("xcomp", "ccomp", "oprd")
                or (p.dep_ in ("prep", "prt") and p.lower_ in CONTENT_PREPOSITIONS.get(lemma, frozenset()))
                for p in pieces
            )
        ):
            return None  # "speaks Spanish", "spoke 77 minutes", "pointing a finger": a bare object is not what was said
        if lemma == "express" and not any(_states_an_attitude(p) for p in pieces):
            return None  # "expressed its goals in the conflict": no attitude toward anything, nothing said
        if has_object and len(pieces) == 1:
            obj = pieces[0]
            if obj.lower_ in _PRONOUN_CONTENT and obj.left_edge.i == obj.right_edge.i:
                return None
        return trim(doc, start, self._drop_trailing_aside(start, deepest_right(pieces[-1]) + 1))

    def _is_distant_content_preposition(self, verb: Token, child: Token, lemma: str) -> bool:
        """ "spoke at the town hall on Monday about the hospital", "has twice complained to the ministry since March
        about …": the verb's content preposition after the phrases that say where, when and to whom it was said."""
        if not self.enabled(DISTANT_PREPOSITION) or child.dep_ != "prep" or child.i <= verb.i + 1:
            return False
        if child.lower_ not in CONTENT_PREPOSITIONS.get(lemma, frozenset()) or child.lower_ in _PLACE_PREPOSITIONS:
            return False  # ("spoke to reporters on camera", "responded on Twitter with a photo": how, not what)
        if not any(c.dep_ in ("pobj", "pcomp") for c in child.children) or says_when(child):
            return False  # "argued in court for hours", "spoke on Tuesday"
        content_preps = CONTENT_PREPOSITIONS[lemma]
        for between in verb.children:
            if not verb.i < between.i < child.i:
                continue
            if between.dep_ not in _CIRCUMSTANCE_DEPS:
                return False
            if between.lower_ in content_preps and not says_when(between):
                return False  # "spoke of X …": the nearer preposition already says what about
        self.acted(DISTANT_PREPOSITION)
        return True

    def _colon_content(self, cue_end: int, sent: Span) -> tuple[int, int] | None:
        doc = self.doc
        i = cue_end
        while i < sent.end and (
            doc[i].dep_ in ("prep", "pobj", "det", "amod", "dative", "dobj", "advmod") and doc[i].text != ":"
        ):
            i += 1
            if i - cue_end > 6:
                return None
        if i >= len(doc) or doc[i].text != ":":
            return None
        if i + 1 < len(doc) and "\n" not in doc[i + 1].text:
            start, end = trim(doc, i + 1, sent.end)
            return (start, end) if end - start >= 3 else None
        if i + 1 < len(doc):
            # "The governor added:" then the words as a paragraph of their own, without quote marks.
            start = i + 2
            end = start
            while end < len(doc) and "\n" not in doc[end].text:
                end += 1
            start, end = trim(doc, start, end)
            return (start, end) if end - start >= 3 else None
        return None

    def _parenthetical_content(
        self, verb: Token, sent: Span, source: Token | None, *, resumes_with_and: bool = False
    ) -> list[tuple[int, int]]:
        """ "Those talks continue, he said." / "But, he said, officials should be vigilant." — the cue clause is
        set off by commas and the rest of the sentence is what was said. With resumes_with_and, a clause before the
        cue may go on after it with "and" ("X paid 9 percent, the office said, and Y paid 1 percent")."""
        doc = self.doc
        if source is None or subject_of(verb) is None or verb.dep_ not in _PARENTHETICAL_DEPS:
            return []
        if source.lower_ in RELATIVE_PRONOUNS:
            return []
        if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in SPEECH_VERBS:
            return []  # "“We agree,” the ministry said": the clause is what the ministry said, not a parenthesis
        content_preps = CONTENT_PREPOSITIONS.get(verb.lemma_.lower(), frozenset()) | OBJECT_PREPOSITIONS
        for child in verb.children:
            if child.dep_ == "mark" or (child.dep_ in ("prep", "prt") and child.lower_ in content_preps):
                return []  # "When veterans ask for help, …", "complained about his mic": not a parenthesis
        clause = {verb.i}
        for child in verb.children:
            if (
                child.dep_ in SUBJECT_DEPS
                or child.dep_ in _CUE_CLAUSE_DEPS
                or (child.dep_ == "dobj" and verb.lemma_.lower() in RECIPIENT_VERBS)
            ):
                clause.update(range(child.left_edge.i, child.right_edge.i + 1))
        left, right = min(clause), max(clause) + 1
        if left < sent.start or right > sent.end:
            return []
        pieces = []
        start, end = sent.start, sent.end
        host = verb.head
        if verb.dep_ == "parataxis" and host.dep_ == "relcl" and sent.start < host.left_edge.i < left:
            # "near the stadium, which, Tompkins said, is usually full": the report is the relative clause
            start, end = host.left_edge.i, min(end, deepest_right(host) + 1)
        before = trim(doc, start, left)
        after = trim(doc, right, end)
        if before[1] > before[0]:
            if doc[left - 1].text not in _CLAUSE_BREAKS:
                return []
            pieces.append(before)
        if after[1] > after[0]:
            if right >= len(doc) or doc[right].text not in _CLAUSE_BREAKS:
                return []
            opener = doc[after[0]]
            resumed = resumes_with_and and opener.lower_ == "and" and before[1] > before[0]
            if (opener.dep_ == "cc" or opener.lower_ in ("but", "and", "or", "so", "yet")) and not resumed:
                return []  # "asked them about it, but they refused": a new clause, not what was said
            if doc[after[0]].tag_ == "VBG" and doc[after[0]].dep_ not in ("csubj", "nsubj"):
                # "…, arguing that …": the speaker's next report, not the rest of this one (but "…, he said,
                # replacing Clinton would be …" opens the rest of what was said with a gerund subject)
                return []
            pieces.append(after)
        if sum(end - start for start, end in pieces) < 3:
            return []
        return [(start, self._drop_trailing_aside(start, end, keep_relative=True)) for start, end in pieces]

    def _as_clause_host(self, verb: Token, sent: Span) -> list[tuple[int, int]] | None:
        """ "As Mr. Brown observed, the council would act quickly." / "…, as police have said.": a cue in an
        as-clause vouches for the clause it hangs on, which is what was said (without the as-clause itself)."""
        marks = [c for c in verb.children if c.dep_ == "mark" and c.lower_ == "as"]
        if verb.dep_ != "advcl" or not marks:
            return None
        if marks[0].i > 0 and self.doc[marks[0].i - 1].lower_ in ("even", "just"):
            return None  # "even as he says …": a concession, not a source vouching for the clause
        lemma = verb.lemma_.lower()
        content_preps = CONTENT_PREPOSITIONS.get(lemma, frozenset())
        phrasal = any(c.dep_ == "prt" for c in verb.children)  # "as experts have pointed out"
        put_it = lemma == "put"  # "as Johnson put it": the "it" is the clause it hangs on
        if (lemma in NEEDS_CLAUSE_OR_PREP and not phrasal) or any(
            (c.dep_ in ("dobj", "ccomp", "xcomp", "dative", "oprd") and not (put_it and c.lower_ == "it"))
            or (c.dep_ == "prep" and c.lower_ in content_preps)
            for c in verb.children
        ):
            return None  # "as officials praised the protests", "as she called for …": "as" means while
        host = verb.head
        doc = self.doc
        start, end = max(host.left_edge.i, sent.start), min(host.right_edge.i + 1, sent.end)
        inner_start, inner_end = verb.left_edge.i, verb.right_edge.i + 1
        pieces = [trim(doc, start, inner_start), trim(doc, inner_end, end)]
        pieces = [(a, self._drop_trailing_aside(a, b, keep_relative=True)) for a, b in pieces if b - a > 0]
        if sum(b - a for a, b in pieces) < 3:
            return None
        if not put_it and any(self.in_quote[i] >= 0 for a, b in pieces for i in (a, b - 1)):
            return None  # a quoted host is someone's own words, found by the quote shapes (not by "put it")
        return pieces

    def _skip_leading_aside(self, start: int, clause: Token) -> int:
        """ "reported, citing people familiar with the matter, that …": the parser put the aside set off by
        commas into the that-clause; what was said starts at "that"."""
        doc = self.doc
        lead = doc[start]
        if not (lead.tag_ in ("VBG", "VBN") or lead.dep_ == "prep") or not self.enabled(THAT_AFTER_ASIDE):
            return start
        for i in range(start + 1, min(clause.i, start + _MAX_ASIDE + 2)):
            token = doc[i]
            if token.lower_ == "that" and token.dep_ == "mark" and token.head.i == clause.i and doc[i - 1].text == ",":
                self.acted(THAT_AFTER_ASIDE)
                return i
        return start

    def _that_clause(self, cue: Cue, verb: Token, sent: Span) -> tuple[int, int] | None:
        """A that-clause the parser hung elsewhere: "warned in a letter to congressional leaders that …",
        "He ** that …", "continues to insist, most recently in a radio interview, that …" (an aside set off by
        commas right after the cue)."""
        doc = self.doc
        if cue.end < sent.end and doc[cue.end].text == "," and self.enabled(THAT_AFTER_ASIDE):
            last = min(cue.end + 2 + _MAX_ASIDE, sent.end - 1)
            close = next((j for j in range(cue.end + 2, last) if doc[j].text in _CLAUSE_BREAKS), None)
            if (
                close is not None
                and doc[close].text == ","
                and doc[close + 1].lower_ == "that"
                and not any(t.pos_ == "VERB" for t in doc[cue.end + 1 : close])
            ):
                clause = self._that_clause_at(close + 1, cue, sent)
                if clause is not None:
                    self.acted(THAT_AFTER_ASIDE)
                return clause
        for i in range(cue.end, min(cue.end + _THAT_CLAUSE_WINDOW, sent.end)):
            token = doc[i]
            if token.lower_ == "that" and token.dep_ in ("mark", "advmod") and token.head.i > i:
                return self._that_clause_at(i, cue, sent)
            if token.lower_ == "that" and self.enabled(THAT_AFTER_OCCASION):
                clause = self._that_after_occasion(i, verb, sent)
                if clause is not None:
                    self.acted(THAT_AFTER_OCCASION)
                    return clause
            if token.text == "," and token.head.pos_ == "PROPN" and token.head.i > verb.i:
                continue  # a comma inside a name ("at a Manchester, New Hampshire, diner that …")
            if token.tag_ in ("VBN", "VBG") and token.dep_ == "acl" and token.head.lemma_.lower() in OCCASION_NOUNS:
                continue  # "said in a statement released on Monday that …": the occasion's own participle
            if token.text in (",", ";", ".", ":") or (
                token.pos_ == "VERB" and token.i != verb.i and token.dep_ != "prep"
            ):
                return None  # (a participle used as a preposition, "said following the vote that …", goes on)
        return None

    def _that_after_occasion(self, i: int, verb: Token, sent: Span) -> tuple[int, int] | None:
        """ "said at a briefing that Washington was concerned", "told parliament in a speech that mobilisation was
        painful": the parser reads "that" as a relative pronoun or a determiner and the clause as one describing
        the occasion, but a clause with a subject of its own after the cue's occasion is what was said."""
        doc = self.doc
        occasion = doc[i - 1]
        if occasion.lemma_.lower() not in OCCASION_NOUNS or occasion.dep_ != "pobj" or occasion.head.head.i != verb.i:
            return None
        that = doc[i]
        if that.dep_ == "pobj":
            return None  # "a summit that leaders had waited for"
        clause_verb = that.head if that.dep_ in ("dobj", "nsubj", "nsubjpass") else that.head.head
        if clause_verb.dep_ != "relcl" or clause_verb.head.i != occasion.i:
            return None
        subjects = [c for c in clause_verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i != that.i]
        if not subjects or subjects[0].i < i:
            return None  # the clause has no subject of its own: a relative one
        if that.dep_ == "dobj" and not any(c.dep_ == "auxpass" for c in clause_verb.children):
            return None  # "at the meeting that he chaired": "that" is what he chaired
        if any(
            c.dep_ == "prep" and not any(g.dep_ in ("pobj", "pcomp") for g in c.children) for c in clause_verb.children
        ):
            return None  # "at a summit that leaders had long waited for": a stranded preposition
        start, end = trim(doc, i, min(deepest_right(clause_verb) + 1, sent.end))
        return (start, end) if end - start >= 3 else None

    def _that_clause_at(self, i: int, cue: Cue, sent: Span) -> tuple[int, int] | None:
        """The clause that the complementizer "that" at i opens, up to the end of its head's subtree."""
        doc = self.doc
        token = doc[i]
        if token.dep_ not in ("mark", "advmod") or token.head.i <= i:
            return None
        end = max(deepest_right(token.head) + 1, i + 2)
        if cue.kind == "censored":
            end = sent.end
        start, end = trim(doc, i, min(end, sent.end))
        return (start, end) if end - start >= 3 else None

    def _censored_subject(self, cue: Cue) -> Token | None:
        """ "He ** that …": a censored reporting verb; the subject is the noun phrase right before it."""
        doc = self.doc
        i = cue.start - 1
        while i >= 0 and doc[i].pos_ in ("ADV",):
            i -= 1
        if i >= 0 and doc[i].pos_ in ("PRON", "PROPN", "NOUN"):
            return doc[i]
        return None


_ATTITUDE_PREPOSITIONS = frozenset({"about", "over", "with", "for", "at", "on", "regarding", "toward", "towards"})


def _states_an_attitude(obj: Token) -> bool:
    """Whether an expressed object says what the attitude is about: "concern that …", "outrage over …"."""
    return obj.dep_ == "dobj" and any(
        (c.dep_ == "prep" and c.lower_ in _ATTITUDE_PREPOSITIONS) or c.dep_ in ("acl", "ccomp", "relcl")
        for c in obj.rights
    )


# Tokens between a cue and the "that" of a clause the parser hung elsewhere ("warned in a letter to … that").
_THAT_CLAUSE_WINDOW = 12
# Tokens of an aside between commas before that "that" ("insisted, most recently in a radio interview, that").
_MAX_ASIDE = 12

# What may stand between a verb and a distant content preposition: where, when, how and to whom it was said.
_CIRCUMSTANCE_DEPS = frozenset({"prep", "advmod", "npadvmod", "tmod", "prt"})
# Content prepositions that, away from the verb, more often say where or by what means it was said.
_PLACE_PREPOSITIONS = frozenset({"on", "to", "with", "by"})


_DASHES = frozenset({"—", "–", "--", "―"})


def _closing_noun_phrase(doc: Doc, start: int, end: int) -> Token | None:
    """The head of a noun phrase that runs from `start` to the end of the content (after a dash), not a clause:
    "— a promise the unions doubt", "— all firms that he has criticised"."""
    roots = [t for t in doc[start:end] if not start <= t.head.i < end or t.head is t]
    if len(roots) != 1 or roots[0].pos_ not in ("NOUN", "PROPN") or subject_of(roots[0]) is not None:
        return None
    root = roots[0]
    return root if root.dep_ not in ("nsubj", "nsubjpass") else None


def _content_mark(verb: Token, clause: Token, lemma: str) -> Token | None:
    """The content preposition opening an infinitive clause right after the verb ("called for X to resign")."""
    marks = [c for c in clause.children if c.dep_ == "mark" and c.lower_ in CONTENT_PREPOSITIONS.get(lemma, ())]
    if not marks or marks[0].i != clause.left_edge.i or marks[0].i > verb.i + 2:
        return None
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
        return None
    return marks[0]


def _relative_run_on(relative: Token, end: int) -> Token:
    """ ", who was his chief of staff then and is now …": the parser hangs the second verb of the relative clause on
    the clause said; that verb, without a subject and right after "and", ends the aside in its stead."""
    doc = relative.doc
    after = relative.right_edge.i + 1
    if after + 1 < end and doc[after].lower_ == "and":
        verb = doc[after + 1]
        following = verb if verb.pos_ in ("VERB", "AUX") else None
        if following is not None and following.dep_ == "conj" and subject_of(following) is None:
            return following
    return relative


def _finite_form(verb: Token) -> str:
    """The tag of the verb's first auxiliary ("has championed": VBZ), else its own."""
    return next((c.tag_ for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i), verb.tag_)


def _closes_a_list(doc: Doc, start: int, end: int) -> bool:
    """ "called for tax fairness, the closure of loopholes and …, and for relief for families": a ", and"/", or" later
    on makes the comma phrase an item of a list, not an appositive aside."""
    return any(doc[j].lower_ in ("and", "or") and doc[j - 1].text == "," for j in range(start + 1, end))


def _is_indirect_question(verb: Token, child: Token) -> bool:
    """ "asked workers if they planned to attend": the parser hangs the if-clause on the verb as an adverbial, but
    after a verb of asking it is the question asked."""
    return (
        child.dep_ == "advcl"
        and child.i > verb.i
        and verb.lemma_.lower() in QUESTION_VERBS
        and any(c.dep_ == "mark" and c.lower_ in ("if", "whether") and c.i == child.left_edge.i for c in child.children)
    )


def _is_unmarked_clause(verb: Token, child: Token) -> bool:
    """ "said after the convention he would not accept …": a finite clause with its own subject and no
    subordinator after a verb of saying is what was said, even when the parser hangs it on the verb as an
    adverbial (a time phrase between the two makes it do so)."""
    return (
        child.dep_ == "advcl"
        and child.i > verb.i
        and verb.lemma_.lower() in SPEECH_VERBS
        and not any(c.dep_ in ("mark", "advmod") and c.i < child.i for c in child.children)
        and any(c.dep_ in ("nsubj", "nsubjpass") and c.i < child.i for c in child.children)
        and (child.tag_ in _FINITE_TAGS or any(c.dep_ == "aux" and c.tag_ == "MD" for c in child.children))
    )


# Prepositions of time, place and occasion: "attacked Machado in early-morning tweets", "warned them after hackers …";
# and "according to X", which is a cue of its own.
_CIRCUMSTANCE_PREPOSITIONS = frozenset(
    {"in", "during", "at", "after", "before", "on", "since", "amid", "while", "according"}
)


def _is_circumstance(piece: Token, content_preps: frozenset[str]) -> bool:
    """Whether a modifier of a cue verb says when, where or how it was said rather than what."""
    if piece.dep_ in ("advmod", "advcl"):
        return True
    if any(child.dep_ == "pcomp" for child in piece.children):
        return False  # "right in saying …": a gerund after the preposition is more of what was said
    return piece.dep_ == "prep" and piece.lower_ in _CIRCUMSTANCE_PREPOSITIONS and piece.lower_ not in content_preps


def _is_infinitive_advcl(child: Token) -> bool:
    """A "to"-infinitive the parser hung on the verb as an adverbial ("told them at the rally to go home")."""
    return child.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)


def _reports_again(clause: Token) -> bool:
    """ ", which he said were at his side": a relative clause with a report of its own is not more of the first."""
    return any(
        t.lemma_.lower() in SPEECH_VERBS and t.pos_ == "VERB" and subject_of(t) is not None for t in clause.subtree
    )


def _relative_report(relative: Token) -> Token | None:
    """The relative clause of saying that "which" opens when the parser hangs "which" in its complement."""
    for ancestor in relative.ancestors:
        if ancestor.i < relative.i:
            return None
        if ancestor.dep_ == "relcl":
            return ancestor if _reports_again(ancestor) else None
    return None


def _that_clause(head: Token) -> bool:
    """Whether a clause opens with the complementizer "that" ("… but that he would not …")."""
    first = head.left_edge
    return first.lower_ == "that" and first.dep_ == "mark" and first.head.i == head.i
