"""Actor linking: a speaker mention -> an ActorEntry slug, or candidates when unsure.

The rule is "never guess": a link is made only when exactly one actor fits. Otherwise the
actor stays empty and ``candidates`` ranks the slugs an editor is likely to pick.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Doc, Token

from claims.nlp.rules import table
from claims.nlp.types import ActorEntry, Gazetteer

MatchKind = Literal["name", "alias", "role", "surname"]
# Names and aliases outrank roles ("Senate Majority Leader" has had many holders), and an
# explicit name outranks a surname derived from a full name.
_STRENGTH: dict[str, int] = {"name": 3, "alias": 3, "role": 2, "surname": 1}


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


PRONOUNS = _wordset("he she they it we i him her them his hers their theirs its our ours my me us")
PERSON_PRONOUNS = _wordset("he she him her his hers i me my")
_DETERMINERS = _wordset("the a an this that these those")
# Capitalised words that precede a surname without being a given name.
TITLE_WORDS = _wordset(
    """
    president vice senator sen rep representative congressman congresswoman leader majority
    minority speaker prime minister secretary spokesman spokeswoman spokesperson chancellor
    governor gov mayor general gen judge justice chairman chairwoman chair director ambassador
    mr mrs ms dr sir lord lady king queen prince princess pope former deputy foreign defense
    defence house senate press chief state attorney analyst commissioner minister envoy official
    colonel col lieutenant lt captain capt sergeant sgt admiral adm professor prof rev father
    saint st according however but and then when while on in at of by for from with said
    """
)
# Heads that make a nationality adjective stand for its country: "the Ukrainian side".
_ORGANISATION_HEADS = _wordset(
    """
    side government authorities officials delegation leadership administration ministry military
    army forces president presidency parliament negotiators diplomats embassy foreign
    """
)
DEMONYMS: dict[str, str] = {
    "american": "united states",
    "us": "united states",
    "u s": "united states",
    "british": "united kingdom",
    "uk": "united kingdom",
    "chinese": "china",
    "french": "france",
    "german": "germany",
    "hungarian": "hungary",
    "israeli": "israel",
    "iranian": "iran",
    "japanese": "japan",
    "palestinian": "palestine",
    "polish": "poland",
    "russian": "russia",
    "ukrainian": "ukraine",
    "turkish": "turkey",
    "indian": "india",
    "brazilian": "brazil",
    "canadian": "canada",
    "mexican": "mexico",
    "italian": "italy",
    "spanish": "spain",
    "saudi": "saudi arabia",
    "syrian": "syria",
    "korean": "korea",
    "north korean": "north korea",
    "south korean": "south korea",
    "belarusian": "belarus",
    "european": "european union",
    "egyptian": "egypt",
    "qatari": "qatar",
    "swiss": "switzerland",
    "dutch": "netherlands",
    "slovak": "slovakia",
    "czech": "czech republic",
    "estonian": "estonia",
    "latvian": "latvia",
    "lithuanian": "lithuania",
    "finnish": "finland",
    "swedish": "sweden",
    "norwegian": "norway",
    "danish": "denmark",
    "romanian": "romania",
    "bulgarian": "bulgaria",
    "greek": "greece",
    "austrian": "austria",
    "irish": "ireland",
    "moldovan": "moldova",
    "serbian": "serbia",
    "australian": "australia",
    "eu": "european union",
}
_COUNTRY_NAMES = {country: country for country in DEMONYMS.values()} | {
    "america": "united states",
    "britain": "united kingdom",
}


def side_named(*phrases: str) -> str:
    """The country a speaker's own words say they speak for, when no actor record says it: a nationality
    ("Russian Foreign Minister Sergei Lavrov"), a country ("Ukraine's Foreign Ministry") or a seat of government
    ("Kremlin spokesman Dmitry Peskov", "the Kremlin"). The phrase must name an office or body, or be the country
    alone: a "Russia expert" or a "Moscow correspondent" speaks for no one. The first phrase that names one wins;
    "" when none does."""
    for phrase in phrases:
        words = name_normalize(phrase).split()
        for size in (2, 1):
            for start in range(len(words) - size + 1):
                found = " ".join(words[start : start + size])
                country = DEMONYMS.get(found) or _COUNTRY_NAMES.get(found) or seat_country(found)
                rest = {w for n, w in enumerate(words) if not start <= n < start + size} - {"the", "s"}
                if country and (rest & _OFFICE_WORDS or not rest):
                    return country
    return ""


# Words that make a country's name the side someone speaks for: "Russian Foreign Minister", "Ukraine's Foreign
# Ministry", "Kremlin spokesman".
_OFFICE_WORDS = _ORGANISATION_HEADS | frozenset(
    """
    minister ministry spokesman spokeswoman spokesperson ambassador envoy diplomat official officials chancellor
    premier prime lawmaker lawmakers deputy aide adviser secretary negotiator negotiators leader king
    """.split()
)


def seat_country(word: str) -> str:
    row = table("seats").get(word)
    return "" if row is None else str(row["country"])


_APOSTROPHE = re.compile(r"['\u2019\u2018`]s\b|['\u2019\u2018`]")
_NON_WORD = re.compile(r"[^\w]+|_+")

CANDIDATE_LIMIT = 5
_FUZZY_THRESHOLD = 0.78
# Two spellings of one given name ("Dmitry"/"Dmitri", "Volodymyr"/"Volodimir") are at least this similar;
# different names ("Jeh"/"Larry", "Boris"/"Larry") are far below it.
_SAME_GIVEN_NAME = 0.75


@functools.lru_cache(maxsize=65_536)
def name_normalize(text: str) -> str:
    """Case-, diacritic-, punctuation- and possessive-insensitive form of a name or role."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    plain = _APOSTROPHE.sub(" ", plain)  # "Peskov's" -> "peskov", "leaders'" -> "leaders"
    return " ".join(_NON_WORD.sub(" ", plain).split())


