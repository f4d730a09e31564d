"""The production surface: no schema for strangers, no suggestions, no secrets in the
access log, and an X-Request-Id on every response and in every log line of a request."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import httpx
import pytest

from domain.ids import ClientId
from infra.bootstrap import Container
from schema.app import create_app
from tests.db_fixtures import Api

PRODUCTION = {"env": "production"}
SCHEMA = "{ __schema { queryType { name } } }"
TYPE = '{ __type(name: "Query") { name fields { name } } }'


def production(test: Any) -> Any:
    return pytest.mark.parametrize("settings_overrides", [PRODUCTION])(test)


def codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


@production
async def test_production_introspection_is_refused_without_a_token(anon: Api) -> None:
    for query in (SCHEMA, TYPE, '{ me { login } __type(name: "Admin") { name } }'):
        body = await anon.raw(query)
        assert body.get("data") is None
        assert codes(body) == ["UNAUTHENTICATED"], body
        assert "после входа" in body["errors"][0]["message"]
    forged = await Api(anon.http, "x" * 43).raw(SCHEMA)
    assert codes(forged) == ["UNAUTHENTICATED"]
    assert (await anon("{ __typename }"))["__typename"] == "Query"


@production
async def test_production_introspection_is_allowed_when_signed_in(demo: Api) -> None:
    assert (await demo(SCHEMA))["__schema"]["queryType"]["name"] == "Query"
    assert (await demo(TYPE))["__type"]["name"] == "Query"


async def test_development_introspection_is_open(anon: Api) -> None:
    assert (await anon(SCHEMA))["__schema"]["queryType"]["name"] == "Query"


MISTAKES: list[tuple[str, dict[str, Any]]] = [
    ("{ mee { login } }", {}),  # a field
    ("{ billingAccounts(frist: 1) { nodes { id } } }", {}),  # an argument
    ("query($x: Strin) { me { login } }", {}),  # a type
    (
        "mutation($i: LoginInput!) { login(input: $i) { token } }",
        {"i": {"login": "a", "pasword": "b", "password": "c"}},  # an input field
    ),
    (
        'mutation { login(input: {login: "a", pasword: "b"}) { token } }',
        {},
    ),
]


async def _messages(api: Api) -> str:
    messages = []
    for query, variables in MISTAKES:
        body = await api.raw(query, variables)
        assert body.get("errors"), (query, body)
        messages += [e["message"] for e in body["errors"]]
    return " | ".join(messages)


@pytest.mark.parametrize(
    ("query", "code", "lead"),
    [
        ("{ me {", "GRAPHQL_PARSE_FAILED", "Синтаксическая ошибка в запросе: "),
        ('{ documentJob(id: "1") { id } ', "GRAPHQL_PARSE_FAILED", "Синтаксическая ошибка"),
        ("{ nosuch }", "GRAPHQL_VALIDATION_FAILED", "Запрос не соответствует схеме: "),
        ("{ me }", "GRAPHQL_VALIDATION_FAILED", "Запрос не соответствует схеме: "),
    ],
)
async def test_a_document_that_does_not_parse_or_fit_has_a_code_and_a_russian_lead(
    anon: Api, query: str, code: str, lead: str
) -> None:
    body = await anon.raw(query)
    assert body["data"] is None
    assert [(e["extensions"]["code"], e["message"][: len(lead)]) for e in body["errors"]] == [
        (code, lead)
    ]


async def test_development_errors_suggest_names(anon: Api) -> None:
    # The input-field one is told in Russian, without a suggestion (schema/bad_input.py).
    assert (await _messages(anon)).count("Did you mean") >= 3


@production
async def test_production_errors_suggest_no_names(anon: Api, demo: Api) -> None:
    for api in (anon, demo):
        text = await _messages(api)
        assert "Did you mean" not in text and "'me'" not in text
        assert "Cannot query field 'mee'" in text  # the error itself is still told


async def test_every_response_carries_a_request_id(client: httpx.AsyncClient) -> None:
    made = {
        (await client.get("/healthz")).headers["x-request-id"],
        (await client.post("/graphql", json={"query": "{ me { login } }"})).headers["x-request-id"],
        (await client.get("/files/forged-token")).headers["x-request-id"],
        (
            await client.post(
                "/graphql",
                content=b"{" + b" " * 2_000_000 + b"}",
                headers={"content-type": "application/json"},
            )
        ).headers["x-request-id"],
    }
    assert len(made) == 4 and all(len(rid) == 32 for rid in made)
    given = await client.get("/healthz", headers={"X-Request-Id": "edge-4f2a:17"})
    assert given.headers["x-request-id"] == "edge-4f2a:17"
    for insane in ("two words", "x" * 200, "ид".encode(), "-leading-dash", "a\tb"):
        # A raw header of bytes (not UTF-8) on purpose.
        answered = await client.get("/healthz", headers={"X-Request-Id": insane})  # type: ignore[arg-type]
        assert answered.headers["x-request-id"] != insane
        assert len(answered.headers["x-request-id"]) == 32


@production
async def test_production_request_id_is_in_every_log_line_of_the_request(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        await client.post(
            "/graphql",
            json={
                "query": "mutation($i: LoginInput!) { login(input: $i) { token } }",
                "variables": {"i": {"login": "nobody", "password": "pw"}},
            },
            headers={"X-Request-Id": "rid-login-1"},
        )
        await client.post("/graphql", json={"query": "{ mee }"}, headers={"X-Request-Id": "rid-2"})
    logged = [(r.name, getattr(r, "request_id", None)) for r in caplog.records]
    assert ("kabinet.auth", "rid-login-1") in logged  # the failed sign-in
    assert ("kabinet.api", "rid-2") in logged  # the refused query
    access = [r for r in caplog.records if r.name == "kabinet.access"]
    assert [r.request_id for r in access] == ["rid-login-1", "rid-2"]  # type: ignore[attr-defined]
    outside = logging.getLogger("kabinet.test").makeRecord(
        "kabinet.test", logging.INFO, __file__, 1, "outside", (), None
    )
    assert outside.request_id == "-"  # type: ignore[attr-defined]


@production
async def test_production_access_log_holds_no_query_string_nor_link_token(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "Hunter2-secret"
    token = "eyJjbGllbnQiOjF9.c2lnbmF0dXJlLXRoYXQtb3BlbnMtYS1maWxl"
    login_by_get = (
        f'mutation {{ login(input: {{login: "demo", password: "{secret}"}}) {{ token }} }}'
    )
    with caplog.at_level(logging.INFO, logger="kabinet.access"):
        refused = await client.get(
            "/graphql",
            params={"query": login_by_get},
        )
        await client.get("/graphql", params={"query": "{ me { login } }", "token": secret})
        await client.get(f"/files/{token}")
    assert refused.status_code >= 400  # mutations are not taken over GET
    lines = [r.getMessage() for r in caplog.records if r.name == "kabinet.access"]
    assert len(lines) == 3
    assert all(secret not in line and "?" not in line and token not in line for line in lines)
    assert '"GET /graphql"' in lines[0] and '"GET /files/…" 403' in lines[2]


@production
async def test_production_an_unexpected_failure_still_answers_with_its_request_id(
    container: Container, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(key: str) -> None:
        raise RuntimeError("disk on fire")

    container.files.local_path = boom  # type: ignore[method-assign]
    expires = container.clock.now() + timedelta(hours=1)
    token = container.links.token("1/invoice.pdf", ClientId(1), "invoice.pdf", expires)
    app = create_app(container, own_lifespan=False)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        with caplog.at_level(logging.INFO, logger="kabinet.access"):
            response = await http.get(f"/files/{token}", headers={"X-Request-Id": "rid-boom"})
    assert response.status_code == 500
    assert response.headers["x-request-id"] == "rid-boom"
    assert "disk on fire" not in response.text
    access = [r for r in caplog.records if r.name == "kabinet.access"]
    assert [r.request_id for r in access] == ["rid-boom"]  # type: ignore[attr-defined]
    assert '"GET /files/…" 500' in access[0].getMessage()


@production
async def test_production_an_endpoint_turned_off_is_a_404_not_the_front_ends_page(
    client: httpx.AsyncClient,
) -> None:
    """The server's own paths come from its routes: off (metrics, GraphiQL) or under one."""
    for path in ("/metrics", "/graphiql-assets/graphiql.js", "/healthz/x", "/files/a/b"):
        response = await client.get(path)
        assert response.status_code == 404 and "<html" not in response.text, path
