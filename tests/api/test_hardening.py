"""Limits, masking, GraphiQL, health and the schema snapshot."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from infra.bootstrap import Container
from infra.settings import Settings
from schema.root import build_schema
from tests.db_fixtures import Api


@pytest.mark.parametrize(("limit", "refused"), [(2, True), (3, False)])
def test_query_depth_is_limited(limit: int, refused: bool) -> None:
    # A valid query of depth 3 (me=0 … iban=3): only the depth limit can refuse it.
    schema = build_schema(Settings(max_query_depth=limit))
    result = schema.execute_sync("{ me { client { bankAccounts { iban } } } }")
    depth_errors = [e for e in result.errors or [] if "maximum operation depth" in e.message]
    assert bool(depth_errors) is refused


async def test_aliases_are_limited(demo: Api) -> None:
    query = "{ " + " ".join(f"a{i}: me {{ login }}" for i in range(40)) + " }"
    body = await demo.raw(query)
    assert body["errors"] and "alias" in body["errors"][0]["message"].lower()


async def test_token_count_is_limited(demo: Api) -> None:
    # 4,000 tokens and one field: the width check passes it, the parser's limit refuses.
    variables = " ".join(f"$v{i}: Int" for i in range(1000))
    query = f"query Many({variables}) {{ me {{ login }} }}"
    body = await demo.raw(query)
    assert "more than 2000 tokens" in body["errors"][0]["message"]


async def test_bodies_over_the_limit_are_refused(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql",
        content=b"{" + b" " * 2_000_000 + b"}",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413


async def test_unexpected_errors_are_masked(
    demo: Api, container: Container, monkeypatch: object
) -> None:
    async def boom(*args: object) -> None:
        raise RuntimeError("secret internals: password=hunter2")

    container.accounts.client = boom  # type: ignore[method-assign,assignment]
    body = await demo.raw("{ client { name } }")
    message = body["errors"][0]["message"]
    assert "hunter2" not in str(body) and "Traceback" not in str(body)
    assert "Внутренняя ошибка" in message


async def test_d14_locked_database_in_a_resolver_is_503_not_an_internal_error(
    demo: Api, container: Container
) -> None:
    import sqlite3

    from tortoise.exceptions import OperationalError

    async def locked(*args: object) -> None:
        raise OperationalError("locked") from sqlite3.OperationalError("database is locked")

    container.accounts.client = locked  # type: ignore[method-assign,assignment]
    response = await demo.http.post(
        "/graphql",
        json={"query": "{ client { name } }"},
        headers={"Authorization": f"Bearer {demo.token}"},
    )
    assert response.status_code == 503 and int(response.headers["retry-after"]) > 0
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert "недоступен" in error["message"] and "Внутренняя ошибка" not in error["message"]


async def test_health_answers_when_database_is_reachable(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}  # no broker configured


async def test_graphiql_served_in_development(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200 and "graphiql" in response.text.lower()


async def test_graphiql_off_in_production(tmp_path: Path) -> None:
    from infra.bootstrap import bootstrap
    from schema.app import create_app

    settings = Settings(
        env="production",
        secret_key="a-real-production-secret",
        database_url=f"sqlite://{tmp_path}/unused.db",
        storage_dir=tmp_path / "files",
    )
    app = create_app(bootstrap(settings), own_lifespan=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as http:
        page = await http.get("/graphql", headers={"accept": "text/html"})
    assert "graphiql" not in page.text.lower()
    assert page.status_code != 200


def test_fake_now_refused_in_production() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        Settings(env="production", secret_key="x" * 32, fake_now="2026-11-24T12:00:00+03:00")


def test_schema_graphql_is_up_to_date() -> None:
    committed = Path(__file__).resolve().parents[2] / "schema.graphql"
    current = build_schema().as_str() + "\n"
    assert committed.exists(), "run `make schema` to export schema.graphql"
    assert committed.read_text(encoding="utf-8") == current, (
        "schema.graphql is stale: run `make schema`"
    )
