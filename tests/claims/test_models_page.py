"""The editors' /models/ page: the registry with scores and gate decisions, activate, roll back, retrain."""

from __future__ import annotations

import pytest
from django.test import Client

from claims.models import ExtractorModel
from claims.services.extractor_models import extractor_model_activate

pytestmark = pytest.mark.django_db

_SCORES = {"held_out": {"model": {"f1": 0.812, "precision": 0.85, "recall": 0.78}, "rules": {"f1": 0.7}, "articles": 9}}


def _model(version: str, **fields: object) -> ExtractorModel:
    fields.setdefault("scores", _SCORES)
    return ExtractorModel.objects.create(version=version, path=f"/models/{version}", **fields)


def test_it_lists_models_with_their_scores_and_the_active_one(editor_client: Client) -> None:
    extractor_model_activate(model=_model("2026-old"))
    _model("2026-new", comparison={"promoted": False, "reason": "F1 on held_out 0.700 is not above active 0.812"})

    response = editor_client.get("/models/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Claims are extracted with the rules and the model <strong>2026-old</strong>" in page
    assert "0.812 / 0.700" in page
    assert "refused: F1 on held_out 0.700 is not above active 0.812" in page


def test_it_says_whether_a_model_learned_stance(editor_client: Client) -> None:
    stance = {"trained": True, "examples": 240, "train": 190, "held_out": 50, "accuracy": 0.64}
    _model("2026-stance", scores={**_SCORES, "stance": stance})
    _model("2026-lexicon", scores={**_SCORES, "stance": {"trained": False, "examples": 3}})

    page = editor_client.get("/models/").content.decode()

    assert "stance classifier: 190 statements, held-out accuracy 0.640 (50)" in page
    assert "stance: lexicon only (3 statements with a stance)" in page


def test_outsiders_and_anonymous_visitors_cannot_see_or_change_models(client: Client, outsider_client: Client) -> None:
    model = _model("m")

    assert client.get("/models/").status_code == 302
    assert outsider_client.get("/models/").status_code == 403
    assert outsider_client.post(f"/models/{model.pk}/activate/").status_code == 403
    assert outsider_client.post("/models/rollback/").status_code == 403
    model.refresh_from_db()
    assert model.status == ExtractorModel.Status.CANDIDATE


def test_an_editor_activates_and_rolls_back(editor_client: Client) -> None:
    first = extractor_model_activate(model=_model("first"))
    second = _model("second")

    editor_client.post(f"/models/{second.pk}/activate/")
    second.refresh_from_db()
    assert second.status == ExtractorModel.Status.ACTIVE

    response = editor_client.post("/models/rollback/", follow=True)

    first.refresh_from_db()
    assert first.status == ExtractorModel.Status.ACTIVE
    assert "Rolled back to first." in response.content.decode()


def test_retrain_queues_the_task_after_commit(editor_client: Client, django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
    with django_capture_on_commit_callbacks() as callbacks:
        response = editor_client.post("/models/retrain/", follow=True)

    assert "Retraining on the reviews is queued" in response.content.decode()
    [dispatch] = callbacks
    dispatch()  # runs in-process here: with no reviewed article there is nothing to train on, and nothing changes
    assert not ExtractorModel.objects.exists()
