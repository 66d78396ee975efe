"""Topic and stance of a claim, from the gazetteer's keywords and a small stance lexicon.

Topic keywords match on stems of lemmas, so "negotiations", "negotiating" and "negotiate" all
match the keyword "negotiation" (spaCy's lemmatizer alone keeps the noun and the verb apart).
Stance is lexical and explainable: every word that moved it is written to the rationale.
"""

from __future__ import annotations

import functools
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Literal

import snowballstemmer
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from claims.nlp.attribution.syntax import token_range
from claims.nlp.lexicon import (
    FEMALE_PRONOUNS,
    HUMAN_NOUNS,
    MALE_PRONOUNS,
    OPPOSING_NOUNS,
    RELATIVE_PRONOUNS,
    SIDE_NOUNS,
)
from claims.nlp.stance import (
    AGAINST_ATTITUDES,
    FAVOR_ATTITUDES,
    PHRASAL_AGAINST,
    ending_sign,
    evaluative_lexicon,
    judges,
    nearest_person_before,
    person_names,
    stance_words,
    target_mentions,
)
from claims.nlp.types import Stance, TopicEntry

PhraseKind = Literal["keyword", "favor", "against"]
_STEM_ATTR = "onrecord_stem"
_STEMMER = snowballstemmer.stemmer("english")
_PHRASE_TOKEN = re.compile(r"\w+|[^\w\s]")


@functools.lru_cache(maxsize=50_000)
def word_stem(word: str) -> str:
    return _STEMMER.stemWord(word.lower())


def _token_stem(token: Token) -> str:
    # The lemma first maps irregular forms ("spoke" -> "speak") before stemming.
    return word_stem(token.lemma_ or token.text)


if not Token.has_extension(_STEM_ATTR):
    Token.set_extension(_STEM_ATTR, getter=_token_stem)


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Lexicons compare lowercased lemmas (and surface forms): stems would fold "willingness" into "will".
FAVOR_WORDS = _wordset(
    """
    support supportive favor favour welcome commend praise endorse applaud hail ready willing
    willingness prefer advocate urge agree approve advantage benefit beneficial hope want wish
    intend intention seek embrace promote constructive positive progress commit commitment
    pledge promise propose initiative sincere necessary essential vital success successful
    eager keen determined
    """
)
AGAINST_WORDS = _wordset(
    """
    oppose opposition reject refuse refusal against interrupt block stop halt cancel deny condemn
    criticize criticise denounce unwilling reluctant impossible fail failure obstacle disadvantage
    harm harmful detriment threat threaten veto suspend withdraw abandon exhaust doubt dangerous
    useless pointless waste undermine sabotage incapable unacceptable futile risky
    """
)
NEGATORS = _wordset("not n't no never neither nor without hardly barely none nobody nothing lack")
_CLAUSE_BREAKS = _wordset(", ; : but and or . ! ? - –")
_CONDITIONS = _wordset("if unless")
_NEGATION_WINDOW = 3


@dataclass(frozen=True, slots=True)
class _Phrase:
    topic: str  # slug
    kind: PhraseKind
    text: str


@dataclass(slots=True)
class TopicStance:
    topic: str | None = None
    stance: Stance | None = None
    stance_confidence: float = 0.0
    rationale: list[str] = field(default_factory=list)


def _word_pattern(word: str, *, alone: bool) -> dict[str, object]:
    """A phrase word matches by stem; a one-word phrase written in lower case never matches a word of a proper name
    ("wall" is not the "Wall" of "Wall Street"; "Crooked Hillary" still matches "crooked Hillary")."""
    pattern: dict[str, object] = {"_": {_STEM_ATTR: word_stem(word)}}
    if alone and word.islower():
        pattern["POS"] = {"NOT_IN": ["PROPN"]}
    return pattern


class TopicMatcher:
    """Finds topic phrases in spans of one vocab's Docs."""

    def __init__(self, vocab: Vocab, topics: tuple[TopicEntry, ...]) -> None:
        self.vocab = vocab  # keeps the cache key's id() alive
        self.matcher = Matcher(vocab)
        self.phrases: dict[int, _Phrase] = {}
        self.order = {topic.slug: i for i, topic in enumerate(topics)}
        nouns = vocab.lookups.get_table(_NOUNS_TABLE) if vocab.lookups.has_table(_NOUNS_TABLE) else {}
        self.noun_keywords: set[_Phrase] = set()  # one-word keywords a dictionary knows as nouns
        for topic in topics:
            for kind, texts in (
                ("keyword", topic.keywords),
                ("favor", topic.favor_phrases),
                ("against", topic.against_phrases),
            ):
                for text in texts:
                    words = _PHRASE_TOKEN.findall(text)
                    if not words:
                        continue
                    key = f"{topic.slug}|{kind}|{text}"
                    self.matcher.add(key, [[_word_pattern(w, alone=len(words) == 1) for w in words]])
                    self.phrases[vocab.strings[key]] = phrase = _Phrase(topic.slug, kind, text)
                    if kind == "keyword" and len(words) == 1 and text.islower() and text in nouns:
                        self.noun_keywords.add(phrase)

    def find(self, span: Span) -> list[tuple[_Phrase, Span]]:
        found = [(self.phrases[match_id], span[start:end]) for match_id, start, end in self.matcher(span)]
        return [(phrase, words) for phrase, words in found if not self._other_sense(phrase, words)]

    def _other_sense(self, phrase: _Phrase, found: Span) -> bool:
        """A one-word keyword matched by a participle modifying a noun ("a publicly traded company") describes the
        thing by an action, and a noun keyword matched by the verb spelled like it is mostly that verb's other sense
        ("trading traitors for terrorists", "emailed supporters", "a nation that borders China"). A keyword that is
        only a verb ("deport") and the verb a noun keyword derives from ("negotiating" for "negotiation") match."""
        if _names_a_quantity(found):
            return True
        if phrase.kind != "keyword" or len(found) != 1:
            return False
        token = found[0]
        if token.tag_ in ("VBN", "VBG") and token.dep_ == "amod":
            # "a negotiated end to the war" names the topic by what it brings about
            return token.head.lemma_.lower() not in _OUTCOME_NOUNS

        return phrase in self.noun_keywords and token.pos_ == "VERB" and token.lemma_.lower() == phrase.text


_OUTCOME_NOUNS = frozenset("end settlement solution peace deal agreement outcome resolution exit truce".split())


def _names_a_quantity(found: Span) -> bool:
    """ "a good deal of work", "a great deal of sympathy": "deal" measures an amount, no agreement is meant."""
    doc, end = found.doc, found.end
    return (
        found[-1].lower_ == "deal"
        and end < len(doc)
        and doc[end].lower_ == "of"
        and any(token.lower_ == "a" for token in doc[max(found.start - 2, 0) : found.start + 1])
    )


_NOUNS_TABLE = "onrecord_nouns"


