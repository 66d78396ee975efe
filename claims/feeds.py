"""Atom feeds per actor and per topic: new statements on the record, and the stance shifts among them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from actors.models import Actor
from claims.models import Statement, Topic
from claims.selectors.statements import statement_list_recent
from claims.templatetags.analyst import cue_plain

FEED_SIZE = 30


@dataclass(frozen=True)
class FeedEntry:
    statement: Statement
    is_shift: bool

    @property
    def updated(self) -> dt.datetime:
        return self.statement.approved_at


def feed_entries(statements: list[Statement]) -> list[FeedEntry]:
    """An entry per statement, and one more for each statement that moved its actor's stance on its topic."""
    entries: list[FeedEntry] = []
    for statement in statements:
        if statement.previous_stance and statement.stance and statement.previous_stance != statement.stance:
            entries.append(FeedEntry(statement, is_shift=True))
        entries.append(FeedEntry(statement, is_shift=False))
    return entries


class _StatementFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, entry: FeedEntry) -> str:
        s = entry.statement
        topic = s.topic.name if s.topic else "no topic"
        if entry.is_shift:
            return f"{s.actor.name} shifted on {topic}: {s.previous_stance} \u2192 {s.stance}"
        return f"{s.actor.name} {cue_plain(s.cue_text) or 'said'} ({topic}, {s.get_stance_display() or 'no stance'})"

    def item_description(self, entry: FeedEntry) -> str:
        # Plain text: the feed generator escapes it, so markup in a statement arrives as text.
        s = entry.statement
        said = f"{s.said_on:%d %B %Y}" if s.said_on else "date unknown"
        source = s.article.title or "source article"
        return f"{s.text}\n\n({said}; {source})"

    def item_link(self, entry: FeedEntry) -> str:
        return entry.statement.get_absolute_url() + ("#shift" if entry.is_shift else "")

    def item_guid(self, entry: FeedEntry) -> str:
        return f"{entry.statement.get_absolute_url()}{'#shift' if entry.is_shift else ''}"

    item_guid_is_permalink = False

    def item_pubdate(self, entry: FeedEntry) -> dt.datetime:
        return entry.statement.approved_at

    def item_updateddate(self, entry: FeedEntry) -> dt.datetime:
        return entry.statement.updated_at

    def item_author_name(self, entry: FeedEntry) -> str:
        return entry.statement.actor.name

    def item_categories(self, entry: FeedEntry) -> list[str]:
        s = entry.statement
        categories = [c for c in (s.topic.name if s.topic else "", s.stance) if c]
        return [*categories, "stance shift"] if entry.is_shift else categories


class ActorFeed(_StatementFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Actor:
        return get_object_or_404(Actor, slug=slug)

    def title(self, actor: Actor) -> str:
        return f"{actor.name} on the record"

    def subtitle(self, actor: Actor) -> str:
        return f"New statements by {actor.name}, and their stance shifts."

    def link(self, actor: Actor) -> str:
        return actor.get_absolute_url()

    def feed_url(self, actor: Actor) -> str:
        return reverse("actor-feed", kwargs={"slug": actor.slug})

    def items(self, actor: Actor) -> list[FeedEntry]:
        return feed_entries(statement_list_recent(limit=FEED_SIZE, actor_id=actor.pk))


class TopicFeed(_StatementFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Topic:
        return get_object_or_404(Topic, slug=slug)

    def title(self, topic: Topic) -> str:
        return f"{topic.name}: statements on the record"

    def subtitle(self, topic: Topic) -> str:
        return f"New statements on {topic.name}, and the stance shifts among them."

    def link(self, topic: Topic) -> str:
        return topic.get_absolute_url()

    def feed_url(self, topic: Topic) -> str:
        return reverse("topic-feed", kwargs={"slug": topic.slug})

    def items(self, topic: Topic) -> list[FeedEntry]:
        return feed_entries(statement_list_recent(limit=FEED_SIZE, topic_id=topic.pk))
