"""Shared fixtures. Test-only settings tweaks live here, not in kb/settings.py."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client

from kb.celery import app as celery_app
from kb.embedded_db import embedded_database_acquire
from tests.factories import EditorFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# The test run is an entry point: without DATABASE_URL it uses (and starts) the embedded PostgreSQL until it exits.
embedded_database_acquire()

# The test client speaks plain HTTP.
settings.SECURE_SSL_REDIRECT = False
# Server mode serves hashed files collected at build time; tests do not run collectstatic.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Auth rows (the editors group) are re-made by post_migrate after every flush; restoring them too from a
# serialized_rollback snapshot would clash with that.
settings.TEST_NON_SERIALIZED_APPS = ["django.contrib.auth", "django.contrib.contenttypes"]
# PBKDF2's million rounds cost ~1 s of CPU per password set or checked (every EditorFactory, every browser login);
# the tests prove who may log in, not how hard a stolen hash is to crack.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Ordinary tests run tasks in-process; worker tests start real workers with their own broker settings.
celery_app.conf.task_always_eager = True


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--screenshots",
        action="store_true",
        help="e2e: save screenshots to artifacts/screenshots/ (the committed ones) instead of a temporary directory",
    )


def service_reachable(host: str, port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def require_service(name: str, host: str, port: int) -> None:
    """A test that needs a service fails under CI when it is down, and skips on a developer's machine."""
    if service_reachable(host, port):
        return
    message = f"{name} is not reachable at {host}:{port}"
    if IN_CI:
        pytest.fail(message + " (CI=true: services must be up)")
    pytest.skip(message)


@pytest.fixture(autouse=True)
def fresh_throttle_counters() -> Iterator[None]:
    """Each test starts with no requests counted against the throttles (the API's and the pages')."""
    caches["throttle"].clear()
    yield
    caches["throttle"].clear()


@pytest.fixture
def editor(db):  # noqa: ANN001, ANN201
    return EditorFactory()


@pytest.fixture
def outsider(db):  # noqa: ANN001, ANN201
    """Logged in, but not an editor."""
    return UserFactory()


@pytest.fixture
def editor_client(editor) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def outsider_client(outsider) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(outsider)
    return client


@pytest.fixture
def anonymous_client() -> Client:
    return Client()


@pytest.fixture
def personas(editor_client: Client, outsider_client: Client, anonymous_client: Client) -> dict[str, Client]:
    return {"editor": editor_client, "outsider": outsider_client, "anonymous": anonymous_client}


@pytest.fixture
def make_client() -> Callable[..., Client]:
    def _make(user=None, **kwargs) -> Client:  # noqa: ANN001
        client = Client(**kwargs)
        if user is not None:
            client.force_login(user)
        return client

    return _make


# `make test` spreads the suite over two processes (pytest-xdist, --dist loadgroup). Tests that start real
# processes sharing one resource stay together on one of them, in file order: the Celery worker tests (one Redis,
# timed recoveries), the browser tests (one Chromium), the embedded-server life-cycle tests.
_XDIST_GROUPS = {
    "tests/workers/": "workers",
    "tests/e2e/": "browser",
    "tests/foundation/test_embedded_db.py": "lifecycle",
}


def pytest_collection_modifyitems(config, items):  # noqa: ANN001, ANN201
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        for prefix, group in _XDIST_GROUPS.items():
            if path.startswith(prefix):
                item.add_marker(pytest.mark.xdist_group(group))
                break


@pytest.fixture
def server_tmp_path() -> Iterator[Path]:
    """A scratch directory for a PostgreSQL data directory run by another system user. pytest's own tmp_path lives
    under /tmp/pytest-of-<user>, which every pytest process starting (another xdist worker, another checkout's run)
    locks back to mode 0700, taking the server's files away from it mid-test."""
    path = Path(tempfile.mkdtemp(prefix="onrecord-test-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)
