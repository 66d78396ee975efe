from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from claims.services.extraction import articles_requeue_stale


class Command(BaseCommand):
    help = (
        "Send again the articles whose extraction was lost: queued too long (the broker was down or lost its "
        "messages) or running past the time limit (the worker died). Safe to run alongside the periodic sweeper."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=float,
            default=settings.EXTRACTION_REQUEUE_QUEUED_AFTER,
            metavar="SECONDS",
            help="queued articles waiting longer than this (default: %(default)s)",
        )
        parser.add_argument(
            "--running-older-than",
            type=float,
            default=settings.EXTRACTION_REQUEUE_RUNNING_AFTER,
            metavar="SECONDS",
            help="running articles started longer ago than this (default: %(default)s, above the hard time limit)",
        )
        parser.add_argument("--limit", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        requeued = articles_requeue_stale(
            queued_for=dt.timedelta(seconds=options["older_than"]),
            running_for=dt.timedelta(seconds=options["running_older_than"]),
            limit=options["limit"],
        )
        self.stdout.write(f"Requeued {len(requeued)} article(s)" + (f": {requeued}" if requeued else "."))
