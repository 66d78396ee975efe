import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from actors.models import Actor, Alias
from claims.models import Article, Claim, ReviewEvent, Statement, Topic

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, list]:
    return {
        "actors": list(Actor.objects.order_by("slug").values_list("slug", "name", "kind", "role", "wikidata_id")),
        "aliases": list(Alias.objects.order_by("actor__slug", "name").values_list("actor__slug", "name", "is_role")),
        "topics": list(Topic.objects.order_by("slug").values_list("slug", "name", "keywords")),
        "articles": list(Article.objects.order_by("id").values_list("id", "title", "text_hash", "published_on")),
        "claims": list(Claim.objects.order_by("id").values_list("id", "status", "actor__slug")),
        "statements": list(Statement.objects.order_by("id").values_list("id", "claim_id", "said_on", "stance")),
        "events": list(ReviewEvent.objects.order_by("id").values_list("id", "action", "claim_id", "user__username")),
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


def test_a_newcomer_sees_reviewed_statements_and_still_has_claims_to_review(client):
    call_command("load_demo", verbosity=0)
    approved = Statement.objects.filter(approved_by__username="demo-editor")
    assert approved.filter(actor__slug="dmitry-peskov").count() >= 3
    assert Claim.objects.filter(status=Claim.Status.PENDING).exists()  # the queue still has work
    # Every decision is in the review history, as the demo editor's.
    decided = Claim.objects.exclude(status=Claim.Status.PENDING)
    assert decided.filter(status=Claim.Status.REJECTED).exists()
    for claim in decided:
        assert ReviewEvent.objects.filter(claim=claim, user__username="demo-editor").exists()

    page = client.get("/actors/dmitry-peskov/").content.decode()
    assert "Russia had been ready to negotiate" in page
    assert "<svg" in page  # the stance chart
    # Peskov's answers of 5 December disagree: that day is mixed, and no shift is read from one interview.
    assert "Mixed that day" in page
    assert "is-shift" not in page
    topic_page = client.get("/topics/russia-ukraine-peace-negotiations/").content.decode()
    assert "Dmitry Peskov" in topic_page


def test_the_demo_editor_cannot_log_in(client):
    call_command("load_demo", verbosity=0)
    editor = get_user_model().objects.get(username="demo-editor")
    assert not editor.has_usable_password()
    assert editor.groups.filter(name="editors").exists()
