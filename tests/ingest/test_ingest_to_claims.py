"""Default mode (no broker): an ingest extracts its claims in-process once the transaction commits."""

import datetime as dt

import pytest
from django.core.management import call_command

from claims.models import Article, Claim
from claims.services.articles import article_ingest

pytestmark = pytest.mark.django_db


def test_an_ingested_article_gets_its_claims_after_commit(django_capture_on_commit_callbacks):
    call_command("load_demo", verbosity=0)
    text = (
        "Kremlin spokesman Dmitry Peskov said on Monday that Russia was ready to negotiate with Ukraine.\n"
        "Chuck Schumer told reporters that the Senate would pass more military aid to Ukraine."
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = article_ingest(text=text, title="Talks", published_on=dt.date(2023, 12, 7))
    article = Article.objects.get(pk=result.article.pk)
    assert article.status == Article.Status.DONE
    assert article.extraction_attempts == 1
    speakers = {c.actor.slug for c in Claim.objects.filter(article=article) if c.actor}
    assert speakers == {"dmitry-peskov", "chuck-schumer"}


def test_load_demo_extracts_the_seed_article_and_stays_idempotent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    seed = Article.objects.get()
    assert seed.status == Article.Status.DONE
    claims = list(Claim.objects.filter(article=seed).values_list("pk", flat=True))
    assert Claim.objects.filter(article=seed, actor__slug="dmitry-peskov", said_on=dt.date(2023, 12, 5)).exists()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    assert list(Article.objects.values_list("pk", flat=True)) == [seed.pk]
    assert list(Claim.objects.filter(article=seed).values_list("pk", flat=True)) == claims, "not extracted again"
