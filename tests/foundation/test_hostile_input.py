"""Hostile input never gives a 5xx: every URL of the URLconf, every parameter its forms and the OpenAPI schema name.

NUL bytes and over-long values in a query parameter, form field, header or JSON body are a clear 400 (the API's error
body under /api/, a plain page elsewhere); values a view cannot read (bogus choices, huge numbers, impossible dates,
invalid UTF-8) are a 400 or a page, never a server error.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kb.hostile_input import MAX_HEADER_LENGTH, MAX_PARAMETER_LENGTH
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    ClaimFactory,
    EditorFactory,
    StatementFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NUL = "a\x00b"
OVER_LONG = "x" * (MAX_PARAMETER_LENGTH + 1)
# Values a view must read and refuse (or ignore) without a 5xx.
ODD = ["bogus", "0", "99999999999999999999", "-1", "2024-02-30", "9999-12-31", "'\"<>%\\", " ", "\ufffd"]
# Raw query strings no form would send: bytes that are not UTF-8, an encoded lone surrogate, a NUL key.
RAW_QUERIES = ["q=%FF%FE&page=%ED%A0%80", "%00=1", "&&==&"]
NOT_OBJECTS = ("[]", '"x"', "1", "null", "{", "[" * 100_000 + "]" * 100_000, '{"a":' * 5000 + "1" + "}" * 5000)
HOSTILE_HEADERS = {
    "HTTP_AUTHORIZATION": "Token a\x00b",
    "HTTP_COOKIE": "sessionid=a\x00b; csrftoken=a\x00b",
    "HTTP_IF_NONE_MATCH": '"a\x00b"',
    "HTTP_X_FORWARDED_FOR": "1.2.3.4\x00",
    "HTTP_HX_REQUEST": "true\x00",
    "HTTP_HX_CURRENT_URL": "http://testserver/\x00",
    "HTTP_REFERER": "http://testserver/\x00",
    "HTTP_USER_AGENT": "x" * (MAX_HEADER_LENGTH + 1),
}
# Admin pages are Django's own; its login form is the one entry a stranger reaches.
SKIPPED_PREFIXES = ("admin/",)


@dataclass
class Site:
    """Objects for every path parameter, and a client per persona."""

    kwargs_for: dict[str, dict[str, object]]
    clients: dict[str, Client]


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, str] = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__()
        self.page_url = page_url
        self.forms: list[Form] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            action = urlsplit(values.get("action") or self.page_url).path or self.page_url
            self.forms.append(Form(method=(values.get("method") or "get").lower(), action=action))
        elif tag in {"input", "select", "textarea", "button"} and self.forms and values.get("name"):
            if values["name"] != "csrfmiddlewaretoken":
                self.forms[-1].fields.setdefault(values["name"], values.get("value", ""))


def _forms(html: str, page_url: str) -> list[Form]:
    parser = _FormParser(page_url)
    parser.feed(html)
    return parser.forms


def _named_patterns(resolver: URLResolver, prefix: str = "") -> list[tuple[str, str, dict]]:
    """(route, name, converters) of every named URL."""
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found.extend(_named_patterns(entry, route))
        elif isinstance(entry, URLPattern) and entry.name and not route.startswith(SKIPPED_PREFIXES):
            found.append((route, entry.name, getattr(entry.pattern, "converters", {})))
    return found


def _kwargs(name: str, converters: dict, site_objects: dict[str, object]) -> dict[str, object]:
    kwargs: dict[str, object] = {}
    for param in converters:
        if param == "slug":
            kwargs[param] = site_objects["topic"].slug if "topic" in name else site_objects["actor"].slug
        elif param == "pk":
            owner = next((kind for kind in ("statement", "claim", "article") if kind in name), "statement")
            kwargs[param] = site_objects[owner].pk
        elif param == "fmt":
            kwargs[param] = "csv"
        else:
            raise AssertionError(f"{name}: no value for the path parameter {param!r}; add one here")
    return kwargs


URLS = sorted({(name, route) for route, name, _ in _named_patterns(get_resolver())} | {("admin-login", "admin/login/")})


@pytest.fixture
def site(db) -> Site:  # noqa: ANN001
    actor = ActorFactory(name="Ann Example", slug="ann-example")
    topic = TopicFactory(slug="taxes", name="Taxes")
    article = ArticleFactory()
    statement = StatementFactory(actor=actor, topic=topic)
    claim = ClaimFactory(article=article, actor=actor)
    objects = {"actor": actor, "topic": topic, "article": article, "statement": statement, "claim": claim}
    kwargs_for = {name: _kwargs(name, converters, objects) for _, name, converters in _named_patterns(get_resolver())}
    clients = {"anonymous": Client(raise_request_exception=False)}
    for persona, user in (("outsider", UserFactory()), ("editor", EditorFactory())):
        clients[persona] = Client(raise_request_exception=False)
        clients[persona].force_login(user)
    return Site(kwargs_for=kwargs_for, clients=clients)


FAILURES: list[str] = []


def _send(client: Client, method: str, path: str, **kwargs: object) -> int:
    caches["throttle"].clear()  # hundreds of requests: the throttles are tested elsewhere
    response = getattr(client, method)(path, **kwargs)
    if response.status_code >= 500:
        FAILURES.append(f"{method.upper()} {path} {str(kwargs)[:200]} -> {response.status_code}")
    return response


def _assert_refused(response, path: str, what: str) -> None:  # noqa: ANN001
    assert response.status_code == 400, f"{what} on {path}: {response.status_code}"
    if path.startswith("/api/"):
        assert response.json()["error"]["code"] == "invalid", f"{what} on {path}"
    else:
        assert response["Content-Type"].startswith("text/html"), f"{what} on {path}"


_SCHEMA: dict = {}


def _api_schema(client: Client) -> dict:
    if not _SCHEMA:
        _SCHEMA.update(client.get("/api/schema/", HTTP_ACCEPT="application/json").json())
    return _SCHEMA


def _schema_operations(client: Client, path: str) -> list[tuple[str, list[str], list[str]]]:
    """(method, query parameters, JSON body properties) of the schema's operations on this path."""
    schema = _api_schema(client)
    for template, item in schema["paths"].items():
        pattern = template.replace("{id}", "[0-9]+").replace("{slug}", "[-a-zA-Z0-9_]+")
        if re.fullmatch(pattern, path):
            operations = []
            for method, operation in item.items():
                if method not in {"get", "post", "patch", "put"}:
                    continue
                query = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
                body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
                ref = body.get("schema", {}).get("$ref", "")
                component = schema["components"]["schemas"].get(ref.rpartition("/")[2], {}) if ref else {}
                operations.append((method, query, list(component.get("properties", {}))))
            return operations
    return []


