from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from claims.permissions import user_is_editor


def roles(request: HttpRequest) -> dict[str, object]:
    """Who the visitor is, and for editors how many claims wait for review (the count beside the Review link).

    The count is lazy: a page that does not show the navigation (an htmx fragment) runs no query for it.
    """
    # No user when a request is refused before the auth middleware ran (a Host not allowed: the 400 page).
    user = getattr(request, "user", None)
    is_editor = user is not None and user_is_editor(user)
    context: dict[str, object] = {"is_editor": is_editor}
    if is_editor:
        from claims.selectors.review import claims_pending_count

        context["pending_claims"] = SimpleLazyObject(claims_pending_count)
    return context
