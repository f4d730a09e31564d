"""The Starlette app: /graphql, /healthz; the lifespan opens and closes everything."""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import strawberry
from cross_web import HTTPException
from graphql import GraphQLError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    PlainTextResponse,
    Response,
)
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.extensions import SchemaExtension
from strawberry.http import GraphQLRequestData
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UnsetType

from domain.ports import CpuWork, InlineCpuWork
from infra.bootstrap import Container, bootstrap
from infra.cpu import use_short_switch_interval_while_busy
from infra.heap import freeze_startup_heap
from infra.loops import health, running
from infra.metrics import CONTENT_TYPE_LATEST as METRICS_CONTENT_TYPE
from infra.metrics import render_metrics
from infra.request_context import install_request_id_in_log_records
from schema.access_log import AccessLog
from schema.answers import encode_json
from schema.bad_input import LargeVariablesOffLoop, RefuseBadInput
from schema.client_address import client_address, trusted_networks
from schema.compiled import executor_class_for
from schema.context import Context, make_loaders
from schema.files import files_endpoint
from schema.graphiql import ASSETS_URL, graphiql_assets, graphiql_page
from schema.observe import reserve_operation_names
from schema.outage import (
    RETRY_AFTER,
    OutageAwareTransportWS,
    ServiceUnavailableGuard,
    has_unavailable,
    health_response,
)
from schema.persisted import TrustedDocumentCache, TrustedDocuments
from schema.request_id import RequestId
from schema.root import build_schema
from schema.variables_child import CoerceInChild

