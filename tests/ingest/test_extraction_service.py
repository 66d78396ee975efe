"""Extraction runs: claiming articles, storing claims by run, reruns that keep reviewed work, giving up."""

import datetime as dt
import time
import uuid

import psycopg2
import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import connection
from django.utils import timezone

from claims.models import Article, Claim
from claims.nlp.types import ExtractedClaim, ExtractionResult, Gazetteer, TextSpan
from claims.services import extraction
from claims.services.extraction import article_claims_replace, articles_extract_run
from claims.services.requeue import article_extraction_retry, articles_requeue_stale
from tests.factories import ActorFactory, ArticleFactory, ClaimFactory, ReviewEventFactory, TopicFactory

pytestmark = pytest.mark.django_db

TEXT = "Dmitry Peskov said that Russia was ready to negotiate. Schumer said Ukraine told him: 'we need aid'."


def span(text: str, fragment: str, occurrence: int = 0) -> TextSpan:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(fragment, start + 1)
    return TextSpan(start, start + len(fragment), fragment)


def peskov_claim(text: str = TEXT, **changes) -> ExtractedClaim:
    fields = {
        "cue": span(text, "said"),
        "content": span(text, "that Russia was ready to negotiate"),
        "speaker": span(text, "Dmitry Peskov"),
        "kind": "indirect",
        "actor": "dmitry-peskov",
        "said_on": dt.date(2023, 12, 5),
        "date_precision": "day",
        "topic": "peace-talks",
        "stance": "favor",
        "stance_confidence": 0.7,
        "confidence": 0.9,
        "rationale": ["cue:say", "favor:ready to negotiate"],
        "sentence": span(text, "Dmitry Peskov said that Russia was ready to negotiate."),
    }
    fields.update(changes)
    return ExtractedClaim(**fields)


def nested_claims(text: str = TEXT) -> list[ExtractedClaim]:
    outer = ExtractedClaim(
        cue=span(text, "said", 1),
        content=span(text, "Ukraine told him: 'we need aid'"),
        speaker=span(text, "Schumer"),
        kind="indirect",
        actor_candidates=["chuck-schumer", "other-schumer"],
        confidence=0.6,
    )
    inner = ExtractedClaim(
        cue=span(text, "told"),
        content=span(text, "'we need aid'"),
        speaker=span(text, "Ukraine"),
        kind="direct",
        nested_in=1,
        confidence=0.5,
    )
    return [peskov_claim(text), outer, inner]


def result_of(claims: list[ExtractedClaim], **kwargs) -> ExtractionResult:
    return ExtractionResult(claims=claims, extractor_version="test-1", **kwargs)


@pytest.fixture
def gazetteer_rows(db):
    ActorFactory(name="Dmitry Peskov", slug="dmitry-peskov")
    ActorFactory(name="Chuck Schumer", slug="chuck-schumer")
    ActorFactory(name="Other Schumer", slug="other-schumer")
    TopicFactory(name="Peace talks", slug="peace-talks")


def running_article(**kwargs) -> tuple[Article, uuid.UUID]:
    run_id = uuid.uuid4()
    article = ArticleFactory(
        text=TEXT, status=Article.Status.RUNNING, extraction_run_id=run_id, extraction_attempts=1, **kwargs
    )
    return article, run_id


def fake_extract_many(claims_for):
    """An extractor that answers from a function of the text, and records what it was asked."""
    calls = []

    def extract_many(items, gazetteer):
        items = list(items)
        calls.append([text for text, _ in items])
        for text, _published in items:
            yield result_of(claims_for(text))

    extract_many.calls = calls
    return extract_many


# --- storing a run's claims ---------------------------------------------------------------------------------------


