"""gazetteer_build: what the extractor knows about actors and topics comes from the database."""

from __future__ import annotations

import pytest

from actors.models import Actor
from claims.nlp.types import ActorEntry, TopicEntry
from claims.selectors.gazetteer import gazetteer_build
from tests.factories import ActorFactory, AliasFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_it_gives_each_actor_its_names_and_roles(django_assert_num_queries) -> None:  # noqa: ANN001
    peskov = ActorFactory(name="Dmitry Peskov", slug="dmitry-peskov", role="Press Secretary of the President")
    AliasFactory(actor=peskov, name="Peskov")
    AliasFactory(actor=peskov, name="Kremlin spokesman", is_role=True)
    ActorFactory(name="Ukraine", slug="ukraine", kind=Actor.Kind.ORGANISATION, role="")
    TopicFactory(
        name="Peace talks",
        slug="peace-talks",
        keywords=["negotiation", "mediator"],
        favor_phrases=["ready to negotiate"],
        against_phrases=["refuse to negotiate"],
    )

    # actors, their aliases (prefetched), topics
    with django_assert_num_queries(3):
        gazetteer = gazetteer_build()

    assert gazetteer.actors == (
        ActorEntry(
            slug="dmitry-peskov",
            name="Dmitry Peskov",
            kind="person",
            aliases=("Peskov",),
            roles=("Kremlin spokesman", "Press Secretary of the President"),
        ),
        ActorEntry(slug="ukraine", name="Ukraine", kind="organisation"),
    )
    assert gazetteer.topics == (
        TopicEntry(
            slug="peace-talks",
            name="Peace talks",
            keywords=("negotiation", "mediator"),
            favor_phrases=("ready to negotiate",),
            against_phrases=("refuse to negotiate",),
        ),
    )


def test_an_empty_database_gives_an_empty_gazetteer() -> None:
    gazetteer = gazetteer_build()
    assert (gazetteer.actors, gazetteer.topics) == ((), ())
