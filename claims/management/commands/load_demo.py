from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from actors.models import Actor, Alias
from claims import demo
from claims.models import Article, Claim, Topic
from claims.services.articles import article_ingest, articles_enqueue
from claims.services.demo import demo_reviews_record


class Command(BaseCommand):
    help = (
        "Create the demo actors, topics and the seed article, with a few of its claims reviewed by a demo editor."
        " Safe to run again: it converges, never duplicates."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-reviews",
            action="store_true",
            help="Leave every claim of the seed article pending (no demo editor decisions).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            for spec in demo.ACTORS:
                actor, _ = Actor.objects.update_or_create(
                    slug=spec["slug"],
                    defaults={k: spec[k] for k in ("name", "kind", "role", "country", "wikidata_id")},
                )
                for name in spec["aliases"]:
                    Alias.objects.get_or_create(actor=actor, name=name, defaults={"is_role": False})
                for role in spec["roles"]:
                    Alias.objects.get_or_create(actor=actor, name=role, defaults={"is_role": True})
            for spec in demo.TOPICS:
                Topic.objects.update_or_create(slug=spec["slug"], defaults={k: v for k, v in spec.items()})
            # Through the ingest service like any article: its claims are extracted after commit (in-process when
            # no broker is configured). A seed article left queued by an earlier run is queued again.
            result = article_ingest(
                data=demo.SEED_ARTICLE_PATH.read_bytes(),
                filename=demo.SEED_ARTICLE_PATH.name,
                title=demo.SEED_ARTICLE_TITLE,
                outlet=demo.SEED_ARTICLE_OUTLET,
                published_on=demo.SEED_ARTICLE_PUBLISHED,
            )
            article, created = result.article, result.created
            if not created and article.status == Article.Status.QUEUED:
                article_id = article.pk
                transaction.on_commit(lambda: articles_enqueue(article_ids=[article_id]))
        # After the commit above: the extraction it queued may already have run (in-process without a broker).
        article.refresh_from_db()
        decisions = "none (--no-reviews)"
        if not options["no_reviews"]:
            reviews = demo_reviews_record(article=article)
            decisions = f"{reviews.approved} approved, {reviews.rejected} rejected, {reviews.already} made before"
        pending = article.claims.filter(status=Claim.Status.PENDING).count()
        self.stdout.write(
            f"Demo data ready: {Actor.objects.count()} actors, {Topic.objects.count()} topics, "
            f"seed article #{article.pk} ({'stored' if created else 'already there'}); demo editor decisions: "
            f"{decisions}; {pending} claims left to review."
        )
