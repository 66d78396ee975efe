"""The embedded PostgreSQL's life cycle, on real processes and a real server in a data directory of the test's own.

Processes using the server are Python subprocesses that acquire it and wait; the test stops them as users do.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from bench.embedded_db_lifecycle import postgres_processes, postgres_still_running, run_cycle
from kb.embedded_db import embedded_server_running

ROOT = Path(__file__).resolve().parents[2]

_USER = """
import sys, time
from pathlib import Path
from kb.embedded_db import embedded_server_acquire
embedded_server_acquire(data_dir=Path(sys.argv[1]))
print("using", flush=True)
time.sleep(600)
"""


class User:
    """A process that uses the server until it is stopped."""

    def __init__(self, data_dir: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _USER, str(data_dir)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        )  # fmt: skip
        line = self.process.stdout.readline()
        assert line == "using\n", f"the user did not start: {line!r} {self.process.stderr.read()[-3000:]}"

    def stop(self, signum: int = signal.SIGTERM) -> int:
        self.process.send_signal(signum)
        return self.process.wait(timeout=60)


@pytest.fixture(scope="module")
def data_dir() -> Iterator[Path]:
    """Initialised once for the module (initdb takes seconds); each test leaves the server stopped. Not under pytest's
    tmp_path: see the server_tmp_path fixture."""
    root = Path(tempfile.mkdtemp(prefix="onrecord-test-"))
    path = root / "pg"
    User(path).stop()
    yield path
    shutil.rmtree(root, ignore_errors=True)


def test_the_last_user_to_leave_stops_the_server_and_not_before(data_dir):
    first, second = User(data_dir), User(data_dir)
    first.stop(signal.SIGINT)
    assert embedded_server_running(data_dir=data_dir), "the second user still needs it"
    second.stop(signal.SIGTERM)
    assert not postgres_still_running(data_dir)


def test_a_user_killed_without_cleanup_does_not_keep_the_server_running_for_ever(data_dir):
    killed, survivor = User(data_dir), User(data_dir)
    killed.stop(signal.SIGKILL)
    assert embedded_server_running(data_dir=data_dir)
    survivor.stop()
    assert not postgres_still_running(data_dir), "the survivor was the last user"


_DYING_CHILD = """
import os, signal, sys, time
from pathlib import Path
from kb.embedded_db import embedded_server_acquire
embedded_server_acquire(data_dir=Path(sys.argv[1]))
signal.signal(signal.SIGTERM, lambda *_: (time.sleep(2), os._exit(0)))  # dies slowly, and without releasing
print("using", flush=True)
time.sleep(600)
"""

_PARENT_OF_A_DYING_USER = """
import signal, subprocess, sys, time
from pathlib import Path
from kb.embedded_db import embedded_server_acquire
embedded_server_acquire(data_dir=Path(sys.argv[1]))
child = subprocess.Popen([sys.executable, "-c", sys.argv[2], sys.argv[1]], stdout=subprocess.PIPE, text=True)
assert child.stdout.readline() == "using\\n"
def leave(*_):
    child.send_signal(signal.SIGTERM)
    sys.exit(0)  # without waiting for the child, as runserver's reloader does when signalled twice
signal.signal(signal.SIGTERM, leave)
print("using", flush=True)
time.sleep(600)
"""


def test_a_user_whose_own_child_user_is_still_dying_stops_the_server_once_the_child_is_gone(data_dir):
    parent = subprocess.Popen(
        [sys.executable, "-c", _PARENT_OF_A_DYING_USER, str(data_dir), _DYING_CHILD], cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
    )  # fmt: skip
    assert parent.stdout.readline() == "using\n", parent.stderr.read()[-3000:]

    parent.send_signal(signal.SIGTERM)
    parent.wait(timeout=60)

    left = postgres_still_running(data_dir)
    assert not left, "the parent left while its child held the server, and nobody stopped it"


def test_a_crashed_server_and_garbage_left_behind_are_repaired_by_the_next_start(data_dir):
    user = User(data_dir)
    for process in postgres_processes(data_dir):
        # The machine lost power: postmaster.pid stays, naming a dead server. A backend may already have gone
        # with its postmaster by the time its turn comes.
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    user.stop(signal.SIGKILL)
    assert (data_dir / "postmaster.pid").exists()
    (data_dir / ".handle_pids.json").write_text("[12")  # the old wrapper's garbled user list
    User(data_dir).stop()
    assert not postgres_still_running(data_dir)

    for leftover in ("", "not a pid\n", f"{os.getpid()}\n{data_dir}\n"):  # empty, garbled, a live pid not a server
        (data_dir / "postmaster.pid").write_text(leftover)
        user = User(data_dir)
        assert embedded_server_running(data_dir=data_dir), f"started despite postmaster.pid {leftover!r}"
        user.stop()
        assert not postgres_still_running(data_dir)


@pytest.mark.slow
@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="`make run` is the embedded mode; .ci/run runs it so")
def test_make_run_serves_after_every_kind_of_stop_and_a_clean_stop_leaves_no_postgresql(server_tmp_path):
    data_dir = server_tmp_path / "pg"
    log_path = server_tmp_path / "make-run.log"
    cycles = []
    for kind in ("term", "int", "kill", "term"):  # each way of stopping; the one after the kill proves it serves
        started = time.monotonic()
        cycles.append(run_cycle(kind, data_dir=data_dir, log_path=log_path))
        print(f"make run, then {kind}: {cycles[-1]} in {time.monotonic() - started:.1f} s")
    tail = log_path.read_text()[-4000:]
    assert all(cycle.served_after is not None for cycle in cycles), f"a make run did not serve:\n{tail}"
    assert all(cycle.stopped_after is not None for cycle in cycles), f"a make run did not stop:\n{tail}"
    assert not [c for c in cycles if c.kind != "kill" and c.postgres_left], "a clean stop left PostgreSQL running"
