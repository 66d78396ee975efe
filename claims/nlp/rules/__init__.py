"""The extractor's rules: word lists and patterns (data files in this folder) and the registry of named rules.

Every rule of the engine (a cue finder, a shape, a filter, a boundary trimmer) is registered here under a name
such as `filter.irrealis`. A rule that acts records its name in the attribution's `rules` (and so in the claim's
rationale); any rule can be switched off by name (`extract(..., disabled_rules={...})`) to measure what it adds
(`make eval`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

RULES_DIR = Path(__file__).parent
STAGES = ("cue", "filter", "shape", "score", "trim", "pass")


@dataclass(frozen=True, slots=True)
class Rule:
    name: str  # "<stage>.<what>", e.g. "filter.irrealis"
    stage: str
    summary: str


_registry: dict[str, Rule] = {}
F = TypeVar("F", bound=Callable[..., Any])


def register_rule(name: str, summary: str) -> str:
    """Registers a rule name (its stage is the part before the first dot) and returns it."""
    stage = name.split(".", 1)[0]
    if stage not in STAGES:
        raise ValueError(f"rule {name!r}: stage must be one of {STAGES}")
    existing = _registry.get(name)
    if existing is not None and existing.summary != summary:
        raise ValueError(f"rule {name!r} is registered twice")
    _registry[name] = Rule(name, stage, summary)
    return name


def all_rule_names() -> list[str]:
    """Every registered rule, by stage then name.

    Rules register when their stage's module is imported; every entry point imports the engine through
    `claims.nlp.pipeline` first. Importing the engine from here would make the rules data depend on the stages."""
    return sorted(_registry, key=lambda name: (STAGES.index(_registry[name].stage), name))


def rule_summary(name: str) -> str:
    return _registry[name].summary


def check_rule_names(names: set[str] | frozenset[str]) -> None:
    """Raises on a name no rule has, so a typo in a switch-off list is not silently ignored."""
    unknown = sorted(set(names) - set(all_rule_names()))
    if unknown:
        raise ValueError(f"unknown rule name(s): {', '.join(unknown)}")


@cache
def words(name: str) -> frozenset[str]:
    """A word list: rules/words/<name>.txt, whitespace-separated, `#` starts a comment."""
    text = (RULES_DIR / "words" / f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() for w in line.split("#", 1)[0].split())


@cache
def table(name: str) -> dict[str, dict[str, Any]]:
    """A JSON lines table keyed by its first field: rules/<name>.jsonl."""
    rows: dict[str, dict[str, Any]] = {}
    for line in (RULES_DIR / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            key = next(iter(row.values()))
            if key in rows:
                raise ValueError(f"rules/{name}.jsonl: {key!r} appears twice")
            rows[key] = row
    return rows