def _mention_tokens(text: str) -> tuple[str, ...]:
    tokens = name_normalize(text).split()
    while tokens and tokens[0] in _DETERMINERS:
        tokens = tokens[1:]
    return tuple(tokens)


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    slug: str
    kind: MatchKind


@dataclass(slots=True)
class ActorLink:
    actor: str | None
    candidates: list[str] = field(default_factory=list)
    reason: str = ""  # one line for ExtractedClaim.rationale


class ActorIndex:
    """The gazetteer's names, aliases, roles and derived surnames, by normalised token tuple."""

    def __init__(self, actors: Iterable[ActorEntry]) -> None:
        self.actors: dict[str, ActorEntry] = {}
        self.phrases: dict[tuple[str, ...], dict[str, MatchKind]] = {}
        self.forms: list[tuple[str, str, MatchKind]] = []  # (normalised form, slug, kind) for fuzzy candidates
        self._fuzzy: dict[str, list[str]] = {}
        for actor in actors:
            self.actors[actor.slug] = actor
            self._add(actor.name, actor.slug, "name")
            for alias in actor.aliases:
                self._add(alias, actor.slug, "alias")
            for role in actor.roles:
                self._add(role, actor.slug, "role")
            name_tokens = _mention_tokens(actor.name)
            if actor.kind == "person" and len(name_tokens) > 1:
                self._add(name_tokens[-1], actor.slug, "surname")
        self.longest = max((len(key) for key in self.phrases), default=0)

    def _add(self, text: str, slug: str, kind: MatchKind) -> None:
        key = _mention_tokens(text)
        if not key:
            return
        kinds = self.phrases.setdefault(key, {})
        current = kinds.get(slug)
        if current is None or _STRENGTH[kind] > _STRENGTH[current]:
            kinds[slug] = kind
        self.forms.append((" ".join(key), slug, kind))

    def matches(self, tokens: tuple[str, ...]) -> list[_Match]:
        """Every gazetteer phrase inside the mention, minus those inside a longer one."""
        found = [
            _Match(start, end, slug, kind)
            for start in range(len(tokens))
            for end in range(start + 1, min(len(tokens), start + self.longest) + 1)
            for slug, kind in self.phrases.get(tokens[start:end], {}).items()
        ]
        # "Larry Johnson" hides the bare "Johnson" of another actor inside it.
        return [
            m
            for m in found
            if not any(o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start) for o in found)
        ]

    def exact(self, full_name: tuple[str, ...]) -> list[_Match]:
        """Actors whose name or alias is exactly this full name (middle initials optional)."""
        for key in (full_name, tuple(word for word in full_name if len(word) > 1)):
            found = [
                _Match(0, len(key), slug, kind)
                for slug, kind in self.phrases.get(key, {}).items()
                if kind in ("name", "alias")
            ]
            if found:
                return found
        return []

    def may_be(self, slug: str, full_name: tuple[str, ...]) -> bool:
        """Whether the actor may be the person a full name names: never when every written form of the actor with
        given names has other given names ("Jeh Johnson", or "Mr Johnson" read as Boris Johnson, is not Larry
        Johnson). An organisation, or an actor known by one word only, says nothing against it."""
        actor = self.actors.get(slug)
        if actor is None or actor.kind != "person" or len(full_name) < 2:
            return True
        given_names = [
            tokens[:-1]
            for tokens in (_mention_tokens(form) for form in (actor.name, *actor.aliases))
            if len(tokens) > 1
        ]
        return not given_names or any(_given_names_agree(full_name[:-1], given) for given in given_names)

    def fuzzy_candidates(self, text: str) -> list[str]:
        """Slugs whose names look like the mention (a misspelling), best first."""
        wanted = " ".join(_mention_tokens(text))
        if not wanted:
            return []
        cached = self._fuzzy.get(wanted)
        if cached is None:
            cached = self._fuzzy[wanted] = self._fuzzy_rank(wanted)
            if len(self._fuzzy) > 4096:
                self._fuzzy.clear()
        return list(cached)

    def _fuzzy_rank(self, wanted: str) -> list[str]:
        best: dict[str, float] = {}
        whole = difflib.SequenceMatcher(None, "", wanted)  # difflib caches its analysis of seq2
        words = [difflib.SequenceMatcher(None, "", word) for word in wanted.split() if len(word) > 3]
        for form, slug, kind in self.forms:
            score = _similarity(whole, form)
            surname = form.split()[-1]
            if kind in ("name", "alias", "surname") and self.actors[slug].kind == "person" and len(surname) > 3:
                # A misspelt surname inside a longer mention ("Mr. Peskow") counts a little less. Only
                # surnames: "Russia" must not look like the "Russian press secretary".
                for word in words:
                    score = max(score, _similarity(word, surname) - 0.05)
            if score >= _FUZZY_THRESHOLD and score > best.get(slug, 0.0):
                best[slug] = score
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        return [slug for slug, _score in ranked[:CANDIDATE_LIMIT]]


