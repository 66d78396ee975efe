"""Conditional GET for API reads: a strong ETag over the rendered body, and 304 when the client already has it.

The ETag hashes the bytes sent, so it changes exactly when the representation does (an edited statement, a renamed
actor, a new row on the page) and never needs a cache to invalidate. It saves the client the transfer and the parse,
not the server the query: a page costs one indexed query, which is cheaper than any bookkeeping to skip it.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from rest_framework.request import Request


def etag_for(content: bytes) -> str:
    return '"' + hashlib.blake2b(content, digest_size=16).hexdigest() + '"'


class ConditionalGetMixin:
    """For DRF views: GET and HEAD answers that succeed carry an ETag; a matching If-None-Match gets 304."""

    def finalize_response(self, request: Request, response: HttpResponseBase, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
            return response
        if hasattr(response, "render"):
            response.render()
        response["ETag"] = etag_for(response.content)
        # Clients and proxies may keep the body but must revalidate it, which is what the ETag is for. What an editor
        # sees (undecided claims) must not be kept by a shared cache, and answers differ by credentials.
        patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, ("Authorization",))
        if request.user.is_authenticated:
            patch_cache_control(response, private=True)
        return get_conditional_response(request._request, etag=response["ETag"], response=response)
