"""What every API view shares: conditional GET, and a 413 for bodies over the upload limit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.serializers import BaseSerializer

from claims.api.conditional import ConditionalGetMixin
from claims.api.errors import PayloadTooLarge


class ApiViewMixin(ConditionalGetMixin):
    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # Authentication and permissions first, so a stranger learns nothing more from a large body than a 401.
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        # DRF's parsers read the stream without Django's DATA_UPLOAD_MAX_MEMORY_SIZE check, so it is made here.
        length = request.META.get("CONTENT_LENGTH") or ""
        if length.isdigit() and int(length) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            raise PayloadTooLarge(f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes.")


def validated(serializer_class: type[BaseSerializer], data: Any) -> dict[str, Any]:
    """The request body checked by an input serializer; a 400 with each field's messages when it does not fit."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
