"""Review services: the state machine, the audit trail and undo, against the real database."""

import datetime as dt
from datetime import timedelta

import pytest
from django.utils import timezone

from actors.models import Actor
from claims.models import Claim, ReviewEvent, Statement
from claims.services import review
from claims.services.review import (
    ClaimAlreadyDecided,
    ClaimLocked,
    InvalidChange,
    NotAnEditor,
    NothingToUndo,
)
from tests.factories import ActorFactory, ArticleFactory, ClaimFactory, EditorFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim():
    return ClaimFactory()


# --- approve


def test_it_approves_a_claim_into_a_statement(claim, editor):
    statement = review.claim_approve(claim_id=claim.pk, editor=editor)

    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED
    assert claim.reviewed_by == editor
    assert claim.reviewed_at is not None
    assert statement.claim == claim
    assert statement.actor == claim.actor
    assert statement.text == "that Russia was ready to negotiate"
    assert claim.article.text[statement.start : statement.end] == statement.text
    assert statement.said_on == dt.date(2023, 12, 5)
    assert statement.approved_by == editor
    event = ReviewEvent.objects.get(claim=claim)
    assert (event.action, event.user, event.statement) == (ReviewEvent.Action.APPROVE, editor, statement)
    assert event.changes == {"status": ["pending", "approved"]}


def test_it_applies_the_editors_changes_when_approving_and_records_them(claim, editor):
    zelensky = ActorFactory(name="Volodymyr Zelensky", slug="volodymyr-zelensky")
    topic = TopicFactory(name="Peace talks", slug="peace-talks")
    text = claim.article.text
    start = text.index("Russia was ready")  # trim "that "

    statement = review.claim_approve(
        claim_id=claim.pk,
        editor=editor,
        changes={
            "actor": zelensky.pk,
            "content_start": start,
            "said_on": "2023-12-06",
            "topic": topic,
            "stance": "against",
            "kind": "direct",
        },
    )

    assert (statement.actor, statement.topic, statement.stance, statement.kind) == (
        zelensky,
        topic,
        "against",
        "direct",
    )
    assert statement.text == "Russia was ready to negotiate"
    assert statement.said_on == dt.date(2023, 12, 6)
    changes = ReviewEvent.objects.get(claim=claim).changes
    assert changes["actor"] == [
        {"id": claim.actor.pk, "label": "Dmitry Peskov"},
        {"id": zelensky.pk, "label": "Volodymyr Zelensky"},
    ]
    assert changes["content_text"] == ["that Russia was ready to negotiate", "Russia was ready to negotiate"]
    assert changes["said_on"] == ["2023-12-05", "2023-12-06"]
    assert changes["topic"] == [None, {"id": topic.pk, "label": "Peace talks"}]


def _interrupted_claim() -> Claim:
    """“A,” the paper wrote, adding, “B.” as a claim whose content is the two quotes."""
    article = ArticleFactory(
        text="“The deal is dead,” the influential US daily wrote, adding, “Nobody in Washington wants it.” More later."
    )
    text = article.text
    first, second = "“The deal is dead,”", "“Nobody in Washington wants it.”"
    start, end = text.index(first), text.index(second) + len(second)
    return ClaimFactory(
        article=article,
        speaker_fragment="the influential US daily",
        cue_fragment="wrote",
        content_fragment=text[start:end],
        content_fragments=[[start, start + len(first)], [text.index(second), end]],
        kind="direct",
    )


def test_a_statement_says_only_its_contents_fragments_never_the_narrators_words_between(editor):
    claim = _interrupted_claim()

    statement = review.claim_approve(claim_id=claim.pk, editor=editor)

    assert statement.text == "“The deal is dead,” … “Nobody in Washington wants it.”"
    assert "wrote" not in statement.text
    # The evidence span still covers the whole passage in the article.
    assert (statement.start, statement.end) == (claim.content_start, claim.content_end)