def _given_names_agree(mine: tuple[str, ...], theirs: tuple[str, ...]) -> bool:
    """Whether two lists of given names can belong to one person: one name in common, an initial of the other
    ("J." for "John"), or another spelling of it."""
    for a in mine:
        for b in theirs:
            if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
                return True
            if difflib.SequenceMatcher(None, a, b).ratio() >= _SAME_GIVEN_NAME:
                return True
    return False


def _similarity(matcher: difflib.SequenceMatcher, other: str) -> float:
    """difflib's ratio, skipping the full computation when its cheap upper bounds are already too low."""
    matcher.set_seq1(other)
    if matcher.real_quick_ratio() < _FUZZY_THRESHOLD - 0.05 or matcher.quick_ratio() < _FUZZY_THRESHOLD - 0.05:
        return 0.0
    return matcher.ratio()


_INDEXES: OrderedDict[int, tuple[tuple[ActorEntry, ...], ActorIndex]] = OrderedDict()


def actor_index(actors: tuple[ActorEntry, ...]) -> ActorIndex:
    """One index per gazetteer: a worker extracting many articles with one gazetteer builds it once."""
    cached = _INDEXES.get(id(actors))
    if cached is not None and cached[0] is actors:  # the tuple is kept, so its id is not reused
        _INDEXES.move_to_end(id(actors))
        return cached[1]
    index = ActorIndex(actors)
    _INDEXES[id(actors)] = (actors, index)
    while len(_INDEXES) > 8:
        _INDEXES.popitem(last=False)
    return index


def _decide(matches: list[_Match], what: str) -> ActorLink | None:
    if not matches:
        return None
    top = max(_STRENGTH[m.kind] for m in matches)
    slugs = sorted({m.slug for m in matches if _STRENGTH[m.kind] == top})
    if len(slugs) == 1:
        return ActorLink(slugs[0], [], f"speaker: {what} -> {slugs[0]}")
    return ActorLink(None, slugs[:CANDIDATE_LIMIT], f"speaker: {what} is ambiguous")


