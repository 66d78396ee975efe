"""The review queue and the highlighting of a claim in its article."""

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import Claim
from claims.selectors.review import (
    Span,
    actor_search,
    claim_excerpt,
    claim_queue,
    paragraph_bounds,
    sentence_bounds,
    text_segments,
)
from tests.factories import ActorFactory, AliasFactory, ArticleFactory, ClaimFactory, EditorFactory, TopicFactory

# --- the queue


@pytest.mark.django_db
def test_the_queue_holds_pending_claims_most_confident_first_then_oldest(editor):
    low = ClaimFactory(confidence=0.4)
    high_old = ClaimFactory(confidence=0.9)
    high_new = ClaimFactory(confidence=0.9)
    ClaimFactory(status=Claim.Status.APPROVED, confidence=1.0)
    ClaimFactory(status=Claim.Status.REJECTED, confidence=1.0)

    assert list(claim_queue(editor=editor)) == [high_old, high_new, low]


@pytest.mark.django_db
def test_ordered_by_uncertainty_the_claims_the_model_was_least_sure_of_come_first(editor):
    sure = ClaimFactory(confidence=0.95, model_score=0.97, model_threshold=0.4)
    borderline = ClaimFactory(confidence=0.5, model_score=0.42, model_threshold=0.4)
    unsure = ClaimFactory(confidence=0.7, model_score=0.55, model_threshold=0.4)

    assert list(claim_queue(editor=editor, order="uncertain")) == [borderline, unsure, sure]
    assert list(claim_queue(editor=editor)) == [sure, unsure, borderline]


@pytest.mark.django_db
def test_claims_of_the_rules_alone_are_ordered_by_their_confidence_nearest_one_half(editor):
    clear = ClaimFactory(confidence=0.9)
    hearsay = ClaimFactory(confidence=0.1)
    middling = ClaimFactory(confidence=0.55)
    # A model's claim just above its own threshold is less certain than a rules claim at 0.55.
    scored = ClaimFactory(confidence=0.3, model_score=0.31, model_threshold=0.3)

    assert list(claim_queue(editor=editor, order="uncertain")) == [scored, middling, clear, hearsay]


@pytest.mark.django_db
def test_the_queue_skips_claims_other_editors_have_open(editor):
    other = EditorFactory()
    now = timezone.now()
    mine = ClaimFactory(locked_by=editor, locked_until=now + timedelta(minutes=5))
    theirs = ClaimFactory(locked_by=other, locked_until=now + timedelta(minutes=5))
    expired = ClaimFactory(locked_by=other, locked_until=now - timedelta(seconds=1))

    queue = set(claim_queue(editor=editor))

    assert mine in queue
    assert expired in queue
    assert theirs not in queue


@pytest.mark.django_db
def test_the_queue_filters_by_article_actor_topic_and_outlet(editor):
    topic = TopicFactory()
    candidate = ActorFactory()
    on_topic = ClaimFactory(topic=topic)
    elsewhere = ClaimFactory(article=ArticleFactory(outlet="Other Times"))
    ambiguous = ClaimFactory(actor=None)
    ambiguous.actor_candidates.add(candidate)

    assert list(claim_queue(editor=editor, topic_id=topic.pk)) == [on_topic]
    assert list(claim_queue(editor=editor, outlet="Other Times")) == [elsewhere]
    assert list(claim_queue(editor=editor, article_id=on_topic.article_id)) == [on_topic]
    assert list(claim_queue(editor=editor, actor_id=candidate.pk)) == [ambiguous]
    assert set(claim_queue(editor=editor, actor_id=on_topic.actor_id)) == {on_topic, elsewhere}
    assert list(claim_queue(editor=editor, exclude_ids=[on_topic.pk, elsewhere.pk])) == [ambiguous]


@pytest.mark.django_db
def test_the_queue_costs_two_queries_however_long_it_is(editor, django_assert_num_queries):
    for _ in range(5):
        claim = ClaimFactory(topic=TopicFactory())
        claim.actor_candidates.add(ActorFactory(), ActorFactory())

    # 1. the claims joined with article, actor and topic; 2. every claim's actor candidates
    with django_assert_num_queries(2):
        for claim in claim_queue(editor=editor):
            assert claim.article.text
            assert claim.actor.name
            assert claim.topic.name
            assert len(claim.actor_candidates.all()) == 2
            claim_excerpt(claim=claim)


@pytest.mark.django_db
def test_actor_search_finds_names_and_aliases_exact_alias_first():
    peskov = ActorFactory(name="Dmitry Peskov", slug="dmitry-peskov")
    AliasFactory(actor=peskov, name="Kremlin spokesman")
    other = ActorFactory(name="Kremlin Watcher", slug="kremlin-watcher")

    assert actor_search(query="kremlin spokesman") == [peskov]
    assert set(actor_search(query="Kremlin")) == {peskov, other}
    assert actor_search(query="peskov") == [peskov]
    assert actor_search(query="  ") == []


# --- highlighting (pure functions: no database)


def test_segments_cut_the_text_at_every_span_and_keep_every_character():
    text = "Peskov said that Russia was ready. Then nothing."
    spans = [Span(0, 6, "speaker"), Span(7, 11, "cue"), Span(12, 33, "content")]

    segments = text_segments(text=text, start=0, end=len(text), spans=spans)

    assert "".join(s.text for s in segments) == text
    assert [(s.text, s.role) for s in segments] == [
        ("Peskov", "speaker"),
        (" ", ""),
        ("said", "cue"),
        (" ", ""),
        ("that Russia was ready", "content"),
        (". Then nothing.", ""),
    ]


def test_overlapping_spans_show_the_stronger_role_and_the_inner_claim():
    text = "Schumer said Ukraine said to him: we had problems."
    outer = Span(13, len(text) - 1, "content", claim_id=1)
    inner_cue = Span(21, 25, "cue", claim_id=2)
    inner = Span(34, len(text) - 1, "content", claim_id=2)

    segments = text_segments(text=text, start=0, end=len(text), spans=[outer, inner_cue, inner])

    by_text = {s.text: (s.role, s.claim_id) for s in segments}
    assert by_text["said"] == ("cue", 2)
    assert by_text["we had problems"] == ("content", 2)
    assert by_text["Ukraine "] == ("content", 1)


def test_sentence_and_paragraph_bounds():
    text = 'First one. He said "no." Then more.\nNext paragraph here.'
    start = text.index("He")
    end = text.index("no") + 2
    assert text[slice(*sentence_bounds(text, start, end))] == 'He said "no."'
    assert text[slice(*paragraph_bounds(text, start, end))] == 'First one. He said "no." Then more.'


@pytest.mark.django_db
def test_a_claims_excerpt_highlights_speaker_cue_and_content_in_sentence_and_paragraph():
    article = ArticleFactory(
        text="Intro line.\nAside. Dmitry Peskov said that Russia was ready to negotiate. Later.\nEnd."
    )
    claim = ClaimFactory(article=article)

    excerpt = claim_excerpt(claim=claim)

    assert "".join(s.text for s in excerpt.sentence) == "Dmitry Peskov said that Russia was ready to negotiate."
    assert "".join(s.text for s in excerpt.paragraph) == (
        "Aside. Dmitry Peskov said that Russia was ready to negotiate. Later."
    )
    roles = {s.role: s.text for s in excerpt.sentence if s.role}
    assert roles == {"speaker": "Dmitry Peskov", "cue": "said", "content": "that Russia was ready to negotiate"}
