"""The editors' topics page: create and edit a topic, preview what an unsaved definition matches, re-run topic and
stance on pending claims. Claims are made with the factories on text written for these tests."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from claims.models import Claim, Stance, Topic
from claims.services.topics import claims_topics_rerun
from tests.factories import ActorFactory, ArticleFactory, ClaimFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "Senator Jane Holt said that she strongly supports the new solar subsidies.\n"
    "Governor Mark Reyes argued that the solar subsidies were a waste of public money.\n"
    "Mayor Ann Lee announced that the bridge repairs would start in May."
)
SOLAR_FORM = {
    "name": "Solar subsidies",
    "slug": "solar-subsidies",
    "description": "Public money for solar power.",
    "keywords": "solar subsidy\n\n  solar panels  \nsolar subsidy",
    "favor": "create jobs",
    "against": "",
}


def _claim(article, speaker: str, cue: str, content: str, **fields: object) -> Claim:  # noqa: ANN001
    actor = ActorFactory(name=speaker.split(" ", 1)[1])
    return ClaimFactory(
        article=article, actor=actor, speaker_fragment=speaker, cue_fragment=cue, content_fragment=content, **fields
    )


@pytest.fixture
def claims() -> dict[str, Claim]:
    article = ArticleFactory(text=TEXT, title="Budget day")
    return {
        "holt": _claim(article, "Senator Jane Holt", "said", "that she strongly supports the new solar subsidies"),
        "reyes": _claim(
            article, "Governor Mark Reyes", "argued", "that the solar subsidies were a waste of public money"
        ),
        "lee": _claim(article, "Mayor Ann Lee", "announced", "that the bridge repairs would start in May"),
    }


# --- Who may use it ---------------------------------------------------------------------------------------------


def test_it_shows_the_topics_to_editors_only(personas: dict[str, Client]) -> None:
    TopicFactory(name="Energy prices", keywords=["energy price"])

    editor = personas["editor"].get("/topics/manage/")
    outsider = personas["outsider"].get("/topics/manage/")
    anonymous = personas["anonymous"].get("/topics/manage/")

    assert editor.status_code == 200
    assert "Energy prices" in editor.content.decode()
    assert outsider.status_code == 403
    assert "Energy prices" not in outsider.content.decode()
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/?next=/topics/manage/")


@pytest.mark.parametrize("path", ["/topics/manage/new/", "/topics/manage/{pk}/"])
def test_non_editors_cannot_open_create_or_edit(personas: dict[str, Client], path: str) -> None:
    topic = TopicFactory(name="Energy prices")
    url = path.format(pk=topic.pk)

    assert personas["editor"].get(url).status_code == 200
    assert personas["outsider"].get(url).status_code == 403
    assert personas["anonymous"].get(url)["Location"].startswith("/accounts/login/")


def test_non_editors_cannot_save_preview_or_rerun(personas: dict[str, Client], claims: dict[str, Claim]) -> None:
    topic = TopicFactory(name="Solar subsidies", keywords=["solar subsidy"])
    for persona in ("outsider", "anonymous"):
        client = personas[persona]
        assert client.post("/topics/manage/new/", {**SOLAR_FORM, "slug": "other"}).status_code == 403
        assert client.post(f"/topics/manage/{topic.pk}/", {**SOLAR_FORM, "name": "Hijacked"}).status_code == 403
        assert client.post("/topics/manage/new/preview/", SOLAR_FORM).status_code == 403
        assert client.post("/topics/manage/rerun/").status_code == 403

    assert list(Topic.objects.values_list("name", flat=True)) == ["Solar subsidies"]
    assert Claim.objects.filter(topic__isnull=False).count() == 0  # nobody re-ran anything


def test_the_navigation_and_the_topic_page_link_editors_to_it(editor_client: Client, client: Client) -> None:
    topic = TopicFactory(name="Energy prices")

    assert 'href="/topics/manage/"' in editor_client.get("/").content.decode()
    assert (
        f'href="/topics/manage/{topic.pk}/">Edit this topic'
        in editor_client.get(f"/topics/{topic.slug}/").content.decode()
    )
    assert "/topics/manage/" not in client.get(f"/topics/{topic.slug}/").content.decode()


# --- Create and edit --------------------------------------------------------------------------------------------


def test_an_editor_creates_a_topic_with_one_phrase_per_line(editor_client: Client) -> None:
    response = editor_client.post("/topics/manage/new/", SOLAR_FORM)

    topic = Topic.objects.get(slug="solar-subsidies")
    assert response.status_code == 302
    assert response["Location"] == f"/topics/manage/{topic.pk}/"
    assert topic.name == "Solar subsidies"
    assert topic.description == "Public money for solar power."
    assert topic.keywords == ["solar subsidy", "solar panels"]  # blank lines dropped, repeats kept once
    assert topic.favor_phrases == ["create jobs"]
    assert topic.against_phrases == []


def test_the_slug_is_made_from_the_name_when_left_empty(editor_client: Client) -> None:
    editor_client.post("/topics/manage/new/", {**SOLAR_FORM, "slug": "", "name": "Wind Farms & Turbines"})

    assert Topic.objects.filter(slug="wind-farms-turbines").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"keywords": " \n "}, "Give at least one keyword"),
        ({"slug": "manage"}, "reserved for the editors"),
        ({"slug": "taken"}, "Another topic already has the slug"),
        ({"slug": "no spaces"}, "letters, digits"),
        ({"against": "x" * 101}, "at most 100 characters"),
        ({"name": ""}, "This field is required"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_keeps_what_was_typed(
    editor_client: Client, changes: dict[str, str], message: str
) -> None:
    TopicFactory(name="Taken", slug="taken")

    response = editor_client.post("/topics/manage/new/", {**SOLAR_FORM, **changes})

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "Public money for solar power." in page  # the editor's typing is still in the form
    assert not Topic.objects.filter(name="Solar subsidies").exists()


def test_an_editor_edits_a_topic(editor_client: Client) -> None:
    topic = TopicFactory(name="Solar", slug="solar", keywords=["solar"])

    page = editor_client.get(f"/topics/manage/{topic.pk}/").content.decode()
    response = editor_client.post(f"/topics/manage/{topic.pk}/", {**SOLAR_FORM, "slug": "solar"})

    assert ">\nsolar</textarea>" in page
    assert response.status_code == 302
    topic.refresh_from_db()
    assert (topic.name, topic.keywords) == ("Solar subsidies", ["solar subsidy", "solar panels"])
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages
    assert "re-run topic and stance" in messages[0]


# --- The live preview -------------------------------------------------------------------------------------------


def test_the_preview_shows_what_the_unsaved_definition_matches_and_with_what_stance(
    editor_client: Client, claims: dict[str, Claim]
) -> None:
    response = editor_client.post("/topics/manage/new/preview/", SOLAR_FORM, headers={"HX-Request": "true"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page  # htmx gets the preview alone
    assert 'data-matched="2"' in page
    assert f'data-kind="claim" data-pk="{claims["holt"].pk}"' in page
    assert f'data-kind="claim" data-pk="{claims["reyes"].pk}"' in page
    assert "bridge repairs" not in page
    holt = page.split(f'data-pk="{claims["holt"].pk}"')[1].split("</li>")[0]
    reyes = page.split(f'data-pk="{claims["reyes"].pk}"')[1].split("</li>")[0]
    assert "stance-favor" in holt
    assert "support" in holt
    assert "stance-against" in reyes
    assert "waste" in reyes
    assert not Topic.objects.exists()  # a preview saves nothing
    assert not Claim.objects.filter(topic__isnull=False).exists()


def test_the_preview_covers_statements_and_what_an_edit_would_no_longer_match(editor_client: Client) -> None:
    topic = TopicFactory(name="Solar subsidies", slug="solar-subsidies", keywords=["solar subsidy"])
    article = ArticleFactory(text="Ms Holt said the solar subsidy would create jobs in the valley.")
    statement = StatementFactory(
        article=article, text="the solar subsidy would create jobs in the valley", topic=topic, stance=Stance.FAVOR
    )

    kept = editor_client.post(f"/topics/manage/{topic.pk}/preview/", SOLAR_FORM, headers={"HX-Request": "true"})
    dropped = editor_client.post(
        f"/topics/manage/{topic.pk}/preview/",
        {**SOLAR_FORM, "keywords": "wind farm", "favor": ""},
        headers={"HX-Request": "true"},
    )

    assert f'data-kind="statement" data-pk="{statement.pk}"' in kept.content.decode()
    assert "still matches" in kept.content.decode()
    assert "would no longer match" in dropped.content.decode()
    assert 'data-matched="0"' in dropped.content.decode()


def test_the_preview_without_javascript_renders_the_whole_form_with_it(
    editor_client: Client, claims: dict[str, Claim]
) -> None:
    response = editor_client.post("/topics/manage/new/preview/", {**SOLAR_FORM, "name": ""})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" in page
    assert 'id="topic-form"' in page
    assert 'data-matched="2"' in page  # the phrases are previewed though the form cannot be saved yet
    assert "This field is required" in page


# --- Re-running topic and stance on pending claims ---------------------------------------------------------------


def test_the_rerun_gives_pending_claims_the_new_topic_and_leaves_reviewed_ones_alone(claims: dict[str, Claim]) -> None:
    topic = TopicFactory(name="Solar subsidies", slug="solar-subsidies", keywords=["solar subsidy"])
    reviewed = claims["reyes"]
    Claim.objects.filter(pk=reviewed.pk).update(status=Claim.Status.REJECTED)
    Claim.objects.filter(pk=claims["holt"].pk).update(rationale=["cue:say", "topic: old words", "stance: old"])

    outcome = claims_topics_rerun()

    holt, reyes, lee = (Claim.objects.get(pk=claims[name].pk) for name in ("holt", "reyes", "lee"))
    assert (outcome.checked, outcome.changed) == (2, 2)  # holt gains the topic; lee's stance goes to none
    assert (holt.topic, holt.stance) == (topic, Stance.FAVOR)
    assert holt.rationale[0] == "cue:say"
    assert "topic: old words" not in holt.rationale
    assert any("solar subsid" in line for line in holt.rationale if line.startswith("topic:"))
    assert (reyes.topic, reyes.stance) == (None, Stance.FAVOR)  # rejected: as it was
    assert (lee.topic, lee.stance) == (None, "")

    again = claims_topics_rerun()
    assert (again.checked, again.changed) == (2, 0)  # converged


def test_the_rerun_button_says_how_many_claims_changed(editor_client: Client, claims: dict[str, Claim]) -> None:
    TopicFactory(name="Solar subsidies", slug="solar-subsidies", keywords=["solar subsidy"])

    response = editor_client.post("/topics/manage/rerun/", follow=True)

    page = response.content.decode()
    assert "Re-ran topic and stance on 3 pending claims: 3 changed topic or stance." in page
    assert Claim.objects.get(pk=claims["reyes"].pk).stance == Stance.AGAINST


def test_a_long_rerun_goes_to_a_task_after_commit(
    editor_client: Client,
    claims: dict[str, Claim],
    settings,
    django_capture_on_commit_callbacks,  # noqa: ANN001
) -> None:
    settings.TOPIC_RERUN_INLINE_MAX = 1
    topic = TopicFactory(name="Solar subsidies", slug="solar-subsidies", keywords=["solar subsidy"])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = editor_client.post("/topics/manage/rerun/", follow=True)
    assert "Re-running topic and stance on 3 pending claims in the background" in response.content.decode()
    assert not Claim.objects.filter(topic=topic).exists()  # nothing before the commit

    for callback in callbacks:
        callback()  # eager in tests, as in the default mode

    assert Claim.objects.filter(topic=topic).count() == 2
