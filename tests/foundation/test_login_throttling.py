"""Guessing a password: every login form locks an account from an address after a few failures, until reset."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from tests.factories import EditorFactory, UserFactory

PASSWORD = "correct horse battery staple"
LOGIN_FORMS = ["/accounts/login/", "/admin/login/"]


def _log_in(client: Client, url: str, username: str, password: str, address: str = "203.0.113.7"):  # noqa: ANN202
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def _guess(client: Client, url: str, username: str, times: int = 30) -> None:
    for n in range(times):
        _log_in(client, url, username, f"guess number {n}")


@pytest.mark.django_db
@pytest.mark.parametrize("url", LOGIN_FORMS)
def test_it_refuses_the_right_password_after_thirty_wrong_ones(url: str) -> None:
    EditorFactory(username="wanda", is_staff=True)
    client = Client()
    _guess(client, url, "wanda")

    response = _log_in(client, url, "wanda", PASSWORD)

    assert response.status_code == 429
    assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    page = response.content.decode()
    assert "Too many failed logins" in page
    assert f"After {settings.AXES_FAILURE_LIMIT} wrong passwords" in page
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_it_locks_at_the_failure_limit_not_before() -> None:
    UserFactory(username="wanda")
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        wrong = _log_in(client, "/accounts/login/", "wanda", f"guess number {n}")
        assert wrong.status_code == 200
        assert "enter a correct username and password" in wrong.content.decode()

    assert _log_in(client, "/accounts/login/", "wanda", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_success_forgets_earlier_failures() -> None:
    UserFactory(username="wanda")
    client = Client()
    _guess(client, "/accounts/login/", "wanda", times=settings.AXES_FAILURE_LIMIT - 1)
    assert _log_in(client, "/accounts/login/", "wanda", PASSWORD).status_code == 302
    client.logout()

    _guess(client, "/accounts/login/", "wanda", times=settings.AXES_FAILURE_LIMIT - 1)
    assert _log_in(client, "/accounts/login/", "wanda", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_lock_holds_for_that_address_only() -> None:
    UserFactory(username="wanda")
    _guess(Client(), "/accounts/login/", "wanda")

    elsewhere = _log_in(Client(), "/accounts/login/", "wanda", PASSWORD, address="198.51.100.20")

    assert elsewhere.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("command", "args"), [("axes_reset_username", ["wanda"]), ("axes_reset", [])], ids=["username", "all"]
)
def test_an_administrator_lifts_the_lock(command: str, args: list[str]) -> None:
    UserFactory(username="wanda")
    client = Client()
    _guess(client, "/accounts/login/", "wanda")
    assert _log_in(client, "/accounts/login/", "wanda", PASSWORD).status_code == 429

    call_command(command, *args, stdout=None)

    response = _log_in(client, "/accounts/login/", "wanda", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"]
