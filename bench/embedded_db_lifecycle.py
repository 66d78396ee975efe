"""The embedded PostgreSQL's life cycle under `make run`, on real processes.

Each cycle runs `make run` in a session of its own, waits until it serves /healthz, then stops it the way a user or
a supervisor does: SIGTERM to the process group (a terminal closed, `timeout`, systemd), SIGINT to the group (Ctrl-C),
or SIGKILL of the runserver child alone (the OOM killer). It reports whether every `make run` served, and whether
PostgreSQL was left running after each clean stop (it must not be).

    .venv/bin/python bench/embedded_db_lifecycle.py --term 20 --int 20 --kill 5

Runs on a data directory of its own (a temporary one unless --data-dir), never on the project's .data.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
SERVE_TIMEOUT = 240  # seconds; the first cycle initialises the data directory, migrates and loads the demo
STOP_TIMEOUT = 60


@dataclass
class Cycle:
    kind: str  # term, int or kill
    served_after: float | None  # seconds from `make run` to the first 200 from /healthz; None: never served
    stopped_after: float | None  # seconds from the signal until make and its processes were gone
    postgres_left: bool  # a PostgreSQL of the data directory still runs after the stop


def postgres_processes(data_dir: Path) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["name"]):
        try:
            if process.info["name"] == "postgres" and Path(process.cwd()).resolve() == data_dir.resolve():
                found.append(process)
        except (OSError, psutil.Error):
            continue
    return found


def postgres_still_running(data_dir: Path, *, wait: float = 10.0) -> list[psutil.Process]:
    """The data directory's PostgreSQL processes still there after up to `wait` seconds: `pg_ctl stop` returns once
    postmaster.pid is gone, a moment before the postmaster itself has exited."""
    deadline = time.monotonic() + wait
    while (found := postgres_processes(data_dir)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def _cmdline(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except psutil.Error:  # it ended since it was listed
        return []


def _ppid(process: psutil.Process) -> int | None:
    try:
        return process.ppid()
    except psutil.Error:
        return None


def session_processes(session: int) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter():
        try:
            if os.getsid(process.pid) == session:
                found.append(process)
        except (OSError, psutil.Error):
            continue
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serves(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:  # noqa: S310
            return response.status == 200
    except OSError:
        return False


def _interruptible() -> None:
    # A process started in the background by a non-interactive shell ignores SIGINT, and so would everything it
    # starts; `make run` in a terminal takes Ctrl-C, and so must the runs here.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_cycle(kind: str, *, data_dir: Path, log_path: Path) -> Cycle:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    env.update(ONRECORD_DATA_DIR=str(data_dir.parent), PYTHONUNBUFFERED="1")
    started = time.monotonic()
    with open(log_path, "a") as log:
        log.write(f"\n=== cycle {kind} on port {port}\n")
        log.flush()
        make = subprocess.Popen(
            ["make", "--no-print-directory", "run", f"PORT={port}"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=_interruptible,
        )  # fmt: skip
    served_after = None
    while time.monotonic() - started < SERVE_TIMEOUT and make.poll() is None:
        if serves(port):
            served_after = time.monotonic() - started
            break
        time.sleep(0.25)

    stopping = time.monotonic()
    if kind == "kill" and served_after is not None:
        runserver = [p for p in session_processes(make.pid) if "runserver" in " ".join(_cmdline(p))]
        children = [p for p in runserver if _ppid(p) in {q.pid for q in runserver}]
        for child in children:
            with contextlib.suppress(psutil.NoSuchProcess):
                child.kill()
    else:
        try:
            os.killpg(make.pid, signal.SIGINT if kind == "int" else signal.SIGTERM)
        except ProcessLookupError:
            pass
    stopped_after = None
    deadline = stopping + STOP_TIMEOUT
    while time.monotonic() < deadline:
        if make.poll() is not None and not session_processes(make.pid):
            stopped_after = time.monotonic() - stopping
            break
        time.sleep(0.1)
    for process in session_processes(make.pid):  # did not stop: do not leave it behind
        with contextlib.suppress(psutil.NoSuchProcess):  # it may end on its own meanwhile
            process.kill()
    make.wait(timeout=30)
    left = postgres_still_running(data_dir, wait=0.0 if kind == "kill" else 10.0)  # a kill may leave it, by design
    return Cycle(kind, served_after, stopped_after, postgres_left=bool(left))


def report(cycles: list[Cycle]) -> str:
    lines = []
    for kind in ("term", "int", "kill", "final"):
        mine = [c for c in cycles if c.kind == kind]
        if not mine:
            continue
        served = [c.served_after for c in mine if c.served_after is not None]
        stopped = [c.stopped_after for c in mine if c.stopped_after is not None]
        left = sum(c.postgres_left for c in mine)
        lines.append(
            f"{kind:>5}: {len(served)}/{len(mine)} served (median {sorted(served)[len(served) // 2]:.1f} s), "
            f"{len(stopped)}/{len(mine)} stopped (max {max(stopped, default=float('nan')):.1f} s), "
            f"PostgreSQL left running after {left}/{len(mine)}"
            if served
            else f"{kind:>5}: 0/{len(mine)} served"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--term", type=int, default=20)
    parser.add_argument("--int", type=int, default=20, dest="int_")
    parser.add_argument("--kill", type=int, default=5)
    parser.add_argument("--data-dir", type=Path, help="a directory of its own (default: a temporary one)")
    args = parser.parse_args()
    base = args.data_dir or Path(tempfile.mkdtemp(prefix="onrecord-lifecycle-"))
    data_dir = base / "pg"
    log_path = base / "make-run.log"
    plan = ["term"] * args.term + ["int"] * args.int_ + ["kill"] * args.kill + ["final"]
    print(f"{len(plan)} cycles of `make run` on {data_dir} (log: {log_path})", flush=True)
    cycles = []
    for n, kind in enumerate(plan, 1):
        # The final cycle proves the run after the last kill serves, and stops cleanly.
        cycle = run_cycle("term" if kind == "final" else kind, data_dir=data_dir, log_path=log_path)
        cycle.kind = kind
        cycles.append(cycle)
        print(f"{n:3d} {kind:>5}: served after {cycle.served_after}, stopped after {cycle.stopped_after}, "
              f"postgres left: {cycle.postgres_left}", flush=True)  # fmt: skip
    print(report(cycles))
    failed = [c for c in cycles if c.served_after is None or c.stopped_after is None]
    leaks = [c for c in cycles if c.postgres_left and c.kind != "kill"]
    return 1 if failed or leaks else 0


if __name__ == "__main__":
    sys.exit(main())
