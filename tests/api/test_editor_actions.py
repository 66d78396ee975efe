"""Editor writes: approve and reject claims, correct statements, submit articles. Who may, and what they get back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from actors.models import Actor
from claims.models import Article, Claim, ReviewEvent, Statement
from claims.services import review
from tests.factories import ActorFactory, ClaimFactory, StatementFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitter_api() -> APIClient:
    """May submit articles, is not an editor."""
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="ingest_article"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def claim() -> Claim:
    return ClaimFactory()


def approve(client: APIClient, claim_id: int, **changes):  # noqa: ANN003, ANN201
    return client.post(f"/api/claims/{claim_id}/approve", changes, format="json")


class TestApprove:
    def test_strangers_get_401_and_other_users_403_and_nothing_changes(self, api, outsider_api, submitter_api, claim):
        assert approve(api, claim.pk).status_code == 401
        for client in (outsider_api, submitter_api):
            response = approve(client, claim.pk)
            assert (response.status_code, response.json()["error"]["code"]) == (403, "permission_denied")
        claim.refresh_from_db()
        assert claim.status == Claim.Status.PENDING
        assert not Statement.objects.exists()

    def test_an_editor_approves_and_gets_the_new_statement(self, editor_api, claim):
        response = approve(editor_api, claim.pk)

        assert response.status_code == 201
        statement = Statement.objects.get(claim=claim)
        body = response.json()
        assert body["id"] == statement.pk
        assert response.headers["Location"] == body["url"] == f"http://testserver/api/statements/{statement.pk}/"
        assert (body["actor"]["slug"], body["text"]) == ("dmitry-peskov", claim.content_text)
        claim.refresh_from_db()
        assert claim.status == Claim.Status.APPROVED
        # Now public: the statement, and the claim itself.
        assert APIClient().get(body["url"]).status_code == 200
        assert APIClient().get(f"/api/claims/{claim.pk}/").status_code == 200

    def test_an_editor_may_correct_fields_while_approving(self, editor_api, claim):
        ActorFactory(name="Volodymyr Zelensky", slug="volodymyr-zelensky")
        TopicFactory(slug="peace-talks")

        response = approve(
            editor_api,
            claim.pk,
            actor="volodymyr-zelensky",
            topic="peace-talks",
            stance="against",
            said_on="2023-12-01",
            date_precision="day",
            kind="direct",
        )

        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["actor"]["slug"] == "volodymyr-zelensky"
        assert body["topic"]["slug"] == "peace-talks"
        assert (body["stance"], body["said_on"], body["kind"]) == ("against", "2023-12-01", "direct")
        event = ReviewEvent.objects.get(claim=claim, action=ReviewEvent.Action.APPROVE)
        assert set(event.changes) >= {"actor", "topic", "stance", "said_on", "kind"}

    def test_an_editor_may_name_a_new_actor(self, editor_api, claim):
        response = approve(editor_api, claim.pk, new_actor_name="Dmitry S. Peskov")

        assert response.status_code == 201
        assert Actor.objects.get(slug=response.json()["actor"]["slug"]).name == "Dmitry S. Peskov"

    def test_clearing_the_topic_and_stance_with_null(self, editor_api):
        claim = ClaimFactory(topic=TopicFactory(), stance="favor")

        body = approve(editor_api, claim.pk, topic=None, stance=None).json()

        assert (body["topic"], body["stance"]) == (None, None)

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"actor": "nobody-we-know"}, "actor"),
            ({"topic": "no-such-topic"}, "topic"),
            ({"stance": "sideways"}, "stance"),
            ({"said_on": "last tuesday"}, "said_on"),
            ({"content_start": -1}, "content_start"),
        ],
    )
    def test_a_malformed_change_is_a_400_naming_the_field(self, editor_api, claim, changes, field):
        response = approve(editor_api, claim.pk, **changes)

        assert response.status_code == 400
        assert field in response.json()["error"]["details"]
        claim.refresh_from_db()
        assert claim.status == Claim.Status.PENDING

    def test_a_span_outside_the_text_is_a_400_from_the_service(self, editor_api, claim):
        response = approve(editor_api, claim.pk, content_start=0, content_end=100000)

        assert response.status_code == 400
        assert response.json()["error"]["code"] == "invalid"
        assert "does not fit" in response.json()["error"]["message"]

    def test_approving_a_decided_claim_is_a_409(self, editor_api, claim):
        assert approve(editor_api, claim.pk).status_code == 201

        again = approve(editor_api, claim.pk)
        rejected = editor_api.post(f"/api/claims/{claim.pk}/reject", {}, format="json")

        for response in (again, rejected):
            assert response.status_code == 409
            assert response.json()["error"]["code"] == "already_decided"
        assert Statement.objects.filter(claim=claim).count() == 1

    def test_an_unknown_claim_is_a_404(self, editor_api):
        response = approve(editor_api, 424242)

        assert (response.status_code, response.json()["error"]["code"]) == (404, "not_found")

    def test_a_claim_without_an_actor_cannot_be_approved_until_one_is_picked(self, editor_api):
        claim = ClaimFactory(actor=None)

        refused = approve(editor_api, claim.pk)
        ActorFactory(slug="dmitry-peskov")
        accepted = approve(editor_api, claim.pk, actor="dmitry-peskov")

        assert (refused.status_code, refused.json()["error"]["code"]) == (400, "invalid")
        assert accepted.status_code == 201


class TestReject:
    def test_only_editors_reject(self, api, outsider_api, claim):
        assert api.post(f"/api/claims/{claim.pk}/reject").status_code == 401
        assert outsider_api.post(f"/api/claims/{claim.pk}/reject").status_code == 403

    def test_an_editor_rejects_with_a_reason(self, editor_api, claim):
        response = editor_api.post(f"/api/claims/{claim.pk}/reject", {"reason": "Not a claim"}, format="json")

        assert response.status_code == 200
        assert (response.json()["status"], response.json()["reject_reason"]) == ("rejected", "Not a claim")
        # Rejected claims stay hidden from everyone else.
        assert APIClient().get(f"/api/claims/{claim.pk}/").status_code == 404

    def test_rejecting_twice_is_a_409(self, editor_api, claim):
        editor_api.post(f"/api/claims/{claim.pk}/reject")

        response = editor_api.post(f"/api/claims/{claim.pk}/reject")

        assert (response.status_code, response.json()["error"]["code"]) == (409, "already_decided")


class TestStatementEdit:
    def test_only_editors_edit(self, api, outsider_api):
        statement = StatementFactory()

        assert api.patch(f"/api/statements/{statement.pk}/", {"stance": "against"}, format="json").status_code == 401
        assert (
            outsider_api.patch(f"/api/statements/{statement.pk}/", {"stance": "against"}, format="json").status_code
            == 403
        )
        statement.refresh_from_db()
        assert statement.stance == "favor"

    def test_an_editor_corrects_a_statement(self, editor_api, editor):
        statement = StatementFactory(said_on=dt.date(2023, 12, 5))
        TopicFactory(slug="aid")

        response = editor_api.patch(
            f"/api/statements/{statement.pk}/",
            {"stance": "against", "topic": "aid", "said_on": "2023-12-06"},
            format="json",
        )

        assert response.status_code == 200
        body = response.json()
        assert (body["stance"], body["topic"]["slug"], body["said_on"]) == ("against", "aid", "2023-12-06")
        statement.refresh_from_db()
        assert statement.updated_by == editor
        assert ReviewEvent.objects.filter(statement=statement, action=ReviewEvent.Action.EDIT).exists()

    def test_a_future_date_is_refused_as_ingest_refuses_it(self, editor_api):
        statement = StatementFactory(said_on=dt.date(2023, 12, 5))
        tomorrow = timezone.localdate() + dt.timedelta(days=1)

        future = editor_api.patch(f"/api/statements/{statement.pk}/", {"said_on": "2099-01-01"}, format="json")
        allowed = editor_api.patch(f"/api/statements/{statement.pk}/", {"said_on": str(tomorrow)}, format="json")

        assert future.status_code == 400
        assert "future" in future.json()["error"]["details"]["said_on"][0]
        assert allowed.status_code == 200, "a day ahead is allowed, as for ingest (time zones east of UTC)"
        statement.refresh_from_db()
        assert statement.said_on == tomorrow

    def test_an_empty_topic_is_a_400_and_null_clears_it(self, editor_api):
        statement = StatementFactory(said_on=dt.date(2023, 12, 5))
        url = f"/api/statements/{statement.pk}/"

        empty_topic = editor_api.patch(url, {"topic": ""}, format="json")
        cleared = editor_api.patch(url, {"topic": None, "said_on": None}, format="json")

        assert empty_topic.status_code == 400, "the schema says a topic is a slug or null"
        assert "topic" in empty_topic.json()["error"]["details"]
        assert cleared.status_code == 200
        statement.refresh_from_db()
        assert (statement.topic, statement.said_on) == (None, None)

    def test_the_service_refuses_a_future_date_whoever_calls_it(self, editor):
        statement = StatementFactory(said_on=dt.date(2023, 12, 5))

        with pytest.raises(review.InvalidChange, match="future"):
            review.statement_edit(statement_id=statement.pk, editor=editor, changes={"said_on": "2099-01-01"})

    def test_moving_the_evidence_span_changes_the_text(self, editor_api):
        statement = StatementFactory()
        start = statement.article.text.index("Russia")

        body = editor_api.patch(
            f"/api/statements/{statement.pk}/", {"start": start, "end": statement.end}, format="json"
        ).json()

        assert body["text"] == "Russia was ready to negotiate"
        assert body["evidence"] == {"start": start, "end": statement.end}

    def test_a_bad_value_is_a_400_and_a_missing_statement_a_404(self, editor_api):
        statement = StatementFactory()

        bad = editor_api.patch(f"/api/statements/{statement.pk}/", {"kind": "shouted"}, format="json")
        outside = editor_api.patch(f"/api/statements/{statement.pk}/", {"end": 99999}, format="json")
        missing = editor_api.patch("/api/statements/424242/", {"stance": "against"}, format="json")

        assert (bad.status_code, outside.status_code, missing.status_code) == (400, 400, 404)

    def test_put_and_delete_are_not_offered(self, editor_api):
        statement = StatementFactory()

        for method in (editor_api.put, editor_api.delete):
            response = method(f"/api/statements/{statement.pk}/", {}, format="json")
            assert (response.status_code, response.json()["error"]["code"]) == (405, "method_not_allowed")


class TestArticleSubmit:
    TEXT = "Dmitry Peskov said on Tuesday that Russia was ready to negotiate. The Kremlin gave no details."

    def test_strangers_get_401_and_users_without_the_permission_403(self, api, outsider_api):
        assert api.post("/api/articles/", {"text": self.TEXT}, format="json").status_code == 401
        assert outsider_api.post("/api/articles/", {"text": self.TEXT}, format="json").status_code == 403
        assert not Article.objects.exists()

    def test_a_new_article_is_201_with_its_id_and_status_url(self, submitter_api):
        response = submitter_api.post(
            "/api/articles/",
            {"text": self.TEXT, "title": "Kremlin", "url": "https://example.org/k", "published_on": "2023-12-07"},
            format="json",
        )

        assert response.status_code == 201
        body = response.json()
        article = Article.objects.get()
        assert (body["id"], body["created"], body["status"]) == (article.pk, True, "queued")
        assert response.headers["Location"] == body["status_url"] == f"http://testserver/api/articles/{article.pk}/"
        assert submitter_api.get(body["status_url"]).json()["status"] == "queued"
        assert (article.title, article.url, article.published_on) == (
            "Kremlin",
            "https://example.org/k",
            dt.date(2023, 12, 7),
        )

    def test_extraction_is_queued_after_commit(self, submitter_api, django_capture_on_commit_callbacks, monkeypatch):
        queued: list[list[int]] = []
        monkeypatch.setattr(
            "claims.services.articles.articles_enqueue", lambda *, article_ids: queued.append(article_ids)
        )

        with django_capture_on_commit_callbacks(execute=True):
            article_id = submitter_api.post("/api/articles/", {"text": self.TEXT}, format="json").json()["id"]

        assert queued == [[article_id]]

    def test_an_empty_publication_date_in_a_form_is_a_400_not_no_date(self, submitter_api):
        response = submitter_api.post("/api/articles/", {"text": self.TEXT, "published_on": ""}, format="multipart")

        assert response.status_code == 400
        assert "published_on" in response.json()["error"]["details"]

    def test_a_duplicate_is_200_with_the_existing_article(self, submitter_api):
        first = submitter_api.post("/api/articles/", {"text": self.TEXT}, format="json").json()

        again = submitter_api.post("/api/articles/", {"text": "  " + self.TEXT + "\n"}, format="json")

        assert again.status_code == 200
        assert (again.json()["id"], again.json()["created"]) == (first["id"], False)
        assert "Location" not in again.headers
        assert Article.objects.count() == 1

    def test_an_html_file_can_be_uploaded(self, submitter_api):
        html = f"<html><head><title>Peskov speaks</title></head><body><p>{self.TEXT}</p></body></html>".encode()
        upload = SimpleUploadedFile("peskov.html", html, content_type="text/html")

        response = submitter_api.post("/api/articles/", {"file": upload, "outlet": "Reuters"}, format="multipart")

        assert response.status_code == 201, response.json()
        article = Article.objects.get()
        assert "<p>" not in article.text
        assert (article.title, article.outlet) == ("Peskov speaks", "Reuters")

    @pytest.mark.parametrize(
        ("payload", "code"),
        [
            ({}, "missing_field"),
            ({"text": "   "}, "empty"),
            ({"text": "Some text.", "url": "ftp://example.org/x"}, "invalid_url"),
            ({"text": "Some text.", "published_on": "2999-01-01"}, "future_date"),
        ],
    )
    def test_input_that_cannot_be_an_article_is_a_400_with_the_services_code(self, submitter_api, payload, code):
        response = submitter_api.post("/api/articles/", payload, format="json")

        assert response.status_code == 400
        assert response.json()["error"]["code"] == code

    def test_a_binary_file_is_a_400_naming_the_byte(self, submitter_api):
        upload = SimpleUploadedFile("notes.txt", b"%PDF-1.7 rest", content_type="text/plain")

        response = submitter_api.post("/api/articles/", {"file": upload}, format="multipart")

        assert response.status_code == 400
        assert response.json()["error"]["code"] == "binary"
        assert response.json()["error"]["details"]["byte_offset"] == 0

    def test_an_article_over_the_size_limit_is_a_413(self, submitter_api):
        with override_settings(ARTICLE_MAX_BYTES=50):
            response = submitter_api.post("/api/articles/", {"text": self.TEXT}, format="json")

        assert (response.status_code, response.json()["error"]["code"]) == (413, "too_large")

    def test_a_request_body_over_the_upload_limit_is_a_413_before_parsing(self, submitter_api):
        with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000):
            response = submitter_api.post("/api/articles/", {"text": "x " * 1000}, format="json")

        assert (response.status_code, response.json()["error"]["code"]) == (413, "too_large")
        assert not Article.objects.exists()
