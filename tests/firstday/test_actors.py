"""Issue 14: actors created during review get a kind and a role, and the pending claims that name them are re-linked."""

import pytest
from django.urls import reverse

from actors.kinds import actor_kind_guess, actor_role_guess
from actors.models import Actor
from claims.models import Claim
from tests.factories import ActorFactory, ArticleFactory, ClaimFactory

POST_ARTICLE = (
    "The Washington Post reported that the talks had stalled. The Post said that no date was set. "
    "Later the newspaper said that officials were tired. It said that the talks would resume."
)


@pytest.mark.parametrize(
    ("name", "label", "kind"),
    [
        ("The Washington Post", "", "media"),
        ("Reuters", "ORG", "media"),
        ("Russian Foreign Ministry", "", "government"),
        ("The Kremlin", "", "government"),
        ("Hamas", "", "group"),
        ("Gazprom", "ORG", "organisation"),
        ("Maria Zakharova", "PERSON", "person"),
        ("Maria Zakharova", "", "person"),
    ],
)
def test_a_new_actors_kind_is_guessed_from_its_name_and_entity_label(name, label, kind):
    assert actor_kind_guess(name=name, entity_label=label) == kind


def test_a_role_is_guessed_from_the_words_before_the_name():
    assert actor_role_guess(mention="Kremlin spokesman Dmitry Peskov", name="Dmitry Peskov") == "Kremlin spokesman"
    assert actor_role_guess(mention="Dmitry Peskov", name="Dmitry Peskov") == ""
    assert actor_role_guess(mention="the paper's editor", name="Sally Buzbee") == "paper's editor"


def _post_claim(article, speaker, cue, content, **fields):
    return ClaimFactory(
        article=article, actor=None, speaker_fragment=speaker, cue_fragment=cue, content_fragment=content, **fields
    )


@pytest.mark.django_db
def test_creating_an_actor_in_review_gives_it_a_kind_and_relinks_the_claims_that_name_it(editor_client):
    article = ArticleFactory(text=POST_ARTICLE)
    first = _post_claim(article, "The Washington Post", "reported", "that the talks had stalled")
    post = _post_claim(article, "The Post", "said that no", "no date was set")
    newspaper = _post_claim(article, "the newspaper", "newspaper said", "officials were tired")
    pronoun = _post_claim(article, "It", "It said", "the talks would resume", antecedent_text="the newspaper")
    elsewhere = ClaimFactory(
        article=ArticleFactory(text="The Washington Post said that Russia was ready to negotiate. Nothing else."),
        actor=None, speaker_fragment="The Washington Post",
    )  # fmt: skip
    other_paper = ClaimFactory(
        article=ArticleFactory(text="The newspaper said that Russia was ready to negotiate. Nothing else."),
        actor=None, speaker_fragment="The newspaper",
    )  # fmt: skip
    edit_page = editor_client.get(reverse("review-claim-edit", args=[first.pk])).content.decode()
    assert '<option value="media" selected>Media outlet</option>' in edit_page

    response = editor_client.post(
        reverse("review-claim-approve", args=[first.pk]),
        {
            "article": article.pk,
            "actor_choice": "new",
            "new_actor_name": "The Washington Post",
            "new_actor_kind": "media",
            "new_actor_role": "",
            "content_start": first.content_start,
            "content_end": first.content_end,
        },
        follow=True,
    )
    actor = Actor.objects.get(name="The Washington Post")
    assert actor.kind == "media"
    assert actor.get_kind_display() == "Media outlet"
    for claim in (post, newspaper, pronoun, elsewhere):
        claim.refresh_from_db()
        assert claim.actor == actor, claim.speaker_text
        assert claim.status == Claim.Status.PENDING
    other_paper.refresh_from_db()
    assert other_paper.actor is None, "a description is trusted only in the article that named the actor"
    assert "Linked 4 more pending claims to The Washington Post (3 in this article, 1 elsewhere)." in (
        response.content.decode()
    )


ADMIN_ARTICLES = (
    "Sally Buzbee said that the newsroom would grow. Buzbee said that nothing was decided.",
    "Executive editor Sally Buzbee said that the paper would hire. Ms Buzbee said that hiring was hard. "
    "Sally Buzbee said that the rest was rumour.",
)


def _admin_claims():
    """Unlinked pending claims naming Sally Buzbee in two articles, and one she said that was already rejected."""
    first, second = (ArticleFactory(text=text) for text in ADMIN_ARTICLES)
    return {
        "full_name": ClaimFactory(
            article=first, actor=None, speaker_fragment="Sally Buzbee", content_fragment="the newsroom would grow"
        ),
        "surname": ClaimFactory(
            article=first, actor=None, speaker_fragment="Buzbee", cue_fragment="said that nothing",
            content_fragment="nothing was decided",
        ),
        "other_article": ClaimFactory(
            article=second, actor=None, speaker_fragment="Sally Buzbee", content_fragment="the paper would hire"
        ),
        "with_title": ClaimFactory(
            article=second, actor=None, speaker_fragment="Ms Buzbee", content_fragment="hiring was hard"
        ),
        "rejected": ClaimFactory(
            article=second, actor=None, speaker_fragment="Sally Buzbee", content_fragment="the rest was rumour",
            status=Claim.Status.REJECTED,
        ),
    }  # fmt: skip