def test_it_stores_every_field_of_a_claim_and_marks_the_article_done(gazetteer_rows):
    article, run_id = running_article()
    assert article_claims_replace(article_id=article.pk, run_id=run_id, result=result_of([peskov_claim()])) == 1
    claim = Claim.objects.get()
    assert claim.run_id == run_id
    assert claim.extractor_version == "test-1"
    assert (claim.speaker_text, claim.speaker_start, claim.speaker_end) == ("Dmitry Peskov", 0, 13)
    assert article.text[claim.cue_start : claim.cue_end] == claim.cue_text == "said"
    assert article.text[claim.content_start : claim.content_end] == claim.content_text
    assert claim.actor.slug == "dmitry-peskov"
    assert claim.topic.slug == "peace-talks"
    assert (claim.stance, claim.said_on, claim.date_precision) == ("favor", dt.date(2023, 12, 5), "day")
    assert claim.rationale == ["cue:say", "favor:ready to negotiate"]
    assert (claim.act, claim.content_fragments) == ("speech", [])
    assert claim.status == Claim.Status.PENDING
    article.refresh_from_db()
    assert article.status == Article.Status.DONE
    assert article.extractor_version == "test-1"
    assert article.extracted_at is not None


def test_it_links_nested_reports_and_candidate_actors(gazetteer_rows):
    article, run_id = running_article()
    article_claims_replace(article_id=article.pk, run_id=run_id, result=result_of(nested_claims()))
    outer = Claim.objects.get(cue_text="said", speaker_text="Schumer")
    inner = Claim.objects.get(cue_text="told")
    assert inner.nested_in == outer
    assert outer.actor is None
    assert set(outer.actor_candidates.values_list("slug", flat=True)) == {"chuck-schumer", "other-schumer"}


def test_it_stores_the_act_and_the_fragments_of_an_interrupted_content(gazetteer_rows):
    article, run_id = running_article()
    fragments = [span(TEXT, "that Russia was"), span(TEXT, "ready to negotiate")]
    believed = peskov_claim(act="belief", content_fragments=fragments)

    article_claims_replace(article_id=article.pk, run_id=run_id, result=result_of([believed]))

    claim = Claim.objects.get()
    assert claim.act == "belief"
    assert [article.text[start:end] for start, end in claim.content_fragments] == [
        "that Russia was",
        "ready to negotiate",
    ]


def test_a_claim_whose_fragments_leave_its_content_is_dropped(gazetteer_rows):
    article, run_id = running_article()
    astray = peskov_claim(content_fragments=[span(TEXT, "that Russia was"), span(TEXT, "Schumer")])

    article_claims_replace(article_id=article.pk, run_id=run_id, result=result_of([astray]))

    assert not Claim.objects.exists()


def test_unknown_actor_and_topic_slugs_leave_the_links_empty():
    article, run_id = running_article()
    article_claims_replace(
        article_id=article.pk,
        run_id=run_id,
        result=result_of([peskov_claim(actor="nobody", topic="nothing", actor_candidates=["ghost"])]),
    )
    claim = Claim.objects.get()
    assert (claim.actor, claim.topic, claim.actor_candidates.count()) == (None, None, 0)


def test_a_claim_with_spans_outside_the_text_is_dropped_not_stored_half_way(gazetteer_rows):
    article, run_id = running_article()
    broken = peskov_claim(content=TextSpan(90, 500, "x"))
    assert article_claims_replace(
        article_id=article.pk, run_id=run_id, result=result_of([broken, *nested_claims()[1:]])
    )
    assert Claim.objects.count() == 2


def test_a_skipped_text_is_done_with_its_reason_shown():
    article, run_id = running_article()
    article_claims_replace(article_id=article.pk, run_id=run_id, result=result_of([], skipped_reason="not English"))
    article.refresh_from_db()
    assert (article.status, article.extraction_error) == (Article.Status.DONE, "not English")


def test_a_run_that_lost_the_article_to_a_newer_run_writes_nothing(gazetteer_rows):
    article, _ = running_article()
    assert (
        article_claims_replace(article_id=article.pk, run_id=uuid.uuid4(), result=result_of([peskov_claim()])) is None
    )
    assert Claim.objects.count() == 0
    article.refresh_from_db()
    assert article.status == Article.Status.RUNNING


# --- reruns -----------------------------------------------------------------------------------------------------------


