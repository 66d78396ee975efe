"""Editors' page of trained extractor models: scores and comparisons, which is active, retrain, activate, roll back."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from claims.models import ExtractorModel
from claims.selectors.extractor_models import extractor_model_list
from claims.services.extractor_models import (
    extractor_model_activate,
    extractor_model_rollback,
    review_decisions_since_last_model,
)
from claims.views.articles import ingest_required


@ingest_required
def model_list(request: HttpRequest) -> HttpResponse:
    models = list(extractor_model_list())
    return render(
        request,
        "models/model_list.html",
        {
            "models": models,
            "active": next((m for m in models if m.status == ExtractorModel.Status.ACTIVE), None),
            "override": settings.EXTRACTOR_MODEL,
            "decisions_since": review_decisions_since_last_model(),
            "min_decisions": settings.EXTRACTOR_RETRAIN_MIN_DECISIONS,
        },
    )


@require_POST
@ingest_required
def model_activate(request: HttpRequest, pk: int) -> HttpResponse:
    model = extractor_model_activate(model=get_object_or_404(ExtractorModel, pk=pk))
    messages.success(request, f"Model {model.version} is active.")
    return redirect("model-list")


@require_POST
@ingest_required
def model_rollback(request: HttpRequest) -> HttpResponse:
    try:
        restored = extractor_model_rollback()
    except ValueError as error:
        messages.error(request, str(error).capitalize() + ".")
        return redirect("model-list")
    messages.success(request, f"Rolled back to {restored.version if restored else 'the rules alone'}.")
    return redirect("model-list")


@require_POST
@ingest_required
def model_retrain(request: HttpRequest) -> HttpResponse:
    from claims.tasks import extractor_models_retrain

    transaction.on_commit(lambda: extractor_models_retrain.delay(force=True))
    messages.success(request, "Retraining on the reviews is queued; the new model appears here when it is done.")
    return redirect("model-list")
