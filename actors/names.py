"""Name normalisation shared by alias lookup in the database and by the extractor's gazetteer."""

from __future__ import annotations

import re
import unicodedata

_POSSESSIVE = re.compile(r"['’]s?$")
_NON_WORD = re.compile(r"[^\w\s-]+")
_SPACES = re.compile(r"[\s-]+")


def name_normalise(name: str) -> str:
    """'Volodymyr  Zelensky’s' -> 'volodymyr zelensky'; 'Zelenskyy' stays distinct from 'Zelensky'."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    lowered = _POSSESSIVE.sub("", ascii_only.strip().lower())
    return _SPACES.sub(" ", _NON_WORD.sub(" ", lowered)).strip()
