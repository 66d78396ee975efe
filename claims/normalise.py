"""Article text normalisation. The stored text is the normalised text: every offset refers to it."""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata

_INLINE_SPACE = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def article_text_normalise(raw: str) -> str:
    """Unicode NFC, HTML entities decoded, spaces collapsed, paragraphs kept as blank-line-separated blocks."""
    text = html.unescape(raw)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _CONTROL.sub("", _ZERO_WIDTH.sub("", text))
    lines = [_INLINE_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    return _MANY_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def article_text_hash(normalised_text: str) -> str:
    """Identity of an article's text for deduplication: case and whitespace do not make a new article."""
    key = " ".join(normalised_text.casefold().split())
    return hashlib.sha256(key.encode("utf-8")).hexdigest()