def register_nouns(nlp: Language) -> None:
    """Copies the lemmatizer's list of nouns into the vocab, where topic matching looks a keyword up (a Doc reaches
    its vocab, not its pipeline). Without it every keyword matches verbs too."""
    if nlp.vocab.lookups.has_table(_NOUNS_TABLE) or "lemmatizer" not in nlp.pipe_names:
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    nouns = lookups.get_table("lemma_index").get("noun", [])
    nlp.vocab.lookups.add_table(_NOUNS_TABLE, dict.fromkeys(nouns, True))


_MATCHERS: OrderedDict[tuple[int, tuple[TopicEntry, ...]], TopicMatcher] = OrderedDict()


def topic_matcher(vocab: Vocab, topics: tuple[TopicEntry, ...]) -> TopicMatcher:
    """One matcher per (vocab, topics): a worker builds it once, not once per article."""
    key = (id(vocab), topics)
    matcher = _MATCHERS.get(key)
    if matcher is None:
        matcher = _MATCHERS[key] = TopicMatcher(vocab, topics)
        while len(_MATCHERS) > 8:
            _MATCHERS.popitem(last=False)
    _MATCHERS.move_to_end(key)
    return matcher


def _is_negated(token: Token, start: int) -> Token | None:
    """The negator of a stance word (or phrase starting at `token`): a `neg` dependent of it or of
    its head, or a negator just before it; never one inside the phrase ("no intention to ...")."""
    for holder in (token, token.head):
        for child in holder.children:
            if child.dep_ == "neg" and start <= child.i < token.i:
                return child
    doc = token.doc
    for i in range(token.i - 1, max(start, token.i - _NEGATION_WINDOW) - 1, -1):
        word = doc[i].lower_
        if word in _CLAUSE_BREAKS:
            break
        if word in NEGATORS and not (i + 1 < len(doc) and doc[i + 1].lower_ == "only"):
            return doc[i]  # "not only ... but also" is no negation
    return None


def _negated_text(negator: Token, words: Span) -> str:
    """ "not ready", "not shown any intention": the negator through the negated words."""
    if words.start - negator.i <= _NEGATION_WINDOW + 1 and negator.i < words.start:
        return negator.doc[negator.i : words.end].text.lower()
    return f"{negator.lower_} … {words.text.lower()}"


def _stance_phrases(phrases: list[tuple[_Phrase, Span]]) -> tuple[dict[int, tuple[_Phrase, Span]], set[int]]:
    """Favor/against phrases by first token (the longest wins), and the tokens of topic keywords."""
    starts: dict[int, tuple[_Phrase, Span]] = {}
    keyword_tokens: set[int] = set()
    for phrase, found in sorted(phrases, key=lambda item: (item[1].start, item[1].start - item[1].end)):
        if phrase.kind == "keyword":
            keyword_tokens.update(range(found.start, found.end))  # "emergency support" names the topic
        else:
            starts.setdefault(found.start, (phrase, found))
    return starts, keyword_tokens


def _stance_words(region: Span, phrases: list[tuple[_Phrase, Span]]) -> list[tuple[float, str]]:
    """(signed weight, rationale) for each stance-bearing word or phrase in the region.

    In "if Congress does not approve aid, the front will collapse" the negated condition names what the
    speaker wants ("approve aid", not flipped) and the consequence is the harm warned of (flipped). A plain
    condition ("if talks resume, ...") is hypothetical and counts for nothing.
    """
    starts, keyword_tokens = _stance_phrases(phrases)
    doc = region.doc
    evidence: list[tuple[float, str]] = []
    in_condition = condition_negated = consequence = False
    skip_to = region.start
    for token in region:
        word = token.lower_
        if token.i < skip_to:
            continue
        if word in _CONDITIONS:
            in_condition, condition_negated, consequence = True, word == "unless", False
            continue
        if in_condition and word in NEGATORS:
            condition_negated = True
        if in_condition and word in (",", "then"):
            in_condition, consequence = False, True
            continue
        if token.i in starts:
            phrase, words = starts[token.i]
            skip_to = words.end
            sign, weight, label = (1.0 if phrase.kind == "favor" else -1.0), 2.0, f"{phrase.kind} phrase"
        elif token.i in keyword_tokens:
            # "would not negotiate": refusing the topic's own action is a stance against it.
            negator = None if in_condition or token.pos_ != "VERB" else _is_negated(token, region.start)
            if negator is not None:
                said = _negated_text(negator, doc[token.i : token.i + 1])
                evidence.append((-1.0, f"stance: {said} (negated '{token.text}')"))
            continue
        else:
            lemma = (token.lemma_ or word).lower()
            if lemma in FAVOR_WORDS or word in FAVOR_WORDS:
                sign = 1.0
            elif lemma in AGAINST_WORDS or word in AGAINST_WORDS:
                sign = -1.0
            else:
                continue
            words, weight, label = doc[token.i : token.i + 1], 1.0, ("favor" if sign > 0 else "against")
        if in_condition:
            if condition_negated:
                evidence.append((sign * weight, f"stance: {words.text} (wanted: negated condition)"))
            continue
        if consequence and condition_negated:
            evidence.append((-sign, f"stance: {words.text} (warned consequence)"))
            continue
        negator = _is_negated(words[0], region.start)
        if negator is not None:
            # "not ready" is against; "not oppose" is only weakly for.
            said = _negated_text(negator, words)
            evidence.append((-1.0 if sign > 0 else 0.5, f"stance: {said} (negated '{words.text}')"))
        else:
            evidence.append((sign * weight, f"stance: {words.text} ({label})"))
    return evidence


_POLICY_NOUNS = frozenset("plan plans proposal proposals policy policies agenda budget program programs".split())


def _owns_a_policy(found: Span) -> bool:
    """ "Clinton's tax plan", "Trump's proposals": a candidate named as the owner of a policy, which is what the
    content is about (a candidate's plans on other policies are no topic of theirs)."""
    root = found.root
    if root.dep_ not in ("poss", "compound"):  # "Clinton's proposals", "the Clinton proposals"
        return False
    owned = root.head
    nouns = [owned, *(child for child in owned.children if child.dep_ == "compound")]
    return any(token.lower_ in _POLICY_NOUNS for token in nouns)


def _names_someone(phrase: _Phrase, found: Span, topics: tuple[TopicEntry, ...]) -> bool:
    """Whether the keyword found is a person's name ("Clinton"), not a thing of theirs ("email")."""
    if found.root.ent_type_ == "PERSON":
        return True
    return phrase.text[:1].isupper() and _names_a_person(_topic_of(topics, phrase.topic))


def _elided_possessive(found: Span) -> bool:
    """ "more detailed than Mr. Trump's": a possessive standing for the noun just named (in a content about plans,
    the person's plans)."""
    root = found.root
    marks = [child for child in root.children if child.dep_ == "case" and child.i > root.i]
    if root.dep_ == "poss" or not marks:
        return False
    after = marks[-1].i + 1
    return after >= len(root.doc) or root.doc[after].pos_ in ("PUNCT", "CCONJ", "ADP")  # no noun follows


