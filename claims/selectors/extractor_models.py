"""Reads of the extractor model registry for the editors' /models/ page."""

from __future__ import annotations

from django.db.models import QuerySet

from claims.models import ExtractorModel


def extractor_model_list() -> QuerySet[ExtractorModel]:
    """Newest first, with the model each one replaced (one query)."""
    return ExtractorModel.objects.select_related("replaced").order_by("-created_at", "-pk")
