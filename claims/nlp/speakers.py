"""Resolves written speakers to the mention they refer to: pronouns, relative "who", surnames.

A deliberately small, explainable resolver (Hobbs-like): walk back sentence by sentence, subjects first, and
take the first mention that agrees in person-ness, gender and number. Mentions inside quotes are skipped (those
are people the speaker talks about), except for "I"/"we" inside a quote, which are the quote's own speaker.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from claims.nlp.attribution import Attribution, CharSpan
from claims.nlp.lexicon import (
    FEMALE_NOUNS,
    FEMALE_PRONOUNS,
    FEMALE_TITLES,
    FIRST_PERSON,
    MALE_NOUNS,
    MALE_PRONOUNS,
    MALE_TITLES,
    NEUTER_PRONOUNS,
    PERSON_NOUNS,
    PLURAL_PRONOUNS,
    RELATIVE_PRONOUNS,
)
from claims.nlp.names import first_name_gender

_MAX_SENTENCES_BACK = 8
_PERSON_LABELS = ("PERSON",)
_GROUP_LABELS = ("ORG", "GPE", "NORP")
_MENTION_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "appos", "attr", "conj", "ROOT", "dative", "agent")
_SUBJECT_DEPS = ("nsubj", "nsubjpass")


@dataclass(slots=True)
class Mention:
    head: int
    start: int
    end: int
    gender: str | None  # "m", "f" or None when unknown
    plural: bool
    person: bool
    group: bool
    subject: bool


def _name_chain(token: Token) -> tuple[int, int]:
    """The proper-name tokens around a PROPN head ("Dmitry Peskov" in "press secretary Dmitry Peskov")."""
    start = token.i
    doc = token.doc
    while (
        start > 0
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].head.i in (token.i, start)
        and doc[start - 1].dep_ in ("compound", "flat", "nmod")
    ):
        start -= 1
    while (
        start > 0
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].dep_ == "compound"
        and doc[start - 1].head.i >= start
    ):
        start -= 1
    end = token.i + 1
    return start, end


def _span_chars(doc: Doc, start: int, end: int) -> CharSpan:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


class SpeakerResolver:
    def __init__(self, doc: Doc, attributions: list[Attribution]) -> None:
        self.doc = doc
        self.attributions = attributions
        self.has_ents = doc.has_annotation("ENT_IOB")
        self.in_quote = self._quote_mask()
        self.gender_by_name: dict[str, str] = {}
        self.longest_chain: dict[str, tuple[int, int]] = {}
        self.resolved: dict[int, tuple[int, int] | None] = {}
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
            known = self.longest_chain.get(token.text)
            if known is None or end - start > known[1] - known[0]:
                self.longest_chain[token.text] = (start, end)
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

    def _mention(self, token: Token) -> Mention | None:
        if token.dep_ not in _MENTION_DEPS or self.in_quote[token.i]:
            return None
        low = token.lower_
        plural = token.tag_ in ("NNS", "NNPS")
        if token.pos_ == "PROPN":
            if (
                token.i + 1 < len(self.doc)
                and self.doc[token.i + 1].pos_ == "PROPN"
                and self.doc[token.i + 1].dep_ in ("compound", "flat")
            ):
                return None  # only the last name of a chain is a head
            start, end = _name_chain(token)
            label = token.ent_type_ if self.has_ents else ""
            person = label in _PERSON_LABELS or (not label and self._looks_like_person(token, start))
            group = label in _GROUP_LABELS or (not person and not label)
            gender = self._gender_of_name(token, start) if person else None
            return Mention(token.i, start, end, gender, plural, person, group, token.dep_ in _SUBJECT_DEPS)
        if token.pos_ == "NOUN":
            if low not in PERSON_NOUNS and token.lemma_.lower() not in PERSON_NOUNS:
                return None
            start, end = token.left_edge.i, token.i + 1
            gender = "m" if low in MALE_NOUNS else "f" if low in FEMALE_NOUNS else None
            person = not plural and token.lemma_.lower() not in (
                "campaign",
                "government",
                "administration",
                "ministry",
                "committee",
                "party",
                "court",
                "agency",
                "poll",
                "survey",
                "study",
                "report",
                "newspaper",
                "statement",
                "company",
                "group",
                "union",
                "team",
                "side",
                "department",
                "office",
            )
            return Mention(token.i, start, end, gender, plural, person, not person, token.dep_ in _SUBJECT_DEPS)
        if token.pos_ == "PRON" and low not in RELATIVE_PRONOUNS and low not in FIRST_PERSON and low != "you":
            gender = "m" if low in MALE_PRONOUNS else "f" if low in FEMALE_PRONOUNS else None
            return Mention(
                token.i,
                token.i,
                token.i + 1,
                gender,
                low in PLURAL_PRONOUNS,
                gender is not None,
                low in PLURAL_PRONOUNS or low in NEUTER_PRONOUNS,
                token.dep_ in _SUBJECT_DEPS,
            )
        return None

    def _looks_like_person(self, token: Token, start: int) -> bool:
        before = self.doc[start - 1].lower_ if start > 0 else ""
        if before in MALE_TITLES or before in FEMALE_TITLES:
            return True
        if token.lower_ in self.gender_by_name:
            return True
        if first_name_gender(self.doc[start].text) is not None:
            return True
        # A name that speaks elsewhere is a person or body; a single unknown PROPN gets the benefit of the doubt.
        return token.i - start >= 1 or token.dep_ in _SUBJECT_DEPS

    def _gender_of_name(self, token: Token, start: int) -> str | None:
        before = self.doc[start - 1].lower_ if start > 0 else ""
        if before in MALE_TITLES:
            return "m"
        if before in FEMALE_TITLES:
            return "f"
        return self.gender_by_name.get(token.lower_) or (
            first_name_gender(self.doc[start].text) if token.i > start else None
        )

    # -- resolution -----------------------------------------------------------------------------------------

    def _compatible(self, pronoun: str, mention: Mention) -> bool:
        if pronoun in MALE_PRONOUNS or pronoun in FEMALE_PRONOUNS:
            want = "m" if pronoun in MALE_PRONOUNS else "f"
            return mention.person and not mention.plural and mention.gender in (None, want)
        if pronoun in PLURAL_PRONOUNS:
            return mention.plural or (mention.group and not mention.person)
        if pronoun in NEUTER_PRONOUNS:
            return mention.group and not mention.plural and not mention.person
        return False

    def _candidates(self, pronoun: Token):
        doc = self.doc
        sent = pronoun.sent
        here = [self._mention(t) for t in doc[sent.start : pronoun.i]]
        yield from sorted((m for m in here if m is not None), key=lambda m: (not m.subject, m.head))
        previous = sent.start - 1
        for _ in range(_MAX_SENTENCES_BACK):
            if previous < 0:
                return
            s = doc[previous].sent
            mentions = [m for m in (self._mention(t) for t in s) if m is not None]
            yield from sorted(mentions, key=lambda m: (not m.subject, m.head))
            previous = s.start - 1

    def resolve_pronoun(self, pronoun: Token, depth: int = 0) -> tuple[int, int] | None:
        if pronoun.i in self.resolved:
            return self.resolved[pronoun.i]
        self.resolved[pronoun.i] = None  # guards against cycles
        low = pronoun.lower_
        result: tuple[int, int] | None = None
        for mention in self._candidates(pronoun):
            if not self._compatible(low, mention):
                continue
            if self.doc[mention.head].pos_ == "PRON":
                if depth < 4:
                    result = self.resolve_pronoun(self.doc[mention.head], depth + 1)
                    if result is not None:
                        break
                continue
            result = self._best_name(mention)
            if low in MALE_PRONOUNS or low in FEMALE_PRONOUNS:
                surname = self.doc[mention.head].lower_
                self.gender_by_name.setdefault(surname, "m" if low in MALE_PRONOUNS else "f")
            break
        self.resolved[pronoun.i] = result
        return result

    def _best_name(self, mention: Mention) -> tuple[int, int]:
        """The fullest earlier-or-same mention of the same name ("Dmitry Peskov" for "Peskov")."""
        doc = self.doc
        head = doc[mention.head]
        if head.pos_ != "PROPN":
            return mention.start, mention.end
        start, end = mention.start, mention.end
        return self._longest_chain(head.text, default=(start, end))

    def _longest_chain(self, surname: str, default: tuple[int, int]) -> tuple[int, int]:
        known = self.longest_chain.get(surname)
        if known is not None and known[1] - known[0] > default[1] - default[0]:
            return known
        return default

    def resolve(self) -> None:
        doc = self.doc
        for attribution in self.attributions:
            if attribution.source is None or attribution.source_token is None:
                continue
            token = doc[attribution.source_token]
            low = token.lower_
            single_token = attribution.source == (token.idx, token.idx + len(token.text))
            target: tuple[int, int] | None = None
            if low in RELATIVE_PRONOUNS and token.pos_ in ("PRON", "DET") and single_token:
                target = self._relative_antecedent(token)
            elif low in FIRST_PERSON:
                attribution.antecedent = self._quote_owner(attribution)
                continue
            elif token.pos_ == "PRON" or low in ("his", "her", "their", "its"):
                target = self.resolve_pronoun(token)
            elif token.pos_ == "PROPN":
                start, end = _name_chain(token)
                full = self._longest_chain(token.text, default=(start, end))
                if full[1] - full[0] > end - start:
                    target = full
            if target is not None:
                attribution.antecedent = _span_chars(doc, *target)

    def _relative_antecedent(self, token: Token) -> tuple[int, int] | None:
        verb = token.head
        noun = verb.head if verb.dep_ in ("relcl", "acl") else None
        if noun is None or noun is verb:
            return None
        if noun.pos_ == "PROPN":
            return self._longest_chain(noun.text, default=_name_chain(noun))
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
