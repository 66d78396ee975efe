from __future__ import annotations

from django.http import HttpRequest

from claims.permissions import user_is_editor


def roles(request: HttpRequest) -> dict[str, bool]:
    return {"is_editor": user_is_editor(request.user)}
