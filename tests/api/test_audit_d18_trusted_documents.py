"""D18 through the trusted-documents cache (APQ): a document registered by one client is
usable by another (documents are not data), but only the document is shared: each caller
gets its own client's answer, a stranger none, and in production a document validated
for a signed-in caller (introspection) is not thereby let through for an anonymous one."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.test_trusted_documents import codes, persisted, post
from tests.db_fixtures import Api

MINE = """query Mine { client { name unp }
  billingAccounts(first: 100) { nodes { id number } } }"""
SCHEMA = "query Schema { __schema { queryType { name } } }"


async def test_d18_a_document_registered_by_one_client_answers_each_caller_its_own(
    client: httpx.AsyncClient, demo: Api, demo2: Api, anon: Api
) -> None:
    registered = await post(client, {"query": MINE, "extensions": persisted(MINE)}, demo.token)
    assert "errors" not in registered, registered
    theirs = await post(client, {"extensions": persisted(MINE)}, demo2.token)
    assert "errors" not in theirs, theirs
    assert theirs["data"] == await demo2(MINE)  # demo2's own answer, by the hash
    assert theirs["data"]["client"]["unp"] != registered["data"]["client"]["unp"]
    demo_ids = {n["id"] for n in registered["data"]["billingAccounts"]["nodes"]}
    assert not demo_ids & {n["id"] for n in theirs["data"]["billingAccounts"]["nodes"]}
    stranger = await post(client, {"extensions": persisted(MINE)})
    assert stranger.get("data") is None and codes(stranger) == ["UNAUTHENTICATED"], stranger
    again = await post(client, {"extensions": persisted(MINE)}, demo.token)
    assert again["data"] == registered["data"]


@pytest.mark.parametrize("settings_overrides", [{"env": "production"}])
async def test_d18_production_introspection_cached_for_a_signed_in_caller_refuses_a_stranger(
    client: httpx.AsyncClient, demo: Api
) -> None:
    body: dict[str, Any] = await post(
        client, {"query": SCHEMA, "extensions": persisted(SCHEMA)}, demo.token
    )
    assert body["data"]["__schema"]["queryType"]["name"] == "Query", body
    for _ in range(2):  # the second time from the cache of validated documents
        stranger = await post(client, {"extensions": persisted(SCHEMA)})
        assert stranger.get("data") is None, stranger
        assert codes(stranger) == ["UNAUTHENTICATED"], stranger
