"""Trusted documents: operations by sha256 hash (automatic persisted queries, as Apollo
Client's persisted-queries link and urql send them), a manifest shipped by the front
end, and a mode that runs the manifest's documents only."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from infra.bootstrap import Container
from schema.persisted import ManifestError, TrustedDocuments, load_manifest
from tests.api.live_helpers import live, serving

LOGIN = "mutation($i: LoginInput!) { login(input: $i) { token errors { code } } }"
ME = "query Me { me { login client { name } } }"
ADHOC = "{ me { login } }"
ADHOC_LIVE = "subscription($id: ID!) { documentJob(id: $id) { id status } }"
ROOT = Path(__file__).resolve().parents[2]


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def persisted(text: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha(text)}}


async def post(
    http: httpx.AsyncClient, body: dict[str, Any], token: str | None = None
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await http.post("/graphql", json=body, headers=headers)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


async def sign_in(http: httpx.AsyncClient) -> str:
    body = await post(
        http, {"query": LOGIN, "variables": {"i": {"login": "demo", "password": "demo"}}}
    )
    token: str = body["data"]["login"]["token"]
    return token


@pytest.fixture
def settings_overrides(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, Any]:
    """A manifest of ME and LOGIN; `indirect` True: in the mode that runs nothing else."""
    manifest = tmp_path / "persisted-documents.json"
    # graphql-codegen's own form of the keys (sha256:<hex>) is read as well.
    manifest.write_text(json.dumps({f"sha256:{sha(ME)}": ME, sha(LOGIN): LOGIN}))
    return {
        "trusted_documents": str(manifest),
        "trusted_documents_only": getattr(request, "param", False),
    }


async def test_apq_round_trip_hash_unknown_then_registered_then_by_hash_alone(
    client: httpx.AsyncClient,
) -> None:
    token = await sign_in(client)
    query = "query Mine { me { login } }"
    unknown = await post(client, {"extensions": persisted(query)}, token)
    assert codes(unknown) == ["PERSISTED_QUERY_NOT_FOUND"]
    assert unknown["errors"][0]["message"] == "PersistedQueryNotFound"  # what clients look for

    registered = await post(client, {"query": query, "extensions": persisted(query)}, token)
    assert registered["data"] == {"me": {"login": "demo"}}, registered

    by_hash = await post(client, {"extensions": persisted(query)}, token)
    assert by_hash == {"data": {"me": {"login": "demo"}}}


async def test_apq_hash_that_is_not_the_documents_is_refused(client: httpx.AsyncClient) -> None:
    token = await sign_in(client)
    body = await post(client, {"query": ADHOC, "extensions": persisted(ME)}, token)
    assert body.get("data") is None
    assert codes(body) == ["PERSISTED_QUERY_HASH_MISMATCH"]
    assert "не совпадает" in body["errors"][0]["message"]
    # Nothing was registered under the hash of another document: it still runs ME.
    assert (await post(client, {"extensions": persisted(ME)}, token))["data"]["me"]["login"] == (
        "demo"
    )


@pytest.mark.parametrize(
    "extensions",
    [
        {"persistedQuery": "x"},
        {"persistedQuery": {"version": 1, "sha256Hash": "abc"}},
        {"persistedQuery": {"version": 1}},
    ],
)
async def test_apq_malformed_persisted_query_is_bad_user_input(
    client: httpx.AsyncClient, extensions: dict[str, Any]
) -> None:
    body = await post(client, {"extensions": extensions})
    assert codes(body) == ["BAD_USER_INPUT"] and "sha256Hash" in body["errors"][0]["message"]


async def test_apq_other_version_is_refused(client: httpx.AsyncClient) -> None:
    extensions = {"persistedQuery": {"version": 2, "sha256Hash": sha(ME)}}
    body = await post(client, {"extensions": extensions})
    assert codes(body) == ["PERSISTED_QUERY_NOT_SUPPORTED"]


async def test_manifest_documents_run_by_hash_with_variables(client: httpx.AsyncClient) -> None:
    body = await post(
        client,
        {
            "extensions": persisted(LOGIN),
            "variables": {"i": {"login": "demo", "password": "demo"}},
        },
    )
    token = body["data"]["login"]["token"]
    assert token
    me = await post(client, {"extensions": persisted(ME), "operationName": "Me"}, token)
    assert me["data"]["me"]["login"] == "demo"
    # And by their text, as the reference front end sends them: the same answer.
    assert await post(client, {"query": ME}, token) == me


async def test_manifest_document_by_hash_over_get(client: httpx.AsyncClient) -> None:
    token = await sign_in(client)
    response = await client.get(
        "/graphql",
        params={"extensions": json.dumps(persisted(ME)), "operationName": "Me"},
        headers={"Authorization": f"Bearer {token}", "accept": "application/json"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["data"]["me"]["login"] == "demo"
    unknown = await client.get(
        "/graphql",
        params={"extensions": json.dumps(persisted("{ __typename }"))},
        headers={"accept": "application/json"},
    )
    assert codes(unknown.json()) == ["PERSISTED_QUERY_NOT_FOUND"]


async def test_known_document_validated_once_still_refuses_bad_input_and_no_token(
    client: httpx.AsyncClient,
) -> None:
    """The cache skips parsing and validation, not the checks that depend on the request."""
    for _ in range(2):
        anonymous = await post(client, {"extensions": persisted(ME)})
        assert codes(anonymous) == ["UNAUTHENTICATED"]
        wrong = await post(
            client, {"extensions": persisted(LOGIN), "variables": {"i": {"login": "demo"}}}
        )
        assert wrong.get("data") is None and wrong["errors"], wrong


@pytest.mark.parametrize("settings_overrides", [True], indirect=True)
async def test_trusted_only_refuses_an_adhoc_document_and_runs_the_manifests(
    client: httpx.AsyncClient,
) -> None:
    token = await sign_in(client)  # LOGIN is in the manifest, sent by its text
    adhoc = await post(client, {"query": ADHOC}, token)
    assert adhoc.get("data") is None and codes(adhoc) == ["PERSISTED_QUERY_NOT_ALLOWED"]
    assert "доверенных" in adhoc["errors"][0]["message"]
    # Registering it by hash is refused too, and it stays unknown.
    registering = await post(client, {"query": ADHOC, "extensions": persisted(ADHOC)}, token)
    assert codes(registering) == ["PERSISTED_QUERY_NOT_ALLOWED"]
    again = await post(client, {"extensions": persisted(ADHOC)}, token)
    assert codes(again) == ["PERSISTED_QUERY_NOT_FOUND"]
    # The manifest's own: by text and by hash.
    assert (await post(client, {"query": ME}, token))["data"]["me"]["login"] == "demo"
    by_hash = await post(client, {"extensions": persisted(ME)}, token)
    assert by_hash["data"]["me"]["login"] == "demo"


@pytest.mark.parametrize("settings_overrides", [True], indirect=True)
async def test_trusted_only_refuses_an_adhoc_subscription_over_the_websocket(
    client: httpx.AsyncClient, container: Container
) -> None:
    """The WebSocket is no way around the manifest: every operation passes the refusal."""
    token = await sign_in(client)
    async with serving(container) as base, live(base, {"token": token}) as ws:
        for query, variables in ((ADHOC_LIVE, {"id": "RG9jdW1lbnRKb2I6MQ=="}), (ADHOC, {})):
            op = await ws.start(query, variables)
            items, errors = await ws.until_complete(op)
            assert items == [] and [e["extensions"]["code"] for e in errors] == [
                "PERSISTED_QUERY_NOT_ALLOWED"
            ], (query, errors)
        # The manifest's own document runs over the same connection.
        op = await ws.start(ME, {})
        items, errors = await ws.until_complete(op)
        assert errors == [] and items == [
            {"me": {"login": "demo", "client": items[0]["me"]["client"]}}
        ]


def test_manifest_whose_hash_is_not_its_documents_refuses_to_start(tmp_path: Path) -> None:
    bad = tmp_path / "m.json"
    bad.write_text(json.dumps({sha(ME): ADHOC}))
    with pytest.raises(ManifestError):
        load_manifest(bad)
    with pytest.raises(ManifestError):
        TrustedDocuments({}, only=True)


def test_the_front_ends_committed_manifest_is_read() -> None:
    manifest = load_manifest(ROOT / "web" / "src" / "gql" / "persisted-documents.json")
    assert manifest and all(sha(text) == digest for digest, text in manifest.items())


def test_registered_documents_are_bounded() -> None:
    store = TrustedDocuments({}, capacity=2)
    for text in ("{ a }", "{ b }", "{ c }"):
        store.register(sha(text), text)
    assert store.text(sha("{ a }")) is None
    assert store.text(sha("{ c }")) == "{ c }"


async def test_known_document_is_parsed_once_and_validated_once(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import strawberry.schema.schema as strawberry_schema

    import schema.persisted as persisted_module

    calls = {"ours": 0, "strawberry": 0, "validate": 0}

    def counting(name: str, real: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return real(*args, **kwargs)

        return wrapper

    ours, theirs = getattr(persisted_module, "parse"), getattr(strawberry_schema, "parse")  # noqa: B009
    monkeypatch.setattr(persisted_module, "parse", counting("ours", ours))
    monkeypatch.setattr(strawberry_schema, "parse", counting("strawberry", theirs))
    monkeypatch.setattr(
        strawberry_schema,
        "validate_document",
        counting("validate", strawberry_schema.validate_document),
    )
    token = await sign_in(client)  # LOGIN: a manifest document sent by its text
    for _ in range(3):
        me = await post(client, {"extensions": persisted(ME)}, token)
        assert me["data"]["me"]["login"] == "demo"
    assert calls == {"ours": 2, "strawberry": 0, "validate": 2}  # LOGIN once, ME once
    await post(client, {"query": ADHOC}, token)  # not known: Strawberry's own path
    assert calls["strawberry"] == 1 and calls["validate"] == 3
    # Valid, it is known from now on: neither parsed nor validated again.
    for _ in range(2):
        assert (await post(client, {"query": ADHOC}, token))["data"]["me"]["login"] == "demo"
    assert calls == {"ours": 2, "strawberry": 1, "validate": 3}
    # Known, it still answers per request: without a token, refused.
    assert codes(await post(client, {"query": ADHOC})) == ["UNAUTHENTICATED"]
    # An invalid text is never kept: parsed and validated every time.
    for _ in range(2):
        bad = await post(client, {"query": "{ me { nosuchfield } }"}, token)
        assert codes(bad) == ["GRAPHQL_VALIDATION_FAILED"]
    assert calls["strawberry"] == 3 and calls["validate"] == 5


@pytest.mark.parametrize("settings_overrides", [True], indirect=True)
async def test_trusted_only_learns_nothing(client: httpx.AsyncClient) -> None:
    token = await sign_in(client)
    for _ in range(2):
        adhoc = await post(client, {"query": ADHOC}, token)
        assert codes(adhoc) == ["PERSISTED_QUERY_NOT_ALLOWED"]


def test_only_short_valid_texts_are_learned() -> None:
    from graphql import parse

    from schema.persisted import LEARNED_MAX_CHARS

    store = TrustedDocuments({}, capacity=2)
    short, long = "{ a }", "{ " + "a " * LEARNED_MAX_CHARS + "}"
    store.learn(short, parse(short), ("rules",))
    store.learn(long, parse(long), ("rules",))
    assert store.known(short) == sha(short) and store.passed(sha(short), ("rules",))
    assert store.known(long) is None
    for text in ("{ b }", "{ c }"):  # bounded as registered ones are
        store.learn(text, parse(text), ("rules",))
    assert store.known(short) is None
