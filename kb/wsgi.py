"""The WSGI entry point (gunicorn kb.wsgi:application)."""

import os

from django.core.wsgi import get_wsgi_application

from kb.embedded_db import embedded_database_acquire

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
embedded_database_acquire()  # each server process uses the embedded PostgreSQL while it runs (no-op in server mode)
application = get_wsgi_application()


def _load_broker_transport() -> None:
    # Importing the broker's client library takes most of a second; done here, the first ingest a server process
    # answers does not pay for it.
    from kb.celery import app

    app.connection_for_write().transport  # noqa: B018  (resolving the transport imports it; nothing connects)


_load_broker_transport()