@pytest.mark.parametrize(("name", "route"), URLS, ids=[name for name, _ in URLS])
def test_hostile_values_in_every_parameter_are_a_400_never_a_5xx(site: Site, name: str, route: str) -> None:
    path = "/admin/login/" if name == "admin-login" else reverse(name, kwargs=site.kwargs_for[name])
    FAILURES.clear()
    # Public pages as a stranger; pages a stranger is refused as an editor (and once as an outsider, who is refused).
    personas = ["anonymous"]
    if site.clients["anonymous"].get(path).status_code in {301, 302, 401, 403, 405}:
        personas = ["editor"]
        _send(site.clients["outsider"], "get", path, data={"q": NUL, "page": "99999999999999999999"})
    for persona in personas:
        client = site.clients[persona]
        page = client.get(path)
        get_params: set[str] = {"q", "page"}
        post_forms: list[Form] = []
        if page.status_code == 200 and page["Content-Type"].startswith("text/html") and not page.streaming:
            for form in _forms(page.content.decode(), path):
                if form.method == "get" and form.action == path:
                    get_params.update(form.fields)
                elif form.method == "post":
                    post_forms.append(form)
        api_bodies: list[tuple[str, list[str]]] = []
        if path.startswith("/api/"):
            for method, query, body in _schema_operations(client, path):
                get_params.update(query if method == "get" else [])
                if method != "get":
                    api_bodies.append((method, body))

        # Query parameters: one by one for NUL and length, all at once for values a view must refuse.
        for param in sorted(get_params):
            _assert_refused(_send(client, "get", path, data={param: NUL}), path, f"NUL in ?{param}")
            _assert_refused(_send(client, "get", path, data={param: OVER_LONG}), path, f"over-long ?{param}")
        for value in ODD:
            _send(client, "get", path, data=dict.fromkeys(get_params, value))
        for raw in RAW_QUERIES:
            _send(client, "get", f"{path}?{raw}")

        # Headers, each alone.
        if persona == personas[0]:
            for header, value in HOSTILE_HEADERS.items():
                _assert_refused(_send(client, "get", path, **{header: value}), path, header)

        # Form fields of every form the page shows, as a browser would send them.
        for form in post_forms:
            for field_name in form.fields:
                data = {**form.fields, field_name: NUL}
                _assert_refused(_send(client, "post", form.action, data=data), form.action, f"NUL in {field_name}")
                _send(client, "post", form.action, data={**form.fields, field_name: OVER_LONG * 3})
            for value in ODD:
                _send(client, "post", form.action, data=dict.fromkeys(form.fields, value))

        # JSON bodies, from the schema.
        for method, properties in api_bodies:
            for prop in properties:
                for value in (NUL, OVER_LONG * 3, *ODD, 99999999999999999999, -1, [], {}, None, True):
                    _send(client, method, path, data=json.dumps({prop: value}), content_type="application/json")
                surrogate = json.dumps({prop: "SURROGATE"}).replace("SURROGATE", "\\ud800")
                response = _send(client, method, path, data=surrogate, content_type="application/json")
                if response.status_code not in {401, 403, 404, 405}:
                    _assert_refused(response, path, f"lone surrogate in {prop}")
            for body in NOT_OBJECTS:
                _send(client, method, path, data=body, content_type="application/json")
    assert FAILURES == []


