"""Training from the CLI, the registry and its promotion gate, rollback, training data from reviews, and a corrupt
model directory that must not stop extraction."""

from __future__ import annotations

import json
import logging
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.models import Article, Claim, ExtractorModel, ReviewEvent, Stance
from claims.nlp.learned.corpus import LabelledArticle
from claims.nlp.learned.model_dir import SCORER, ModelDirectoryError
from claims.nlp.learned.stance import stance_classifier_of
from claims.services.extractor_models import (
    extractor_model_activate,
    extractor_model_promote,
    extractor_model_rollback,
    extractor_nlp,
    promotion_decision,
    review_stance_examples,
    review_training_articles,
)
from tests.claims.nlp.learned_corpus import labelled_articles, write_jsonl
from tests.factories import ArticleFactory, ClaimFactory, ReviewEventFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _written(count: int = 24) -> list[LabelledArticle]:
    return [LabelledArticle(a["id"], a["text"], a["published"], a["attributions"]) for a in labelled_articles(count)]


def test_it_trains_from_a_jsonl_file_and_activates_a_model_better_than_the_rules(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "train.jsonl", labelled_articles(10))
    out = tmp_path / "model"
    stdout = StringIO()

    call_command("train_extractor", jsonl=str(data), out=str(out), epochs=4, stdout=stdout, stderr=StringIO())

    meta = json.loads((out / "meta.json").read_text())
    assert meta["source"]["kind"] == "jsonl"
    assert meta["source"]["sha256"]
    model = ExtractorModel.objects.get()
    assert model.status == ExtractorModel.Status.ACTIVE
    assert model.path == str(out.resolve())
    assert model.comparison["promoted"] is True
    assert model.comparison["slices"]["held_out"]["new"]["f1"] > model.comparison["slices"]["held_out"]["rules"]["f1"]
    assert "activated" in stdout.getvalue()
    assert SCORER in extractor_nlp().pipe_names


