"""Demo data for a newcomer's first `make run`: the four actors of the brief, two topics and the seed article."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

SEED_ARTICLE_PATH = Path(__file__).with_name("seed-article.txt")
SEED_ARTICLE_PUBLISHED = dt.date(2023, 12, 7)
SEED_ARTICLE_TITLE = "Peskov: Russia was ready to negotiate, the Ukrainian side interrupted the process"
SEED_ARTICLE_OUTLET = "Demo outlet"

ACTORS = [
    {
        "slug": "dmitry-peskov",
        "name": "Dmitry Peskov",
        "kind": "person",
        "role": "Press Secretary of the President of Russia",
        "country": "Russia",
        "wikidata_id": "Q4155603",
        "aliases": ["Peskov", "Dmitry Peskov", "Dmitri Peskov", "Dmitry Sergeyevich Peskov"],
        "roles": ["Kremlin spokesman", "Kremlin press secretary", "Russian press secretary"],
    },
    {
        "slug": "volodymyr-zelensky",
        "name": "Volodymyr Zelensky",
        "kind": "person",
        "role": "President of Ukraine",
        "country": "Ukraine",
        "wikidata_id": "Q3874799",
        "aliases": ["Zelensky", "Zelenskyy", "Volodymyr Zelenskyy", "Volodymyr Zelensky"],
        "roles": ["Ukrainian President", "President of Ukraine"],
    },
    {
        "slug": "chuck-schumer",
        "name": "Chuck Schumer",
        "kind": "person",
        "role": "US Senate Majority Leader",
        "country": "United States",
        "wikidata_id": "Q380900",
        "aliases": ["Schumer", "Chuck Schumer", "Charles Schumer"],
        "roles": ["Senate Majority Leader", "US Senate Majority Leader"],
    },
    {
        "slug": "larry-johnson",
        "name": "Larry Johnson",
        "kind": "person",
        "role": "Former CIA analyst",
        "country": "United States",
        "wikidata_id": None,
        "aliases": ["Larry Johnson", "Larry C. Johnson"],
        "roles": ["former CIA analyst"],
    },
]

TOPICS = [
    {
        "slug": "russia-ukraine-peace-negotiations",
        "name": "Russia–Ukraine peace negotiations",
        "description": "Talks, mediation and conditions for ending the war between Russia and Ukraine.",
        "keywords": [
            "negotiation",
            "negotiate",
            "peace talks",
            "talks",
            "peace",
            "mediator",
            "mediation",
            "ceasefire",
            "truce",
            "diplomatic means",
            "political and diplomatic means",
            "dialogue",
            "peace process",
            "peace agreement",
            "settlement",
            "territories",
        ],
        "favor_phrases": [
            "ready to negotiate",
            "willingness to negotiate",
            "willingness for peace",
            "prefer to solve",
            "political and diplomatic means",
            "non-violent way",
            "mutually beneficial",
            "common ground",
            "act as a mediator",
            "support talks",
            "call for talks",
        ],
        "against_phrases": [
            "interrupted the negotiation",
            "refuse to negotiate",
            "no intention to negotiate",
            "not shown any intention to negotiate",
            "reject talks",
            "only on russian terms",
            "no talks",
        ],
    },
    {
        "slug": "us-military-aid-to-ukraine",
        "name": "US military aid to Ukraine",
        "description": "Funding, weapons and other military support from the United States to Ukraine.",
        "keywords": [
            "military aid",
            "military assistance",
            "aid",
            "aiding",
            "emergency support",
            "supplemental funding",
            "funding",
            "weapons",
            "ammunition",
            "security assistance",
            "aid package",
            "congress",
            "military aid funds",
        ],
        "favor_phrases": [
            "approve additional",
            "continue to support",
            "support ukraine",
            "more money",
            "approve aid",
            "pass the aid",
            "keep supporting",
        ],
        "against_phrases": [
            "stop aiding",
            "no more money",
            "cut aid",
            "block aid",
            "oppose aid",
            "end support",
        ],
    },
]

# The demo editor and the decisions recorded for them on the seed article (load_demo), so the analyst pages show
# statements from the first `make run` while the review queue keeps the rest. Each names its claim by words of its
# content; a decision whose claim the extractor no longer finds is skipped. Peskov's neutral aside of 5 December
# sits beside his favourable answers of that day: the actor page shows that day as mixed, not as a stance shift.
DEMO_EDITOR = "demo-editor"
DEMO_REVIEWS = [
    {"content": "Russia had been ready to negotiate with Ukraine", "decision": "approve", "actor": "dmitry-peskov"},
    {"content": "Russia prefers to solve the problem", "decision": "approve", "actor": "dmitry-peskov"},
    {"content": "Hungary's willingness to act as a mediator", "decision": "approve", "actor": "dmitry-peskov"},
    {"content": "negotiations will take place on Western soil", "decision": "approve", "actor": "dmitry-peskov"},
    {"content": "negotiation was a non-violent way", "decision": "approve", "actor": "larry-johnson"},
    {"content": "Zelensky temporarily canceled his plan", "decision": "approve", "actor": "chuck-schumer"},
    {
        "content": "foreign media such as the Associated Press",
        "decision": "reject",
        "reason": "A citation of sources, not a statement.",
    },
]
