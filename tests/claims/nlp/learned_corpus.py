"""Tiny labelled articles written for the tests of the learned components (PolNeAR's JSON lines format).

"groused" and "carped" are cues the rules do not know; a model trained on these articles must learn them."""

from __future__ import annotations

import json
from pathlib import Path

_PEOPLE = [
    "Mayor Alice Brennan",
    "Senator Tom Okafor",
    "The union leader",
    "Governor Ruth Lindqvist",
    "The harbour master",
    "Councillor Dev Patel",
    "The finance minister",
    "Judge Mara Costa",
]
_CONTENTS = [
    "the new bridge would cost far more than promised",
    "the bus fares were rising too quickly for families",
    "the school budget had been cut without a vote",
    "the river port needed a second crane",
    "the hospital queues had doubled since spring",
    "the tax office ignored the small traders",
    "the water pipes in the old town were leaking",
    "the court calendar was full until next year",
]
_FILLERS = [
    "The council decided to delay the vote on the old hall.",
    "Workers repaired the road near the school for most of the week.",
    "Ticket sales rose in the second quarter, and the club hired two coaches.",
    "A crowd gathered outside the station before noon to watch the parade.",
]


def _article(number: int) -> dict:
    person = _PEOPLE[number % len(_PEOPLE)]
    other = _PEOPLE[(number + 3) % len(_PEOPLE)]
    content_a = _CONTENTS[number % len(_CONTENTS)]
    content_b = _CONTENTS[(number + 5) % len(_CONTENTS)]
    verb = "groused" if number % 2 else "carped"
    sentences = [
        _FILLERS[number % len(_FILLERS)],
        f"{person} {verb} that {content_a}.",
        _FILLERS[(number + 1) % len(_FILLERS)],
        f"{other} said that {content_b}.",
        _FILLERS[(number + 2) % len(_FILLERS)],
        f"The evening edition carried page {number + 2} of the city report.",
    ]
    text = " ".join(sentences)
    attributions = []
    for index, (source, cue, content) in enumerate([(person, verb, content_a), (other, "said", content_b)]):
        sentence_start = text.index(f"{source} {cue} that {content}")
        source_start = sentence_start
        cue_start = source_start + len(source) + 1
        content_start = cue_start + len(cue) + 1
        content_text = f"that {content}"
        attributions.append(
            {
                "id": f"E{index + 1}",
                "type": "Attribution",
                "source": {"start": source_start, "end": source_start + len(source), "text": source},
                "cue": {"start": cue_start, "end": cue_start + len(cue), "text": cue},
                "content": {
                    "start": content_start,
                    "end": content_start + len(content_text),
                    "text": content_text,
                },
            }
        )
    return {"id": f"written-{number}", "text": text, "published": "2024-05-01", "attributions": attributions}


def labelled_articles(count: int = 24) -> list[dict]:
    return [_article(number) for number in range(count)]


def write_jsonl(path: Path, articles: list[dict]) -> Path:
    path.write_text("".join(json.dumps(article) + "\n" for article in articles), encoding="utf-8")
    return path


UNSEEN_TEXT = (
    "The ferry left late again. Councillor Ines Moreau groused that the ferry timetable was a joke. "
    "Fog covered the harbour by evening."
)