def _one_per_mention(found: list[tuple[_Phrase, Span]]) -> list[tuple[_Phrase, Span]]:
    """The longest of a topic's keywords that overlap: "Hillary Clinton" also matches "Hillary" and "Clinton", and
    is one mention, not three."""
    kept: list[tuple[_Phrase, Span]] = []
    for phrase, span in sorted(found, key=lambda item: item[1].start - item[1].end):
        overlaps = any(
            other.topic == phrase.topic and other.kind == phrase.kind == "keyword"
            and span.start < taken.end and taken.start < span.end
            for other, taken in kept
        )  # fmt: skip
        if not overlaps:
            kept.append((phrase, span))
    return sorted(kept, key=lambda item: item[1].start)


def _tally(
    scores: dict[str, float],
    seen: dict[str, set[str]],
    found: list[tuple[_Phrase, Span]],
    weight: float,
) -> None:
    """Each distinct phrase adds `weight` to its topic; repeats add a little. A one-word favor or against phrase
    ("criminal", "disaster", "un-American") judges whatever it is said of and names no topic by itself."""
    found = _one_per_mention(found)
    for phrase, span in found:
        if phrase.kind != "keyword" and not any(token.is_space or token.whitespace_ for token in span[:-1]):
            continue
        known = seen.setdefault(phrase.topic, set())
        scores[phrase.topic] = scores.get(phrase.topic, 0.0) + (0.25 if phrase.text in known else weight)
        known.add(phrase.text)


def _stance_verdict(result: TopicStance, evidence: list[tuple[float, str]]) -> None:
    favor = sum(weight for weight, _ in evidence if weight > 0)
    against = -sum(weight for weight, _ in evidence if weight < 0)
    score = favor - against
    if abs(score) < 0.7:
        result.stance = "neutral"
        result.stance_confidence = 0.4 if evidence else 0.6
        result.rationale.append("stance: neutral (mixed)" if evidence else "stance: neutral (no stance words)")
    else:
        result.stance = "favor" if score > 0 else "against"
        agreement = abs(score) / (favor + against)  # 1.0 when no word pulls the other way
        result.stance_confidence = round(min(0.9, 0.45 + 0.15 * abs(score)) * agreement**0.5, 2)
    result.rationale += [text for _, text in evidence]


_FIRST_SINGULAR = frozenset("i me my myself mine".split())
_SELF = frozenset("i me my myself mine he him his himself she her hers herself".split())


_MODALS = frozenset("will would 'll 'd wo".split())


def _plans_an_action(token: Token) -> bool:
    """ "he will expand the armed forces", "she would sign the bill": a person as the doer of a plan, which is about
    the policy, not the person ("he'd be awake for the call" still is about him)."""
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = token.head
    modal = any(child.dep_ == "aux" and child.lower_.replace("’", "'") in _MODALS for child in verb.children)
    return modal and verb.lemma_.lower() != "be"


def _speaks_of_self(content: Span, speaker: set[int]) -> bool:
    """A content in the first person singular, or reported with he/she for the speaker: the speaker talks about
    themselves ("said he plans to …", "my record"). Another he/him/his/her counts when the speaker is the person
    named last before it (in "urged Americans to check out her tape", "her" is someone else)."""
    doc = content.doc
    names = {doc[i].lower_ for i in speaker}
    for token in content:
        word = token.lower_
        if _owns_a_policy(doc[token.i : token.i + 1]):
            continue  # "my tax plan", "her plans" are about the plans
        if word in _FIRST_SINGULAR:
            if _opines(token):
                continue  # "I think NATO may be obsolete" is about NATO
            return True
        if word in _SELF:
            if _plans_an_action(token):
                continue
            if _opines(token):
                continue  # "said she thinks America is strongest" is about America
            if token.dep_ in ("nsubj", "nsubjpass"):
                return True  # "said she has the quality": the reported subject is the speaker
            antecedent = nearest_person_before(doc, token.i, skip=set())
            if antecedent is None or antecedent.i in speaker or antecedent.lower_ in names:
                return True
    return False


def _topic_of(topics: tuple[TopicEntry, ...], slug: str) -> TopicEntry:
    return next(topic for topic in topics if topic.slug == slug)


@functools.lru_cache(maxsize=256)
def _names_a_person(topic: TopicEntry) -> bool:
    """Whether the topic's keywords hold a full name and its last word alone ("Greta Vance" and "Vance"), as an editor
    writes a person's topic; "Trans-Pacific Partnership" is no one's name."""
    alone = {keyword.lower() for keyword in topic.keywords if len(_PHRASE_TOKEN.findall(keyword)) == 1}
    for keyword in topic.keywords:
        words = _PHRASE_TOKEN.findall(keyword)
        if len(words) > 1 and all(word[:1].isupper() for word in words) and words[-1].lower() in alone:
            return True
    return False


def _people_stems(doc: Doc) -> frozenset[str]:
    """Stems of the surnames of the people the text names: which topics' keywords name a person here."""
    return frozenset(word_stem(ent[-1].text) for ent in doc.ents if ent.label_ == "PERSON")


def _speaker_side(
    doc: Doc, speaker: set[int], best: str, topics: tuple[TopicEntry, ...], people: frozenset[str]
) -> list[tuple[float, str]]:
    """A person a topic is about speaks for themselves, and against the person of another such topic (the
    other candidate): the speaker's side, a weak prior that words of the content outweigh. So do the people who
    speak for them ("Clinton spokesman Brian Fallon", "Pence, Trump's running mate", anywhere in the article)."""
    named = {word_stem(doc[i].text) for i in speaker}
    if not any(_keyword_stems(topic) & people & named for topic in topics):
        described = _side_described(doc, speaker)  # reads the whole article: only when the name decides nothing
    else:
        described = set()
    for topic in topics:
        stems = _keyword_stems(topic) & people
        if stems & named:
            who, own = f"the speaker is {topic.name}", "speaks for themselves"
        elif stems & described:
            who, own = f"the speaker speaks for {topic.name}", "their own side"
        else:
            continue
        if topic.slug == best:
            return [(1.0, f"stance: {who} ({own})")]
        return [(-1.0, f"stance: {who}, another person's topic (rival)")]
    return []


_DESCRIBING_DEPS = frozenset({"compound", "amod", "poss", "appos", "nmod"})


