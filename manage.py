#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
    from django.core.management import execute_from_command_line

    from kb.embedded_db import embedded_database_acquire

    embedded_database_acquire()  # this process uses the embedded PostgreSQL until it exits (no-op in server mode)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
