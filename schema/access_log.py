"""The access log: method, path, status and time, never a query string or a link token."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from schema.client_address import IPNetwork, client_address

log = logging.getLogger("kabinet.access")

# GET /files/<signed token> (schema/files.py): the token opens the file, so it is a secret.
_SECRET_PREFIXES = ("/files/",)
_MAX_PATH = 200


def loggable_path(path: str) -> str:
    """The path without anything that grants access; the query string is never passed in
    (a GET /graphql carries the whole operation there, passwords included)."""
    for prefix in _SECRET_PREFIXES:
        if path.startswith(prefix):
            return prefix + "…"
    if len(path) > _MAX_PATH:
        path = path[:_MAX_PATH] + "…"
    return path.encode("ascii", "backslashreplace").decode("ascii")


class AccessLog:
    """One INFO line per request, in place of uvicorn's (which logs the query string)."""

    def __init__(self, app: ASGIApp, trusted_proxies: Sequence[IPNetwork] = ()) -> None:
        self.app = app
        self.trusted_proxies = tuple(trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        began = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            log.info(
                '%s "%s %s" %d %.1f ms',
                client_address(Request(scope), self.trusted_proxies),
                scope.get("method", "-"),
                loggable_path(scope.get("path", "")),
                status,
                (time.perf_counter() - began) * 1000,
            )
