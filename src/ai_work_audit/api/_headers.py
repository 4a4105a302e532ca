"""Security headers on every response of the service (OWASP Secure Headers Project).

Every response: ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: no-referrer``. HTML
(reports, pages): a restrictive ``Content-Security-Policy`` — nothing loads from elsewhere, no
script runs unless served by the service itself, no framing (``frame-ancestors 'none'``, and
``X-Frame-Options: DENY`` for older browsers). The interactive API docs page is the one
exception to the script rule, since it is the API's own documentation tool.
"""

from __future__ import annotations

from typing import Final

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY: Final = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
DOCS_POLICY: Final = "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"


class SecurityHeadersMiddleware:
    """Adds the headers above to each HTTP response."""

    def __init__(self, app: ASGIApp, docs_path: str) -> None:
        self.app = app
        self.docs_path = docs_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = str(scope.get("path", "")).startswith(self.docs_path)

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                if headers.get("content-type", "").startswith("text/html"):
                    headers["Content-Security-Policy"] = (DOCS_POLICY if docs
                                                          else CONTENT_SECURITY_POLICY)
                    headers["X-Frame-Options"] = "DENY"
            await send(message)

        await self.app(scope, receive, send_wrapper)
