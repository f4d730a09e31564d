"""End to end: `kabinet demo` then `kabinet serve`, a real server over real HTTP."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.serving import free_port, load_demo, serve_env, serving

LOGS: dict[str, Path] = {}  # the server's output (stdout and stderr) by its base URL


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("serve")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = serve_env(work, base, f"sqlite://{work}/kabinet.db")
    load_demo(env)
    LOGS[base] = work / "serve.log"
    with LOGS[base].open("wb") as output, serving(port, env, output):
        yield base


def gql(base: str, query: str, variables: dict[str, Any] | None = None, token: str = "") -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.post(
        f"{base}/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()


def login(base: str, user: str) -> str:
    body = gql(
        base,
        "mutation($i: LoginInput!) { login(input: $i) { token errors { code } } }",
        {"i": {"login": user, "password": user}},
    )
    token: str = body["data"]["login"]["token"]
    return token


def test_make_run_serves_graphiql_demo_data_and_downloads(server: str) -> None:
    page = httpx.get(f"{server}/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()

    assert gql(server, "{ me { login } }")["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

    demo, demo2 = login(server, "demo"), login(server, "demo2")
    query = (
        "{ billingAccounts(first: 100) { nodes { id number "
        "invoices(first: 12) { nodes { period } } } } }"
    )
    mine = gql(server, query, token=demo)["data"]["billingAccounts"]["nodes"]
    theirs = gql(server, query, token=demo2)["data"]["billingAccounts"]["nodes"]
    assert mine and theirs
    assert not {a["number"] for a in mine} & {a["number"] for a in theirs}
    assert len(mine[0]["invoices"]["nodes"]) == 12

    order = gql(
        server,
        """mutation($i: OrderInvoiceDownloadInput!) { orderInvoiceDownload(input: $i) {
            job { id status } errors { code } } }""",
        {"i": {"billingAccountId": mine[0]["id"], "period": "2026-10", "format": "PDF"}},
        token=demo,
    )["data"]["orderInvoiceDownload"]
    assert order["errors"] == [] and order["job"]["status"] == "QUEUED"
    job_query = "query($id: ID!) { documentJob(id: $id) { status downloadUrl } }"
    for _ in range(200):
        job = gql(server, job_query, {"id": order["job"]["id"]}, token=demo)["data"]["documentJob"]
        if job["status"] in ("DONE", "FAILED"):
            break
        time.sleep(0.2)
    assert job["status"] == "DONE"
    pdf = httpx.get(job["downloadUrl"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # The other client can neither see the job nor order for this account.
    assert (
        gql(server, job_query, {"id": order["job"]["id"]}, token=demo2)["data"]["documentJob"]
        is None
    )


def test_serve_logs_no_query_string_nor_link_token_and_tags_lines_with_the_request_id(
    server: str,
) -> None:
    secret = "Hunter2-in-a-GET"
    query = f'mutation {{ login(input: {{login: "demo", password: "{secret}"}}) {{ token }} }}'
    refused = httpx.get(f"{server}/graphql", params={"query": query})
    assert refused.status_code >= 400 and refused.headers["x-request-id"]
    tagged = httpx.post(
        f"{server}/graphql",
        json={"query": "{ mee }"},
        headers={"X-Request-Id": "e2e-rid-7"},
    )
    assert tagged.headers["x-request-id"] == "e2e-rid-7"
    token = "eyJrIjoiMS94LnBkZiJ9.c2lnbmF0dXJl"
    assert httpx.get(f"{server}/files/{token}").status_code == 403
    time.sleep(0.5)  # the server writes its log lines after the responses
    text = LOGS[server].read_text(encoding="utf-8", errors="replace")
    assert secret not in text and token not in text
    assert "/graphql?" not in text and "query=" not in text
    access = [line for line in text.splitlines() if " kabinet.access " in line]
    assert any("request_id=e2e-rid-7" in line and '"POST /graphql" 200' in line for line in access)
    # The path without its token (the log formatter's scrub writes it as /files/***).
    assert any(re.search(r'"GET /files/(…|\*\*\*)" 403', line) for line in access)
    # Downloads made by the other test used real signed links: none is in the log.
    hidden = ("/files/…", "/files/***")
    assert all(
        "/files/" not in line or any(h in line for h in hidden) for line in text.splitlines()
    )
