"""factory_boy factories for every model. Spans are computed from the article text, so they always slice it."""

from __future__ import annotations

import datetime as dt
import uuid

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from actors.models import Actor, Alias
from claims.models import Article, Claim, ClaimKind, ReviewEvent, Source, Stance, Statement, Topic
from claims.normalise import article_text_hash
from claims.permissions import EDITORS_GROUP


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class EditorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"editor{n}")

    @factory.post_generation
    def editors_group(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.groups.add(Group.objects.get(name=EDITORS_GROUP))


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Actor Number{n}")
    slug = factory.LazyAttribute(lambda a: a.name.lower().replace(" ", "-"))
    kind = Actor.Kind.PERSON
    role = "Spokesperson"


class AliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alias

    actor = factory.SubFactory(ActorFactory)
    name = factory.LazyAttribute(lambda a: a.actor.name.split()[-1])


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda t: t.name.lower().replace(" ", "-"))
    keywords = factory.LazyFunction(lambda: ["negotiation", "talks"])


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Feed {n}")
    feed_url = factory.Sequence(lambda n: f"http://127.0.0.1:1/feed{n}.xml")


ARTICLE_TEXT = "Dmitry Peskov said that Russia was ready to negotiate. Article number {n} adds nothing else."


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    outlet = "Example News"
    text = factory.Sequence(lambda n: ARTICLE_TEXT.format(n=n))
    text_hash = factory.LazyAttribute(lambda a: article_text_hash(a.text))
    word_count = factory.LazyAttribute(lambda a: len(a.text.split()))
    published_on = dt.date(2023, 12, 7)
    status = Article.Status.DONE


def _span(article_text: str, fragment: str) -> tuple[int, int]:
    start = article_text.index(fragment)
    return start, start + len(fragment)


class ClaimFactory(factory.django.DjangoModelFactory):
    """By default: 'Dmitry Peskov' 'said' 'that Russia was ready to negotiate' in an ArticleFactory text."""

    class Meta:
        model = Claim
        skip_postgeneration_save = True

    class Params:
        speaker_fragment = "Dmitry Peskov"
        cue_fragment = "said"
        content_fragment = "that Russia was ready to negotiate"

    article = factory.SubFactory(ArticleFactory)
    run_id = factory.LazyFunction(uuid.uuid4)
    extractor_version = "test"
    actor = factory.SubFactory(ActorFactory, name="Dmitry Peskov", slug="dmitry-peskov")
    speaker_text = factory.LazyAttribute(lambda c: c.speaker_fragment)
    speaker_start = factory.LazyAttribute(lambda c: _span(c.article.text, c.speaker_fragment)[0])
    speaker_end = factory.LazyAttribute(lambda c: _span(c.article.text, c.speaker_fragment)[1])
    cue_text = factory.LazyAttribute(lambda c: c.cue_fragment)
    cue_start = factory.LazyAttribute(lambda c: _span(c.article.text, c.cue_fragment)[0])
    cue_end = factory.LazyAttribute(lambda c: _span(c.article.text, c.cue_fragment)[1])
    content_text = factory.LazyAttribute(lambda c: c.content_fragment)
    content_start = factory.LazyAttribute(lambda c: _span(c.article.text, c.content_fragment)[0])
    content_end = factory.LazyAttribute(lambda c: _span(c.article.text, c.content_fragment)[1])
    kind = ClaimKind.INDIRECT
    said_on = dt.date(2023, 12, 5)
    date_precision = "day"
    stance = Stance.FAVOR
    confidence = 0.8
    status = Claim.Status.PENDING


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    claim = None
    article = factory.SubFactory(ArticleFactory)
    actor = factory.SubFactory(ActorFactory)
    text = "that Russia was ready to negotiate"
    cue_text = "said"
    start = factory.LazyAttribute(lambda s: _span(s.article.text, s.text)[0])
    end = factory.LazyAttribute(lambda s: _span(s.article.text, s.text)[1])
    kind = ClaimKind.INDIRECT
    said_on = dt.date(2023, 12, 5)
    date_precision = "day"
    topic = None
    stance = Stance.FAVOR


class ReviewEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewEvent

    claim = factory.SubFactory(ClaimFactory)
    user = factory.SubFactory(EditorFactory)
    action = ReviewEvent.Action.APPROVE
