"""GraphiQL from Kabinet itself in a real headless Chromium, with every off-host request blocked:
the page opens on the cabinet's tabs, signs in through the «Вход» tab, runs a query; orders a
download from the «Счета» tab and follows the job by its subscription over the WebSocket."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from schema.graphiql import ASSETS_DIR, assets_built
from tests.conftest import IN_CI
from tests.e2e.serving import free_port, load_demo, serve_env, serving

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RESULT = "document.querySelector('.result-window .CodeMirror').CodeMirror.getValue()"
QUERY_EDITOR = ".graphiql-query-editor .CodeMirror"
VARIABLES_EDITOR = ".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror"
RUN_AT = """([selector, text]) => {
  const editor = document.querySelector(selector).CodeMirror;
  const [kind, name] = text.split(' ');
  // GraphiQL parses the editor 100 ms after a change (a tab switch): wait for that.
  const known = (editor.operations || []).some(
    (node) => node.operation === kind && node.name && node.name.value === name,
  );
  if (!known) return false;
  const line = editor.getValue().split('\\n').findIndex((row) => row.startsWith(text));
  if (line < 0) return false;
  editor.focus();
  editor.setCursor({ line, ch: 1 });
  return true;
}"""
SET_VALUE = "([selector, text]) => document.querySelector(selector).CodeMirror.setValue(text)"


def _needs(ok: bool, what: str) -> None:
    if not ok:
        if IN_CI:
            pytest.fail(f"{what} is required in CI (make deps; make browser)")
        pytest.skip(f"{what} missing")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _needs(assets_built(), f"the GraphiQL bundle ({ASSETS_DIR})")
    _needs(Path(CHROMIUM).exists() or shutil.which("chromium") is not None, "chromium")
    work = tmp_path_factory.mktemp("graphiql")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = serve_env(work, base, f"sqlite://{work}/kabinet.db")
    load_demo(env)
    with serving(port, env):
        yield base


@dataclass
class Seen:
    """What the page did besides what a test asks of it."""

    off_host: list[str] = field(default_factory=list)  # requests refused: not to this host
    page_errors: list[str] = field(default_factory=list)  # exceptions and console errors
    ws_urls: list[str] = field(default_factory=list)
    ws_sent: list[dict[str, Any]] = field(default_factory=list)  # frames the page sent


@contextmanager
def _graphiql(server: str) -> Iterator[tuple[Any, Seen]]:
    """The GraphiQL page in headless Chromium, open on its tabs; nothing leaves the host."""
    from playwright.sync_api import Route, WebSocket, sync_playwright

    seen = Seen()

    def only_this_host(route: Route) -> None:
        if urlsplit(route.request.url).hostname != "127.0.0.1":
            seen.off_host.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    def watch(socket: WebSocket) -> None:
        seen.ws_urls.append(socket.url)
        socket.on("framesent", lambda payload: seen.ws_sent.append(json.loads(payload)))

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            context.route("**/*", only_this_host)
            page = context.new_page()
            page.on("pageerror", lambda error: seen.page_errors.append(str(error)))
            page.on(
                "console",
                lambda m: seen.page_errors.append(m.text) if m.type == "error" else None,
            )
            page.on("websocket", watch)
            page.goto(f"{server}/graphql")
            page.wait_for_selector(".graphiql-tab", timeout=15_000)
            yield page, seen
        finally:
            browser.close()


def _result(page: Any, contains: str) -> Any:
    """The response editor's JSON once it shows `contains` (polled: the page's CSP forbids
    the eval that page.wait_for_function would need)."""
    text = ""
    for _ in range(150):
        text = page.evaluate(RESULT) or ""
        if contains in text:
            return json.loads(text)
        time.sleep(0.1)
    raise AssertionError(f"no {contains!r} in the result: {text[:500]}")


def _run_operation(page: Any, start: str) -> None:
    """Put the cursor in the operation whose line starts with `start` and press Ctrl+Enter,
    as a user runs one operation of a tab that has several."""
    for _ in range(50):
        if page.evaluate(RUN_AT, [QUERY_EDITOR, start]):
            break
        time.sleep(0.1)
    else:
        raise AssertionError(f"no {start!r} in the query editor")
    page.keyboard.press("Control+Enter")


def test_graphiql_works_offline_signs_in_through_the_login_tab_and_runs_a_query(
    server: str,
) -> None:
    with _graphiql(server) as (page, seen):
        titles = [tab.inner_text().strip() for tab in page.query_selector_all(".graphiql-tab")]
        assert titles[:3] == ["Login", "FirstQuery", "PersonalInfo"], titles
        assert {"Payments", "Invoices", "Installments", "Subscribers", "Feedback"} <= set(titles), (
            titles
        )
        # The explorer plugin, fed by the introspected schema (no CDN either).
        page.click('[aria-label="Show GraphiQL Explorer"]')
        page.wait_for_selector(".graphiql-explorer-root >> text=orderInvoiceDownload")

        # The «Вход» tab is open first: run it; the page keeps the token.
        page.click(".graphiql-execute-button")
        login = _result(page, '"login"')["data"]["login"]
        assert login["errors"] == [] and login["token"]
        page.wait_for_selector("text=Вход выполнен", timeout=10_000)

        # Another tab, no header typed: the page sends the token by itself.
        page.click('.graphiql-tab:has-text("PersonalInfo")')
        page.click(".graphiql-execute-button")
        client = _result(page, '"unp"')["data"]["client"]

    me = httpx.post(
        f"{server}/graphql",
        json={"query": "{ client { name unp } }"},
        headers={"Authorization": f"Bearer {login['token']}"},
    ).json()["data"]["client"]
    assert (client["name"], client["unp"]) == (me["name"], me["unp"])
    assert seen.off_host == [], seen.off_host
    assert seen.page_errors == [], seen.page_errors


def test_d3_graphiql_orders_a_download_and_follows_its_subscription_to_done(server: str) -> None:
    with _graphiql(server) as (page, seen):
        page.click(".graphiql-execute-button")
        token = _result(page, '"login"')["data"]["login"]["token"]
        assert token
        page.wait_for_selector("text=Вход выполнен", timeout=10_000)

        # «Счета»: the accounts and their downloadable periods (D1)...
        page.click('.graphiql-tab:has-text("Invoices")')
        _run_operation(page, "query Invoices")
        accounts = _result(page, '"downloadablePeriods"')["data"]["billingAccounts"]["nodes"]
        account = next(node for node in accounts if node["downloadablePeriods"])
        variables = {
            "account": account["id"],
            "period": account["downloadablePeriods"][0],
            "job": "",
        }
        # ...a download ordered with them in the Variables tab (D3)...
        page.evaluate(SET_VALUE, [VARIABLES_EDITOR, json.dumps(variables)])
        _run_operation(page, "mutation OrderInvoiceDownload")
        order = _result(page, '"orderInvoiceDownload"')["data"]["orderInvoiceDownload"]
        assert order["errors"] == [] and order["job"]["id"], order
        # ...and its subscription run until the job is done.
        variables["job"] = order["job"]["id"]
        page.evaluate(SET_VALUE, [VARIABLES_EDITOR, json.dumps(variables)])
        _run_operation(page, "subscription DocumentJobProgress")
        job = _result(page, '"status": "DONE"')["data"]["documentJob"]
        # Signed out (token forgotten), the same subscription is refused and says why.
        page.click("text=Забыть токен")
        page.wait_for_selector("text=Не выполнен вход", timeout=10_000)
        _run_operation(page, "subscription DocumentJobProgress")
        refused = _result(page, "4403")["errors"][0]["message"]

    assert job["downloadUrl"] and job["progress"] == 100 and job["error"] is None, job
    assert seen.ws_urls == [server.replace("http://", "ws://") + "/graphql"] * 2, seen.ws_urls
    assert "WebSocket закрыт: 4403" in refused and "«Вход»" in refused, refused
    init = [frame for frame in seen.ws_sent if frame["type"] == "connection_init"]
    assert init == [
        {"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}},
        {"type": "connection_init", "payload": {}},
    ], init
    subscribe = [frame for frame in seen.ws_sent if frame["type"] == "subscribe"]
    assert len(subscribe) == 1, seen.ws_sent
    assert subscribe[0]["payload"]["variables"]["job"] == order["job"]["id"]
    assert subscribe[0]["payload"]["operationName"] == "DocumentJobProgress"
    download = httpx.get(job["downloadUrl"])
    assert download.status_code == 200 and download.content.startswith(b"%PDF"), download
    assert seen.off_host == [], seen.off_host
    assert seen.page_errors == [], seen.page_errors
