"""Resolves written speakers to the mention they refer to: pronouns, relative "who", surnames.

A deliberately small, explainable resolver (Hobbs-like): walk back sentence by sentence, subjects first, and
take the first mention that agrees in person-ness, gender and number. Mentions inside quotes are skipped (those
are people the speaker talks about), except for "I"/"we" inside a quote, which are the quote's own speaker.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from claims.nlp.attribution import Attribution, CharSpan
from claims.nlp.datelines import is_dateline
from claims.nlp.lexicon import (
    AFFILIATIONS,
    ANSWER_LABELS,
    CALENDAR_WORDS,
    FEMALE_NOUNS,
    FEMALE_PRONOUNS,
    FEMALE_TITLES,
    FIRST_PERSON,
    GROUP_NOUNS,
    HUMAN_NOUNS,
    MALE_NOUNS,
    MALE_PRONOUNS,
    MALE_TITLES,
    NEUTER_PRONOUNS,
    PLURAL_PRONOUNS,
    QUESTION_LABELS,
    RELATIVE_PRONOUNS,
    TITLES,
)
from claims.nlp.linking import DEMONYMS
from claims.nlp.names import first_name_gender

_MAX_SENTENCES_BACK = 8
# A name with no sign of being a person is taken for "he"/"she" only this close to the pronoun.
_UNSURE_SENTENCES_BACK = 2
_PERSON_LABELS = ("PERSON",)
_GROUP_LABELS = ("ORG", "GPE", "NORP")
_MENTION_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "appos", "attr", "conj", "ROOT", "dative", "agent")
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_COUNTRIES = frozenset(country for country in DEMONYMS.values() if " " not in country)


@dataclass(slots=True)
class Mention:
    head: int
    start: int
    end: int
    gender: str | None  # "m", "f" or None when unknown
    plural: bool
    kind: str  # "person", "group", or "unknown" (a name with no sign of being either)
    subject: bool
    sentences_back: int = 0


def _name_chain(token: Token) -> tuple[int, int]:
    """The proper-name tokens around a PROPN head ("Dmitry Peskov" in "press secretary Dmitry Peskov"), a
    hyphenated name whole ("Alexandria Ocasio-Cortez": the tokenizer splits it at the hyphen)."""
    doc = token.doc
    # (a name, not a modifier: "the Russia-Ukraine war" names no one "Russia-Ukraine")
    hyphens = token.dep_ not in ("compound", "amod", "nmod")
    start = _before_hyphens(doc, token.i) if hyphens else token.i
    while (
        start > 0
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].head.i in (token.i, start)
        and doc[start - 1].dep_ in ("compound", "flat", "nmod")
    ):
        start = _before_hyphens(doc, start - 1) if hyphens else start - 1
    while (
        start > 0
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].dep_ == "compound"
        and doc[start - 1].head.i >= start
    ):
        start -= 1
    end = token.i + 1
    return start, end


_DESCRIBED_SENTENCES_BACK = 4
_DATELINE_TOKENS = 16  # "RIO DE JANEIRO, Dec 3 (Reuters Breakingviews) -" is 12
# Titles that name the same post: "the spokeswoman" after "spokesperson Mao Ning".
_ROLE_SYNONYMS = {
    "spokeswoman": "spokesperson", "spokesman": "spokesperson", "chairwoman": "chair", "chairman": "chair",
    "chairperson": "chair", "congresswoman": "congressman", "businesswoman": "businessman",
}  # fmt: skip
_DESCRIPTION_ASIDES = frozenset({"former", "then", "current", "new", "same", "senior"})  # said of the person
# Descriptions more general than the titles they stand for: "the Russian leader" is "Russian President Vladimir
# Putin", "the top U.S. diplomat" is "U.S. Secretary of State Antony Blinken". Each maps to sets of title words
# of which one set must be among the name's titles.
_GENERAL_ROLES: dict[str, tuple[frozenset[str], ...]] = {
    "leader": tuple(frozenset({w}) for w in ("president", "premier", "chancellor", "king", "leader", "chair"))
    + (frozenset({"prime", "minister"}),),
    "diplomat": (
        frozenset({"foreign", "minister"}), frozenset({"secretary", "state"}), frozenset({"envoy"}),
        frozenset({"ambassador"}), frozenset({"diplomat"}),
    ),
}  # fmt: skip


def _stands_for(word: str, titles: set[str]) -> bool:
    """Whether a general description word ("leader", "diplomat") covers one of the name's titles; a deputy's or a
    vice president's title is no leader's, and "top" stands for the first of a kind ("the top U.S. diplomat" is
    the secretary of state, not an ambassador)."""
    if titles & _SECOND_RANKS:
        return False
    if word == "top":
        return bool(titles & _FIRST_RANKS)
    return any(needed <= titles for needed in _GENERAL_ROLES.get(word, ()))


_SECOND_RANKS = frozenset({"vice", "deputy", "assistant", "acting", "bank"})
_FIRST_RANKS = frozenset({"secretary", "foreign", "president", "prime", "chancellor", "chief", "commander"})


def _is_label(token: Token) -> bool:
    """ "Q:" or "A:" opening a paragraph of a transcript."""
    doc = token.doc
    opens = token.i == 0 or "\n" in doc[token.i - 1].text or doc[token.i - 1].is_space
    return opens and token.i + 1 < len(doc) and doc[token.i + 1].text == ":"


def _title_words(head: Token) -> set[str]:
    """The words a name is titled with: before it in its phrase ("Kremlin spokesman" of "Kremlin spokesman
    Dmitry Peskov", where the parser may take a title for part of the name) and in its appositive ("Dmitry
    Peskov, the Kremlin spokesman")."""
    titled = [t for t in head.subtree if t.i < head.i and t.dep_ not in ("det", "poss", "case", "punct")]
    for child in head.children:
        if child.dep_ == "appos" and child.i > head.i:
            # "Dmitry Peskov, the Kremlin spokesman": the appositive's noun and its modifiers, not "for the president"
            titled += [child, *(t for t in child.lefts if t.dep_ in ("compound", "amod"))]
    return {_ROLE_SYNONYMS.get(t.lower_, t.lower_) for t in titled if t.is_alpha}


def _before_hyphens(doc: Doc, start: int) -> int:
    """The start of a name the tokenizer split at its hyphens ("Ocasio", "-", "Cortez")."""
    while start > 1 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_:
        if doc[start - 2].whitespace_ or doc[start - 2].pos_ != "PROPN":
            break
        start -= 2
    return start


def _qualifiers(tokens: Iterable[Token]) -> frozenset[str]:
    """The countries and organisations a mention is qualified by ("French", "US", "NATO"), demonyms as their
    country: what a role ("the French President") must share with the mention it is resolved to."""
    found = set()
    for token in tokens:
        low = token.lower_.strip(".")
        if low in DEMONYMS:
            found.add(DEMONYMS[low])
        elif low in _COUNTRIES or (len(token.text) > 1 and token.text.isalpha() and token.text.isupper()):
            found.add(low)
    return frozenset(found)


def _agree(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    return not theirs or bool(mine & theirs)


def _span_chars(doc: Doc, start: int, end: int) -> CharSpan:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


class SpeakerResolver:
    def __init__(self, doc: Doc, attributions: list[Attribution]) -> None:
        self.doc = doc
        self.attributions = attributions
        self.has_ents = doc.has_annotation("ENT_IOB")
        self.in_quote = self._quote_mask()
        self.gender_by_name: dict[str, str] = {}
        self.chains: dict[str, list[tuple[int, int]]] = {}  # every full form of a name, by its last word
        # two-word names by their first word: "Mao" is "Mao Ning" (a family name written first)
        self.two_word_names: dict[str, list[tuple[int, int]]] = {}
        # Names that are themselves the speaker of a report: people or bodies, never a place in passing.
        self.speaker_names = {doc[a.source_token].text for a in attributions if a.source_token is not None}
        self.resolved: dict[int, tuple[int, int] | None] = {}
        # "KYIV (Reuters) - ": a sentence of its own (onrecord_paragraph_breaks), at most a few words long
        self.dateline_tokens = (
            {
                i
                for sent in doc.sents
                if len(sent) <= _DATELINE_TOKENS and is_dateline(sent)
                for i in range(sent.start, sent.end)
            }
            if doc.has_annotation("SENT_START")
            else set()
        )
        self._index_names()

    def _quote_mask(self) -> list[bool]:
        quotes = self.doc._.quotes or []
        mask = [False] * len(self.doc)
        qi = 0
        for token in self.doc:
            while qi < len(quotes) and quotes[qi].end <= token.idx:
                qi += 1
            mask[token.i] = qi < len(quotes) and quotes[qi].start < token.idx < quotes[qi].end - 1
        return mask

    def _index_names(self) -> None:
        """One pass over the names: the fullest form of each surname, and genders from titles and first names
        anywhere in the document ("Mr. Obama", "Hillary Clinton")."""
        doc = self.doc
        for token in doc:
            if token.pos_ != "PROPN":
                continue
            start, end = _name_chain(token)
            if token.i != end - 1:
                continue
            while end - start > 1 and (
                doc[start].lower_ in AFFILIATIONS or doc[start].lower_ in TITLES or not doc[start].text[:1].isupper()
            ):
                start += 1  # "Republican Donald Trump", "rival Hillary Clinton", "Mr Johnson": not part of the name
            if not self.in_quote[token.i]:
                self.chains.setdefault(token.text, []).append((start, end))
                if end - start == 2:
                    self.two_word_names.setdefault(doc[start].text, []).append((start, end))
            surname = token.text.lower()
            gender = None
            before = doc[start - 1].lower_ if start > 0 else ""
            if before in MALE_TITLES:
                gender = "m"
            elif before in FEMALE_TITLES:
                gender = "f"
            elif end - start >= 2:
                gender = first_name_gender(doc[start].text)
            if gender and surname not in self.gender_by_name:
                self.gender_by_name[surname] = gender

    # -- mentions -------------------------------------------------------------------------------------------

    def _mention(self, token: Token, quote: CharSpan | None = None) -> Mention | None:
        """The mention `token` heads, if any. Tokens inside a quote are people the speaker talks about, so they
        count only for a pronoun inside the same `quote`."""
        if token.dep_ not in _MENTION_DEPS:
            return None
        if self.in_quote[token.i] and (quote is None or not quote[0] < token.idx < quote[1]):
            return None
        if token.i in self.dateline_tokens:
            return None  # "KYIV (Reuters) - …": where the story was filed, nobody "it" or "he" refers to
        low = token.lower_
        lemma = token.lemma_.lower()
        plural = token.tag_ in ("NNS", "NNPS")
        subject = token.dep_ in _SUBJECT_DEPS
        if token.pos_ == "PROPN":
            doc = self.doc
            if (
                token.i + 1 < len(doc)
                and doc[token.i + 1].pos_ == "PROPN"
                and doc[token.i + 1].dep_ in ("compound", "flat")
            ):
                return None  # only the last name of a chain is a head
            if low in CALENDAR_WORDS:
                return None
            start, end = _name_chain(token)
            label = token.ent_type_ if self.has_ents else ""
            if label in _GROUP_LABELS:
                return Mention(token.i, start, end, None, plural, "group", subject)
            if label and label not in _PERSON_LABELS:
                return None  # a date, a law, a sum of money
            known = label in _PERSON_LABELS or self._known_person(token, start)
            gender = self._gender_of_name(token, start)
            plural = plural and gender is None  # "Sarah Sanders", tagged NNPS for its final s, is one woman
            return Mention(token.i, start, end, gender, plural, "person" if known else "unknown", subject)
        if token.pos_ == "NOUN":
            if lemma in HUMAN_NOUNS or low in HUMAN_NOUNS:
                gender = "m" if low in MALE_NOUNS else "f" if low in FEMALE_NOUNS else None
                return Mention(token.i, token.left_edge.i, token.i + 1, gender, plural, "person", subject)
            if lemma in GROUP_NOUNS or low in GROUP_NOUNS:
                return Mention(token.i, token.left_edge.i, token.i + 1, None, plural, "group", subject)
            return None
        if token.pos_ == "PRON" and low not in RELATIVE_PRONOUNS and low not in FIRST_PERSON and low != "you":
            gender = "m" if low in MALE_PRONOUNS else "f" if low in FEMALE_PRONOUNS else None
            kind = "person" if gender else "group" if low in NEUTER_PRONOUNS else "unknown"
            return Mention(token.i, token.i, token.i + 1, gender, low in PLURAL_PRONOUNS, kind, subject)
        return None

    def _known_person(self, token: Token, start: int) -> bool:
        """Positive evidence that a name is a person's: a title, a known first name, an earlier "he"/"she",
        or the name speaking elsewhere in the article."""
        words = [t.lower_ for t in self.doc[max(0, start - 1) : token.i]]
        if any(w in TITLES for w in words):
            return True  # "Governor Ana Ruiz", "Sen. Hale", "Mr. Obama"
        if token.lower_ in self.gender_by_name or token.text in self.speaker_names:
            return True
        return first_name_gender(self.doc[start].text) is not None and token.i > start

    def _gender_of_name(self, token: Token, start: int) -> str | None:
        words = [t.lower_ for t in self.doc[max(0, start - 1) : token.i]]
        if any(w in MALE_TITLES for w in words):
            return "m"
        if any(w in FEMALE_TITLES for w in words):
            return "f"
        return self._chain_gender((start, token.i + 1)) or self.gender_by_name.get(token.lower_)

    # -- resolution -----------------------------------------------------------------------------------------

    def _compatible(self, pronoun: str, mention: Mention, *, sure: bool) -> bool:
        """Agreement of a pronoun with a mention; `sure` asks for positive evidence of person-ness."""
        if pronoun in MALE_PRONOUNS or pronoun in FEMALE_PRONOUNS:
            want = "m" if pronoun in MALE_PRONOUNS else "f"
            kinds = ("person",) if sure else ("person", "unknown")
            return mention.kind in kinds and not mention.plural and mention.gender in (None, want)
        if pronoun in PLURAL_PRONOUNS:
            return (
                mention.plural or mention.kind == "group" or (not sure and mention.kind == "unknown" and mention.plural)
            )
        if pronoun in NEUTER_PRONOUNS:
            return not mention.plural and (mention.kind == "group" or (not sure and mention.kind == "unknown"))
        return False

    def _candidates(self, pronoun: Token) -> list[Mention]:
        """Mentions before the pronoun, nearest sentence first, subjects first within a sentence (Hobbs).

        A third-person pronoun inside a quote is somebody the quote talks about: the people named earlier in the
        same quote count, and whoever says the quote never does (they would say "I")."""
        doc = self.doc
        quote = self._quote_around(pronoun)
        owner = self._quote_speaker(pronoun) if quote is not None else None
        sent = pronoun.sent
        here = [m for m in (self._mention(t, quote) for t in doc[sent.start : pronoun.i]) if m is not None]
        found = sorted(here, key=self._salience)
        previous = sent.start - 1
        for back in range(1, _MAX_SENTENCES_BACK + 1):
            if previous < 0:
                break
            s = doc[previous].sent
            mentions = [m for m in (self._mention(t, quote) for t in s) if m is not None]
            for mention in sorted(mentions, key=self._salience):
                mention.sentences_back = back
                found.append(mention)
            previous = s.start - 1
        if owner:
            found = [m for m in found if not self._names_one_of(m, owner)]
        return found

    def _salience(self, mention: Mention) -> tuple[bool, bool, int]:
        """Hobbs order within a sentence: subjects first, a possessor after the noun it belongs to ("Zelensky's
        envoy, Rustem Umerov" is about the envoy), then left to right."""
        return not mention.subject, self.doc[mention.head].dep_ == "poss", mention.head

    def _quote_around(self, token: Token) -> CharSpan | None:
        if not self.in_quote[token.i]:
            return None
        for quote in self.doc._.quotes or []:
            if quote.start < token.idx < quote.end:
                return quote.start, quote.end
        return None

    def _quote_speaker(self, token: Token) -> list[CharSpan]:
        """The spans naming whoever says the quote `token` is in: the source of each report whose content holds
        it, as written and as resolved."""
        spans: list[CharSpan] = []
        for attribution in self.attributions:
            start, end = attribution.content_span
            source = attribution.source
            if start <= token.idx < end and source is not None and not start <= source[0] < end:
                spans.append(source)
                if attribution.antecedent is not None:
                    spans.append(attribution.antecedent)
        return spans

    def _names_one_of(self, mention: Mention, spans: list[CharSpan]) -> bool:
        """Whether the mention is one of these spans, or a name sharing their surname ("Peskov" for "Dmitry
        Peskov")."""
        doc = self.doc
        head = doc[mention.head]
        for start, end in spans:
            if start <= head.idx < end:
                return True
            last = doc.char_span(start, end, alignment_mode="expand")
            if last is not None and head.pos_ == "PROPN" and last[-1].pos_ == "PROPN" and last[-1].text == head.text:
                return True
        return False

    def resolve_pronoun(self, pronoun: Token, depth: int = 0) -> tuple[int, int] | None:
        """The mention a pronoun refers to: the nearest sure match, else a near unsure one, else nothing."""
        if pronoun.i in self.resolved:
            return self.resolved[pronoun.i]
        self.resolved[pronoun.i] = None  # guards against cycles
        low = pronoun.lower_
        result: tuple[int, int] | None = None
        candidates = self._candidates(pronoun)
        gender = "m" if low in MALE_PRONOUNS else "f" if low in FEMALE_PRONOUNS else None
        if gender is not None:
            # Within a sentence, a name known to be a woman's comes before a role of unknown gender in a clause
            # of its own for "she" ("Reporters asked Sarah Sanders whether the president would veto it. '…,' she
            # said."); the main clause's subject keeps its place ("The president met Emmanuel Macron. He said …").
            candidates.sort(
                key=lambda m: (m.sentences_back, not self._main_subject(m) and self._gender_of(m) != gender)
            )
        for mention in candidates:
            # A name with no sign of being a person counts only as a nearby subject ("Rakeyia Scott can be
            # heard yelling. “Don't shoot,” she says.").
            near_subject = mention.subject and mention.sentences_back <= _UNSURE_SENTENCES_BACK
            if not (
                self._compatible(low, mention, sure=True) or near_subject and self._compatible(low, mention, sure=False)
            ):
                continue
            if self.doc[mention.head].pos_ == "PRON":
                result = self.resolve_pronoun(self.doc[mention.head], depth + 1) if depth < 4 else None
                if result is None:
                    continue
            else:
                gender = "m" if low in MALE_PRONOUNS else "f" if low in FEMALE_PRONOUNS else None
                result = self._best_name(mention, gender)
            if low in MALE_PRONOUNS or low in FEMALE_PRONOUNS:
                surname = self.doc[result[1] - 1].lower_
                self.gender_by_name.setdefault(surname, "m" if low in MALE_PRONOUNS else "f")
            break
        self.resolved[pronoun.i] = result
        return result

    def _main_subject(self, mention: Mention) -> bool:
        return mention.subject and self.doc[mention.head].head.dep_ == "ROOT"

    def _gender_of(self, mention: Mention) -> str | None:
        if mention.gender is not None:
            return mention.gender
        head = self.doc[mention.head]
        return self.gender_by_name.get(head.lower_) if head.pos_ == "PROPN" else None

    def _appositive_name(self, noun: Token) -> tuple[int, int] | None:
        """The name set beside a role noun as its appositive ("the bank's chief, Anna Berg"): who the role is."""
        for child in noun.children:
            quoted_apart = self.in_quote[child.i] and not self.in_quote[noun.i]
            if child.dep_ == "appos" and child.pos_ == "PROPN" and child.i > noun.i and not quoted_apart:
                start, end = _name_chain(child)
                return self._full_name(child.text, default=(start, end))
        return None

    def _role_holder(self, noun: Token) -> tuple[int, int] | None:
        """Who a role is: the name its appositive gives, else the name written earlier with that title."""
        return self._appositive_name(noun) or self._described_name(noun)

    def _described_name(self, noun: Token) -> tuple[int, int] | None:
        """The nearest name written earlier with the title a definite description repeats: "the Kremlin
        spokesman" is "Kremlin spokesman Dmitry Peskov" (or "Dmitry Peskov, the Kremlin spokesman"), "the
        minister" is "Foreign Minister Sergei Lavrov", "the ministry" is "Ukraine's Foreign Ministry". Every word of
        the description must be among that name's titles (or be its name); names inside quotes and more than a few
        sentences back do not count."""
        doc = self.doc
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
            return None
        words = {noun.lower_} | {
            c.lower_ for c in noun.children if c.dep_ in ("compound", "amod") and c.i < noun.i and c.is_alpha
        }
        words = {_ROLE_SYNONYMS.get(w, w) for w in words - _DESCRIPTION_ASIDES}
        first = noun.sent.start
        for _ in range(_DESCRIBED_SENTENCES_BACK):
            if first == 0:
                break
            first = doc[first - 1].sent.start
        for token in reversed(doc[first : noun.i]):
            if token.pos_ != "PROPN" or self.in_quote[token.i]:
                continue
            start, end = _name_chain(token)
            if token.i != end - 1 or end - start < 2:
                continue
            titles = _title_words(token)
            if all(word in titles or _stands_for(word, titles) for word in words):
                title_end = [i for i in range(start, end - 1) if doc[i].lower_ in TITLES]
                return (title_end[-1] + 1 if title_end else start), end  # "Foreign Minister Sergei Lavrov": the rest
            if noun.lower_ == token.lower_ and words <= titles | {token.lower_}:
                return token.left_edge.i, token.i + 1  # "the ministry" is "Ukraine's Foreign Ministry"
        return None

    def _best_name(self, mention: Mention, gender: str | None = None) -> tuple[int, int]:
        """The fullest earlier-or-same mention of the same name ("Dmitry Peskov" for "Peskov"); for a role, the
        name its appositive gives ("Trump's envoy, Steve Witkoff")."""
        doc = self.doc
        head = doc[mention.head]
        if head.pos_ != "PROPN":
            named = self._role_holder(head) if mention.kind == "person" else None
            return named if named is not None else (mention.start, mention.end)
        start, end = mention.start, mention.end
        return self._full_name(head.text, default=(start, end), gender=gender)

    def _chain_gender(self, chain: tuple[int, int]) -> str | None:
        """The gender of the first name in "President Bill Clinton", if it is a known one."""
        for i in range(chain[1] - 2 if chain[1] - chain[0] > 1 else chain[0], chain[0] - 1, -1):
            gender = first_name_gender(self.doc[i].text)
            if gender is not None:
                return gender
        return None

    def _full_name(
        self,
        surname: str,
        default: tuple[int, int],
        gender: str | None = None,
        qualifiers: frozenset[str] = frozenset(),
    ) -> tuple[int, int]:
        """The full form of a surname mention: the nearest fuller mention written before it (after it, if none
        is), whose first name does not contradict a known gender ("Clinton" after "Hillary Clinton" is her, not
        "President Bill Clinton" mentioned earlier; "she" cannot be Bill) and which qualifies it no differently."""
        chains = [c for c in self.chains.get(surname, []) if c[1] - c[0] > default[1] - default[0]]
        if not chains and default[1] - default[0] == 1:
            # "Mao said …" after "Chinese Foreign Ministry spokesperson Mao Ning": no name ends with "Mao", an
            # earlier one begins with it
            chains = [c for c in self.two_word_names.get(surname, []) if c[0] < default[0]]
        if qualifiers:
            # "the French President" is not the "US President" named nearby.
            chains = [c for c in chains if _agree(qualifiers, _qualifiers(self.doc[c[0] : c[1]]))]
        if gender is not None:
            chains = [c for c in chains if self._chain_gender(c) in (None, gender)]
        if not chains:
            return default
        earlier = [c for c in chains if c[0] < default[0]]
        return max(earlier, key=lambda c: c[0]) if earlier else min(chains, key=lambda c: c[0])

    def resolve(self) -> None:
        doc = self.doc
        for attribution in self.attributions:
            if attribution.source is None or attribution.source_token is None:
                continue
            token = doc[attribution.source_token]
            low = token.lower_
            single_token = attribution.source == (token.idx, token.idx + len(token.text))
            target: tuple[int, int] | None = None
            if low in ANSWER_LABELS and single_token and _is_label(token):
                target = self._interviewee(token)  # "A: We appreciate the debate …" in a transcript
            elif low in RELATIVE_PRONOUNS and token.pos_ in ("PRON", "DET") and single_token:
                target = self._relative_antecedent(token)
            elif low in FIRST_PERSON:
                attribution.antecedent = self._quote_owner(attribution)
                continue
            elif token.pos_ == "PRON" or low in ("his", "her", "their", "its"):
                target = self.resolve_pronoun(token)
            elif token.pos_ == "NOUN":
                # "said the bank's chief, Anna Berg": the speaker is the person the appositive names; "the Kremlin
                # spokesman" after "Kremlin spokesman Dmitry Peskov": the person named earlier with that title.
                target = self._role_holder(token)
            elif token.pos_ == "PROPN":
                start, end = _name_chain(token)
                core = start  # "Mr Johnson" names no more of the person than "Johnson" does
                while core < end - 1 and doc[core].lower_ in TITLES:
                    core += 1
                # Only a title in the mention itself tells ("Mrs Clinton"): two Clintons may share the surname.
                titles = {t.lower_ for t in doc[start:core]}
                gender = "m" if titles & MALE_TITLES else "f" if titles & FEMALE_TITLES else None
                source = doc.char_span(*attribution.source, alignment_mode="expand")
                qualifiers = _qualifiers(source) if source is not None else frozenset()
                full = self._full_name(token.text, default=(core, end), gender=gender, qualifiers=qualifiers)
                if full[1] - full[0] > end - core:
                    target = full
            if target is not None:
                attribution.antecedent = _span_chars(doc, *target)

    def _interviewee(self, label: Token) -> tuple[int, int] | None:
        """The person a question-and-answer transcript interviews: the one named last before its first question
        ("The Kyiv Independent spoke to Kuleba on Monday. Q: … A: …")."""
        doc = self.doc
        first_question = None
        for token in reversed(doc[: label.i]):
            if token.lower_ in QUESTION_LABELS and _is_label(token):
                first_question = token.i
        if first_question is None:
            return None
        for token in reversed(doc[:first_question]):
            if token.pos_ != "PROPN" or token.ent_type_ not in ("PERSON", "") or self.in_quote[token.i]:
                continue
            if token.lower_ in CALENDAR_WORDS or (token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN"):
                continue  # "Monday evening", the "Kyiv" of "Kyiv Independent"
            return _name_chain(token)
        return None

    def _relative_antecedent(self, token: Token) -> tuple[int, int] | None:
        verb = token.head
        noun = verb.head if verb.dep_ in ("relcl", "acl") else None
        if noun is None or noun is verb:
            return None
        if noun.pos_ == "PROPN":
            return self._full_name(noun.text, default=_name_chain(noun))
        if noun.pos_ == "PRON":
            return self.resolve_pronoun(noun)
        return noun.left_edge.i, noun.i + 1

    def _quote_owner(self, attribution: Attribution) -> CharSpan | None:
        """ "I"/"we" inside a quote refer to whoever says the quote."""
        cue = attribution.cue[0]
        for outer in self.attributions:
            if outer is attribution:
                continue
            cs, ce = outer.content_span
            if cs <= cue < ce:
                return outer.antecedent or outer.source
        return None


def resolve_speakers(doc: Doc, attributions: list[Attribution]) -> None:
    SpeakerResolver(doc, attributions).resolve()