@pytest.mark.django_db(transaction=True)
def test_a_connection_dropped_during_a_long_training_does_not_lose_the_model(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    from django.db import connection

    from claims.management.commands import train_extractor
    from claims.nlp.learned.training import train_model

    def train_then_drop(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        ExtractorModel.objects.exists()  # the command's connection is open…
        meta = train_model(*args, **kwargs)
        connection.connection.close()  # …and the server drops it while training
        return meta

    monkeypatch.setattr(train_extractor, "train_model", train_then_drop)
    data = write_jsonl(tmp_path / "train.jsonl", labelled_articles(6))

    call_command(
        "train_extractor", jsonl=str(data), out=str(tmp_path / "m"), epochs=1, stdout=StringIO(), stderr=StringIO()
    )

    assert ExtractorModel.objects.get().path == str((tmp_path / "m").resolve())


@pytest.mark.parametrize(
    ("content", "message"),
    [("", "no articles"), ('{"id": "a", "text": "x", "attributions": []}\nnot json\n', "train.jsonl:2: not JSON")],
)
def test_bad_training_data_is_a_clear_error_and_writes_nothing(tmp_path: Path, content: str, message: str) -> None:
    data = tmp_path / "train.jsonl"
    data.write_text(content, encoding="utf-8")
    out = tmp_path / "model"

    with pytest.raises(CommandError, match=message):
        call_command("train_extractor", jsonl=str(data), out=str(out), stdout=StringIO(), stderr=StringIO())

    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["train.jsonl"]
    assert not ExtractorModel.objects.exists()


def test_from_reviews_without_reviewed_articles_is_a_clear_error(tmp_path: Path) -> None:
    ClaimFactory()  # pending: its article is not reviewed yet

    with pytest.raises(CommandError, match="no fully reviewed articles"):
        call_command("train_extractor", from_reviews=True, out=str(tmp_path / "m"), stdout=StringIO())


def test_the_gate_refuses_a_model_no_better_than_the_active_one(trained_model: Path) -> None:
    active = extractor_model_activate(model=ExtractorModel.objects.create(version="a", path=str(trained_model)))
    same = ExtractorModel.objects.create(version="b", path=str(trained_model))

    model, promoted, reason = extractor_model_promote(model=same, held_out=_written(4))

    assert not promoted
    assert "not above active" in reason
    assert model.status == ExtractorModel.Status.REJECTED
    assert model.comparison["slices"]["held_out"]["active"]["f1"] == model.comparison["slices"]["held_out"]["new"]["f1"]
    active.refresh_from_db()
    assert active.status == ExtractorModel.Status.ACTIVE


def test_the_gate_weighs_every_slice_and_the_speakers() -> None:
    good = {"f1": 0.8, "speaker_accuracy": 0.96, "hits": 10}
    worse = {"f1": 0.7, "speaker_accuracy": 0.96, "hits": 10}
    wrong_speakers = {"f1": 0.9, "speaker_accuracy": 0.80, "hits": 10}

    assert promotion_decision({"slices": {"held_out": {"new": good, "rules": worse}}})[0]
    assert not promotion_decision({"slices": {"held_out": {"new": worse, "rules": good}}})[0]
    assert not promotion_decision(
        {"slices": {"held_out": {"new": good, "rules": worse}, "eval": {"new": worse, "rules": good}}}
    )[0]
    assert not promotion_decision({"slices": {"held_out": {"new": wrong_speakers, "rules": good}}})[0]
    assert not promotion_decision({"slices": {}})[0]


def test_rollback_activates_the_model_active_before(trained_model: Path) -> None:
    first = extractor_model_activate(model=ExtractorModel.objects.create(version="first", path=str(trained_model)))
    second = extractor_model_activate(model=ExtractorModel.objects.create(version="second", path=str(trained_model)))

    restored = extractor_model_rollback()

    assert restored == first
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (ExtractorModel.Status.ACTIVE, ExtractorModel.Status.RETIRED)
    assert extractor_model_rollback() is None  # back to the rules alone
    assert not ExtractorModel.objects.filter(status=ExtractorModel.Status.ACTIVE).exists()


def test_a_corrupt_model_directory_is_skipped_for_the_active_model(
    trained_model: Path,
    tmp_path: Path,
    settings,
    caplog,  # noqa: ANN001
) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(trained_model, broken)
    (broken / "meta.json").write_text("{not json", encoding="utf-8")
    settings.EXTRACTOR_MODEL = str(broken)

    with pytest.raises(ModelDirectoryError, match="meta.json: unreadable"):
        extractor_nlp(strict=True)
    with caplog.at_level(logging.ERROR):
        assert SCORER not in extractor_nlp().pipe_names  # no active model: the rules alone
    assert "cannot be loaded" in caplog.text

    extractor_model_activate(model=ExtractorModel.objects.create(version="good", path=str(trained_model)))
    assert SCORER in extractor_nlp().pipe_names


def test_extract_refuses_a_corrupt_model_directory(tmp_path: Path, settings) -> None:  # noqa: ANN001
    settings.EXTRACTOR_MODEL = str(tmp_path)
    text = tmp_path / "a.txt"
    text.write_text("Tom said that it rained.", encoding="utf-8")

    with pytest.raises(CommandError, match="not an extractor model"):
        call_command("extract", str(text), stdout=StringIO(), stderr=StringIO())


def test_reviews_give_approved_and_added_claims_as_attributions_and_skip_unfinished_articles() -> None:
    reviewed = ArticleFactory()
    approved = ClaimFactory(article=reviewed, status=Claim.Status.APPROVED)
    ClaimFactory(
        article=reviewed,
        status=Claim.Status.REJECTED,
        speaker_fragment="Article number",
        cue_fragment="adds",
        content_fragment="nothing else",
    )
    unfinished = ArticleFactory()
    ClaimFactory(article=unfinished, status=Claim.Status.APPROVED)
    ClaimFactory(article=unfinished, status=Claim.Status.PENDING, cue_fragment="adds", content_fragment="nothing else")

    [article] = review_training_articles()

    assert article.id == f"article-{reviewed.pk}"
    [attribution] = article.attributions
    assert attribution["cue"]["start"] == approved.cue_start
    assert attribution["content"]["text"] == reviewed.text[approved.content_start : approved.content_end]
    assert attribution["source"]["text"] == "Dmitry Peskov"


def test_evaluate_extraction_scores_a_model_directory(trained_model: Path, tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "eval.jsonl", labelled_articles(4))
    stdout = StringIO()

    call_command("evaluate_extraction", str(data), model=str(trained_model), stdout=stdout)

    assert "extractor: rules + model tiny" in stdout.getvalue()
    assert "attribution        P 1.000  R 1.000" in stdout.getvalue()


def _reviewed_article(labelled: dict) -> None:
    """A written article as editors leave it: the extractor's 'said' claim approved, the 'groused' one added."""
    article = ArticleFactory(text=labelled["text"])
    for attribution in labelled["attributions"]:
        ClaimFactory(
            article=article,
            status=Claim.Status.APPROVED,
            origin=Claim.Origin.EXTRACTOR if attribution["cue"]["text"] == "said" else Claim.Origin.EDITOR,
            speaker_fragment=attribution["source"]["text"],
            cue_fragment=f" {attribution['cue']['text']} ",
            content_fragment=attribution["content"]["text"],
        )


def test_it_trains_from_reviews(tmp_path: Path) -> None:
    for labelled in labelled_articles(8):
        _reviewed_article(labelled)
    out = tmp_path / "from-reviews"

    stdout = StringIO()

    call_command("train_extractor", from_reviews=True, out=str(out), epochs=2, stdout=stdout, stderr=StringIO())

    meta = json.loads((out / "meta.json").read_text())
    assert meta["source"] == {"kind": "reviews", "articles": 8, "attributions": 16, "statements_with_stance": 0}
    assert meta["counts"]["train_articles"] + meta["counts"]["held_out_articles"] == 8
    assert ExtractorModel.objects.get().source["kind"] == "reviews"
    assert meta["stance"] == {"examples": 0, "trained": False}
    assert not (out / "stance").exists()
    assert "stance    no classifier: 0 statements with a stance, too few" in stdout.getvalue()


def test_stance_is_learned_from_approved_statements_as_editors_corrected_them() -> None:
    topic = TopicFactory(name="Harbour plan", slug="harbour-plan")
    corrected = StatementFactory(
        topic=topic, stance=Stance.AGAINST, claim=ClaimFactory(stance=Stance.FAVOR, status=Claim.Status.APPROVED)
    )
    kept = StatementFactory(topic=topic, stance=Stance.NEUTRAL)
    StatementFactory(topic=None, stance=Stance.FAVOR)  # no topic: no stance toward anything to learn
    StatementFactory(topic=topic, stance="")

    examples = review_stance_examples()

    assert [(e.key, e.topic, e.stance) for e in examples] == [
        (f"statement-{corrected.pk}", "harbour-plan", "against"),
        (f"statement-{kept.pk}", "harbour-plan", "neutral"),
    ]
    assert examples[0].text == corrected.text


def test_training_from_reviews_puts_a_stance_classifier_in_the_model(tmp_path: Path, settings) -> None:  # noqa: ANN001
    settings.STANCE_CLASSIFIER_MIN_CONFIDENCE = 0.55
    for labelled in labelled_articles(8):
        _reviewed_article(labelled)
    topic = TopicFactory(name="Harbour plan", slug="harbour-plan")
    said = {
        Stance.FAVOR: "that the harbour plan is long overdue",
        Stance.AGAINST: "that the harbour plan must be scrapped",
        Stance.NEUTRAL: "that the harbour plan goes to a vote",
    }
    for n in range(12):
        stance = list(said)[n % 3]
        article = ArticleFactory(text=f"Resident {n} said {said[stance]}.")
        StatementFactory(topic=topic, stance=stance, text=said[stance], article=article)
    out = tmp_path / "with-stance"
    stdout = StringIO()

    call_command("train_extractor", from_reviews=True, out=str(out), epochs=2, stdout=stdout, stderr=StringIO())

    meta = json.loads((out / "meta.json").read_text())
    assert meta["stance"]["trained"] is True
    assert meta["stance"]["examples"] == 12
    assert (out / "stance" / "textcat").is_dir()
    assert "stance    classifier accuracy" in stdout.getvalue()
    settings.EXTRACTOR_MODEL = str(out)
    assert stance_classifier_of(extractor_nlp()).min_confidence == 0.55


def test_workers_extract_with_the_active_model(trained_model: Path) -> None:
    from claims.services.extraction import articles_extract_run
    from tests.claims.nlp.learned_corpus import UNSEEN_TEXT

    extractor_model_activate(model=ExtractorModel.objects.create(version="tiny", path=str(trained_model)))
    article = ArticleFactory(text=UNSEEN_TEXT, status=Article.Status.QUEUED)

    articles_extract_run(article_ids=[article.pk])

    [claim] = Claim.objects.filter(article=article, cue_text="groused")
    assert f"model:p={claim.model_score:.2f}" in claim.rationale
    # The threshold it was kept at travels with the claim, for the queue's least-certain-first order.
    assert claim.model_threshold == json.loads((trained_model / "meta.json").read_text())["thresholds"]["scorer"]
    assert claim.model_score >= claim.model_threshold


def test_beat_retrains_from_reviews_once_enough_decisions_accumulated(tmp_path: Path, settings) -> None:  # noqa: ANN001
    from claims.tasks import extractor_models_retrain

    settings.EXTRACTOR_MODELS_DIR = tmp_path
    settings.EXTRACTOR_RETRAIN_MIN_DECISIONS = 3
    for labelled in labelled_articles(8):
        _reviewed_article(labelled)
    ReviewEventFactory.create_batch(2, action=ReviewEvent.Action.APPROVE)

    assert extractor_models_retrain() is None  # two decisions: not due
    assert not ExtractorModel.objects.exists()

    ReviewEventFactory(action=ReviewEvent.Action.REJECT)
    assert extractor_models_retrain() is not None

    model = ExtractorModel.objects.get()
    assert model.source["kind"] == "reviews"
    assert Path(model.path).parent == tmp_path
    assert "promoted" in model.comparison
    assert extractor_models_retrain() is None  # no decision since that model
