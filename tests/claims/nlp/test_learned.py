"""The learned components: training on tiny written articles, a model directory that round-trips, and clear
errors for unusable training data or model directories."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from claims.nlp.learned.corpus import LabelledArticle, TrainingDataError, read_labelled_jsonl
from claims.nlp.learned.model_dir import META_FILE, ModelDirectoryError, load_learned
from claims.nlp.learned.training import extract_articles, score_claims, split_articles, train_model
from claims.nlp.pipeline import DEFAULT_MODEL, extract, load_nlp
from tests.claims.nlp.learned_corpus import UNSEEN_TEXT, labelled_articles, write_jsonl


def test_a_trained_model_finds_a_cue_the_rules_do_not_know(trained_model: Path) -> None:
    rules = extract(UNSEEN_TEXT, published=None, nlp=load_nlp())
    assert not [claim for claim in rules.claims if claim.cue.text == "groused"]

    learned = extract(UNSEEN_TEXT, published=None, nlp=load_nlp(DEFAULT_MODEL, str(trained_model)))

    [claim] = [claim for claim in learned.claims if claim.cue.text == "groused"]
    assert claim.speaker is not None
    assert claim.speaker.text == "Councillor Ines Moreau"
    assert claim.content.text == "that the ferry timetable was a joke"
    assert "rule:learned.content" in claim.rationale  # the content chooser gave it its content
    assert any(reason.startswith("model:p=") for reason in claim.rationale)


def test_the_model_directory_says_what_it_was_trained_on_and_how_it_scored(trained_model: Path) -> None:
    meta = json.loads((trained_model / META_FILE).read_text())

    assert meta["source"] == {"kind": "jsonl", "path": "written"}
    assert meta["code_version"] == "test"
    assert meta["counts"]["train_articles"] + meta["counts"]["held_out_articles"] == 24
    assert meta["counts"]["attributions"] > 0
    held_out = meta["scores"]["held_out"]
    assert held_out["model"]["f1"] > held_out["rules"]["f1"]
    assert 0.0 < meta["thresholds"]["scorer"] < 1.0
    assert not [p for p in trained_model.parent.iterdir() if p.name.startswith(".")]  # no leftover work dir


def test_the_saved_model_gives_the_held_out_score_its_meta_records(trained_model: Path) -> None:
    """The thresholds are chosen on one extraction and then applied to the model's probabilities: the saved model
    must reproduce the figures that chose them (a claim's confidence may be lower than its probability)."""
    meta = json.loads((trained_model / META_FILE).read_text())
    articles = [LabelledArticle(a["id"], a["text"], a["published"], a["attributions"]) for a in labelled_articles()]
    _train, held_out = split_articles(articles)

    found = extract_articles(load_nlp(DEFAULT_MODEL, str(trained_model)), held_out)

    assert score_claims(held_out, found).as_dict() == meta["scores"]["held_out"]["model"]
    assert set(meta["thresholds"]) == {"proposer", "chooser", "scorer"}


def test_thresholds_apply_to_the_model_probability_not_the_adjusted_confidence(trained_model: Path) -> None:
    learned = extract(UNSEEN_TEXT, published=None, nlp=load_nlp(DEFAULT_MODEL, str(trained_model)))
    [claim] = [claim for claim in learned.claims if claim.cue.text == "groused"]
    assert claim.model_score is not None
    assert claim.model_score > 0.5
    unlinked = dataclasses.replace(claim, confidence=0.1)  # e.g. lowered for a speaker with no actor

    scores = score_claims([LabelledArticle("unseen", UNSEEN_TEXT, None, [])], [[unlinked]], threshold=0.5)

    assert scores.predicted == 1


def test_training_into_an_existing_directory_is_refused(trained_model: Path) -> None:
    articles = [LabelledArticle("a", "Tom said that it rained.", None, [])]
    with pytest.raises(FileExistsError):
        train_model(articles, out_dir=trained_model, source={}, code_version="test")


def test_a_model_directory_without_meta_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelDirectoryError, match="meta.json is missing"):
        load_learned(tmp_path)


def test_a_model_directory_with_damaged_weights_is_refused(trained_model: Path, tmp_path: Path) -> None:
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(trained_model, broken)
    weights = next((broken / "pipeline" / "onrecord_candidate_scorer").glob("model"))
    weights.write_bytes(b"not a model")

    with pytest.raises(ModelDirectoryError, match="cannot load the learned components"):
        load_nlp(DEFAULT_MODEL, str(broken))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "no articles"),
        ('{"id": "a", "text": "Tom said it.", "attributions": []}\n{"id": "b", "text"\n', ":2: not JSON"),
        ('{"id": "a", "text": "Tom said it.", "attributions": []}\n', "no attributions in any article"),
        (
            '{"id": "a", "text": "Tom said it.", "attributions": '
            '[{"cue": {"start": 4, "end": 40}, "content": {"start": 9, "end": 11}}]}\n',
            ":1: attribution 1: cue offsets 4..40 are not inside the text",
        ),
        (
            '{"id": "a", "text": "Tom said it.", "attributions": '
            '[{"cue": {"start": 4, "end": 8, "text": "told"}, "content": {"start": 9, "end": 11}}]}\n',
            "cue text 'told' is not text\\[4:8\\]",
        ),
        ('{"text": "Tom said it."}\n', ":1: expected an object with 'id'"),
    ],
)
def test_unusable_training_data_is_refused_naming_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "train.jsonl"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(TrainingDataError, match=message):
        read_labelled_jsonl(path)


def test_written_articles_read_back(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "train.jsonl", labelled_articles(3))

    articles = read_labelled_jsonl(path)

    assert [a.id for a in articles] == ["written-0", "written-1", "written-2"]
    assert all(len(a.attributions) == 2 for a in articles)
