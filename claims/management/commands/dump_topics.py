"""`manage.py dump_topics [--out FILE]`: every topic as the JSON `load_topics` reads, ordered by slug."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.selectors.topics import topic_list_by_slug
from claims.services.topic_files import topic_spec_from_model


class Command(BaseCommand):
    help = __doc__.splitlines()[0].strip("`")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", default=None, help="write to this file instead of standard output")

    def handle(self, *args: object, out: str | None, **options: object) -> None:
        data = [topic_spec_from_model(topic).as_json() for topic in topic_list_by_slug()]
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if out is None:
            self.stdout.write(text, ending="")
            return
        try:
            Path(out).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"cannot write {out}: {error}") from None
        self.stderr.write(f"{len(data)} topics written to {out}")
