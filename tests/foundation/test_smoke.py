"""What a newcomer gets: a fresh embedded database, migrated, with demo data, served on loopback."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_the_default_mode_server_starts_and_serves_the_demo_actors(server_tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    env.update(ONRECORD_DATA_DIR=str(server_tmp_path / "data"), DEBUG="1")
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*manage, "load_demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        pages = {}
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not pages:
            try:
                for path in ["/", "/actors/"]:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
                        pages[path] = (response.status, response.read().decode())
            except OSError:
                pages = {}
                time.sleep(0.3)
        if not pages:
            server.terminate()
            pytest.fail("the server did not answer:\n" + server.communicate(timeout=30)[0].decode(errors="replace"))
        assert pages["/"][0] == 200
        assert pages["/actors/"][0] == 200
        assert "Dmitry Peskov" in pages["/actors/"][1]
        assert "Larry Johnson" in pages["/actors/"][1]
    finally:
        server.send_signal(signal.SIGTERM)  # as a service manager stops it; the embedded database must stop too
        server.wait(timeout=30)
    # The last process using the embedded database stopped it.
    assert not (server_tmp_path / "data" / "pg" / "postmaster.pid").exists()
