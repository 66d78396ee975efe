"""Reading claims and articles: editors see everything; nobody else learns that undecided claims exist."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import Claim
from tests.factories import ActorFactory, ArticleFactory, ClaimFactory, StatementFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitter_api() -> APIClient:
    """A user who may submit articles and follow their status, but is not an editor."""
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="ingest_article"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def article_with_claims() -> dict:
    article = ArticleFactory(
        text="Dmitry Peskov said that Russia was ready to negotiate. Zelensky said that talks were a trap. "
        "Schumer said that aid would pass."
    )
    approved = ClaimFactory(article=article, status=Claim.Status.APPROVED)
    statement = StatementFactory(claim=approved, article=article, actor=approved.actor, text=approved.content_text)
    pending = ClaimFactory(
        article=article,
        speaker_fragment="Zelensky",
        content_fragment="that talks were a trap",
        cue_fragment="said that talks",
        actor=ActorFactory(),
    )
    rejected = ClaimFactory(
        article=article,
        speaker_fragment="Schumer",
        content_fragment="that aid would pass",
        cue_fragment="said that aid",
        status=Claim.Status.REJECTED,
        actor=None,
    )
    return {"article": article, "approved": approved, "statement": statement, "pending": pending, "rejected": rejected}


class TestClaimDetail:
    def test_an_approved_claim_is_public_and_links_its_statement(self, api, article_with_claims):
        claim, statement = article_with_claims["approved"], article_with_claims["statement"]

        response = api.get(f"/api/claims/{claim.pk}/")

        assert response.status_code == 200
        item = response.json()
        assert item["status"] == "approved"
        assert item["statement_url"] == f"http://testserver/api/statements/{statement.pk}/"
        assert item["content"] == {"text": claim.content_text, "start": claim.content_start, "end": claim.content_end}
        assert item["speaker"] == {"text": "Dmitry Peskov", "start": 0, "end": 13}

    @pytest.mark.parametrize("which", ["pending", "rejected"])
    def test_an_undecided_or_rejected_claim_is_a_404_to_anyone_but_an_editor(
        self, api, outsider_api, submitter_api, editor_api, article_with_claims, which
    ):
        claim = article_with_claims[which]
        missing = api.get("/api/claims/987654/")

        for client in (api, outsider_api, submitter_api):
            response = client.get(f"/api/claims/{claim.pk}/")
            # Exactly what a claim that does not exist looks like.
            assert (response.status_code, response.json()) == (404, missing.json())
        response = editor_api.get(f"/api/claims/{claim.pk}/")
        assert (response.status_code, response.json()["status"]) == (200, which)


class TestClaimList:
    def test_it_needs_a_login_then_an_editor(self, api, outsider_api, submitter_api):
        anonymous = api.get("/api/claims/")
        assert anonymous.status_code == 401
        assert anonymous.headers["WWW-Authenticate"] == "Token"
        assert anonymous.json()["error"]["code"] == "not_authenticated"
        for client in (outsider_api, submitter_api):
            response = client.get("/api/claims/")
            assert (response.status_code, response.json()["error"]["code"]) == (403, "permission_denied")

    def test_a_bad_token_is_a_401(self):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")

        response = client.get("/api/claims/")

        assert (response.status_code, response.json()["error"]["code"]) == (401, "authentication_failed")

    def test_a_session_login_works_too(self, editor_client, article_with_claims):
        assert editor_client.get("/api/claims/").status_code == 200

    def test_editors_see_every_claim_newest_first(self, editor_api, article_with_claims):
        response = editor_api.get("/api/claims/")

        assert [item["id"] for item in response.json()["results"]] == [
            article_with_claims[name].pk for name in ("rejected", "pending", "approved")
        ]

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"status": "pending"}, ["pending"]),
            ({"status": "approved"}, ["approved"]),
            ({"actor": "dmitry-peskov"}, ["approved"]),
        ],
    )
    def test_editors_filter_by_status_and_actor(self, editor_api, article_with_claims, params, expected):
        response = editor_api.get("/api/claims/", params)

        assert [item["id"] for item in response.json()["results"]] == [article_with_claims[n].pk for n in expected]

    def test_editors_filter_by_article(self, editor_api, article_with_claims):
        other = ClaimFactory()

        response = editor_api.get("/api/claims/", {"article": other.article_id})

        assert [item["id"] for item in response.json()["results"]] == [other.pk]

    def test_a_bad_status_is_a_400(self, editor_api):
        assert editor_api.get("/api/claims/", {"status": "maybe"}).status_code == 400

    def test_a_page_of_claims_is_constant_in_queries(self, editor_api, article_with_claims, django_assert_num_queries):
        ClaimFactory.create_batch(3)
        # 1. the token and its user
        # 2. the user's permissions (is this an editor?)
        # 3. the user's group permissions
        # 4. the page of claims joined to article, actor and topic, with each claim's statement id
        with django_assert_num_queries(4):
            response = editor_api.get("/api/claims/")
        assert len(response.json()["results"]) == 6


class TestArticleDetail:
    def test_it_needs_a_login_then_the_ingest_permission(self, api, outsider_api, article_with_claims):
        url = f"/api/articles/{article_with_claims['article'].pk}/"

        assert api.get(url).status_code == 401
        assert outsider_api.get(url).status_code == 403

    def test_editors_see_the_status_and_every_claim(self, editor_api, article_with_claims):
        article = article_with_claims["article"]

        response = editor_api.get(f"/api/articles/{article.pk}/")

        assert response.status_code == 200
        item = response.json()
        assert (item["id"], item["status"], item["title"]) == (article.pk, "done", article.title)
        assert "text" not in item
        assert [claim["id"] for claim in item["claims"]] == [
            article_with_claims[name].pk for name in ("approved", "pending", "rejected")
        ]

    def test_submitters_who_are_not_editors_see_only_approved_claims(self, submitter_api, article_with_claims):
        article = article_with_claims["article"]

        item = submitter_api.get(f"/api/articles/{article.pk}/").json()

        assert [claim["id"] for claim in item["claims"]] == [article_with_claims["approved"].pk]

    def test_an_article_is_constant_in_queries(self, editor_api, article_with_claims, django_assert_num_queries):
        url = f"/api/articles/{article_with_claims['article'].pk}/"
        # 1. the token and its user; 2.-3. the user's own and group permissions
        # 4. the article; 5. its claims with actor, topic and statement id
        with django_assert_num_queries(5):
            assert editor_api.get(url).status_code == 200


def test_a_token_made_with_drf_create_token_authenticates_an_editor(editor, capsys):
    call_command("drf_create_token", editor.username)
    key = capsys.readouterr().out.split()[2]
    client = APIClient()

    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    assert client.get("/api/claims/").status_code == 200