def _side_described(doc: Doc, speaker: set[int]) -> set[str]:
    """Stems of the words that describe the speaker as speaking for someone, in any mention of their surname:
    "Trump campaign manager Kellyanne Conway", "Kellyanne Conway, Trump's campaign manager"."""
    names = [doc[i] for i in sorted(speaker) if doc[i].pos_ == "PROPN"]
    if not names:
        return set()
    surname = names[-1].lower_
    described: set[str] = set()
    for token in doc:
        if token.lower_ != surname or token.pos_ != "PROPN":
            continue
        head = token
        while head.dep_ == "compound" and head.head.pos_ == "PROPN" and head.head is not head:
            head = head.head  # "Kellyanne Conway": the name's head
        words = [t for child in head.children if child.dep_ in _DESCRIBING_DEPS for t in child.subtree]
        if head.dep_ == "appos":  # "Trump's campaign manager, Kellyanne Conway"
            words += [t for child in head.head.children if child.dep_ in _DESCRIBING_DEPS - {"appos"}
                      for t in child.subtree] + [head.head]  # fmt: skip
        lowers = {t.lower_ for t in words}
        if lowers & SIDE_NOUNS and not lowers & OPPOSING_NOUNS:
            described |= {word_stem(t.text) for t in words if t.text[:1].isupper()}  # "Trump" may be tagged ADJ
    return described


_MASCULINE = MALE_PRONOUNS
_FEMININE = FEMALE_PRONOUNS


@functools.lru_cache(maxsize=256)
def _topic_pronouns(topic: TopicEntry) -> frozenset[str]:
    """The pronouns that may stand for the topic's person: the editor's description says "his fitness" or "her
    campaign"; with neither (or both) any he/she may."""
    words = _PHRASE_TOKEN.findall(topic.description.lower())
    masculine, feminine = sum(w in _MASCULINE for w in words), sum(w in _FEMININE for w in words)
    if masculine and not feminine:
        return _MASCULINE
    if feminine and not masculine:
        return _FEMININE
    return _MASCULINE | _FEMININE


# Courtesy titles only: with the wider lists of rules/words/*_titles.txt (kinship, royalty) a dev claim lost its topic.
_TITLES = {
    **dict.fromkeys(("mr", "sir"), _MASCULINE),
    **dict.fromkeys(("mrs", "ms", "miss", "madam", "dame"), _FEMININE),
}


def _titled_pronouns(name_end: Token) -> frozenset[str]:
    """The pronouns that may stand for the person whose name ends at `name_end`: those of a courtesy title before
    the name ("Mrs. Lowe", "Miss Universe"), else any."""
    i = name_end.i
    doc = name_end.doc
    while i > 0 and doc[i - 1].pos_ == "PROPN" and doc[i - 1].lower_.rstrip(".") not in _TITLES:
        i -= 1
    title = doc[i - 1].lower_.rstrip(".") if i > 0 else ""
    return _TITLES.get(title, _MASCULINE | _FEMININE)


def _pronoun_topic(pronoun: Token, topics: tuple[TopicEntry, ...], skip: set[int]) -> tuple[str | None, Token | None]:
    """(topic, antecedent) of a he/she: the person named last before it whom the pronoun can stand for (a "he"
    passes over a woman whose topic says "her"); the topic is None when that person is no topic's."""
    skip = set(skip)
    word = pronoun.lower_
    while True:
        antecedent = nearest_person_before(pronoun.doc, pronoun.i, skip=skip)
        if antecedent is None:
            return None, None
        stem = word_stem(antecedent.text)
        named = [topic for topic in topics if stem in _keyword_stems(topic)]
        if not named and word in _titled_pronouns(antecedent):
            return None, antecedent
        if not named:
            skip.add(antecedent.i)  # "she" passes over "Mr. Kamin", "he" over "Miss Universe"
            continue
        fitting = [topic for topic in named if word in _topic_pronouns(topic)]
        if fitting:
            return fitting[0].slug, antecedent
        skip.add(antecedent.i)


_QUOTE_MARKS = re.compile(r"[\"“”]|''")


def _quoted(content: Span, token: Token) -> bool:
    """Whether the token stands inside quotation marks (the speaker's own words): an odd number of them since its
    paragraph began, in the content or before it."""
    text = content.doc.text
    start = min(content.start_char, text.rfind("\n", 0, token.idx) + 1)
    return len(_QUOTE_MARKS.findall(text[start : token.idx])) % 2 == 1


def _pronoun_topics(content: Span, topics: tuple[TopicEntry, ...], speaker: set[int]) -> list[tuple[str, str]]:
    """(topic, pronoun) for each person topic a he/she of the content refers to (the person named last before it;
    an object pronoun, or any he/she in the speaker's quoted words, never the speaker, who says "I" there):
    "she" after "Clinton" is about Clinton."""
    found: dict[str, str] = {}
    for token in content:
        if token.lower_ not in ("he", "him", "his", "she", "her", "hers") or _plans_an_action(token):
            continue
        if token.i in speaker:
            continue  # '"…," she said': the speaker, not whom the content is about
        if _opines(token):
            continue  # "she thinks America is strongest": what she thinks is the content's subject
        if _owns_a_policy(content[token.i - content.start : token.i - content.start + 1]):
            continue  # "his tax plan" is about the plan
        skip = speaker if token.dep_ in ("dobj", "pobj", "dative") or _quoted(content, token) else set()
        slug, antecedent = _pronoun_topic(token, topics, skip)
        if slug is not None and antecedent is not None:
            found.setdefault(slug, f"{token.lower_} ({antecedent.text})")
    return list(found.items())


_SUBJECTS = frozenset(("nsubj", "nsubjpass"))
_BOTH = ""  # two people's topics as one subject


# Verbs whose subject only holds what follows ("she thinks America is strongest" is about America).
_OPINING = frozenset("think believe say tell know guess mean suppose argue insist".split())


def _opines(subject: Token) -> bool:
    """Whether the token is the subject of a verb of saying or thinking that has a clause of its own."""
    verb = subject.head
    return (
        subject.dep_ == "nsubj"
        and verb.lemma_.lower() in _OPINING
        and any(child.dep_ == "ccomp" for child in verb.children)
    )


def _main_subjects(content: Span, speaker: set[int]) -> list[Token]:
    """The grammatical subjects of the content's main clauses, first first: of the content's head, or of each of
    its sentences in a quote ("…," Clinton said. "He refuses …"), skipping the speaker's own reporting verb."""
    heads = [content.root]
    heads += [sent.root for sent in content.sents if content.start <= sent.root.i < content.end]
    subjects: list[Token] = []
    for head in dict.fromkeys(heads):
        found = [child for child in head.children if child.dep_ in _SUBJECTS]
        if any(_opines(child) or child.i in speaker for child in found):
            # '"…," she said', "she thinks America is strongest": the said or thought clause's own subject
            found = [g for c in head.children if c.dep_ == "ccomp" for g in c.children if g.dep_ in _SUBJECTS]
        subjects += [child for child in found if content.start <= child.i < content.end]
    return subjects


@dataclass(frozen=True, slots=True)
class _Clues:
    """What tells whom a content is about: its topic words by token, the speaker's tokens and topic."""

    content: Span
    topics: tuple[TopicEntry, ...]
    speaker: set[int]
    keyword_at: dict[int, str]
    speaker_topic: str | None


