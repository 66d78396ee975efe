from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from claims.selectors.pipeline import pipeline_status_get


class Command(BaseCommand):
    help = "Article counts by extraction status, claim counts by review status, the oldest queued article's age and "
    "the last time a worker finished an article."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        status = pipeline_status_get()
        if options["json"]:
            self.stdout.write(json.dumps(status.as_json(), indent=2))
            return
        self.stdout.write("Articles: " + ", ".join(f"{name} {count}" for name, count in status.articles.items()))
        self.stdout.write("Claims:   " + ", ".join(f"{name} {count}" for name, count in status.claims.items()))
        if status.oldest_queued_at is None:
            self.stdout.write("Oldest queued article: none")
        else:
            self.stdout.write(
                f"Oldest queued article: {_age(status.oldest_queued_age_seconds or 0)} old "
                f"(since {status.oldest_queued_at:%Y-%m-%d %H:%M:%S %Z})"
            )
        finished = status.last_finished_at
        self.stdout.write(
            f"Last finished by a worker: {finished:%Y-%m-%d %H:%M:%S %Z}"
            if finished
            else "Last finished by a worker: never"
        )


def _age(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    if minutes:
        return f"{minutes}m {secs}s"
    return f"{secs}s"
