"""The WSGI app bench_api.py serves under gunicorn: OnRecord itself, plus one baseline route that exists only here.

GET /raw/statements?actor_id=&topic_id=[&said_on=&id=]&limit= runs hand-written SQL for the same rows as the API page
(same columns, joins, filter, order and limit) on the same kind of persistent connection and returns them as JSON. It
is given the ids, as a hand-tuned client would be; the API resolves slugs itself. The API's cost over this baseline is
everything else: routing, middleware, DRF, the slug lookups, parameter validation, the JSON shape, ETag, throttling.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

from django.db import connection

from kb.wsgi import application as django_application

RAW_PAGE_SQL = """
SELECT s.id, s.text, s.kind, s.said_on, s.date_precision, s.stance, s.start, s."end", s.approved_at, s.updated_at,
       a.slug, a.name, a.wikidata_id, t.slug, t.name, ar.id, ar.title, ar.url, ar.outlet, ar.published_on
FROM claims_statement s
JOIN actors_actor a ON a.id = s.actor_id
LEFT JOIN claims_topic t ON t.id = s.topic_id
JOIN claims_article ar ON ar.id = s.article_id
WHERE s.actor_id = %(actor_id)s
  AND s.topic_id = %(topic_id)s
  AND s.said_on IS NOT NULL
  {after}
ORDER BY s.said_on, s.id
LIMIT %(limit)s
"""
RAW_COLUMNS = (
    *("id", "text", "kind", "said_on", "date_precision", "stance", "start", "end", "approved_at", "updated_at"),
    *("actor_slug", "actor_name", "actor_wikidata_id", "topic_slug", "topic_name"),
    *("article_id", "article_title", "article_url", "article_outlet", "article_published"),
)


def raw_page(
    *, actor_id: int, topic_id: int, said_on: str | None, after_id: int | None, limit: int
) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        after = "AND (s.said_on, s.id) > (%(said_on)s::date, %(id)s)" if said_on is not None else ""
        cursor.execute(
            RAW_PAGE_SQL.format(after=after),
            {"actor_id": actor_id, "topic_id": topic_id, "said_on": said_on, "id": after_id, "limit": limit},
        )
        return [dict(zip(RAW_COLUMNS, row, strict=True)) for row in cursor.fetchall()]


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    if environ.get("PATH_INFO") != "/raw/statements":
        return django_application(environ, start_response)
    query = {key: values[0] for key, values in parse_qs(environ.get("QUERY_STRING", "")).items()}
    rows = raw_page(
        actor_id=int(query["actor_id"]),
        topic_id=int(query["topic_id"]),
        said_on=query.get("said_on"),
        after_id=int(query["id"]) if "id" in query else None,
        limit=int(query.get("limit", "50")),
    )
    body = json.dumps({"results": rows}, default=str).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
