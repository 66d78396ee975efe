"""The embedded PostgreSQL stops with its last user, even after an earlier user died without saying so."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

from kb.embedded_db import _forget_dead_users


class UserList:
    """The wheel's list of processes using the server (a JSON file in the data directory), in memory."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = pids

    def get(self) -> list[int]:
        return list(self.pids)

    def put(self, pids: list[int]) -> None:
        self.pids = list(pids)


class Server:
    def __init__(self, pids: list[int]) -> None:
        self.global_process_id_list = UserList(pids)
        self._lock = threading.Lock()


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_killed_user_is_forgotten_so_the_last_live_one_stops_the_server():
    killed = dead_pid()
    server = Server([killed, os.getpid()])

    _forget_dead_users(server)

    # The wheel stops the server when the exiting process is the only one left on the list.
    assert server.global_process_id_list.get() == [os.getpid()]


def test_live_users_are_kept():
    server = Server([os.getppid(), os.getpid()])

    _forget_dead_users(server)

    assert server.global_process_id_list.get() == [os.getppid(), os.getpid()]
