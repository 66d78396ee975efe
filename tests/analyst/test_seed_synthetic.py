"""seed_synthetic: the benchmark data set, built set-based in PostgreSQL."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count

from actors.models import Actor
from claims.models import Article, Statement
from claims.services.synthetic import SLUG_PREFIX

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_synthetic", *args, stdout=out)
    return out.getvalue()


def test_it_creates_the_requested_actors_and_statements():
    seed("--actors", "10", "--statements", "2000")
    assert Actor.objects.filter(slug__startswith=SLUG_PREFIX).count() == 10
    assert Statement.objects.count() == 2000
    assert Article.objects.count() == 400


def test_it_gives_the_first_actor_two_percent_and_every_actor_some():
    seed("--actors", "10", "--statements", "5000")
    counts = dict(Statement.objects.values_list("actor__slug").annotate(n=Count("id")))
    assert counts[f"{SLUG_PREFIX}0001"] == 100
    assert len(counts) == 10
    assert min(counts.values()) > 0


def test_every_evidence_span_slices_its_article_text():
    seed("--actors", "5", "--statements", "500")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM claims_statement AS s JOIN claims_article AS a ON a.id = s.article_id"
            ' WHERE substr(a.text, s.start + 1, s."end" - s.start) <> s.text'
        )
        assert cursor.fetchone()[0] == 0


def test_statements_are_searchable_dated_and_varied():
    seed("--actors", "5", "--statements", "1000")
    assert Statement.objects.filter(search_vector="ceasefire").exists()
    assert Statement.objects.filter(said_on__isnull=True).count() == 0
    assert set(Statement.objects.values_list("stance", flat=True)) == {"favor", "against", "neutral", ""}
    assert set(Statement.objects.values_list("kind", flat=True)) == {"direct", "indirect", "mixed"}


def test_a_second_run_of_the_same_size_changes_nothing():
    seed("--actors", "5", "--statements", "500")
    first_ids = set(Statement.objects.values_list("id", flat=True))
    assert "already there" in seed("--actors", "5", "--statements", "500")
    assert set(Statement.objects.values_list("id", flat=True)) == first_ids


def test_a_different_size_needs_replace_and_then_rebuilds():
    seed("--actors", "5", "--statements", "500")
    with pytest.raises(CommandError, match="--replace"):
        seed("--actors", "5", "--statements", "800")
    seed("--actors", "6", "--statements", "800", "--replace")
    assert Statement.objects.count() == 800
    assert Actor.objects.filter(slug__startswith=SLUG_PREFIX).count() == 6
    assert Article.objects.count() == 160