def _subject_person(subject: Token, clues: _Clues) -> tuple[str, str] | None:
    """(topic, why) when the subject is a topic's person: named ("Clinton beats Trump"), the holder of what is
    named ("Trump's tweet was …", not "her proposals", which are about the proposals), a reported he/she that
    stands for a speaker who is a topic's person ("says he won every debate"), or a he/she whose antecedent is one."""
    keyword_at = clues.keyword_at
    pair = {keyword_at.get(token.i) for token in (subject, *subject.conjuncts)} - {None}
    if len(pair) > 1:  # "Clinton and Trump are tied"
        return _BOTH, f"subjects '{subject.text}' and '{subject.conjuncts[0].text}' alike"
    holders = [] if subject.lower_ in _POLICY_NOUNS else [c for c in subject.children if c.dep_ == "poss"]
    for token in (subject, *holders):
        if token.i in keyword_at:
            return keyword_at[token.i], f"subject '{token.text}'"
        word = token.lower_
        quoted = _quoted(clues.content, token)
        if word == "i" and quoted and clues.speaker_topic is not None:
            return clues.speaker_topic, "subject 'I', the speaker"
        if word not in _PERSONAL_WORDS:
            continue
        if not quoted and token.dep_ in _SUBJECTS and clues.speaker_topic is not None:
            return clues.speaker_topic, f"subject '{token.text}', the speaker"
        slug, antecedent = _pronoun_topic(token, clues.topics, clues.speaker if quoted else set())
        if slug is not None and antecedent is not None:
            return slug, f"subject '{token.text}' ({antecedent.text})"
    return None


def _subject_topic(clues: _Clues) -> tuple[str, str] | None:
    """(topic, why) for the person the content is mainly about, by its grammatical subjects: the person who is the
    subject of most of its main clauses (of a quote's sentences), the first one on a tie."""
    votes: dict[str, list[str]] = {}
    for subject in _main_subjects(clues.content, clues.speaker):
        found = _subject_person(subject, clues)
        if found is not None:
            votes.setdefault(found[0], []).append(found[1])
    if not votes:
        return None
    best = max(votes, key=lambda slug: len(votes[slug]))  # the first seen on a tie
    return best, votes[best][0]


_DEFINITE = frozenset("the this that".split())
_LOOK_BACK_TOKENS = 150  # about two paragraphs


def _definite_topics(content: Span, matcher: TopicMatcher) -> list[tuple[str, str]]:
    """(topic, words) for each "the deal", "the agreement" of the content whose noun heads a several-word keyword
    ("trade deal", "North American Free Trade Agreement") found shortly before it: a definite description of what
    was just named."""
    doc = content.doc
    before = doc[max(0, content.start - _LOOK_BACK_TOKENS) : content.start]
    heads: dict[str, str] = {}
    for phrase, found in matcher.find(before):
        if phrase.kind == "keyword" and len(found) > 1 and found.root.pos_ in ("NOUN", "PROPN"):
            heads[word_stem(found.root.text)] = phrase.topic  # the one named last wins
    found_topics: dict[str, str] = {}
    for token in content:
        if token.pos_ != "NOUN" or word_stem(token.text) not in heads:
            continue
        modifiers = [child for child in token.children if child.i < token.i]
        if len(modifiers) == 1 and modifiers[0].lower_ in _DEFINITE:
            found_topics.setdefault(heads[word_stem(token.text)], f"{modifiers[0].lower_} {token.text}")
    return list(found_topics.items())


_ANAPHORS = frozenset("it this that he him his she her they them their its".split())


_THING_POINTERS = frozenset("it this".split())  # "they" is as often the people the sentence before named


def _thing_pointers(content: Span) -> list[Token]:
    """ "It is not going to pass the House": the pronouns of the content that stand for a thing named before it,
    with no noun of the content's own before them that they could stand for ("if the bloc fails, it could …")."""
    pointers: list[Token] = []
    for token in content:
        if token.pos_ in ("NOUN", "PROPN"):
            break
        if token.lower_ in _THING_POINTERS and token.pos_ == "PRON" and token.dep_ != "expl":
            if token.dep_ == "dobj" and token.head.lemma_.lower() == "do":
                continue  # "would have done it"
            if token.dep_ == "nsubj" and _extraposed(token.head):
                continue  # "It is a disgrace that nobody came": "it" stands for the clause
            pointers.append(token)
    return pointers


def _attacks(content: Span, cue_lemmas: list[str]) -> bool:
    """A cue of attack ("mocked", "slammed") or a judging word of bad sense said of a person ("what kind of genius
    loses a billion dollars", "anybody who complains … is not having a good night"), not negated; "the storm
    killed three people" attacks no one."""
    if any(lemma in _ATTACK_CUES for lemma in cue_lemmas):
        return True
    lexicon = evaluative_lexicon()
    for token in content:
        if not judges(token) or lexicon.get(token.lower_, lexicon.get(token.lemma_.lower(), 0.0)) >= 0:
            continue
        subject = (
            token
            if token.dep_ in ("nsubj", "attr")
            else next((c for c in _clause_head(token).children if c.dep_ in ("nsubj", "nsubjpass")), None)
        )
        if subject is not None and subject.lower_ in RELATIVE_PRONOUNS and subject.head.dep_ == "relcl":
            subject = subject.head.head  # "anybody who complains"
        negated = any(c.dep_ == "neg" for c in _clause_head(token).children)
        if subject is not None and any(_is_personal(t) for t in subject.subtree) and not negated:
            return True  # ("what kind of genius loses …": the person is in the subject)
    return False


_ATTACK_CUES = frozenset(
    "mock ridicule slam blast attack criticize criticise denounce condemn accuse blame disparage lambaste".split()
)


def _clause_head(token: Token) -> Token:
    node = token
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return node


def _is_personal(token: Token) -> bool:
    """A person or people: a pronoun for them, a person noun, "anybody", a name."""
    word = token.lower_
    return (
        word in _PEOPLE_WORDS
        or token.lemma_.lower() in HUMAN_NOUNS
        or token.ent_type_ == "PERSON"
        or (token.pos_ == "PROPN" and token.text[:1].isupper())
    )


_PEOPLE_WORDS = frozenset("he she they him her them anybody anyone somebody someone nobody who genius".split())


def _commends(content: Span) -> bool:
    """A content that calls an act good: "paying no income taxes was smart", "that stiffing vendors is fair game"
    (a copula with an act as its subject and a complement that judges well, and no judging word of bad sense)."""
    lexicon = evaluative_lexicon()

    def value(token: Token) -> float:
        return lexicon.get(token.lower_, lexicon.get(token.lemma_.lower(), 0.0))

    if any(judges(t) and value(t) < 0 for t in content):
        return False
    verbs = [
        t for t in content
        if t.lemma_.lower() == "be" and t.dep_ in ("ROOT", "ccomp")
        and any(
            (c.dep_ == "csubj" or (c.dep_ == "nsubj" and c.tag_ == "VBG"))
            and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)  # not "what the governor did"
            for c in t.children
        )
        and not any(c.dep_ == "neg" or c.lower_ in ("never", "hardly") for c in t.children)
    ]  # an act judged well ("paying no taxes was smart"), not a thing ("the county is strong")  # fmt: skip
    return any(
        value(word) > 0 or any(value(t) > 0 for t in word.children if t.dep_ == "amod")
        for verb in verbs
        for word in verb.children
        if word.dep_ in ("attr", "acomp")
    )


