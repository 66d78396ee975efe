"""Turns cues into attributions: who (source), the cue, and what (content), all as character offsets of the Doc.

Reads the dependency parse, the paired quotes (`doc._.quotes`) and the cues (`doc._.cues`). It never guesses a
speaker from a mere mention: a source is always the grammatical subject (or "according to" object, "his" of
"in his view", name after a dash or before a headline colon) of a cue.

- `syntax`   token-level helpers: subjects, noun phrases, trimming, negation and irrealis
- `quoted`   quotes next to a cue, quotes run on after it, and what kind (direct, indirect, mixed) a content is
- `clauses`  clausal, phrasal and parenthetical contents ("said that …", "called for …", "X, he said, Y")
- `special`  the fixed cues: "according to", "in his view", headline colons, dash signatures
- `builder`  one pass over the cues, then ordering and nesting (`model`)
"""

from claims.nlp.attribution.builder import AttributionBuilder
from claims.nlp.attribution.model import Attribution, CharSpan
from claims.nlp.attribution.syntax import find_source, noun_phrase

__all__ = ["Attribution", "AttributionBuilder", "CharSpan", "find_source", "noun_phrase"]
