"""gunicorn's own answers (a request it cannot read) carry the API's JSON error body, with production settings."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def raw_request(port: int, request: bytes) -> tuple[str, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    return status, dict(line.split(": ", 1) for line in lines), body


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    env = {**os.environ, "DEBUG": "0", "SECURE_SSL_REDIRECT": "0"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "kb.wsgi:application", "--config", "kb/gunicorn.conf.py",
         f"--bind=127.0.0.1:{port}", "--workers=1"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while True:
        try:
            if raw_request(port, b"GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")[0].split()[1] == "200":
                break
        except OSError:
            pass
        assert server.poll() is None, log.read_text()[-3000:]
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(0.3)
    yield port
    server.terminate()
    server.wait(timeout=30)


@pytest.mark.parametrize(
    ("request_bytes", "status", "code"),
    [
        (b"GET /api/statements/?q=" + b"a" * 5000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "414", "uri_too_long"),
        (
            b"GET /api/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n",
            "431",
            "request_header_fields_too_large",
        ),
        (
            b"GET /api/ HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-Many: 1\r\n" * 120 + b"\r\n",
            "431",
            "request_header_fields_too_large",
        ),
        (b"NOT A REQUEST\r\n\r\n", "400", "bad_request"),
    ],
    ids=["long-url", "long-header", "many-headers", "garbage"],
)
def test_gunicorns_own_errors_have_the_api_error_body(gunicorn, request_bytes, status, code):
    status_line, headers, body = raw_request(gunicorn, request_bytes)

    assert status_line.split()[1] == status
    assert headers["Content-Type"] == "application/json"
    error = json.loads(body)["error"]
    assert error["code"] == code
    assert error["message"]
    assert error["details"] == {}