def test_a_rerun_replaces_pending_claims_but_keeps_reviewed_and_edited_ones(gazetteer_rows, editor):
    article, old_run = running_article()
    article_claims_replace(article_id=article.pk, run_id=old_run, result=result_of(nested_claims()))
    peskov = Claim.objects.get(speaker_text="Dmitry Peskov")
    schumer = Claim.objects.get(speaker_text="Schumer")
    peskov.status = Claim.Status.APPROVED
    peskov.save()
    ReviewEventFactory(claim=schumer, action="edit", user=editor)  # edited, still pending
    inner_pk = Claim.objects.get(cue_text="told").pk
    untouched_editor_claim = ClaimFactory(article=article, origin=Claim.Origin.EDITOR, run_id=None)

    new_run = uuid.uuid4()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.RUNNING, extraction_run_id=new_run)
    created = article_claims_replace(article_id=article.pk, run_id=new_run, result=result_of(nested_claims()))

    assert created == 1, "only the untouched pending claim is proposed again"
    assert not Claim.objects.filter(pk=inner_pk).exists()
    new_inner = Claim.objects.get(cue_text="told")
    assert new_inner.run_id == new_run
    assert new_inner.nested_in == schumer, "a nested claim points at the kept outer claim"
    assert set(Claim.objects.values_list("pk", flat=True)) == {
        peskov.pk,
        schumer.pk,
        new_inner.pk,
        untouched_editor_claim.pk,
    }
    peskov.refresh_from_db()
    assert (peskov.status, peskov.run_id) == (Claim.Status.APPROVED, old_run)


def test_running_the_same_articles_twice_extracts_them_once(gazetteer_rows):
    articles = [ArticleFactory(status=Article.Status.QUEUED) for _ in range(3)]
    extract_many = fake_extract_many(lambda text: [peskov_claim(text)])
    ids = [a.pk for a in articles]
    first = articles_extract_run(article_ids=ids, extract_many=extract_many, gazetteer=Gazetteer())
    second = articles_extract_run(article_ids=ids, extract_many=extract_many, gazetteer=Gazetteer())
    assert sorted(first.done) == sorted(ids)
    assert first.claims == 3
    assert sorted(second.skipped) == sorted(ids)
    assert len(extract_many.calls) == 1, "one nlp.pipe batch for the three articles, none for the rerun"
    assert Claim.objects.count() == 3
    assert set(Article.objects.values_list("status", "extraction_attempts")) == {(Article.Status.DONE, 1)}


def test_an_article_deleted_before_its_task_runs_is_skipped_quietly():
    outcome = articles_extract_run(
        article_ids=[987654], extract_many=fake_extract_many(lambda t: []), gazetteer=Gazetteer()
    )
    assert outcome.skipped == [987654]


# --- concurrency and failure ------------------------------------------------------------------------------------------


@pytest.fixture
def other_connection():
    """A second database session, as another worker would have."""
    settings = connection.settings_dict
    conn = psycopg2.connect(
        dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"], port=settings["PORT"] or 5432
    )
    conn.autocommit = True
    yield conn
    conn.close()


def test_an_article_held_by_a_live_run_elsewhere_is_skipped(other_connection):
    held, free = ArticleFactory(status=Article.Status.QUEUED), ArticleFactory(status=Article.Status.QUEUED)
    with other_connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [extraction._LOCK_NAMESPACE + held.pk])
    outcome = articles_extract_run(
        article_ids=[held.pk, free.pk], extract_many=fake_extract_many(lambda t: []), gazetteer=Gazetteer()
    )
    assert outcome.skipped == [held.pk]
    assert outcome.done == [free.pk]
    held.refresh_from_db()
    assert held.status == Article.Status.QUEUED


def test_a_run_releases_its_locks_so_a_later_run_can_take_the_article(other_connection):
    article = ArticleFactory(status=Article.Status.QUEUED)
    articles_extract_run(article_ids=[article.pk], extract_many=fake_extract_many(lambda t: []), gazetteer=Gazetteer())
    with other_connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [extraction._LOCK_NAMESPACE + article.pk])
        assert cursor.fetchone() == (True,)