def test_an_edit_that_keeps_the_span_keeps_the_fragments_and_a_new_span_is_one_piece(editor):
    kept = _interrupted_claim()
    same = {"content_start": kept.content_start, "content_end": kept.content_end, "stance": "neutral"}

    statement = review.claim_approve(claim_id=kept.pk, editor=editor, changes=same)
    assert statement.text == "“The deal is dead,” … “Nobody in Washington wants it.”"

    review.statement_edit(
        statement_id=statement.pk, editor=editor, changes={"start": statement.start, "end": statement.end}
    )
    statement.refresh_from_db()
    assert statement.text == "“The deal is dead,” … “Nobody in Washington wants it.”"

    text = kept.article.text
    start = text.index("The deal")
    review.statement_edit(statement_id=statement.pk, editor=editor, changes={"start": start, "end": start + 16})
    statement.refresh_from_db()
    assert statement.text == "The deal is dead"


def test_redrawing_the_content_drops_the_fragments_and_undo_brings_them_back(editor):
    claim = _interrupted_claim()
    fragments = claim.content_fragments
    start = claim.article.text.index("Nobody")

    statement = review.claim_approve(
        claim_id=claim.pk, editor=editor, changes={"content_start": start, "content_end": start + 30}
    )

    assert statement.text == "Nobody in Washington wants it."
    claim.refresh_from_db()
    assert claim.content_fragments == []
    review.review_undo(editor=editor)
    claim.refresh_from_db()
    assert claim.content_fragments == fragments


def test_the_act_is_editable_and_recorded(claim, editor):
    statement = review.claim_approve(claim_id=claim.pk, editor=editor, changes={"act": "belief"})

    assert statement.act == "belief"
    assert ReviewEvent.objects.get(claim=claim).changes["act"] == ["speech", "belief"]
    review.statement_edit(statement_id=statement.pk, editor=editor, changes={"act": "intention"})
    statement.refresh_from_db()
    assert statement.act == "intention"
    with pytest.raises(InvalidChange, match="act"):
        review.statement_edit(statement_id=statement.pk, editor=editor, changes={"act": "rumour"})


def test_it_extends_the_content_up_to_the_end_of_the_text(claim, editor):
    end = len(claim.article.text)
    statement = review.claim_approve(claim_id=claim.pk, editor=editor, changes={"content_end": end})
    assert statement.text.endswith("adds nothing else.")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"content_start": -1}, "does not fit"),
        ({"content_end": 10_000}, "does not fit"),
        ({"content_start": 30, "content_end": 20}, "does not fit"),
        ({"content_start": "abc"}, "whole numbers"),
        ({"stance": "maybe"}, "not a valid stance"),
        ({"kind": ""}, "not a valid kind"),
        ({"actor": 999_999}, "no actor"),
        ({"said_on": "5 December"}, "not a date"),
        ({"confidence": 1.0}, "cannot be changed"),
    ],
)
def test_it_refuses_bad_changes_and_changes_nothing(claim, editor, changes, message):
    with pytest.raises(InvalidChange, match=message):
        review.claim_approve(claim_id=claim.pk, editor=editor, changes=changes)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING
    assert not Statement.objects.exists()
    assert not ReviewEvent.objects.exists()


def test_it_needs_an_actor_to_approve(editor):
    claim = ClaimFactory(actor=None)
    with pytest.raises(InvalidChange, match="Pick the actor"):
        review.claim_approve(claim_id=claim.pk, editor=editor)
    assert not Statement.objects.exists()


def test_it_picks_a_candidate_actor_for_an_ambiguous_speaker(editor):
    candidates = [ActorFactory(), ActorFactory()]
    claim = ClaimFactory(actor=None)
    claim.actor_candidates.set(candidates)
    statement = review.claim_approve(claim_id=claim.pk, editor=editor, changes={"actor": candidates[1].pk})
    assert statement.actor == candidates[1]


def test_it_creates_a_new_actor_aliased_by_the_speakers_text(editor):
    article = ArticleFactory(text="Saranda Young said that aid would stop. Nothing more.")
    claim = ClaimFactory(
        article=article,
        actor=None,
        speaker_fragment="Saranda Young",
        content_fragment="that aid would stop",
    )

    statement = review.claim_approve(claim_id=claim.pk, editor=editor, changes={"new_actor_name": "Shalanda Young"})

    actor = statement.actor
    assert (actor.name, actor.slug) == ("Shalanda Young", "shalanda-young")
    assert sorted(actor.aliases.values_list("normalized", flat=True)) == ["saranda young", "shalanda young"]


