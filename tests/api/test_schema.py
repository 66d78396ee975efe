"""The OpenAPI schema: valid with no warnings, and what the API actually answers conforms to it (schemathesis)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kb.wsgi import application
from tests.factories import ClaimFactory, EditorFactory, StatementFactory, TopicFactory


def test_the_schema_validates_without_warnings(tmp_path: Path):
    # Exactly what CI's `manage.py spectacular --validate --fail-on-warn` does; a warning raises.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))

    text = (tmp_path / "schema.yaml").read_text()
    for path in ("/api/statements/:", "/api/statements/export:", "/api/claims/{id}/approve:", "/api/articles/:"):
        assert path in text


@pytest.mark.django_db
def test_the_act_of_a_statement_is_an_enum_in_the_json_and_in_the_filter(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()

    acts = ["belief", "document", "intention", "perception", "speech"]
    assert sorted(schema["components"]["schemas"]["StatementActEnum"]["enum"]) == acts
    act = schema["components"]["schemas"]["Statement"]["properties"]["act"]
    assert act["allOf"] == [{"$ref": "#/components/schemas/StatementActEnum"}]
    parameters = schema["paths"]["/api/statements/"]["get"]["parameters"]
    assert sorted(next(p for p in parameters if p["name"] == "act")["schema"]["enum"]) == acts


@pytest.mark.django_db
def test_the_schema_and_swagger_ui_are_served(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json")
    docs = api.get("/api/docs/")

    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    assert docs.status_code == 200
    # Swagger UI's assets come from this server, not from a CDN the deployment may not reach.
    assert b"/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs.content
    assert b"cdn" not in docs.content.lower()


CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

# Loaded in-process through the WSGI app; schema generation touches no database, so import time is fine.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def seeded_api(db) -> Iterator[dict[str, str]]:  # noqa: ANN001
    """Some rows for the generated requests to find, an editor's token, and no throttling in the way."""
    topic = TopicFactory(slug="talks")
    for _ in range(3):
        StatementFactory(topic=topic)
    ClaimFactory()
    key = Token.objects.create(user=EditorFactory()).key
    unthrottled = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None}}
    # The WSGI handler closes the database connection around each request, which would end the test's transaction;
    # Django's own test client avoids this the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with override_settings(REST_FRAMEWORK=unthrottled):
            yield {"Authorization": f"Token {key}"}
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.slow
@schema.parametrize()
@hypothesis_settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_endpoint_answers_without_5xx_and_as_documented(case, seeded_api):  # noqa: ANN001
    """As an editor, so the editor endpoints are reached beyond their 401; public ones answer the same to all.

    Valid and invalid requests are both generated. The checks here are the responses' conformance; the full contract
    (schema-valid requests accepted, schema-violating ones refused, auth as documented, all phases including
    stateful) runs against a live gunicorn in .ci/api_contract, part of .ci/run.
    """
    case.call_and_validate(headers=seeded_api, checks=CONFORMANCE)


@pytest.mark.django_db
def test_every_cursor_the_api_hands_out_fits_the_pattern_its_schema_gives(api):
    import re

    for slug in ("talks", "peace"):
        StatementFactory(topic=TopicFactory(slug=slug))
    spec = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path in ("/api/statements/", "/api/topics/", "/api/actors/"):
        (cursor,) = [p for p in spec["paths"][path]["get"]["parameters"] if p["name"] == "cursor"]
        page = api.get(path, {"page_size": 1}).json()
        assert page["next"], path
        token = page["next"].split("cursor=")[1].split("&")[0]
        assert re.match(cursor["schema"]["pattern"], token), (path, token)
        assert api.get(path, {"cursor": token, "page_size": 1}).status_code == 200
        # Any token of that shape is a place to start a page, not a 400.
        assert api.get(path, {"cursor": "f7.9"}).status_code == 200
        assert api.get(path, {"cursor": "nonsense"}).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["/api/actors/?kind=", "/api/statements/?said_on_before=", "/api/statements/?stance=",
                                   "/api/statements/export?format="])  # fmt: skip
def test_an_empty_value_for_a_choice_or_a_date_is_a_400_not_a_wider_result(api, query):
    response = api.get(query)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


@pytest.mark.django_db
def test_public_reads_need_no_credentials_in_the_schema_and_editor_actions_do(api):
    paths = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]

    assert {} in paths["/api/statements/{id}/"]["get"]["security"]
    assert {} not in paths["/api/statements/{id}/"]["patch"]["security"]
    assert {} not in paths["/api/claims/{id}/approve"]["post"]["security"]


def test_every_operation_documents_what_the_server_answers_before_the_app(api):
    """gunicorn refuses a request line over 4,094 bytes (414) or oversized headers (431) with the API's error body,
    whatever the path: a client generating long filter lists must find those statuses in the schema."""
    paths = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]

    for operations in paths.values():
        for operation in operations.values():
            assert {"414", "431"} <= set(operation["responses"])
    assert paths["/api/statements/"]["get"]["responses"]["414"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
