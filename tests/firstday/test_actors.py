"""Issue 14: actors created during review get a kind and a role, and the pending claims that name them are re-linked."""

import pytest
from django.urls import reverse

from actors.kinds import actor_kind_guess, actor_role_guess
from actors.models import Actor
from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory

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


@pytest.mark.django_db
def test_creating_an_actor_in_review_gives_it_a_kind_and_relinks_the_claims_that_name_it(editor_client):
    article = ArticleFactory(text=POST_ARTICLE)
    first = ClaimFactory(
        article=article, actor=None, speaker_fragment="The Washington Post", cue_fragment="reported",
        content_fragment="that the talks had stalled",
    )  # fmt: skip
    post = ClaimFactory(
        article=article, actor=None, speaker_fragment="The Post", cue_fragment="said that no",
        content_fragment="no date was set",
    )  # fmt: skip
    newspaper = ClaimFactory(
        article=article, actor=None, speaker_fragment="the newspaper", cue_fragment="newspaper said",
        content_fragment="officials were tired",
    )  # fmt: skip
    pronoun = ClaimFactory(
        article=article, actor=None, speaker_fragment="It", cue_fragment="It said",
        content_fragment="the talks would resume", antecedent_text="the newspaper",
    )  # fmt: skip
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
