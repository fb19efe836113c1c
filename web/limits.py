"""Limits at the edge, before Gradio reads a request: no uploads (the app has none) and a cap on request bodies."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# A question is capped at 1,000 characters, but the page also sends the conversation so far with each question.
MAX_BODY_BYTES = 2 * 1024 * 1024
# Paths that take files: the app has no upload, so nobody may leave files in its temporary folder.
UPLOAD_PATHS = ("/gradio_api/upload", "/upload")


class RequestLimits:
    """ASGI middleware: refuses uploads (403) and bodies over MAX_BODY_BYTES (413), by header and while reading."""

    def __init__(self, app: ASGIApp, max_body_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", "")).rstrip("/")
        if any(path == p or path.endswith(p) for p in UPLOAD_PATHS):
            await refuse(send, 403, "Appen tager ikke imod filer.")
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body_bytes):
            await refuse(send, 413, "Forespørgslen er for stor.")
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_body_bytes:  # a body sent without a length: cut off as it grows
                raise BodyTooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except BodyTooLarge:
            await refuse(send, 413, "Forespørgslen er for stor.")


class BodyTooLarge(Exception):
    pass


async def refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
