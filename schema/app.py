"""The Starlette app: /graphql, /healthz; the lifespan opens and closes everything."""

from __future__ import annotations

import contextlib
import hmac
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.asgi import GraphQL

from infra.bootstrap import Container, bootstrap
from infra.heap import freeze_startup_heap
from infra.metrics import CONTENT_TYPE_LATEST as METRICS_CONTENT_TYPE
from infra.metrics import render_metrics
from schema.context import Context, make_loaders
from schema.files import files_endpoint
from schema.graphiql import graphiql_assets, graphiql_page
from schema.root import build_schema

log = logging.getLogger("kabinet.api")
# Non-simple headers: a cross-site HTML form cannot set them without a CORS preflight.
CSRF_HEADERS = ("x-kabinet-csrf", "apollo-require-preflight")
MULTIPART_OVERHEAD = 64_000


class KabinetGraphQL(GraphQL[Context, None]):
    def __init__(self, container: Container) -> None:
        self.container = container
        super().__init__(
            build_schema(container.settings),
            graphql_ide="graphiql" if container.settings.graphiql_enabled else None,
            allow_queries_via_get=True,
            # File uploads (renameSubscribers' `file`) are multipart: CSRF-guarded below.
            multipart_uploads_enabled=True,
        )

    async def parse_multipart(self, request: Any) -> dict[str, str]:
        """Refuse a multipart request without a header a plain HTML form cannot send."""
        headers = request.headers
        if not any(headers.get(name) for name in CSRF_HEADERS):
            raise HTTPException(
                400,
                "Загрузка файла отклонена: нужен заголовок x-kabinet-csrf "
                "или apollo-require-preflight (защита от CSRF).",
            )
        result: dict[str, str] = await super().parse_multipart(request)
        return result

    async def render_graphql_ide(self, request: Request) -> Response:
        """Kabinet's own GraphiQL (no CDN), opened on the cabinet's example tabs."""
        return graphiql_page()

    async def get_context(self, request: Request, response: Any) -> Context:  # type: ignore[override]
        actor = None
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() == "bearer" and token:
            actor = await self.container.auth.authenticate(token.strip())
        return Context(
            container=self.container,
            request=request,
            actor=actor,
            loaders=make_loaders(self.container, actor),
        )


class BodyLimit:
    """Refuse request bodies above a size before anything reads them."""

    def __init__(
        self, app: ASGIApp, max_bytes: int, max_multipart_bytes: int | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_multipart_bytes = max_multipart_bytes or max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        # Uploads (multipart) may be larger than a JSON body, up to max_upload_bytes.
        limit = (
            self.max_multipart_bytes
            if headers.get(b"content-type", b"").lower().startswith(b"multipart/")
            else self.max_bytes
        )
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await PlainTextResponse("Слишком большой запрос.", status_code=413)(
                scope, receive, send
            )
            return
        seen = 0

        async def limited() -> Any:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await PlainTextResponse("Слишком большой запрос.", status_code=413)(
                scope, receive, send
            )


class _TooLarge(Exception):
    """The body grew past the limit while streaming."""


def create_app(container: Container | None = None, *, own_lifespan: bool = True) -> Starlette:
    """The ASGI app; tests that already run the container pass own_lifespan=False."""
    container = container or bootstrap()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if not own_lifespan:
            yield
            return
        async with container.running():
            freeze_startup_heap()
            yield

    async def healthz(request: Request) -> Response:
        if await container.healthy():
            return JSONResponse({"status": "ok"})
        return JSONResponse({"status": "database unreachable"}, status_code=503)

    async def metrics(request: Request) -> Response:
        expected = container.settings.metrics_token.get_secret_value()
        given = request.headers.get("authorization", "")
        if expected and not hmac.compare_digest(given.encode(), f"Bearer {expected}".encode()):
            return PlainTextResponse(
                "Нужен заголовок Authorization: Bearer <KABINET_METRICS_TOKEN>.", status_code=401
            )
        body = await render_metrics(datetime.now(UTC))  # outbox rows carry wall time
        return Response(body, media_type=METRICS_CONTENT_TYPE)

    graphql = KabinetGraphQL(container)
    routes: list[BaseRoute] = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/files/{token:str}", files_endpoint(container), methods=["GET"]),
    ]
    if container.settings.graphiql_enabled:
        routes.append(graphiql_assets())
    if container.settings.metrics_on:
        routes.append(Route("/metrics", metrics, methods=["GET"]))
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
    )
    app.state.container = container
    app.add_middleware(
        BodyLimit,
        max_bytes=container.settings.max_body_bytes,
        # The file itself up to max_upload_bytes, plus the form's own parts.
        max_multipart_bytes=container.settings.max_upload_bytes + MULTIPART_OVERHEAD,
    )
    return app
