"""The Starlette app: /graphql, /healthz; the lifespan opens and closes everything."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.asgi import GraphQL

from infra.bootstrap import Container, bootstrap
from schema.context import Context, make_loaders
from schema.files import files_endpoint
from schema.root import build_schema

log = logging.getLogger("kabinet.api")


class KabinetGraphQL(GraphQL[Context, None]):
    def __init__(self, container: Container) -> None:
        self.container = container
        super().__init__(
            build_schema(container.settings),
            graphql_ide="graphiql" if container.settings.graphiql_enabled else None,
            allow_queries_via_get=True,
            multipart_uploads_enabled=False,
        )

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
            response=response,
        )


class BodyLimit:
    """Refuse request bodies above a size before anything reads them."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await PlainTextResponse("Слишком большой запрос.", status_code=413)(
                scope, receive, send
            )
            return
        seen = 0

        async def limited() -> Any:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
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
            yield

    async def healthz(request: Request) -> Response:
        if await container.healthy():
            return JSONResponse({"status": "ok"})
        return JSONResponse({"status": "database unreachable"}, status_code=503)

    graphql = KabinetGraphQL(container)
    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/files/{token:str}", files_endpoint(container), methods=["GET"]),
        ],
        lifespan=lifespan,
    )
    app.state.container = container
    app.add_middleware(BodyLimit, max_bytes=container.settings.max_body_bytes)
    return app