def test_a_deeply_nested_json_body_is_a_400(site: Site) -> None:
    editor = site.clients["editor"]
    body = "[" * 100_000 + "]" * 100_000

    response = editor.post("/api/articles/", data=body, content_type="application/json")

    _assert_refused(response, "/api/articles/", "nesting")
    assert "nested" in response.json()["error"]["message"]


def test_nul_in_analyst_parameters_is_a_400_for_anyone(site: Site) -> None:
    """The requests of the report: each was a 500 from PostgreSQL ("string literal cannot contain NUL")."""
    anonymous = site.clients["anonymous"]
    for url in (
        "/actors/?q=%00",
        "/search/?actor=%00",
        "/statements/export.csv?actor=%00",
        "/statements/export.jsonl?actor=%00",
    ):
        response = anonymous.get(url)
        assert response.status_code == 400, url
        assert b"NUL" in response.content
    assert site.clients["editor"].get("/review/actors/search/?q=%00").status_code == 400


def test_an_api_error_names_the_parameter(site: Site) -> None:
    response = site.clients["anonymous"].get("/api/statements/?" + urlencode({"q": NUL}))

    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"q": ["Contains a NUL character."]}


def test_ordinary_text_passes(site: Site) -> None:
    anonymous = site.clients["anonymous"]
    query = quote("Ünïcode “quotes” — and emoji 🙂")
    assert anonymous.get(f"/search/?q={query}").status_code == 200
    assert anonymous.get(f"/api/statements/?q={query}").status_code == 200


def test_a_host_not_allowed_is_the_400_page_not_a_500() -> None:
    # Refused before the session and auth middleware ran: the 400 page must render without a user.
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="attacker.example")

    assert response.status_code == 400
    assert b"Bad request" in response.content