@dataclass(frozen=True, slots=True)
class _NameMention:
    start: int  # character offset in the document
    tokens: tuple[str, ...]  # normalised full name, e.g. ("dmitry", "peskov")


class DocNames:
    """Full names (given name + surname) written in a document, for surname chains."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._positions: dict[str, list[int]] | None = None  # token indexes by normalised text, built when needed
        self.by_surname: dict[str, list[_NameMention]] = {}
        for token in doc:
            if not token.text[:1].isupper() or token.i == 0:
                continue
            surname = name_normalize(token.text)
            if not surname or surname in TITLE_WORDS:
                continue
            given = self._given_names(token.i)
            if given:
                tokens = tuple(name_normalize(t.text) for t in given) + (surname,)
                self.by_surname.setdefault(surname, []).append(_NameMention(given[0].idx, tokens))

    def _given_names(self, i: int) -> list[Token]:
        """Up to two capitalised words before a surname that are not titles or adjectives."""
        given: list[Token] = []
        for j in range(i - 1, max(i - 3, -1), -1):
            prev = self.doc[j]
            norm = name_normalize(prev.text)
            glued = prev.whitespace_ == "" and not prev.text.endswith(".")  # "Ukraine**Zelensky"
            if (
                glued
                or not prev.text[:1].isupper()
                or not norm
                or norm in TITLE_WORDS
                or prev.pos_ in ("ADJ", "DET", "ADP", "VERB")
                or prev.ent_type_ in ("NORP", "GPE", "ORG", "DATE")
            ):
                break
            given.insert(0, prev)
        return given

    def full_name_at(self, start: int, end: int) -> tuple[str, ...] | None:
        """The given names + surname written inside the mention ("Mike Johnson"), if any."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        words = [t for t in span if t.text[:1].isupper() and name_normalize(t.text)]
        if not words or words[-1].i == 0 or name_normalize(words[-1].text) in TITLE_WORDS:
            return None
        given = [t for t in self._given_names(words[-1].i) if t.idx >= start]
        if not given:
            return None
        return tuple(name_normalize(t.text) for t in given) + (name_normalize(words[-1].text),)

    def full_names(self, surname: str, before: int) -> list[tuple[str, ...]]:
        """Distinct full names ending in this surname, preferring those written before `before`."""
        mentions = self.by_surname.get(surname, [])
        earlier = [m for m in mentions if m.start < before]
        chosen = earlier or mentions
        return list(dict.fromkeys(m.tokens for m in chosen))

    def role_holders(self, role: tuple[str, ...], before: int) -> list[tuple[str, ...]]:
        """Names written right after the role ("Kremlin spokesman Dmitry Peskov")."""
        if self._positions is None:
            self._positions = {}
            for token in self.doc:
                self._positions.setdefault(name_normalize(token.text), []).append(token.i)
        doc = self.doc
        holders: list[tuple[str, ...]] = []
        for i in self._positions.get(role[0], []):
            end = i + len(role)
            if doc[i].idx >= before or end > len(doc):
                break
            if tuple(name_normalize(t.text) for t in doc[i:end]) != role:
                continue
            run: list[str] = []
            for following in doc[end : end + 3]:
                if not following.text[:1].isupper():
                    break
                run.append(name_normalize(following.text))
            if len(run) >= 2:
                holders.append(tuple(run))
        return list(dict.fromkeys(holders))


_COORDINATION = re.compile(r"\s+(?:and|&)\s+")


def _coordinated_parts(text: str) -> list[tuple[int, str]]:
    """(offset, part) of each mention joined by "and" in "X and Y"."""
    parts, offset = [], 0
    for separator in _COORDINATION.finditer(text):
        parts.append((offset, text[offset : separator.start()]))
        offset = separator.end()
    parts.append((offset, text[offset:]))
    return [(offset, part) for offset, part in parts if part.strip()]