def _topic_mentions(doc: Doc, matcher: TopicMatcher) -> dict[str, int]:
    """How often the article names each topic's keywords (counted once per article and topic set)."""
    key = ("onrecord_topic_mentions", tuple(matcher.order))
    counts: dict[str, int] | None = doc.user_data.get(key)
    if counts is None:
        counts = {}
        for phrase, _found in matcher.find(doc[:]):
            if phrase.kind == "keyword":
                counts[phrase.topic] = counts.get(phrase.topic, 0) + 1
        doc.user_data[key] = counts
    return counts


def _is_about(doc: Doc, slug: str, matcher: TopicMatcher) -> bool:
    """Whether the article is about the topic: named at least thrice, and for at least a third of all names."""
    counts = _topic_mentions(doc, matcher)
    return counts.get(slug, 0) >= 3 and 3 * counts.get(slug, 0) >= sum(counts.values())


def _rival_of_article(doc: Doc, own: str, persons: set[str], matcher: TopicMatcher) -> str | None:
    """The other person's topic the article names more often than the speaker's own: whom it is about."""
    counts = _topic_mentions(doc, matcher)
    rivals = {slug: n for slug, n in counts.items() if slug in persons and slug != own}
    if not rivals:
        return None
    rival = max(rivals, key=lambda slug: rivals[slug])
    return rival if rivals[rival] > counts.get(own, 0) else None


def _extraposed(verb: Token) -> bool:
    """ "It is a disgrace that nobody came", "it is clear that …": the subject "it" stands for a clause later on."""
    said_of = [verb, *(c for c in verb.children if c.dep_ in ("attr", "acomp"))]
    return any(
        c.dep_ in ("ccomp", "csubj", "relcl", "acl")
        and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
        for word in said_of
        for c in word.children
    )


def _sentence_before(content: Span) -> Span | None:
    """The sentence before the content's, in its paragraph or the one before (not across a blank run of text)."""
    first = content.sent.start
    if first == 0:
        return None
    before = content.doc[first - 1].sent
    gap = content.doc.text[before.end_char : content.sent.start_char]
    return before if gap.count("\n") <= 2 else None


def _refers_back(content: Span) -> bool:
    """Whether the content points at something named outside it ("it was too early", "he said")."""
    return any(token.lower_ in _ANAPHORS and token.pos_ in ("PRON", "DET") for token in content)


_ASKING = frozenset("ask wonder inquire enquire".split())
_DENIALS = frozenset("deny dismiss refute rebut dispute".split())
_ACCUSING = frozenset("accuse blame criticize criticise condemn denounce slam blast fault".split())
_ADVOCATING_CUES = frozenset({"call for", "push for", "press for", "appeal for", "argue for", "lobby for", "plead for"})
_REQUESTING = frozenset("ask request appeal".split())
_OPPOSING_CUES = frozenset({"warn against", "caution against", "argue against", "lobby against", "rail against"})


def _accuses_an_act(content: Span) -> bool:
    """ "accused council members of stalling the plan": the accusation is of an act, whose own words decide."""
    return any(t.dep_ == "pcomp" and t.tag_ == "VBG" and t.head.lower_ in ("of", "for") for t in content)


def _asks_a_question(content: Span) -> bool:
    """ "asked whether the talks would resume", "asked: will you fund it?"; not "asked Congress for funding"."""
    first = content[0] if content[0].text not in ('"', "“", "'", "‘") or len(content) < 2 else content[1]
    return first.tag_ in ("WDT", "WP", "WP$", "WRB") or first.lower_ in ("whether", "if") or "?" in content.text


def _is_object_of(content: Span, cue: Span | None) -> bool:
    """ "dismissed the idea of a truce": the content is the cue verb's object, not a clause of what was said."""
    root = content.root
    return cue is not None and root.dep_ == "dobj" and cue.start <= root.head.i < cue.end


def _aims_at_target(content: Span, targets: list[Token], *, about_person: bool) -> bool:
    """Whether the content is about the target: any mention of it, and for a person one at the content's head or
    right under it (a personal pronoun too: "defending himself", "criticize him")."""
    if not about_person:
        return bool(targets)
    ids = {token.i for token in targets}
    root = content.root
    for token in (root, *root.children):
        if token.i in ids or (token.lower_ in _PERSONAL_WORDS and token.dep_ != "nsubj"):
            return True
    return False


_PERSONAL_WORDS = MALE_PRONOUNS | FEMALE_PRONOUNS


# Words of a topic's keywords or name too common to tie a content to it.
_GENERIC_ANCHORS = frozenset(
    word_stem(w)
    for w in """
    the a an and or of to for in on with from by its their such as other some including around about this that
    these those them they is are was were be been his her him she he who whose which what when where than more
    most also between into over under
    """.split()
)
_PREPOSITIONS = frozenset("of on to for with against from".split())


@functools.lru_cache(maxsize=256)
def _heads_and_anchors(topic: TopicEntry) -> tuple[frozenset[str], frozenset[str]]:
    """Stems of the heads of the topic's lower-case keywords of several words ("aid package" -> "packag", "ban on
    Muslims" -> "ban"), and of every other word of its keywords and name: its anchors. (The description's words
    are too general: "law" in "enforcing immigration law" would tie "the path of law firm advancement" to it.)"""
    heads: set[str] = set()
    anchors: set[str] = set()
    for keyword in topic.keywords:
        words = [w for w in _PHRASE_TOKEN.findall(keyword) if w.isalpha()]
        if len(words) > 1 and keyword.islower():
            before = next((n for n, w in enumerate(words) if w in _PREPOSITIONS), len(words))
            heads.add(word_stem(words[before - 1]))
        anchors.update(word_stem(w) for w in words)
    anchors.update(word_stem(w) for w in _PHRASE_TOKEN.findall(topic.name) if w.isalpha() and len(w) > 2)
    return frozenset(heads), frozenset(anchors - heads - _GENERIC_ANCHORS)


def _derived_mentions(content: Span, topics: tuple[TopicEntry, ...]) -> list[tuple[_Phrase, Span]]:
    """A noun that heads one of a thing's keywords, qualified by another word of the topic."""
    found: list[tuple[_Phrase, Span]] = []
    for topic in topics:
        if _names_a_person(topic):
            continue
        heads, anchors = _heads_and_anchors(topic)
        for noun in content:
            if noun.pos_ != "NOUN" or _token_stem(noun) not in heads:
                continue
            # another word of the topic in the content: "the package for Ukraine", "a deal to end the war"
            if any(_token_stem(t) in anchors for t in content if t.i != noun.i):
                found.append((_Phrase(topic.slug, "keyword", noun.lower_), content.doc[noun.i : noun.i + 1]))
    return found


