"""Helpers for the analyst pages' tests: statements whose text sits inside a real article."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.cache import cache

from claims.models import Statement
from tests.factories import ArticleFactory, StatementFactory

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The home page caches its counts; each test starts from the database.
    cache.clear()
    yield
    cache.clear()


def say(
    actor, text: str = "that the talks should resume", *, on: dt.date | str = "2024-01-10", article=None, **fields
) -> Statement:  # noqa: ANN001
    """A statement by `actor` whose text is quoted in its own article (or the one given)."""
    said_on = dt.date.fromisoformat(on) if isinstance(on, str) else on
    if article is None:
        n = next(_numbers)
        article = ArticleFactory(text=f"Report {n}. {actor.name} said {text}. Nothing else happened.")
    return StatementFactory(actor=actor, article=article, text=text, said_on=said_on, **fields)
