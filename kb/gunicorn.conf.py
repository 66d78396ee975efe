"""gunicorn settings for kb.wsgi (`gunicorn --config kb/gunicorn.conf.py kb.wsgi:application`).

gunicorn answers some malformed requests itself, before the app sees them: a request line over limit_request_line
(414), too many or too large headers (431), an unparsable request (400). Its page for them is HTML; here it is the
API's error body, `{"error": {"code", "message", "details"}}`, so that clients of /api/ get the same shape for every
error. (The path of a request gunicorn could not read is unknown, so every path gets it.)
"""

from __future__ import annotations

import json
import socket

from gunicorn import util

# gunicorn's defaults, stated: the longest request line and header, and the most headers, gunicorn reads.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190


def _write_json_error(sock: socket.socket, status_int: int, reason: str, mesg: str) -> None:
    body = json.dumps(
        {"error": {"code": reason.lower().replace(" ", "_"), "message": f"{reason}. {mesg}".strip(), "details": {}}}
    ).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode("latin-1")
    util.write_nonblock(sock, head + body)


# The one place gunicorn writes its own error responses (gunicorn.workers.base.Worker.handle_error calls it).
util.write_error = _write_json_error
