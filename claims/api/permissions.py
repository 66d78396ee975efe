"""Who may call which API endpoint. DRF answers 401 to a request without credentials and 403 to the wrong user."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from claims.permissions import user_can_ingest, user_is_editor


class IsEditor(BasePermission):
    message = "Only editors may do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return user_is_editor(request.user)


class CanIngest(BasePermission):
    message = "You do not have permission to submit articles."

    def has_permission(self, request: Request, view: Any) -> bool:
        return user_can_ingest(request.user)


class EditorWrites(BasePermission):
    """Reads are open to everyone; writes (PATCH and the like) are for editors."""

    message = IsEditor.message

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in ("GET", "HEAD", "OPTIONS") or user_is_editor(request.user)
