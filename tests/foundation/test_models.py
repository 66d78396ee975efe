import uuid

import pytest
from django.db import IntegrityError, transaction

from actors.models import Actor, Alias
from claims.models import Article, Claim, Statement
from tests.factories import ActorFactory, ArticleFactory, ClaimFactory, StatementFactory

pytestmark = pytest.mark.django_db


def test_it_rejects_a_second_article_with_the_same_url():
    ArticleFactory(url="https://example.org/a")
    with pytest.raises(IntegrityError):
        ArticleFactory(url="https://example.org/a")


def test_it_allows_many_articles_without_url():
    ArticleFactory(url=None)
    ArticleFactory(url=None)
    assert Article.objects.filter(url__isnull=True).count() == 2


def test_it_rejects_the_same_normalised_text_twice():
    article = ArticleFactory()
    with pytest.raises(IntegrityError):
        ArticleFactory(text=article.text)


def test_it_rejects_a_claim_span_past_the_end_of_the_text():
    article = ArticleFactory()
    with pytest.raises(IntegrityError, match="span ends past the end"):
        ClaimFactory(article=article, content_start=0, content_end=len(article.text) + 1)


def test_it_rejects_a_statement_span_past_the_end_of_the_text():
    article = ArticleFactory()
    with pytest.raises(IntegrityError, match="span ends past the end"):
        StatementFactory(article=article, start=0, end=len(article.text) + 5)


def test_it_rejects_an_empty_or_reversed_span():
    with pytest.raises(IntegrityError):
        ClaimFactory(content_start=10, content_end=10)


def test_it_rejects_the_same_spans_twice_in_one_run_but_not_across_runs():
    claim = ClaimFactory()
    ClaimFactory(article=claim.article, run_id=uuid.uuid4())  # a later run may find the same claim again
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory(article=claim.article, run_id=claim.run_id)
    assert Claim.objects.filter(article=claim.article).count() == 2


def test_it_allows_one_statement_per_claim():
    claim = ClaimFactory()
    StatementFactory(claim=claim, article=claim.article, actor=claim.actor)
    with pytest.raises(IntegrityError):
        StatementFactory(claim=claim, article=claim.article, actor=claim.actor)


def test_it_keeps_wikidata_ids_unique_only_when_set():
    ActorFactory(name="A One", wikidata_id=None)
    ActorFactory(name="A Two", wikidata_id=None)
    ActorFactory(name="A Three", wikidata_id="Q42")
    with pytest.raises(IntegrityError):
        ActorFactory(name="A Four", wikidata_id="Q42")


def test_it_rejects_a_malformed_wikidata_id():
    with pytest.raises(IntegrityError):
        ActorFactory(name="A Five", wikidata_id="42")


def test_it_normalises_aliases_for_lookup():
    actor = ActorFactory(name="Volodymyr Zelensky")
    alias = Alias.objects.create(actor=actor, name="  Zelensky’s ")
    assert alias.normalized == "zelensky"
    assert Actor.objects.filter(aliases__normalized="zelensky").get() == actor


def test_it_indexes_statement_text_for_full_text_search():
    StatementFactory(text="that Russia was ready to negotiate")
    assert Statement.objects.filter(search_vector="negotiations").count() == 1
    assert Statement.objects.filter(search_vector="sanctions").count() == 0
