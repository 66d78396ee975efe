from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.services.synthetic import synthetic_count, synthetic_delete, synthetic_seed


class Command(BaseCommand):
    help = (
        "Fill the database with synthetic actors, articles and approved statements for benchmarks. "
        "The first actor gets 2%% of the statements (20,000 of a million). "
        "Does nothing when data of the same size is already there; --replace rebuilds it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--actors", type=int, default=200)
        parser.add_argument("--statements", type=int, default=1_000_000)
        parser.add_argument("--replace", action="store_true", help="delete earlier synthetic data first")

    def handle(self, *args: Any, **options: Any) -> None:
        actors, statements = options["actors"], options["statements"]
        existing = synthetic_count()
        if existing == (actors, statements) and not options["replace"]:
            self.stdout.write(f"Synthetic data already there: {actors} actors, {statements} statements.")
            return
        if existing != (0, 0):
            if not options["replace"] and existing[0]:
                raise CommandError(
                    f"Other synthetic data is there ({existing[0]} actors, {existing[1]} statements): use --replace."
                )
            synthetic_delete()
        started = time.monotonic()
        try:
            summary = synthetic_seed(actors=actors, statements=statements)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Seeded {summary.actors} actors, {summary.topics} topics, {summary.articles} articles and "
            f"{summary.statements} statements in {time.monotonic() - started:.1f} s; "
            f"{summary.heavy_actor_slug} has {summary.heavy_actor_statements} statements."
        )
