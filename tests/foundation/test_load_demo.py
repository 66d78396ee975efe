import pytest
from django.core.management import call_command

from actors.models import Actor, Alias
from claims.models import Article, Topic

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, list]:
    return {
        "actors": list(Actor.objects.order_by("slug").values_list("slug", "name", "kind", "role", "wikidata_id")),
        "aliases": list(Alias.objects.order_by("actor__slug", "name").values_list("actor__slug", "name", "is_role")),
        "topics": list(Topic.objects.order_by("slug").values_list("slug", "name", "keywords")),
        "articles": list(Article.objects.order_by("id").values_list("id", "title", "text_hash", "published_on")),
    }


def test_it_creates_the_demo_actors_topics_and_seed_article():
    call_command("load_demo", verbosity=0)
    assert set(Actor.objects.values_list("slug", flat=True)) == {
        "dmitry-peskov",
        "volodymyr-zelensky",
        "chuck-schumer",
        "larry-johnson",
    }
    assert Actor.objects.get(slug="dmitry-peskov").aliases.filter(name="Kremlin spokesman", is_role=True).exists()
    assert Topic.objects.count() == 2
    article = Article.objects.get()
    assert str(article.published_on) == "2023-12-07"
    assert article.text.startswith("Russian press secretary Dmitry Peskov said")


def test_it_gives_the_same_database_when_run_twice():
    call_command("load_demo", verbosity=0)
    first = snapshot()
    call_command("load_demo", verbosity=0)
    assert snapshot() == first