def _keyword_stems(topic: TopicEntry) -> frozenset[str]:
    """Stems of the topic's one-word keywords and of the last word of its names ("Donald Trump" -> "trump"):
    what a pronoun's antecedent must be to refer to the topic's person."""
    stems: set[str] = set()
    for keyword in topic.keywords:
        words = _PHRASE_TOKEN.findall(keyword)
        if len(words) == 1 or (words and all(word[:1].isupper() for word in words)):
            stems.add(word_stem(words[-1]))
    return frozenset(stems)


def topic_stance(
    *,
    doc: Doc,
    content: tuple[int, int],
    context: tuple[int, int],
    cue: tuple[int, int] | None,
    topics: tuple[TopicEntry, ...],
    speaker: tuple[int, int] | None = None,
    antecedent: tuple[int, int] | None = None,
    speaker_side: str = "",
) -> TopicStance:
    """Best topic for a claim (its content counts double its sentence; the speaker's own name counts for nothing)
    and the speaker's stance toward it: holder-aware on a parsed Doc (claims/nlp/stance.py), lexical otherwise."""
    if not topics:
        return TopicStance()
    matcher = topic_matcher(doc.vocab, topics)
    content_span = doc.char_span(*content, alignment_mode="expand")
    if content_span is None:
        return TopicStance(rationale=["topic: content span does not align with the text"])
    context_span = doc.char_span(*context, alignment_mode="expand")
    cue_span = None if cue is None else doc.char_span(*cue, alignment_mode="expand")
    # The cue's own words, not the content's ("rejected" of "rejected calls for talks").
    cue_lemmas = (
        []
        if cue_span is None
        else [t.lemma_.lower() for t in cue_span if t.i < content_span.start or t.i >= content_span.end]
    )
    speaker_tokens = {*token_range(doc, speaker), *token_range(doc, antecedent)}
    whole = content_span
    if context_span is not None:  # one matcher pass over sentence and content together
        whole = doc[min(context_span.start, content_span.start) : max(context_span.end, content_span.end)]
    in_content: list[tuple[_Phrase, Span]] = []
    around: list[tuple[_Phrase, Span]] = []
    for phrase, found in matcher.find(whole):
        if any(i in speaker_tokens for i in range(found.start, found.end)):
            continue  # "Trump said …" is not about Trump
        inside = content_span.start <= found.start and found.end <= content_span.end
        (in_content if inside else around).append((phrase, found))
    scores: dict[str, float] = {}
    seen: dict[str, set[str]] = {}
    in_content = _one_per_mention(in_content)
    # A person whose plans the content weighs is not what it is about, wherever else it names them ("Mrs.
    # Clinton's tax proposals offer an alternative … the Clinton campaign said").
    plans = any(token.lower_ in _POLICY_NOUNS for token in content_span)
    owners = {
        phrase.topic for phrase, found in in_content
        if _names_someone(phrase, found, topics) and (_owns_a_policy(found) or (plans and _elided_possessive(found)))
    }  # fmt: skip
    in_content = [(phrase, found) for phrase, found in in_content if phrase.topic not in owners]
    _tally(scores, seen, in_content, 2.0)
    if doc.has_annotation("DEP") and not scores:  # a lone "temperament" names no topic; "his" may, or "the deal"
        named_before = _pronoun_topics(content_span, topics, speaker_tokens) + _definite_topics(content_span, matcher)
        for slug, words in [(slug, words) for slug, words in named_before if slug not in owners]:
            scores[slug] = scores.get(slug, 0.0) + 1.5
            seen.setdefault(slug, set()).add(words)
    if not scores and doc.has_annotation("DEP"):
        # "the $61 billion package for Ukraine", "a deal to end the war": the head of a keyword, with a word of the
        # topic in the same content, names it less surely than the keyword itself.
        derived = _derived_mentions(content_span, topics)
        _tally(scores, seen, derived, 1.5)
        in_content += derived
    if not in_content and not scores and not _refers_back(content_span):
        around = []  # a content that names no topic and points at nothing is about something else
    elif not scores:
        # "it", "they" point at a thing, not at a person named around (a he/she was resolved above).
        around = [(phrase, found) for phrase, found in around if not _names_a_person(_topic_of(topics, phrase.topic))]
    _tally(scores, seen, around, 1.0)
    pointers: list[Token] = []  # "it", "them" standing for a thing the sentence before named
    if not scores and doc.has_annotation("SENT_START"):
        pointers = _thing_pointers(content_span)
        before = _sentence_before(content_span) if pointers else None
        if before is not None:
            earlier = [
                (phrase, found) for phrase, found in matcher.find(before)
                if phrase.kind == "keyword" and not _names_a_person(_topic_of(topics, phrase.topic))
            ]  # fmt: skip
            _tally(scores, seen, earlier, 1.0)
    by_speaker: list[tuple[_Phrase, Span]] = []  # only when the speaker's being a topic's person decides the topic
    speaker_names: list[tuple[_Phrase, Span]] = []
    persons: set[str] = set()
    if doc.has_annotation("DEP"):
        # A person the topic is about, as the speaker ("I", "my record", "we need change").
        for span in (speaker, antecedent):
            found_span = None if span is None else doc.char_span(*span, alignment_mode="expand")
            if found_span is not None:
                speaker_names += [(p, f) for p, f in matcher.find(found_span) if p.kind == "keyword"]
        people = _people_stems(doc)
        persons = {topic.slug for topic in topics if _keyword_stems(topic) & people or _names_a_person(topic)}
        speaker_names = [(p, f) for p, f in speaker_names if p.topic in persons]
    subject_why = ""
    named = {topic.slug for topic in topics if _names_a_person(topic)}
    if doc.has_annotation("DEP") and any(slug in persons or slug in named for slug in scores):
        # Several people named, or one named beside a he/she: the one the content's main clause is about wins.
        keywords = [(phrase, found) for phrase, found in in_content if phrase.kind == "keyword"]
        keyword_at = {i: phrase.topic for phrase, found in keywords for i in range(found.start, found.end)}
        speaker_topic = speaker_names[0][0].topic if speaker_names else None
        subject = _subject_topic(_Clues(content_span, topics, speaker_tokens, keyword_at, speaker_topic))
        if subject is not None and subject[0] == _BOTH:
            # A content that treats two people alike is about neither ("Clinton and Trump are tied").
            for slug in [slug for slug in scores if slug in persons or slug in named]:
                del scores[slug]
            if not scores:
                return TopicStance(rationale=[f"topic: none, {subject[1]}"])
        elif subject is not None and (subject[0] in persons or subject[0] in named):
            scores[subject[0]] = scores.get(subject[0], 0.0) + 2.5
            subject_why = f"topic: {subject[1]} is whom the content is about"
    if not scores and doc.has_annotation("DEP"):
        by_speaker = speaker_names
        if not by_speaker:
            return TopicStance()
        if not _speaks_of_self(content_span, speaker_tokens):
            # "Rival Hillary Clinton mocked the complaint", "questioned what kind of person sends angry tweets at
            # 3 a.m.": a person of one topic attacking, in an article about the other, attacks that other.
            own = by_speaker[0][0].topic
            rival = _rival_of_article(doc, own, persons, matcher)
            denying = any(lemma in _DENIALS for lemma in cue_lemmas)
            if rival is None and _is_about(doc, own, matcher) and not denying and _commends(content_span):
                # "Trump suggested that paying no income taxes was smart": in an article about them, a person's
                # judgement of something unnamed is a defence of their own record.
                return TopicStance(
                    topic=own,
                    stance="favor",
                    stance_confidence=0.4,
                    rationale=[
                        f"topic: {by_speaker[0][1].text}, whom the article is about, of something of theirs",
                        "stance: favor (a defence of their own)",
                    ],
                )
            if rival is None or not _attacks(content_span, cue_lemmas):
                return TopicStance()
            return TopicStance(
                topic=rival,
                stance="against",
                stance_confidence=0.4,
                rationale=[
                    f"topic: the rival whom the article is about, attacked by {by_speaker[0][1].text} unnamed",
                    "stance: against (an attack on the rival)",
                ],
            )
        best = by_speaker[0][0].topic
        result = TopicStance(topic=best, rationale=[f"topic: the speaker, {by_speaker[0][1].text}, of themselves"])
    elif not scores:
        return TopicStance()
    else:
        # On a tie the topic named first in the content wins (the subject comes first), then the editor's order.
        first = {}
        for phrase, found in sorted(in_content, key=lambda item: item[1].start):
            first.setdefault(phrase.topic, found.start)
        best = max(scores, key=lambda slug: (scores[slug], -first.get(slug, len(doc)), -matcher.order[slug]))
        decisive = [found.text.lower() for phrase, found in in_content + around if phrase.topic == best]
        decisive += sorted(seen.get(best, set()) - {phrase.text for phrase, _ in in_content + around})
        result = TopicStance(topic=best, rationale=[f"topic: {', '.join(dict.fromkeys(decisive))}"])
        if subject_why:
            result.rationale.append(subject_why)

    if not doc.has_annotation("DEP"):
        evidence = _stance_words(content_span, [(p, f) for p, f in in_content if p.topic == best])
        if cue_span is not None:
            # "commended", "denied" carry a stance themselves; words shared with the content count once.
            outside = [t.i for t in cue_span if not content_span.start <= t.i < content_span.end]
            if outside:
                evidence += _stance_words(doc[outside[0] : outside[-1] + 1], [])
        _stance_verdict(result, evidence)
        return result

    entry = next(topic for topic in topics if topic.slug == best)
    stems = _keyword_stems(entry)
    keyword_tokens = {
        i for phrase, found in in_content + around + by_speaker if phrase.topic == best and phrase.kind == "keyword"
        for i in range(found.start, found.end)
    } | {token.i for token in pointers}  # fmt: skip
    people = _people_stems(doc) | {word_stem(token.text) for token in person_names(doc)}
    about_person = (
        any(doc[i].ent_type_ == "PERSON" for i in keyword_tokens)
        or bool(stems & people)
        or any(word_stem(doc[i].text) in stems for i in speaker_tokens)  # a speaker is a person, whatever NER says
        or best in dict(_pronoun_topics(content_span, topics, speaker_tokens))  # he/she refers to it
    )

    def names_target(token: Token) -> bool:
        return token.i in keyword_tokens or word_stem(token.text) in stems

    targets = target_mentions(
        content_span,
        keyword_tokens,
        speaker_tokens,
        names_target=names_target,
        about_person=about_person,
        quoted=lambda token: _quoted(content_span, token),
    )
    phrases = [(p.kind, f) for p, f in in_content if p.topic == best and p.kind != "keyword"]
    words = stance_words(
        content=content_span,
        targets=targets,
        phrases=phrases,
        speaker=speaker_tokens,
        side=speaker_side,
        about_person=about_person,
        accusing=any(lemma in _ACCUSING for lemma in cue_lemmas),
    )
    evidence = [(word.weight, word.rationale) for word in words]
    if any(lemma in _ASKING for lemma in cue_lemmas) and _asks_a_question(content_span):
        # "asked how Clinton could inspire young people": the words of a question take no side.
        evidence = []
        result.rationale.append("stance: the content is a question")
    elif any(lemma in _DENIALS for lemma in cue_lemmas) and _is_object_of(content_span, cue_span):
        # "dismissed the idea of a truce": the thing dismissed is rejected.
        denial = next(lemma for lemma in cue_lemmas if lemma in _DENIALS)
        evidence.append((-1.5, f"stance: {denial} (cue of against)"))
    elif any(lemma in _DENIALS for lemma in cue_lemmas):
        # "denied that she mishandled …": what is denied argues the other way.
        evidence = [(-weight, f"{text} (denied)") for weight, text in evidence]
    elif cue_span is not None and (phrases or _aims_at_target(content_span, targets, about_person=about_person)):
        # "slammed", "praised": a cue of attitude toward a content about the target; for a person, toward the
        # person ("blasted him for …"), not something of theirs ("rejected a request to unseal Trump's file").
        ending = ending_sign(content_span, targets)  # "called for an end to the talks", "ruled out cutting aid"
        of_ending = "" if ending > 0 else ", of its ending"
        requested = any(lemma in _REQUESTING for lemma in cue_lemmas) and any(
            t.lower_ == "for" and t.dep_ == "prep" and cue_span.start <= t.head.i < cue_span.end for t in content_span
        )  # "asked Congress for $61 billion in funding" ("for" on the cue, not "more weapons for Kyiv")
        if " ".join(cue_lemmas) in _ADVOCATING_CUES or requested:  # "called for a ceasefire", "pushed for more aid"
            evidence.append((1.5 * ending, f"stance: {' '.join(cue_lemmas)} (cue of favor{of_ending})"))
        if " ".join(cue_lemmas) in PHRASAL_AGAINST | _OPPOSING_CUES:  # "ruled out a ceasefire", "warned against"
            evidence.append((-1.5 * ending, f"stance: {' '.join(cue_lemmas)} (cue of against{of_ending})"))
        inverted = any(word.accused for word in words)
        for lemma in cue_lemmas:
            if lemma in _ACCUSING and (inverted or _accuses_an_act(content_span)):
                # "accused the West of blocking talks": counted in the accused's act, or of unknown sign
                continue
            if lemma in FAVOR_ATTITUDES or lemma in AGAINST_ATTITUDES:
                sign = (1.0 if lemma in FAVOR_ATTITUDES else -1.0) * ending
                evidence.append((1.5 * sign, f"stance: {lemma} (cue of {'favor' if sign > 0 else 'against'})"))
    if about_person and speaker_tokens:
        # Whose side the speaker is on holds whatever the cue does: a candidate asking about, or denying something
        # of, their rival still speaks as the rival's opponent.
        evidence += _speaker_side(doc, speaker_tokens, best, topics, people)
    _stance_verdict(result, evidence)
    return result