def test_a_refused_approval_creates_no_new_actor(editor):
    claim = ClaimFactory(actor=None, status=Claim.Status.REJECTED)
    with pytest.raises(ClaimAlreadyDecided):
        review.claim_approve(claim_id=claim.pk, editor=editor, changes={"new_actor_name": "Somebody New"})
    assert not Actor.objects.filter(name="Somebody New").exists()


def test_a_pronoun_never_becomes_an_actor_or_alias(editor):
    with pytest.raises(InvalidChange, match="does not name anybody"):
        review.actor_create_from_speaker(editor=editor, speaker_text="He")
    actor = review.actor_create_from_speaker(editor=editor, speaker_text="He", name="Larry Johnson")
    assert list(actor.aliases.values_list("normalized", flat=True)) == ["larry johnson"]


def test_new_actors_get_distinct_slugs(editor):
    first = review.actor_create_from_speaker(editor=editor, speaker_text="John Smith")
    second = review.actor_create_from_speaker(editor=editor, speaker_text="John Smith")
    assert (first.slug, second.slug) == ("john-smith", "john-smith-2")


def test_it_falls_back_to_the_publication_date_when_the_claim_has_none(editor):
    claim = ClaimFactory(said_on=None, date_precision="")
    statement = review.claim_approve(claim_id=claim.pk, editor=editor)
    assert (statement.said_on, statement.date_precision) == (claim.article.published_on, "published")


# --- the state machine


def test_a_decided_claim_cannot_be_decided_again(claim, editor):
    review.claim_approve(claim_id=claim.pk, editor=editor)
    other = EditorFactory(username="otto")
    with pytest.raises(ClaimAlreadyDecided, match=f"already approved by {editor.username}"):
        review.claim_approve(claim_id=claim.pk, editor=other)
    with pytest.raises(ClaimAlreadyDecided):
        review.claim_reject(claim_id=claim.pk, editor=other)
    with pytest.raises(ClaimAlreadyDecided):
        review.claim_edit(claim_id=claim.pk, editor=other, changes={"stance": "neutral"})
    assert Statement.objects.count() == 1


def test_it_rejects_with_a_reason(claim, editor):
    review.claim_reject(claim_id=claim.pk, editor=editor, reason="  Not a statement, a headline.  ")
    claim.refresh_from_db()
    assert (claim.status, claim.reject_reason, claim.reviewed_by) == (
        "rejected",
        "Not a statement, a headline.",
        editor,
    )
    event = ReviewEvent.objects.get(claim=claim)
    assert (event.action, event.reason) == ("reject", "Not a statement, a headline.")
    assert not Statement.objects.exists()


def test_only_editors_may_review(claim):
    with pytest.raises(NotAnEditor):
        review.claim_approve(claim_id=claim.pk, editor=UserFactory())
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING


def test_it_edits_a_pending_claim_without_deciding_it(claim, editor):
    review.claim_lock(claim_id=claim.pk, editor=editor)
    review.claim_edit(claim_id=claim.pk, editor=editor, changes={"stance": "neutral"})
    claim.refresh_from_db()
    assert (claim.status, claim.stance, claim.locked_by) == ("pending", "neutral", None)
    assert ReviewEvent.objects.get(claim=claim).changes == {"stance": ["favor", "neutral"]}


# --- locks


def test_a_claim_open_for_editing_is_held_for_its_editor(claim, editor):
    other = EditorFactory()
    review.claim_lock(claim_id=claim.pk, editor=editor)
    with pytest.raises(ClaimLocked, match=editor.username):
        review.claim_approve(claim_id=claim.pk, editor=other)
    with pytest.raises(ClaimLocked):
        review.claim_lock(claim_id=claim.pk, editor=other)
    review.claim_approve(claim_id=claim.pk, editor=editor)  # the holder may decide
    claim.refresh_from_db()
    assert (claim.locked_by, claim.locked_until) == (None, None)