class ActorLinker:
    """Links speaker mentions of one document against one gazetteer."""

    def __init__(self, gazetteer: Gazetteer, doc: Doc) -> None:
        self.index = actor_index(gazetteer.actors)
        self.names = DocNames(doc)

    def link(self, text: str, *, start: int) -> ActorLink:
        parts = _coordinated_parts(text)
        if len(parts) > 1:
            # "Biden and German Chancellor Olaf Scholz said in a joint statement": each speaker is an actor.
            links = [self._link_one(part, start=start + offset) for offset, part in parts]
            actors = list(dict.fromkeys(link.actor for link in links if link.actor is not None))
            undecided = [slug for link in links if link.actor is None for slug in link.candidates]
            if len(actors) > 1 or (actors and undecided):
                everyone = list(dict.fromkeys(actors + undecided))
                return ActorLink(None, everyone[:CANDIDATE_LIMIT], f"speaker: '{text}' is {len(parts)} speakers")
            if len(actors) == 1:
                return ActorLink(actors[0], [], f"speaker: '{text}' -> {actors[0]}, with others")
        return self._link_one(text, start=start)

    def _link_one(self, text: str, *, start: int) -> ActorLink:
        tokens = _mention_tokens(text)
        if not tokens:
            return ActorLink(None, [], "speaker: empty mention")
        if len(tokens) == 1 and tokens[0] in PRONOUNS:
            return ActorLink(None, [], f"speaker: pronoun '{text}' without antecedent")
        full_name = self.names.full_name_at(start, start + len(text))
        if full_name is not None:
            # A written full name is decisive: "Mike Johnson" is not the gazetteer's Larry Johnson.
            return self._full_name(full_name, text=text)
        matches = self.index.matches(tokens)
        core = tokens
        while len(core) > 1 and core[0] in TITLE_WORDS:
            core = core[1:]  # "Mr. Johnson", "Senate Majority Leader Schumer"
        names_an_organisation = any(self.index.actors[m.slug].kind == "organisation" for m in matches)
        if len(core) == 1 and not names_an_organisation:
            # A lone surname: the document's own full names decide before the gazetteer does.
            chained = self._surname_chain(core[0], text=text, start=start)
            if chained is not None:
                return chained
        decided = _decide(matches, f"'{text}'")
        if decided is not None:
            return decided
        holders = self.names.role_holders(tokens, before=start)
        if len(holders) == 1:
            return self._full_name(holders[0], text=text)
        country = self._country(tokens, text=text)
        if country is not None:
            return country
        candidates = self.index.fuzzy_candidates(text)
        if candidates:
            return ActorLink(None, candidates, f"speaker: '{text}' unknown, similar names listed")
        return ActorLink(None, [], f"speaker: '{text}' not in the gazetteer")

    def _full_name(self, full_name: tuple[str, ...], *, text: str) -> ActorLink:
        full = " ".join(full_name)
        shown = f"'{text}'" if name_normalize(text).endswith(full) else f"'{text}' -> '{full}'"
        decided = _decide(self.index.exact(full_name), shown)
        if decided is not None:
            return decided
        similar = self.index.fuzzy_candidates(full)
        same_surname = [m.slug for m in self.index.matches(full_name[-1:])]
        candidates = [slug for slug in dict.fromkeys(similar + same_surname) if self.index.may_be(slug, full_name)]
        return ActorLink(None, candidates[:CANDIDATE_LIMIT], f"speaker: {shown} not in the gazetteer")

    def _surname_chain(self, surname: str, *, text: str, start: int) -> ActorLink | None:
        full_names = self.names.full_names(surname, before=start)
        if not full_names:
            return None
        if len(full_names) == 1:
            return self._full_name(full_names[0], text=text)
        slugs = [m.slug for name in full_names for m in self.index.exact(name)]
        # A bare surname match counts only for an actor who may be one of the people the article names.
        slugs += [
            m.slug
            for m in self.index.matches((surname,))
            if any(self.index.may_be(m.slug, name) for name in full_names)
        ]
        shown = ", ".join("'" + " ".join(n) + "'" for n in full_names)
        return ActorLink(
            None,
            list(dict.fromkeys(slugs))[:CANDIDATE_LIMIT],
            f"speaker: '{text}' is ambiguous: the article names {shown}",
        )

    def _country(self, tokens: tuple[str, ...], *, text: str) -> ActorLink | None:
        if len(tokens) < 2 or tokens[-1] not in _ORGANISATION_HEADS:
            return None
        country = DEMONYMS.get(" ".join(tokens[:-1]))
        if country is None:
            return None
        organisations = [
            m for m in self.index.matches(tuple(country.split())) if self.index.actors[m.slug].kind == "organisation"
        ]
        return _decide(organisations, f"'{text}' ({country})")
