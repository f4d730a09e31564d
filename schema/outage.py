"""A dependency down is answered 503 with Retry-After, never a bare 500."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from graphql import GraphQLError, GraphQLSyntaxError
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ConnectionInitMessage

from infra.bootstrap import is_database_outage
from schema.bad_input import labelled
from schema.errors import OUTAGE_LOG, RETRY_AFTER_SECONDS, SERVICE_UNAVAILABLE, UNAVAILABLE_MESSAGE

log = logging.getLogger("kabinet.api")

RETRY_AFTER = {"retry-after": str(RETRY_AFTER_SECONDS)}
# WebSocket close code 1013 "Try Again Later" (RFC 6455 registry): not 4403, which tells a
# client its token is bad and sends the user back to the sign-in page.
WS_TRY_AGAIN_LATER = 1013
WS_UNAVAILABLE_REASON = "Сервис временно недоступен, повторите позже"  # ≤ 123 bytes


def unavailable_body() -> dict[str, Any]:
    """A GraphQL answer with one top-level error and no data."""
    return {
        "data": None,
        "errors": [
            {
                "message": UNAVAILABLE_MESSAGE,
                "extensions": {"code": SERVICE_UNAVAILABLE, "retryAfter": RETRY_AFTER_SECONDS},
            }
        ],
    }


def has_unavailable(response_data: Any) -> bool:
    """A GraphQL answer (or a batch of them) with a SERVICE_UNAVAILABLE error."""
    answers: Iterable[Any] = response_data if isinstance(response_data, list) else [response_data]
    return any(
        (error.get("extensions") or {}).get("code") == SERVICE_UNAVAILABLE
        for answer in answers
        if isinstance(answer, dict)
        for error in answer.get("errors") or []
        if isinstance(error, dict)
    )


class ServiceUnavailableGuard:
    """An outage raised outside a resolver (the context's sign-in check, /files) is a 503.

    Errors raised inside resolvers are turned into SERVICE_UNAVAILABLE by the schema
    (schema.errors.KabinetMaskErrors) and their status set by KabinetGraphQL."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as error:
            if started or not is_database_outage(error):
                raise
            OUTAGE_LOG.note(scope.get("path"), error)
            response: Response
            if scope.get("path", "").startswith("/graphql"):
                response = JSONResponse(unavailable_body(), status_code=503, headers=RETRY_AFTER)
            else:
                response = PlainTextResponse(
                    UNAVAILABLE_MESSAGE, status_code=503, headers=RETRY_AFTER
                )
            await response(scope, receive, send)


def health_response(checks: dict[str, str]) -> Response:
    """/healthz: 200 when every dependency is up, else 503 naming those down."""
    down = [name for name, state in checks.items() if state != "ok"]
    body: dict[str, Any] = {"status": "ok" if not down else "unavailable", **checks}
    if down:
        body["down"] = down
        return JSONResponse(body, status_code=503, headers=RETRY_AFTER)
    return JSONResponse(body)


__all__ = ["RETRY_AFTER", "ServiceUnavailableGuard", "has_unavailable", "health_response"]


class OutageAwareTransportWS(BaseGraphQLTransportWSHandler[Any, Any]):
    """connection_init signs in (a database read): with the database down, the socket is
    closed with 1013 and a reason, not dropped without a close frame (and a traceback).

    A subscribe whose document does not parse is answered as over HTTP: an `error` message
    with GRAPHQL_PARSE_FAILED and a Russian message, and the connection (with the user's
    other live operations) stays open; Strawberry would close it with 4400 and graphql-core's
    English text."""

    async def _handle_pre_execution_error(self, operation: Any, result: Any) -> None:
        result.errors = [labelled(error) for error in result.errors or ()]
        await super()._handle_pre_execution_error(operation, result)

    @staticmethod
    def _get_pre_execution_close_reason(error: GraphQLError) -> str | None:
        if isinstance(error, GraphQLSyntaxError) or (error.extensions or {}).get("code"):
            return None
        return BaseGraphQLTransportWSHandler._get_pre_execution_close_reason(error)

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        try:
            await super().handle_connection_init(message)
        except Exception as error:
            if not is_database_outage(error):
                raise
            OUTAGE_LOG.note("/graphql (WebSocket connection_init)", error)
            await self.websocket.close(code=WS_TRY_AGAIN_LATER, reason=WS_UNAVAILABLE_REASON)
