"""A first guess at a new actor's kind and role, from its name and the speaker mention it came from.

Editors confirm or change the guess in the edit form; a wrong guess costs one click, a missing one ("The Washington
Post" filed as a person) skews every page that groups actors by kind.
"""

from __future__ import annotations

import re

from actors.names import name_normalise

# Words that give the kind away when they appear in a name, checked in this order (a "News Agency" is media, not
# government; a "Ministry of Information" is government).
_KIND_WORDS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "media",
        frozenset(
            """post times news journal herald tribune gazette telegraph guardian observer chronicle daily weekly
            magazine newspaper press reuters bloomberg tv television radio broadcasting broadcaster network
            channel cnn bbc nbc cbs abc fox msnbc npr afp ap tass ria interfax xinhua politico axios economist
            newsweek wire""".split()
        ),
    ),
    (
        "government",
        frozenset(
            """ministry department government kremlin administration cabinet parliament senate congress house
            council commission office agency embassy court police army military pentagon presidency duma bundestag
            treasury""".split()
        ),
    ),
    (
        "group",
        frozenset("party movement coalition alliance union front brigade militia hamas hezbollah taliban".split()),
    ),
    (
        "organisation",
        frozenset(
            """inc corp corporation company co ltd llc plc group bank university institute foundation association
            organisation organization fund committee federation society club""".split()
        ),
    ),
)
# spaCy's entity labels, when the mention carried one.
_KIND_BY_LABEL = {"PERSON": "person", "ORG": "organisation", "NORP": "group", "GPE": "government"}
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


def actor_kind_guess(*, name: str, entity_label: str = "") -> str:
    """person, organisation, media, government or group: a name's telling word first, then the entity label."""
    words = set(name_normalise(name).split())
    for kind, telling in _KIND_WORDS:
        if words & telling:
            return kind
    if entity_label in _KIND_BY_LABEL:
        return _KIND_BY_LABEL[entity_label]
    # "The Washington Post", "The Kremlin": a name that takes "the" is rarely a person's.
    return "organisation" if _LEADING_THE.match(name.strip()) else "person"


def actor_role_guess(*, mention: str, name: str) -> str:
    """The words of the mention before the name ("Kremlin spokesman Dmitry Peskov" -> "Kremlin spokesman"), or the
    mention itself when it is a description rather than a name ("the newspaper's editor")."""
    mention = " ".join(mention.split())
    name = " ".join(name.split())
    if not mention or not name or mention.lower() == name.lower():
        return ""
    at = mention.lower().rfind(name.lower())
    if at > 0:
        return mention[:at].strip(" ,")[:300]
    if at < 0 and mention[:1].islower():
        return _LEADING_THE.sub("", mention)[:300]
    return ""