def test_an_expired_lock_no_longer_holds_the_claim(claim, editor):
    other = EditorFactory()
    review.claim_lock(claim_id=claim.pk, editor=editor)
    Claim.objects.filter(pk=claim.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    review.claim_approve(claim_id=claim.pk, editor=other)
    assert Statement.objects.get().approved_by == other


def test_unlock_releases_only_the_editors_own_lock(claim, editor):
    other = EditorFactory()
    review.claim_lock(claim_id=claim.pk, editor=editor)
    review.claim_unlock(claim_id=claim.pk, editor=other)
    claim.refresh_from_db()
    assert claim.locked_by == editor
    review.claim_unlock(claim_id=claim.pk, editor=editor)
    claim.refresh_from_db()
    assert claim.locked_by is None


# --- bulk


def test_bulk_approve_decides_what_it_can_and_reports_the_rest(editor):
    article = ArticleFactory()
    ok = ClaimFactory(article=article)
    decided = ClaimFactory(article=article, run_id=None, status=Claim.Status.REJECTED)
    no_actor = ClaimFactory(article=article, run_id=None, actor=None, content_fragment="Russia was ready")

    result = review.claims_bulk_approve(claim_ids=[ok.pk, decided.pk, no_actor.pk, ok.pk], editor=editor)

    assert result.done == [ok.pk]
    assert set(result.skipped) == {decided.pk, no_actor.pk}
    assert "already rejected" in result.skipped[decided.pk]
    assert Statement.objects.get().claim == ok


def test_bulk_reject_rejects_every_pending_claim_given(editor):
    claims = ClaimFactory.create_batch(3)
    result = review.claims_bulk_reject(claim_ids=[c.pk for c in claims], editor=editor, reason="duplicate feed")
    assert sorted(result.done) == sorted(c.pk for c in claims)
    assert set(Claim.objects.values_list("status", "reject_reason")) == {("rejected", "duplicate feed")}


# --- undo


def test_undo_turns_an_approval_back_into_a_pending_claim_as_it_was(claim, editor):
    original_actor = claim.actor
    other_actor = ActorFactory()
    review.claim_approve(claim_id=claim.pk, editor=editor, changes={"actor": other_actor, "stance": "neutral"})

    [undone] = review.review_undo(editor=editor)

    assert undone.pk == claim.pk
    claim.refresh_from_db()
    assert (claim.status, claim.actor, claim.stance, claim.reviewed_by) == ("pending", original_actor, "favor", None)
    assert not Statement.objects.exists()
    event = ReviewEvent.objects.filter(claim=claim).first()
    assert event.action == ReviewEvent.Action.UNDO
    assert event.changes["status"] == ["approved", "pending"]
    assert event.changes["stance"] == ["neutral", "favor"]


def test_undo_walks_back_through_the_editors_decisions_newest_first(editor):
    first, second, third = ClaimFactory.create_batch(3)
    review.claim_approve(claim_id=first.pk, editor=editor)
    review.claim_reject(claim_id=second.pk, editor=editor, reason="noise")
    review.claim_approve(claim_id=third.pk, editor=editor)

    assert [c.pk for c in review.review_undo(editor=editor, count=2)] == [third.pk, second.pk]
    assert [c.pk for c in review.review_undo(editor=editor)] == [first.pk]
    assert set(Claim.objects.values_list("status", "reject_reason")) == {("pending", "")}
    with pytest.raises(NothingToUndo):
        review.review_undo(editor=editor)


def test_undo_leaves_other_editors_decisions_alone(claim, editor):
    review.claim_approve(claim_id=claim.pk, editor=EditorFactory())
    with pytest.raises(NothingToUndo):
        review.review_undo(editor=editor)
    assert Statement.objects.count() == 1


def test_undo_never_erases_later_work_on_the_statement(claim, editor):
    statement = review.claim_approve(claim_id=claim.pk, editor=editor)
    review.statement_edit(statement_id=statement.pk, editor=EditorFactory(), changes={"stance": "neutral"})
    with pytest.raises(NothingToUndo):
        review.review_undo(editor=editor)
    assert Statement.objects.get().stance == "neutral"


def test_a_claim_approved_again_after_an_undo_can_be_undone_again(claim, editor):
    review.claim_approve(claim_id=claim.pk, editor=editor)
    review.review_undo(editor=editor)
    review.claim_reject(claim_id=claim.pk, editor=editor)
    review.review_undo(editor=editor)
    claim.refresh_from_db()
    assert claim.status == "pending"
    actions = list(ReviewEvent.objects.filter(claim=claim).order_by("id").values_list("action", flat=True))
    assert actions == ["approve", "undo", "reject", "undo"]


# --- statements


def test_it_edits_a_statement_and_keeps_the_history_on_statement_and_claim(claim, editor):
    statement = review.claim_approve(claim_id=claim.pk, editor=editor)
    corrector = EditorFactory()
    start = claim.article.text.index("Russia was")

    review.statement_edit(statement_id=statement.pk, editor=corrector, changes={"start": start, "said_on": None})

    statement.refresh_from_db()
    assert (statement.text, statement.said_on, statement.updated_by) == (
        "Russia was ready to negotiate",
        None,
        corrector,
    )
    edit = ReviewEvent.objects.get(action=ReviewEvent.Action.EDIT)
    assert (edit.statement, edit.claim, edit.user) == (statement, claim, corrector)
    assert edit.changes["text"] == ["that Russia was ready to negotiate", "Russia was ready to negotiate"]
    assert edit.changes["said_on"] == ["2023-12-05", None]


def test_a_statement_edit_with_bad_offsets_changes_nothing(claim, editor):
    statement = review.claim_approve(claim_id=claim.pk, editor=editor)
    with pytest.raises(InvalidChange):
        review.statement_edit(statement_id=statement.pk, editor=editor, changes={"end": 10_000})
    statement.refresh_from_db()
    assert statement.text == "that Russia was ready to negotiate"
    assert not ReviewEvent.objects.filter(action=ReviewEvent.Action.EDIT).exists()


def test_unapprove_withdraws_the_statement_and_sends_the_claim_back_to_the_queue(claim, editor):
    statement = review.claim_approve(claim_id=claim.pk, editor=editor)

    returned = review.statement_unapprove(statement_id=statement.pk, editor=editor, reason="wrong speaker")

    assert returned.pk == claim.pk
    assert not Statement.objects.exists()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING
    event = ReviewEvent.objects.filter(claim=claim).first()
    assert (event.action, event.reason) == (ReviewEvent.Action.UNAPPROVE, "wrong speaker")
    assert event.changes["text"] == ["that Russia was ready to negotiate", None]
    assert event.changes["status"] == ["approved", "pending"]


def test_it_adds_a_statement_the_extractor_missed(editor):
    article = ArticleFactory(text="Aid must continue, Chuck Schumer told reporters on Tuesday.")
    schumer = ActorFactory(name="Chuck Schumer", slug="chuck-schumer")
    text = article.text

    statement = review.statement_create_manual(
        article_id=article.pk,
        editor=editor,
        content_start=0,
        content_end=text.index(","),
        speaker_start=text.index("Chuck"),
        speaker_end=text.index(" told"),
        cue_start=text.index("told"),
        cue_end=text.index("told") + 4,
        actor=schumer.pk,
        kind="direct",
    )

    assert (statement.text, statement.actor, statement.kind) == ("Aid must continue", schumer, "direct")
    claim = statement.claim
    assert (claim.origin, claim.status, claim.speaker_text, claim.cue_text) == (
        "editor",
        "approved",
        "Chuck Schumer",
        "told",
    )
    assert ReviewEvent.objects.get(claim=claim).action == ReviewEvent.Action.CREATE


def test_a_manual_statement_can_name_a_new_actor_from_the_speaker_text(editor):
    article = ArticleFactory(text="Aid must continue, Saranda Young wrote.")
    text = article.text
    statement = review.statement_create_manual(
        article_id=article.pk,
        editor=editor,
        content_start=0,
        content_end=text.index(","),
        speaker_start=text.index("Saranda"),
        speaker_end=text.index(" wrote"),
        new_actor_name="Shalanda Young",
    )
    assert statement.actor.name == "Shalanda Young"
    assert statement.claim.cue_text == ""


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"content_start": 5, "content_end": 500}, "does not fit"),
        ({"content_start": 0, "content_end": 4, "speaker_start": 40, "speaker_end": 99}, "does not fit"),
        ({"content_start": 0, "content_end": 4}, "Pick the actor"),
    ],
)
def test_a_manual_statement_with_bad_input_is_refused(editor, kwargs, message):
    article = ArticleFactory()
    with pytest.raises(InvalidChange, match=message):
        review.statement_create_manual(article_id=article.pk, editor=editor, **kwargs)
    assert not Claim.objects.exists()
    assert not Statement.objects.exists()
