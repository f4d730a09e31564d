"""The Starlette app: /graphql, /healthz; the lifespan opens and closes everything."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import strawberry
from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    Response,
)
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult

from infra.bootstrap import Container, bootstrap
from infra.heap import freeze_startup_heap
from infra.request_context import install_request_id_in_log_records
from schema.access_log import AccessLog
from schema.client_address import client_address, trusted_networks
from schema.context import Context, make_loaders
from schema.files import files_endpoint
from schema.persisted import TrustedDocumentCache, TrustedDocuments
from schema.request_id import RequestId
from schema.root import build_schema

log = logging.getLogger("kabinet.api")
# Non-simple headers: a cross-site HTML form cannot set them without a CORS preflight.
CSRF_HEADERS = ("x-kabinet-csrf", "apollo-require-preflight")
MULTIPART_OVERHEAD = 64_000
# The reference front end (web/), built by `make deps` (npm ci && npm run build).
WEB_DIST = Path(__file__).resolve().parents[1] / "web" / "dist"
# The app's own files only: no CDN, no inline script, no framing by other sites.
WEB_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
NO_BUILD_PAGE = """<!doctype html><html lang="ru"><meta charset="utf-8">
<title>Личный кабинет не собран</title>
<h1>Личный кабинет не собран</h1>
<p>Соберите его командой <code>make deps</code>
(или <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>) и обновите страницу.</p>
<p>API доступен по адресу <a href="/graphql">/graphql</a>.</p></html>
"""


class KabinetGraphQL(GraphQL[Context, None]):
    def __init__(self, container: Container) -> None:
        self.container = container
        self.trusted_proxies = trusted_networks(container.settings.trusted_proxies)
        super().__init__(
            build_schema(container.settings),
            graphql_ide="graphiql" if container.settings.graphiql_enabled else None,
            allow_queries_via_get=True,
            # File uploads (renameSubscribers' `file`) are multipart: CSRF-guarded below.
            multipart_uploads_enabled=True,
        )
        # Trusted documents (schema/persisted.py): by hash, parsed and validated once.
        self.trusted = TrustedDocuments.from_settings(
            container.settings.trusted_documents, container.settings.trusted_documents_only
        )
        schema = self.schema
        assert isinstance(schema, strawberry.Schema)
        schema.extensions = (*schema.extensions, lambda: TrustedDocumentCache(self.trusted))

    async def execute_single(
        self,
        request: Any,
        request_adapter: Any,
        sub_response: Any,
        context: Context,
        root_value: Any,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        resolved = self.trusted.resolve(request_data)
        if isinstance(resolved, ExecutionResult):
            return resolved
        return await super().execute_single(
            request, request_adapter, sub_response, context, root_value, resolved
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

    def decode_json(self, data: str | bytes) -> object:
        """A body json cannot read is a 400, also when it fails with a plain ValueError."""
        try:
            return json.loads(data)
        except json.JSONDecodeError:
            raise
        except ValueError as exc:  # not UTF-8, or an integer of more than 4,300 digits
            raise json.JSONDecodeError(str(exc), "", 0) from exc

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
            source=client_address(request, self.trusted_proxies),
        )


def web_endpoint(dist: Path) -> Any:
    """GET /…: a file of the built front end, else index.html (the SPA's own routes)."""
    root = dist.resolve()

    async def web(request: Request) -> Response:
        index = root / "index.html"
        if not index.is_file():
            return HTMLResponse(NO_BUILD_PAGE, status_code=503)
        relative = request.path_params.get("path", "")
        candidate = (root / relative).resolve()
        if relative and candidate.is_file() and candidate.is_relative_to(root):
            immutable = candidate.parent == root / "assets"
            cache = "public, max-age=31536000, immutable" if immutable else "no-cache"
            return FileResponse(candidate, headers={"cache-control": cache})
        if relative.startswith("assets/"):
            return PlainTextResponse("Не найдено.", status_code=404)
        headers = {
            "cache-control": "no-cache",
            "content-security-policy": WEB_CSP,
            "x-content-type-options": "nosniff",
            "referrer-policy": "same-origin",
        }
        return FileResponse(index, headers=headers, media_type="text/html")

    return web


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

    graphql = KabinetGraphQL(container)
    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/files/{token:str}", files_endpoint(container), methods=["GET"]),
            # Last: everything else is the front end and its routes (index.html fallback).
            Route("/{path:path}", web_endpoint(WEB_DIST), methods=["GET", "HEAD"]),
        ],
        lifespan=lifespan,
    )
    app.state.container = container
    app.add_middleware(
        BodyLimit,
        max_bytes=container.settings.max_body_bytes,
        # The file itself up to max_upload_bytes, plus the form's own parts.
        max_multipart_bytes=container.settings.max_upload_bytes + MULTIPART_OVERHEAD,
    )
    app.add_middleware(AccessLog, trusted_proxies=graphql.trusted_proxies)
    app.add_middleware(RequestId)  # outermost: every response and log line gets the id
    install_request_id_in_log_records()
    return app