def test_an_article_whose_runs_keep_dying_ends_as_failed(settings):
    settings.EXTRACTION_MAX_ATTEMPTS = 3
    poison = ArticleFactory(status=Article.Status.RUNNING, extraction_attempts=3)
    outcome = articles_extract_run(
        article_ids=[poison.pk], extract_many=fake_extract_many(lambda t: []), gazetteer=Gazetteer()
    )
    assert outcome.failed == [poison.pk]
    poison.refresh_from_db()
    assert poison.status == Article.Status.FAILED
    assert "Gave up after 3 attempts" in poison.extraction_error


def test_a_batch_left_half_done_by_a_dead_worker_is_sent_again_one_article_per_task(monkeypatch):
    sent = []
    monkeypatch.setattr("claims.tasks.articles_extract.apply_async", lambda args, **kwargs: sent.append(args[0]))
    done = ArticleFactory(status=Article.Status.DONE)
    interrupted = ArticleFactory(status=Article.Status.RUNNING, extraction_attempts=1)
    waiting = ArticleFactory(status=Article.Status.QUEUED)
    extract_many = fake_extract_many(lambda t: [])
    outcome = articles_extract_run(
        article_ids=[done.pk, interrupted.pk, waiting.pk], extract_many=extract_many, gazetteer=Gazetteer()
    )
    assert outcome.split == [interrupted.pk, waiting.pk]
    assert sent == [[interrupted.pk], [waiting.pk]]
    assert extract_many.calls == []


def test_an_extractor_error_fails_only_the_article_that_caused_it(gazetteer_rows):
    good, bad = ArticleFactory(status=Article.Status.QUEUED), ArticleFactory(status=Article.Status.QUEUED)

    def claims_for(text):
        if text == bad.text:
            raise ValueError("cannot parse this")
        return [peskov_claim(text)]

    outcome = articles_extract_run(
        article_ids=[good.pk, bad.pk], extract_many=fake_extract_many(claims_for), gazetteer=Gazetteer()
    )
    assert (outcome.done, outcome.failed) == ([good.pk], [bad.pk])
    bad.refresh_from_db()
    assert bad.status == Article.Status.FAILED
    assert bad.extraction_error == "ValueError: cannot parse this"
    assert Claim.objects.filter(article=good).count() == 1


def test_an_article_over_the_soft_time_limit_fails_with_a_clear_error():
    article = ArticleFactory(status=Article.Status.QUEUED)

    def too_slow(text):
        raise SoftTimeLimitExceeded()

    outcome = articles_extract_run(
        article_ids=[article.pk], extract_many=fake_extract_many(too_slow), gazetteer=Gazetteer()
    )
    assert outcome.failed == [article.pk]
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert "time limit" in article.extraction_error


# --- retry and sweeper ------------------------------------------------------------------------------------------------


def test_retrying_a_failed_article_queues_it_with_fresh_attempts(django_capture_on_commit_callbacks):
    article = ArticleFactory(status=Article.Status.FAILED, extraction_attempts=3, extraction_error="boom")
    with django_capture_on_commit_callbacks() as callbacks:
        assert article_extraction_retry(article=article)
    assert len(callbacks) == 1
    article.refresh_from_db()
    assert (article.status, article.extraction_attempts, article.extraction_error) == ("queued", 0, "")
    assert not article_extraction_retry(article=ArticleFactory(status=Article.Status.DONE))


def backdate(article: Article, seconds: int) -> None:
    Article.objects.filter(pk=article.pk).update(status_changed_at=timezone.now() - dt.timedelta(seconds=seconds))


