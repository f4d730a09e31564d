"""X-Request-Id on every response, and the same id in every log line of the request."""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from infra.request_context import accepted_request_id, request_id

HEADER = "X-Request-Id"


class RequestId:
    """Outermost middleware: takes a sane incoming X-Request-Id or makes one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = accepted_request_id(Headers(scope=scope).get(HEADER))
        token = request_id.set(rid)
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                MutableHeaders(scope=message)[HEADER] = rid
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            # Starlette's own 500 page is outside this middleware: answer here, with the id.
            if not started:
                await PlainTextResponse(
                    "Внутренняя ошибка сервера.", status_code=500, headers={HEADER: rid}
                )(scope, receive, send)
            raise
        finally:
            request_id.reset(token)
