"""Review pages and actions over HTTP: who may do what, bad input, CSRF, and what editors see."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Claim, ClaimAct, ReviewEvent, Statement
from claims.services import review
from tests.factories import ActorFactory, ArticleFactory, ClaimFactory, EditorFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(editor):
    """A pending claim, an approved statement and an undoable decision by the editor."""
    claim = ClaimFactory()
    decided = ClaimFactory(article=claim.article, run_id=None, content_fragment="Russia was ready")
    statement = review.claim_approve(claim_id=decided.pk, editor=editor)
    return {"claim": claim, "article": claim.article, "statement": statement}


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    url: Callable[[dict], str]
    data: Callable[[dict], dict]
    editor_status: int  # what an editor gets with a valid request

    def __str__(self) -> str:
        return f"{self.method} {self.name}"


def _claim_url(name: str) -> Callable[[dict], str]:
    return lambda w: reverse(name, args=[w["claim"].pk])


def _on_article(**extra: object) -> Callable[[dict], dict]:
    return lambda w: {"article": w["article"].pk, **extra}


def _nothing(w: dict) -> dict:
    return {}


PAGES = [
    Endpoint("review-queue", "get", lambda w: reverse("review-queue"), _nothing, 200),
    Endpoint("review-claim", "get", _claim_url("review-claim"), _nothing, 200),
    Endpoint("review-claim-edit", "get", _claim_url("review-claim-edit"), _nothing, 200),
    Endpoint("review-article-list", "get", lambda w: reverse("review-article-list"), _nothing, 200),
    Endpoint("review-article", "get", lambda w: reverse("review-article", args=[w["article"].pk]), _nothing, 200),
    Endpoint("review-statement", "get", lambda w: reverse("review-statement", args=[w["statement"].pk]), _nothing, 200),
    Endpoint("review-actor-search", "get", lambda w: reverse("review-actor-search") + "?q=pes", _nothing, 200),
]
ACTIONS = [
    Endpoint("review-claim-approve", "post", _claim_url("review-claim-approve"), _on_article(), 303),
    Endpoint("review-claim-reject", "post", _claim_url("review-claim-reject"), _on_article(reason="dup"), 303),
    Endpoint("review-claim-skip", "post", _claim_url("review-claim-skip"), _on_article(), 303),
    Endpoint("review-claim-lock", "post", _claim_url("review-claim-lock"), _on_article(), 303),
    Endpoint("review-claim-unlock", "post", _claim_url("review-claim-unlock"), _nothing, 303),
    Endpoint("review-claim-save", "post", _claim_url("review-claim-save"), _on_article(stance="neutral"), 303),
    Endpoint("review-undo", "post", lambda w: reverse("review-undo"), _nothing, 303),
    Endpoint(
        "review-bulk",
        "post",
        lambda w: reverse("review-bulk"),
        lambda w: {"action": "reject", "claim": [w["claim"].pk]},
        303,
    ),
    Endpoint("review-skipped-clear", "post", lambda w: reverse("review-skipped-clear"), _nothing, 303),
    Endpoint(
        "review-statement-create",
        "post",
        lambda w: reverse("review-statement-create", args=[w["article"].pk]),
        lambda w: {"content_start": 0, "content_end": 13, "actor": w["statement"].actor_id, "kind": "indirect"},
        303,
    ),
    Endpoint(
        "review-statement-edit",
        "post",
        lambda w: reverse("review-statement-edit", args=[w["statement"].pk]),
        lambda w: {"actor": w["statement"].actor_id, "stance": "against", "kind": "direct"},
        303,
    ),
    Endpoint(
        "review-statement-unapprove",
        "post",
        lambda w: reverse("review-statement-unapprove", args=[w["statement"].pk]),
        lambda w: {"reason": "wrong"},
        303,
    ),
]
EVERYTHING = PAGES + ACTIONS


def _state() -> tuple:
    """Everything a review action could change."""
    return (
        list(Claim.objects.order_by("pk").values_list("pk", "status", "stance", "locked_by", "reject_reason")),
        list(Statement.objects.order_by("pk").values_list("pk", "stance", "kind", "claim_id")),
        ReviewEvent.objects.count(),
    )


def _send(client: Client, endpoint: Endpoint, world: dict, **kwargs: object):
    method = getattr(client, endpoint.method)
    return method(endpoint.url(world), endpoint.data(world), **kwargs)


def test_every_review_url_is_in_the_table():
    from claims.urls.review import urlpatterns

    assert {p.name for p in urlpatterns} == {e.name for e in EVERYTHING}


@pytest.mark.parametrize("endpoint", EVERYTHING, ids=str)
def test_editors_may_use_every_page_and_action(editor_client, world, endpoint):
    response = _send(editor_client, endpoint, world)
    assert response.status_code == endpoint.editor_status, response.content.decode()[:500]


@pytest.mark.parametrize("endpoint", EVERYTHING, ids=str)
def test_a_logged_in_non_editor_is_refused_everywhere_and_nothing_changes(outsider_client, world, endpoint):
    before = _state()
    response = _send(outsider_client, endpoint, world)
    assert response.status_code == 403
    assert "Only editors" in response.content.decode()
    assert world["claim"].content_text not in response.content.decode()
    assert _state() == before


@pytest.mark.parametrize("endpoint", EVERYTHING, ids=str)
def test_an_anonymous_visitor_is_sent_to_log_in_or_refused_and_nothing_changes(anonymous_client, world, endpoint):
    before = _state()
    response = _send(anonymous_client, endpoint, world)
    if endpoint.method == "get":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == 403
        assert "Log in as an editor" in response.content.decode()
    assert _state() == before


@pytest.mark.parametrize("endpoint", ACTIONS, ids=str)
def test_an_action_needs_the_csrf_token(editor, world, endpoint):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    before = _state()
    response = _send(client, endpoint, world)
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()
    assert _state() == before


@pytest.mark.parametrize("endpoint", ACTIONS, ids=str)
def test_a_get_to_an_action_changes_nothing_and_says_why(editor_client, world, endpoint):
    before = _state()
    response = editor_client.get(endpoint.url(world), endpoint.data(world))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "POST" in response.content.decode()
    assert _state() == before


# --- the queue page


def test_the_queue_shows_a_claim_with_its_context_escaped(editor_client):
    article = ArticleFactory(text='Dmitry Peskov said that <script>alert("x")</script> was ready to negotiate. End.')
    claim = ClaimFactory(
        article=article,
        content_fragment='that <script>alert("x")</script> was ready',
        rationale=["<b>ready</b>"],
        confidence=0.77,
    )
    claim.actor_candidates.add(ActorFactory(name="Candidate Person", slug="candidate-person"))

    html = editor_client.get(reverse("review-queue")).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '<mark class="hl hl-speaker">Dmitry Peskov</mark>' in html
    assert '<mark class="hl hl-cue">said</mark>' in html
    assert "Candidate Person" in html
    assert "&lt;b&gt;ready&lt;/b&gt;" in html
    assert "77%" in html


def test_the_queue_costs_a_fixed_number_of_queries(editor_client, django_assert_num_queries):
    def load() -> None:
        assert editor_client.get(reverse("review-queue")).status_code == 200

    load()  # warm the session and the content-type cache
    for _ in range(6):
        claim = ClaimFactory()
        claim.actor_candidates.add(ActorFactory(), ActorFactory())
    # 1 session, 2 user, 3 user permissions, 4 group permissions,
    # 5 pending claims with article, actor and topic, 6 their actor candidates,
    # 7-10 filter options (articles, actors, topics, outlets), 11 whether there is anything to undo,
    # 12 the pending count beside the Review link
    with django_assert_num_queries(12):
        load()
    for _ in range(6):
        ClaimFactory()
    with django_assert_num_queries(12):
        load()


def test_the_queue_filters_by_article(editor_client):
    first, second = ClaimFactory(), ClaimFactory()
    html = editor_client.get(reverse("review-queue"), {"article": first.article_id}).content.decode()
    assert f'id="card-{first.pk}"' in html
    assert f'id="card-{second.pk}"' not in html


def test_the_queue_filters_by_act(editor_client):
    said = ClaimFactory()
    believed = ClaimFactory(act=ClaimAct.BELIEF, cue_fragment="said")

    html = editor_client.get(reverse("review-queue"), {"act": "belief"}).content.decode()

    assert f'id="card-{believed.pk}"' in html
    assert f'id="card-{said.pk}"' not in html
    assert '<option value="belief" selected>Believes</option>' in html
    assert '<span class="badge act act-belief">Believes</span>' in html


def test_editors_switch_the_queue_to_least_certain_first_and_the_choice_sticks(editor_client):
    sure = ClaimFactory(confidence=0.95, model_score=0.96, model_threshold=0.35)
    borderline = ClaimFactory(confidence=0.6, model_score=0.37, model_threshold=0.35)

    default = editor_client.get(reverse("review-queue")).content.decode()
    uncertain = editor_client.get(reverse("review-queue"), {"order": "uncertain"}).content.decode()

    assert default.index(f'id="card-{sure.pk}"') < default.index(f'id="card-{borderline.pk}"')
    assert uncertain.index(f'id="card-{borderline.pk}"') < uncertain.index(f'id="card-{sure.pk}"')
    assert '<option value="uncertain" selected>Least certain first</option>' in uncertain
    assert 'name="next" value="/review/?order=uncertain"' in uncertain  # decisions come back to this order
    assert "Model score</dt><dd>0.37" in uncertain
    assert "with these filters" not in uncertain


def test_an_unknown_queue_order_falls_back_to_most_confident_first(editor_client):
    sure = ClaimFactory(confidence=0.95)
    borderline = ClaimFactory(confidence=0.5)

    html = editor_client.get(reverse("review-queue"), {"order": "sideways"}).content.decode()

    assert html.index(f'id="card-{sure.pk}"') < html.index(f'id="card-{borderline.pk}"')


INTERRUPTED = "“The harbour will reopen in May,” he said, adding, “Nobody will lose their job.” Ana Ruiz runs it."


def _interrupted_claim() -> Claim:
    article = ArticleFactory(text="Ana Ruiz spoke on Monday. " + INTERRUPTED)
    text = article.text
    first, second = "“The harbour will reopen in May,”", "“Nobody will lose their job.”"
    start, end = text.index(first), text.index(second) + len(second)
    return ClaimFactory(
        article=article,
        speaker_fragment="he",
        speaker_start=text.index(" he said") + 1,
        speaker_end=text.index(" he said") + 3,
        cue_fragment="said",
        content_fragment=text[start:end],
        content_fragments=[[start, start + len(first)], [text.index(second), end]],
        antecedent_text="Ana Ruiz",
        antecedent_start=0,
        antecedent_end=len("Ana Ruiz"),
        kind="direct",
    )


def test_the_queue_highlights_each_fragment_of_an_interrupted_quote_and_the_resolved_speaker(editor_client):
    claim = _interrupted_claim()

    html = editor_client.get(reverse("review-queue")).content.decode()

    card = html[html.index(f'id="card-{claim.pk}"') :]
    assert '<mark class="hl hl-content">“The harbour will reopen in May,”</mark> ' in card
    # The narrator's words between the fragments are shown plain (the cue keeps its own mark).
    assert ' <mark class="hl hl-speaker">he</mark> <mark class="hl hl-cue">said</mark>, adding, ' in card
    assert '<mark class="hl hl-content">“Nobody will lose their job.”</mark>' in card
    assert '<span class="antecedent" title="The speaker as written refers to this mention">' in card
    assert '<span class="visually-hidden">refers to</span> Ana Ruiz</span>' in card


def test_the_edit_form_shows_the_fragments_an_interrupted_content_is_published_as(editor_client):
    claim = _interrupted_claim()

    html = editor_client.get(reverse("review-claim-edit", args=[claim.pk])).content.decode()

    assert "<q>“The harbour will reopen in May,”</q> … <q>“Nobody will lose their job.”</q>" in html


def test_a_claim_another_editor_has_open_is_not_offered(editor_client):
    claim = ClaimFactory()
    review.claim_lock(claim_id=claim.pk, editor=EditorFactory())
    html = editor_client.get(reverse("review-queue")).content.decode()
    assert f'id="card-{claim.pk}"' not in html


# --- decisions through plain forms (no JavaScript)


def test_approving_without_javascript_redirects_back_to_the_queue_with_a_message(editor_client):
    claim = ClaimFactory()
    next_url = reverse("review-queue") + f"?article={claim.article_id}"

    response = editor_client.post(
        reverse("review-claim-approve", args=[claim.pk]), {"article": claim.article_id, "next": next_url}
    )

    assert (response.status_code, response["Location"]) == (303, next_url)
    page = editor_client.get(next_url).content.decode()
    assert "Approved: Dmitry Peskov" in page
    assert Statement.objects.get().claim == claim


def test_approving_a_claim_someone_else_decided_is_a_clear_conflict(editor_client):
    claim = ClaimFactory()
    review.claim_reject(claim_id=claim.pk, editor=EditorFactory(username="rita"))

    response = editor_client.post(
        reverse("review-claim-approve", args=[claim.pk]), {"article": claim.article_id, "next": reverse("review-queue")}
    )

    assert response.status_code == 409
    assert "already rejected by rita" in response.content.decode()
    assert not Statement.objects.exists()


def test_a_conflict_off_the_queue_shows_an_error_page_that_links_back(editor_client):
    claim = ClaimFactory(status=Claim.Status.APPROVED)
    back = reverse("review-claim", args=[claim.pk])
    response = editor_client.post(
        reverse("review-claim-reject", args=[claim.pk]), {"article": claim.article_id, "next": back}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone got there first" in html
    assert f'href="{back}"' in html


def test_a_claim_id_from_another_article_is_refused(editor_client):
    claim = ClaimFactory()
    other_article = ArticleFactory()
    before = _state()
    for name in ("review-claim-approve", "review-claim-reject", "review-claim-skip", "review-claim-lock"):
        response = editor_client.post(reverse(name, args=[claim.pk]), {"article": other_article.pk})
        assert response.status_code == 400, name
        assert "belongs to another article" in response.content.decode()
    assert _state() == before


def test_a_form_without_its_article_is_refused(editor_client):
    claim = ClaimFactory()
    response = editor_client.post(reverse("review-claim-approve", args=[claim.pk]), {})
    assert response.status_code == 400
    assert not Statement.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"actor_choice": "keep", "content_start": "0", "content_end": "99999"},
        {"actor_choice": "keep", "content_start": "30", "content_end": "10"},
        {"actor_choice": "keep", "content_start": "-4"},
        {"actor_choice": "keep", "content_start": "four"},
        {"actor_choice": "999999"},
        {"actor_choice": "; DROP TABLE"},
        {"actor_choice": "new", "new_actor_name": ""},
        {"actor_choice": "keep", "stance": "delighted"},
        {"actor_choice": "keep", "said_on": "yesterday"},
    ],
)
def test_tampered_edit_forms_are_refused_with_the_form_shown_again(editor_client, data):
    claim = ClaimFactory()
    before = _state()
    response = editor_client.post(
        reverse("review-claim-approve", args=[claim.pk]), {"article": claim.article_id, **data}
    )
    assert response.status_code == 400
    assert f'id="claim-edit-{claim.pk}"' in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert _state() == before


def test_a_rejected_edit_over_htmx_replaces_only_its_form(editor_client):
    claim = ClaimFactory()
    response = editor_client.post(
        reverse("review-claim-approve", args=[claim.pk]),
        {"article": claim.article_id, "actor_choice": "keep", "content_end": "99999"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert response["HX-Retarget"] == f"#claim-edit-{claim.pk}"
    assert response["HX-Reselect"] == f"#claim-edit-{claim.pk}"


def test_edit_then_approve_with_a_new_actor_from_the_speaker_text(editor_client):
    claim = ClaimFactory(actor=None)
    response = editor_client.post(
        reverse("review-claim-approve", args=[claim.pk]),
        {
            "article": claim.article_id,
            "actor_choice": "new",
            "new_actor_name": "Dmitry S. Peskov",
            "content_start": claim.content_start + len("that "),
            "content_end": claim.content_end,
            "said_on": "2023-12-05",
            "date_precision": "day",
            "topic": "",
            "stance": "neutral",
            "kind": "indirect",
        },
    )
    assert response.status_code == 303
    statement = Statement.objects.select_related("actor").get()
    assert (statement.actor.name, statement.text, statement.stance) == (
        "Dmitry S. Peskov",
        "Russia was ready to negotiate",
        "neutral",
    )


def test_the_edit_form_locks_the_claim_and_cancel_releases_it(editor_client, editor):
    claim = ClaimFactory()
    response = editor_client.post(reverse("review-claim-lock", args=[claim.pk]), {"article": claim.article_id})
    assert response.status_code == 303
    assert response["Location"].startswith(reverse("review-claim-edit", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.locked_by == editor

    other = Client()
    other.force_login(EditorFactory(username="otto"))
    refused = other.post(reverse("review-claim-lock", args=[claim.pk]), {"article": claim.article_id})
    assert refused.status_code == 409
    assert f"{editor.username} is editing this claim" in refused.content.decode()

    editor_client.post(reverse("review-claim-unlock", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.locked_by is None


def test_skip_hides_a_claim_for_this_editor_only_until_brought_back(editor_client, editor):
    claim = ClaimFactory()
    editor_client.post(reverse("review-claim-skip", args=[claim.pk]), {"article": claim.article_id})
    assert f'id="card-{claim.pk}"' not in editor_client.get(reverse("review-queue")).content.decode()

    other = Client()
    other.force_login(EditorFactory())
    assert f'id="card-{claim.pk}"' in other.get(reverse("review-queue")).content.decode()

    editor_client.post(reverse("review-skipped-clear"))
    assert f'id="card-{claim.pk}"' in editor_client.get(reverse("review-queue")).content.decode()


def test_undo_over_http(editor_client, editor):
    claim = ClaimFactory()
    review.claim_reject(claim_id=claim.pk, editor=editor)
    response = editor_client.post(reverse("review-undo"), {"next": reverse("review-queue")})
    assert response.status_code == 303
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING
    again = editor_client.post(reverse("review-undo"), {"next": reverse("review-queue")})
    assert again.status_code == 409
    assert "no decisions left to undo" in again.content.decode()


def test_bulk_approve_a_selection(editor_client):
    claims = [ClaimFactory() for _ in range(3)]
    response = editor_client.post(
        reverse("review-bulk"), {"action": "approve", "claim": [c.pk for c in claims[:2]]}, follow=True
    )
    assert "Approved 2 claims" in response.content.decode()
    assert set(Statement.objects.values_list("claim_id", flat=True)) == {claims[0].pk, claims[1].pk}


def test_bulk_refuses_a_selection_with_another_articles_claims(editor_client):
    mine, foreign = ClaimFactory(), ClaimFactory()
    response = editor_client.post(
        reverse("review-bulk"), {"action": "approve", "claim": [mine.pk, foreign.pk], "article": mine.article_id}
    )
    assert response.status_code == 400
    assert not Statement.objects.exists()


@pytest.mark.parametrize(
    "data", [{"action": "approve"}, {"action": "publish", "claim": ["1"]}, {"action": "approve", "claim": ["x"]}]
)
def test_bulk_refuses_a_malformed_selection(editor_client, data):
    ClaimFactory()
    assert editor_client.post(reverse("review-bulk"), data).status_code == 400
    assert not Statement.objects.exists()


def test_next_never_leads_off_site(editor_client):
    claim = ClaimFactory()
    response = editor_client.post(
        reverse("review-claim-skip", args=[claim.pk]), {"article": claim.article_id, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("review-queue")


# --- article view, claim page, statements


def test_the_article_view_highlights_every_claim_by_status_and_keeps_the_text_exact(editor_client, editor):
    pending = ClaimFactory()
    article = pending.article
    rejected = ClaimFactory(article=article, run_id=None, content_fragment="adds nothing else", cue_fragment="adds")
    review.claim_reject(claim_id=rejected.pk, editor=editor)

    html = editor_client.get(reverse("review-article", args=[article.pk])).content.decode()

    assert f'<mark class="claim claim-pending role-content" data-start="{pending.content_start}"' in html
    assert f'<mark class="claim claim-rejected role-content" data-start="{rejected.content_start}"' in html
    assert "1 pending" in html
    assert "1 rejected" in html


def test_adding_a_statement_with_bad_offsets_shows_the_form_again(editor_client):
    article = ArticleFactory()
    actor = ActorFactory()
    response = editor_client.post(
        reverse("review-statement-create", args=[article.pk]),
        {"content_start": 5, "content_end": 5000, "actor": actor.pk, "kind": "indirect"},
    )
    assert response.status_code == 400
    assert "does not fit the article" in response.content.decode()
    assert not Claim.objects.exists()


def test_adding_a_statement_needs_both_ends_of_a_span_and_an_actor(editor_client):
    article = ArticleFactory()
    response = editor_client.post(
        reverse("review-statement-create", args=[article.pk]),
        {"content_start": 0, "content_end": 13, "speaker_start": 0, "kind": "indirect"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give both ends of the speaker" in html
    assert "Pick an actor" in html


def test_a_fresh_statement_does_not_claim_to_be_edited(editor_client, editor):
    statement = review.claim_approve(claim_id=ClaimFactory().pk, editor=editor)
    assert "last edited" not in editor_client.get(reverse("review-statement", args=[statement.pk])).content.decode()


def test_the_claim_page_shows_its_history(editor_client, editor):
    claim = ClaimFactory()
    review.claim_approve(claim_id=claim.pk, editor=editor, changes={"stance": "neutral"})
    review.review_undo(editor=editor)
    html = editor_client.get(reverse("review-claim", args=[claim.pk])).content.decode()
    assert "Undone" in html
    assert "Approved" in html
    assert "<td>favor</td><td>neutral</td>" in html.replace("\n", "").replace("  ", "")


def test_editing_a_statement_records_history_shown_on_the_statement(editor_client, editor):
    claim = ClaimFactory()
    statement = review.claim_approve(claim_id=claim.pk, editor=editor)
    response = editor_client.post(
        reverse("review-statement-edit", args=[statement.pk]),
        {
            "actor": statement.actor_id,
            "start": statement.start,
            "end": statement.end,
            "stance": "against",
            "kind": "direct",
            "said_on": "2023-12-05",
            "date_precision": "day",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Statement saved" in html
    assert "Edited" in html
    assert f"last edited by {editor.username}" in html
    statement.refresh_from_db()
    assert (statement.stance, statement.kind) == ("against", "direct")


def test_unapproving_removes_the_statement_from_public_pages(editor_client, editor, anonymous_client):
    claim = ClaimFactory()
    statement = review.claim_approve(claim_id=claim.pk, editor=editor)
    actor_page = reverse("actor-detail", args=[statement.actor.slug])
    assert claim.content_text in anonymous_client.get(actor_page).content.decode()

    response = editor_client.post(reverse("review-statement-unapprove", args=[statement.pk]), {"reason": "misquote"})

    assert response.status_code == 303
    assert response["Location"] == reverse("review-claim", args=[claim.pk])
    assert claim.content_text not in anonymous_client.get(actor_page).content.decode()
    assert "misquote" in editor_client.get(response["Location"]).content.decode()


def test_a_statement_without_claim_can_be_edited(editor_client):
    statement = StatementFactory()
    response = editor_client.post(
        reverse("review-statement-edit", args=[statement.pk]), {"actor": statement.actor_id, "kind": "mixed"}
    )
    assert response.status_code == 303
    statement.refresh_from_db()
    assert statement.kind == "mixed"


# --- nobody but editors sees pending or rejected claims


def test_pending_and_rejected_claims_appear_on_no_public_page_until_approved(
    anonymous_client, outsider_client, editor_client, editor
):
    article = ArticleFactory(text="Dmitry Peskov said that the zebra protocol was ready. Peskov said that quokkas fly.")
    pending = ClaimFactory(article=article, content_fragment="that the zebra protocol was ready")
    rejected = ClaimFactory(
        article=article, run_id=None, content_fragment="that quokkas fly", cue_fragment="said that quokkas"
    )
    review.claim_reject(claim_id=rejected.pk, editor=editor)
    public = [
        reverse("home"),
        reverse("actor-list"),
        reverse("actor-detail", args=[pending.actor.slug]),
        "/api/statements/",
        f"/api/actors/{pending.actor.slug}/statements/",
    ]
    for client in (anonymous_client, outsider_client):
        for url in public:
            body = client.get(url).content.decode()
            assert "zebra" not in body, url
            assert "quokkas" not in body, url

    editor_client.post(reverse("review-claim-approve", args=[pending.pk]), {"article": article.pk})

    assert "zebra protocol" in anonymous_client.get(reverse("actor-detail", args=[pending.actor.slug])).content.decode()
    assert "zebra protocol" in anonymous_client.get("/api/statements/").content.decode()


def test_a_refused_edit_over_htmx_shows_its_message_in_the_queue(editor_client):
    claim = ClaimFactory()
    review.claim_lock(claim_id=claim.pk, editor=EditorFactory(username="otto"))
    response = editor_client.post(
        reverse("review-claim-lock", args=[claim.pk]),
        {"article": claim.article_id, "next": reverse("review-queue")},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    assert (response["HX-Retarget"], response["HX-Reselect"]) == ("#queue", "#queue")
    assert "otto is editing this claim" in response.content.decode()