def test_the_sweeper_requeues_articles_stuck_queued_or_running_and_nothing_fresh(django_capture_on_commit_callbacks):
    lost_queued = ArticleFactory(status=Article.Status.QUEUED)
    dead_running = ArticleFactory(status=Article.Status.RUNNING)
    fresh_queued = ArticleFactory(status=Article.Status.QUEUED)
    old_done = ArticleFactory(status=Article.Status.DONE)
    for article in (lost_queued, old_done):
        backdate(article, 700)
    backdate(dead_running, 2000)
    with django_capture_on_commit_callbacks() as callbacks:
        requeued = articles_requeue_stale(queued_for=dt.timedelta(seconds=600), running_for=dt.timedelta(seconds=1000))
    assert sorted(requeued) == sorted([lost_queued.pk, dead_running.pk])
    assert len(callbacks) == 1
    dead_running.refresh_from_db()
    assert dead_running.status == Article.Status.QUEUED
    assert fresh_queued.pk not in requeued
    assert articles_requeue_stale(queued_for=dt.timedelta(seconds=600)) == [], "their clock restarted"


def test_the_sweeper_requeues_a_running_article_at_once_when_no_live_run_holds_its_lock(
    other_connection, django_capture_on_commit_callbacks
):
    alive, dead = ArticleFactory(status=Article.Status.RUNNING), ArticleFactory(status=Article.Status.RUNNING)
    with other_connection.cursor() as cursor:
        # A worker's run on `alive`, in another session; `dead`'s worker was killed, its lock went with its session.
        cursor.execute("SELECT pg_advisory_lock(%s)", [extraction._LOCK_NAMESPACE + alive.pk])
    with django_capture_on_commit_callbacks():
        assert articles_requeue_stale() == [dead.pk], "fresh, yet sent again at once: the time limit is not awaited"
    dead.refresh_from_db()
    assert dead.status == Article.Status.QUEUED

    other_connection.close()  # the other worker dies too
    _wait_until_the_server_ends_its_session(alive)
    with django_capture_on_commit_callbacks():
        assert articles_requeue_stale() == [alive.pk]


def _wait_until_the_server_ends_its_session(article: Article) -> None:
    """Closing a connection returns before the server's backend has exited and dropped its locks; a real sweeper
    just finds the article on its next round. Wait (up to 10 s) for the lock to be gone as the sweeper sees it."""
    deadline = time.monotonic() + 10
    held = Article.objects.annotate(held=extraction.article_extraction_lock_held()).filter(pk=article.pk, held=True)
    while held.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_two_sweepers_never_send_the_same_article(other_connection, monkeypatch):
    sent = []
    monkeypatch.setattr("claims.services.articles.articles_enqueue", lambda *, article_ids: sent.append(article_ids))
    articles = [ArticleFactory(status=Article.Status.QUEUED) for _ in range(2)]
    for article in articles:
        backdate(article, 700)
    with other_connection.cursor() as cursor:
        # The other sweeper's transaction holds the first article's row.
        cursor.execute("BEGIN")
        cursor.execute("SELECT id FROM claims_article WHERE id = %s FOR UPDATE", [articles[0].pk])
        requeued = articles_requeue_stale(queued_for=dt.timedelta(seconds=600))
        cursor.execute("ROLLBACK")
    assert requeued == [articles[1].pk]
    assert sent == [[articles[1].pk]], "sent after commit"


def test_the_same_report_found_twice_is_stored_once(gazetteer_rows):
    article, run_id = running_article()
    claims = nested_claims()
    twice = [claims[0], peskov_claim(), claims[1], claims[2]]
    twice[3].nested_in = 2
    assert article_claims_replace(article_id=article.pk, run_id=run_id, result=result_of(twice)) == 3
    assert Claim.objects.get(cue_text="told").nested_in.speaker_text == "Schumer"


def test_claims_the_database_refuses_fail_the_article_with_the_reason(monkeypatch):
    from django.db import IntegrityError

    def refuse(**kwargs):
        raise IntegrityError('new row violates check constraint "claim_content_span_valid"')

    monkeypatch.setattr(extraction, "article_claims_replace", refuse)
    article = ArticleFactory(status=Article.Status.QUEUED)
    outcome = articles_extract_run(
        article_ids=[article.pk], extract_many=fake_extract_many(lambda t: []), gazetteer=Gazetteer()
    )
    assert outcome.failed == [article.pk]
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert article.extraction_error.startswith("Claims could not be stored: new row violates")