def _linked(claims, actor):
    return sorted(name for name, claim in claims.items() if Claim.objects.get(pk=claim.pk).actor_id == actor.pk)


@pytest.mark.django_db
def test_creating_an_actor_in_the_admin_links_the_pending_claims_that_name_it_in_every_article(admin_client):
    claims = _admin_claims()
    response = admin_client.post(
        "/admin/actors/actor/add/",
        {
            "name": "Sally Buzbee", "slug": "sally-buzbee", "kind": "person", "role": "", "description": "",
            "country": "", "wikidata_id": "",
            "aliases-TOTAL_FORMS": "1", "aliases-INITIAL_FORMS": "0", "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000", "aliases-0-name": "", "aliases-0-is_role": "",
        },
        follow=True,
    )  # fmt: skip
    actor = Actor.objects.get(slug="sally-buzbee")
    assert _linked(claims, actor) == ["full_name", "other_article"]
    assert "Linked 2 pending claims in 2 articles to Sally Buzbee." in response.content.decode()


@pytest.mark.django_db
def test_adding_an_alias_in_the_admin_links_the_pending_claims_that_use_it(admin_client):
    claims = _admin_claims()
    actor = ActorFactory(name="Sally Buzbee", slug="sally-buzbee")
    page = admin_client.post(
        "/admin/actors/alias/add/", {"name": "Buzbee", "actor": actor.pk, "is_role": ""}, follow=True
    ).content.decode()
    assert _linked(claims, actor) == ["full_name", "other_article", "surname"]
    assert "Linked 3 pending claims in 2 articles to Sally Buzbee." in page

    # An alias typed on the actor's own page counts too; the rejected claim stays as the editor left it.
    page = admin_client.post(
        f"/admin/actors/actor/{actor.pk}/change/",
        {
            "name": "Sally Buzbee", "slug": "sally-buzbee", "kind": "person", "role": "", "description": "",
            "country": "", "wikidata_id": "",
            "aliases-TOTAL_FORMS": "2", "aliases-INITIAL_FORMS": "1", "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000",
            "aliases-0-id": actor.aliases.get().pk, "aliases-0-actor": actor.pk, "aliases-0-name": "Buzbee",
            "aliases-1-name": "Ms Buzbee", "aliases-1-actor": actor.pk,
        },
        follow=True,
    ).content.decode()  # fmt: skip
    assert _linked(claims, actor) == ["full_name", "other_article", "surname", "with_title"]
    assert "Linked 1 pending claim in 1 article to Sally Buzbee." in page


@pytest.mark.django_db
def test_a_role_alias_links_no_claim_outside_the_article_under_review(admin_client):
    claim = ClaimFactory(
        article=ArticleFactory(text="The spokesman said that talks would resume. Nothing else."),
        actor=None, speaker_fragment="The spokesman", content_fragment="talks would resume",
    )  # fmt: skip
    actor = ActorFactory(name="Dmitry Peskov", slug="dmitry-peskov")
    page = admin_client.post(
        "/admin/actors/alias/add/", {"name": "spokesman", "actor": actor.pk, "is_role": "on"}, follow=True
    ).content.decode()
    claim.refresh_from_db()
    assert claim.actor is None
    assert "No unlinked pending claim names Dmitry Peskov." in page


@pytest.mark.django_db
def test_a_new_actor_named_through_the_api_links_the_pending_claims_that_name_it(editor_client):
    article = ArticleFactory(text=POST_ARTICLE)
    first = _post_claim(article, "The Washington Post", "reported", "that the talks had stalled")
    post = _post_claim(article, "The Post", "said that no", "no date was set")
    response = editor_client.post(
        f"/api/claims/{first.pk}/approve",
        {"new_actor_name": "The Washington Post"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    post.refresh_from_db()
    assert post.actor.name == "The Washington Post"
    assert post.status == Claim.Status.PENDING


@pytest.mark.django_db
def test_a_new_actor_named_for_a_missed_statement_links_the_pending_claims_that_name_it(editor_client):
    article = ArticleFactory(text=POST_ARTICLE)
    post = _post_claim(article, "The Post", "said that no", "no date was set")
    start = POST_ARTICLE.index("that the talks had stalled")
    response = editor_client.post(
        reverse("review-statement-create", args=[article.pk]),
        {
            "content_start": start, "content_end": start + len("that the talks had stalled"),
            "speaker_start": 0, "speaker_end": len("The Washington Post"),
            "new_actor_name": "The Washington Post", "kind": "indirect",
        },
        follow=True,
    )  # fmt: skip
    post.refresh_from_db()
    assert post.actor.name == "The Washington Post"
    assert "Linked 1 more pending claim to The Washington Post (1 in this article)." in response.content.decode()
