"""Response headers that contain untrusted record text, and a cap on request bodies.

Record titles and abstracts come from files anyone could have written, so escaping in the
templates is the first defence and the Content-Security-Policy the second: with no script
source allowed at all, a `<script>` or `onerror=` that slipped through would still not run.
The pages need no JavaScript (citations use CSS for their tooltips, forms post plainly), so
the policy can be this strict. A response that carries its own policy (the standalone HTML
export, which inlines its stylesheet by hash) keeps it.

The body cap is enforced while reading, not only from Content-Length, so a chunked upload
without a length cannot push megabytes into the JSON parser either.
"""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS: dict[str, str] = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}
MAX_BODY = 64 * 1024


class BodyTooLarge(HTTPException):
    """Raised inside `receive` when a request body passes the limit.

    An HTTPException, so FastAPI's body parsing lets it through (it turns other errors into a
    400 "error parsing the body") and the app's handler answers 413 in JSON.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit:,} bytes")


def _too_large_body(limit: int) -> bytes:
    message = f"the request body is larger than {limit:,} bytes"
    return json.dumps({"detail": message, "status": 413}).encode("utf-8")


class SecurityMiddleware:
    """Adds the security headers to every response and answers 413 to oversized request bodies."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            await self._reject(send_with_headers)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return message

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except BodyTooLarge:
            if started:
                raise
            await self._reject(send_with_headers)

    async def _reject(self, send: Send) -> None:
        body = _too_large_body(self.max_body)
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})