log = logging.getLogger("kabinet.api")
# Non-simple headers: a cross-site HTML form cannot set them without a CORS preflight.
CSRF_HEADERS = ("x-kabinet-csrf", "apollo-require-preflight")
MULTIPART_OVERHEAD = 64_000
# The reference front end (web/), built by `make deps` (npm ci && npm run build).
WEB_DIST = Path(__file__).resolve().parents[1] / "web" / "dist"
# The app's own files only: no CDN, no inline script, no framing by other sites.
# connect-src 'self' covers the same-origin ws:/wss: of the subscriptions (CSP Level 3).
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
    graphql_transport_ws_handler_class = OutageAwareTransportWS

    def __init__(self, container: Container, *, compiled: bool | None = None) -> None:
        self.container = container
        self.trusted_proxies = trusted_networks(container.settings.trusted_proxies)
        super().__init__(
            build_schema(container.settings),
            graphql_ide="graphiql" if container.settings.graphiql_enabled else None,
            allow_queries_via_get=True,
            # File uploads (renameSubscribers' `file`) are multipart: CSRF-guarded below.
            multipart_uploads_enabled=True,
            # Subscriptions (issue 12): graphql-transport-ws only, signed in at
            # connection_init (on_ws_connect below).
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        )
        # Trusted documents (schema/persisted.py): by hash, parsed and validated once.
        settings = container.settings
        self.trusted = TrustedDocuments.from_settings(
            settings.trusted_documents,
            settings.trusted_documents_only,
            compiled=settings.compiled_execution if compiled is None else compiled,
        )
        reserve_operation_names(self.trusted.operation_names())
        schema = self.schema
        assert isinstance(schema, strawberry.Schema)
        # Known documents' plain fields are read in place (schema/compiled.py).
        schema.execution_context_class = executor_class_for(self.trusted.plans)
        cpu: CpuWork = container.heavy or InlineCpuWork()
        process = container.heavy_process
        elsewhere = CoerceInChild(process) if process is not None else None
        # Large variables checked and coerced off the loop, before RefuseBadInput.
        at = schema.extensions.index(RefuseBadInput)
        schema.extensions = (
            *schema.extensions[:at],
            lambda: LargeVariablesOffLoop(cpu, elsewhere),
            *schema.extensions[at:],
            lambda: TrustedDocumentCache(self.trusted),
            SubscriptionsOverWebSocketOnly,
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

    def encode_json(self, data: object) -> str:
        return encode_json(data)

    def decode_json(self, data: str | bytes) -> object:
        """A body json cannot read is a 400, also when it fails with a plain ValueError."""
        try:
            return json.loads(data)
        except json.JSONDecodeError:
            raise
        except ValueError as exc:  # not UTF-8, or an integer of more than 4,300 digits
            raise json.JSONDecodeError(str(exc), "", 0) from exc

    async def render_graphql_ide(self, request: Request) -> Response:
        """Kabinet's own GraphiQL (no CDN), opened on the cabinet's example tabs."""
        return graphiql_page()

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        """An answer whose error is SERVICE_UNAVAILABLE is an HTTP 503 with Retry-After."""
        response = super().create_response(response_data, sub_response)
        if has_unavailable(response_data):
            response.status_code = 503
            response.headers.update(RETRY_AFTER)
        return response

    async def get_context(self, request: Request, response: Any) -> Context:  # type: ignore[override]
        actor = None
        token = bearer_token(request.headers.get("authorization", ""))
        if token:
            actor = await self.container.auth.authenticate(token)
        return Context(
            container=self.container,
            request=request,
            actor=actor,
            loaders=make_loaders(self.container, actor),
            source=client_address(request, self.trusted_proxies),
        )

    async def execute_single(
        self,
        request: Any,
        request_adapter: Any,
        sub_response: Any,
        context: Context,
        root_value: Any,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """A trusted document by hash (schema/persisted.py)."""
        resolved = self.trusted.resolve(request_data)
        if isinstance(resolved, ExecutionResult):
            return resolved
        result: ExecutionResult = await super().execute_single(
            request, request_adapter, sub_response, context, root_value, resolved
        )
        return result

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """A subscription is signed in by the token of connection_init; none, or one
        unknown, expired or revoked, closes the socket with 4403 Forbidden."""
        token = connection_token(context.connection_params)
        if token is None and context.request is not None:
            # A non-browser client may have sent the Authorization header with the handshake.
            token = bearer_token(context.request.headers.get("authorization", ""))
        actor = await self.container.auth.authenticate(token) if token else None
        if actor is None:
            raise ConnectionRejectionError(
                {"code": "UNAUTHENTICATED", "message": "Требуется вход в Личный кабинет."}
            )
        context.actor = actor
        context.token = token
        context.loaders = make_loaders(self.container, actor)
        return await super().on_ws_connect(context)


class SubscriptionNeedsWebSocket(GraphQLError):
    """A subscription arrived over plain HTTP."""

    def __init__(self) -> None:
        super().__init__(
            "Подписка работает только через WebSocket (протокол graphql-transport-ws).",
            extensions={"code": "SUBSCRIPTION_NEEDS_WEBSOCKET"},
        )


class SubscriptionsOverWebSocketOnly(SchemaExtension):
    """A subscription sent as a plain HTTP request is refused (it needs a WebSocket),
    judged on the document Strawberry has parsed (within its limits), once."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        connection = getattr(context.context, "request", None)
        if (
            not context.pre_execution_errors  # none yet (or validated before: [])
            and context.operation_type is OperationType.SUBSCRIPTION
            and not isinstance(connection, WebSocket)
        ):
            # Set before validation: Strawberry skips it and answers this.
            context.pre_execution_errors = [SubscriptionNeedsWebSocket()]
        yield


def bearer_token(header: object) -> str | None:
    if not isinstance(header, str):
        return None
    scheme, _, token = header.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def connection_token(params: object) -> str | None:
    """The token of a connection_init payload: {"Authorization": "Bearer …"} (as in an
    HTTP header; any letter case) or {"token": "…"}."""
    if not isinstance(params, dict):
        return None
    for key, value in params.items():
        if isinstance(key, str) and key.lower() == "authorization":
            return bearer_token(value)
    token = params.get("token")
    return token.strip() or None if isinstance(token, str) else None


def web_endpoint(dist: Path, server_paths: Iterable[str] = ()) -> Any:
    """GET /…: a file of the built front end, else index.html (the SPA's own routes).

    A path under one of the server's own (the first segments of its routes, server_paths)
    or under the build's assets/ is never the app's route: missing, it is a 404."""
    root = dist.resolve()
    reserved = frozenset({"assets", *server_paths})

    async def web(request: Request) -> Response:
        relative = request.path_params.get("path", "")
        candidate = (root / relative).resolve()
        if relative and candidate.is_file() and candidate.is_relative_to(root):
            immutable = candidate.parent == root / "assets"
            cache = "public, max-age=31536000, immutable" if immutable else "no-cache"
            return FileResponse(candidate, headers={"cache-control": cache})
        if relative.split("/", 1)[0] in reserved:
            return await not_found(request)
        index = root / "index.html"
        if not index.is_file():
            return HTMLResponse(NO_BUILD_PAGE, status_code=503)
        headers = {
            "cache-control": "no-cache",
            "content-security-policy": WEB_CSP,
            "x-content-type-options": "nosniff",
            "referrer-policy": "same-origin",
        }
        return FileResponse(index, headers=headers, media_type="text/html")

    return web


async def not_found(request: Request) -> Response:
    return PlainTextResponse("Не найдено.", status_code=404)


def first_segment(route: Route | WebSocketRoute | Mount) -> str:
    return route.path.strip("/").split("/", 1)[0]


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


def create_app(
    container: Container | None = None,
    *,
    own_lifespan: bool = True,
    compiled_execution: bool | None = None,
) -> Starlette:
    """The ASGI app; tests that already run the container pass own_lifespan=False.
    compiled_execution overrides the setting (the differential tests run both paths)."""
    container = container or bootstrap()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if not own_lifespan:
            yield
            return
        async with running(container):
            freeze_startup_heap()
            # In each server process (uvicorn's workers are fresh interpreters).
            use_short_switch_interval_while_busy(container.settings.switch_interval_seconds)
            yield

    async def healthz(request: Request) -> Response:
        return health_response(await health(container))

    async def metrics(request: Request) -> Response:
        expected = container.settings.metrics_token.get_secret_value()
        given = request.headers.get("authorization", "")
        if expected and not hmac.compare_digest(given.encode(), f"Bearer {expected}".encode()):
            return PlainTextResponse(
                "Нужен заголовок Authorization: Bearer <KABINET_METRICS_TOKEN>.", status_code=401
            )
        body = await render_metrics(datetime.now(UTC))  # outbox rows carry wall time
        return Response(body, media_type=METRICS_CONTENT_TYPE)

    graphql = KabinetGraphQL(container, compiled=compiled_execution)
    settings = container.settings
    # An endpoint turned off stays the server's path: a 404, never the front end's page.
    server: list[Route | WebSocketRoute | Mount] = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/files/{token:str}", files_endpoint(container), methods=["GET"]),
        graphiql_assets()
        if settings.graphiql_enabled
        else Mount(ASSETS_URL, routes=[Route("/{path:path}", not_found)]),
        Route("/metrics", metrics if settings.metrics_on else not_found, methods=["GET"]),
    ]
    # Last: everything else is the front end and its routes (index.html fallback).
    web = web_endpoint(WEB_DIST, {first_segment(route) for route in server})
    routes: list[BaseRoute] = [*server, Route("/{path:path}", web, methods=["GET", "HEAD"])]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
    )
    app.state.container = container
    app.state.graphql = graphql
    app.add_middleware(ServiceUnavailableGuard)  # inside the access log: it logs the 503
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
