"""End to end: the reference front end (web/) in a real browser (Debian's chromium driven by
Playwright), against `kabinet serve` with demo data. Every request off the machine is refused.

Signs in as demo, then demo2 (who never sees demo's objects): downloads a PDF by link and finds
the invoice's amount due in it, orders a repeat by e-mail and finds the .eml in the outbox,
sends a bad list of addresses and sees the API's Russian message at the field, then a good one,
renames by a file with one bad line, signs out. One more server on day 2 of a month shows the
formation window (D2) with the date the service resumes. Screenshots go to var/screenshots.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, FilePayload, Page, Route, sync_playwright
from pypdf import PdfReader

from tests.e2e.serving import FAKE_NOW, ROOT, free_port, load_demo, serve_env, serving

DIST = ROOT / "web" / "dist"
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "var" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 30_000


@dataclass
class Server:
    base: str
    outbox: Path


def _start(stack: ExitStack, work: Path, db: Path, fake_now: str) -> Server:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    stack.enter_context(serving(port, serve_env(work, base, f"sqlite://{db}", fake_now)))
    return Server(base, work / "outbox")


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Server]]:
    if not (DIST / "index.html").is_file():
        pytest.fail("web/dist is not built: run `make deps` (npm ci && npm run build in web/)")
    if not CHROMIUM.exists():
        pytest.fail("/usr/bin/chromium is missing: apt-get install -y chromium")
    work = tmp_path_factory.mktemp("web")
    load_demo(serve_env(work, "", f"sqlite://{work}/kabinet.db"))
    (work / "window").mkdir()
    shutil.copy(work / "kabinet.db", work / "window" / "kabinet.db")  # the same demo data
    with ExitStack() as stack:
        yield {
            "normal": _start(stack, work, work / "kabinet.db", FAKE_NOW),
            # D2: day 2 of a month, inside the formation window (1st to 3rd).
            "window": _start(
                stack, work / "window", work / "window" / "kabinet.db", "2026-12-02T12:00:00+03:00"
            ),
        }


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def _page(browser: Browser, base: str, width: int = 1280) -> tuple[Page, list[str]]:
    """A fresh context; any request not to this server is aborted and recorded."""
    context = browser.new_context(
        accept_downloads=True, viewport={"width": width, "height": 900}, locale="ru-RU"
    )
    host = urlsplit(base).netloc
    offhost: list[str] = []

    def guard(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).netloc == host or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            offhost.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page, offhost


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def gql(base: str, query: str, variables: dict[str, Any] | None = None, token: str = "") -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = httpx.post(
        f"{base}/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    ).json()
    assert "errors" not in body, body
    return body["data"]


def _token(base: str, user: str) -> str:
    data = gql(
        base,
        "mutation($i: LoginInput!) { login(input: $i) { token } }",
        {"i": {"login": user, "password": user}},
    )
    token: str = data["login"]["token"]
    return token


def _facts(base: str, user: str) -> dict[str, Any]:
    """What the API says of the user's client, to compare with the screens."""
    token = _token(base, user)
    data = gql(
        base,
        """{ client { name } billingAccounts(first: 100) { nodes { number downloadablePeriods
             delivery { emails } invoices(first: 12) { nodes { period amountDue } } } }
           subscribers(first: 2) { nodes { number } } }""",
        token=token,
    )
    return {
        "name": data["client"]["name"],
        "accounts": data["billingAccounts"]["nodes"],
        "subscriber": data["subscribers"]["nodes"][0]["number"],
    }


def _sign_in(page: Page, base: str, user: str) -> None:
    page.goto(f"{base}/")
    page.get_by_label("Логин").fill(user)
    page.get_by_label("Пароль").fill(user)
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("heading", name="Главное меню администратора").wait_for()


def _menu(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Главное меню администратора").get_by_role(
        "link", name=name, exact=True
    ).click()


def _digits(text: str) -> str:
    return re.sub(r"\s", "", text.replace("\u00a0", "").replace("\u2007", "").replace("\u2008", ""))


def _flows(
    browser: Browser, server: Server, user: str, other: dict[str, Any] | None
) -> dict[str, Any]:
    base = server.base
    facts = _facts(base, user)
    page, offhost = _page(browser, base)
    _sign_in(page, base, user)
    _shot(page, f"{user}-01-menu")

    _menu(page, "Персональная информация")
    page.get_by_test_id("client-info").wait_for()
    assert facts["name"] in page.get_by_test_id("client-info").inner_text()
    if other:  # demo2 never sees demo's client nor its accounts
        body = page.locator("main").inner_text()
        assert other["name"] not in body
        assert not any(a["number"] in body for a in other["accounts"])
    _shot(page, f"{user}-02-info")

    # «Загрузить счет по ссылке»: account, month, PDF, «Далее», progress, then the link.
    account = facts["accounts"][0]
    period = account["downloadablePeriods"][0]
    amount_due = next(i["amountDue"] for i in account["invoices"]["nodes"] if i["period"] == period)
    _menu(page, "Счета")
    # The «Счета» screen's own link (the folded main menu lists it too, hidden at 360 px).
    page.get_by_role("main").get_by_role("link", name="Загрузить счет по ссылке").click()
    page.locator("#account option").first.wait_for(state="attached")
    options = page.locator("#account option").all_inner_texts()
    assert account["number"] in options
    if other:
        assert not {a["number"] for a in other["accounts"]} & set(options)
    page.get_by_label("Выберите лицевой счет:").select_option(label=account["number"])
    page.get_by_label("Выберите месяц, за который желаете получить счет:").select_option(period)
    page.get_by_label("PDF").check()
    _shot(page, f"{user}-03-download-form")
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    if other:  # demo2: a proxy without WebSocket (closed at once), so polling takes over
        page.route_web_socket("**/graphql", lambda ws: ws.close())
    page.get_by_role("button", name="Далее").click()
    link = page.get_by_test_id("download-link")
    link.wait_for(timeout=90_000)
    if other:
        assert link.get_attribute("data-via") == "poll"
    else:
        # Followed by the documentJob subscription (same-origin WebSocket under the page's
        # CSP connect-src 'self'), not by the polling fallback.
        assert link.get_attribute("data-via") == "subscription"
        assert any(
            urlsplit(u).netloc == urlsplit(base).netloc and u.endswith("/graphql") for u in sockets
        )
    _shot(page, f"{user}-04-download-link")
    with page.expect_download() as download_info:
        link.click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    text = "".join(p.extract_text() or "" for p in PdfReader(BytesIO(pdf)).pages)
    assert _digits(amount_due.replace(".", ",")) in _digits(text)

    # «Заказать счет на E-mail»: account, «Далее», period, «Далее»; the .eml in the outbox.
    before = set(server.outbox.glob("**/*.eml")) if server.outbox.exists() else set()
    _menu(page, "Счета")
    page.get_by_role("link", name="Заказать счет на E-mail").first.click()
    page.get_by_label("Выберите лицевой счет:").select_option(label=account["number"])
    page.get_by_role("button", name="Далее").click()
    page.get_by_label("Выберите период счета").wait_for()
    _shot(page, f"{user}-05-email-period")
    page.get_by_role("button", name="Далее").click()
    page.get_by_test_id("email-ordered").wait_for()
    _shot(page, f"{user}-06-email-ordered")
    # D4: the status follows the invoiceEmailRequest subscription (demo2: the polling fallback).
    done = page.locator('[data-testid="email-ordered"][data-status="DONE"]')
    done.wait_for(timeout=60_000)
    assert done.get_attribute("data-via") == ("poll" if other else "subscription")
    deadline = time.monotonic() + 60
    new: set[Path] = set()
    while time.monotonic() < deadline and not new:
        new = set(server.outbox.glob("**/*.eml")) - before if server.outbox.exists() else set()
        time.sleep(0.2)
    assert new, "no .eml in the outbox after ordering a repeat"

    # «Изменить способ/адрес доставки»: a bad list, the API's message at the field; a good one.
    _menu(page, "Счета")
    page.get_by_role("link", name="Изменить способ/адрес доставки").first.click()
    page.get_by_label("Выберите лицевой счет:").select_option(label=account["number"])
    page.get_by_role("button", name="Далее").click()
    page.get_by_test_id("current-method").wait_for()
    _shot(page, f"{user}-07-delivery-current")
    page.get_by_role("button", name="Изменить").click()
    page.get_by_label("E-mail").check()
    _shot(page, f"{user}-08-delivery-method")
    page.get_by_role("button", name="Далее").click()
    change = page.get_by_role("button", name="Изменить текущий e-mail")
    field = page.get_by_label("Введите адрес e-mail для доставки счетов:")
    change.or_(field).first.wait_for()
    if change.is_visible():
        _shot(page, f"{user}-09-delivery-choice")
        change.click()
    assert page.get_by_text('если адресов несколько, то через ";" без пробела').is_visible()
    field.fill("buh@company.by;not-an-address")
    page.get_by_role("button", name="Далее").click()
    error = page.locator("#emails-error")
    error.wait_for()
    assert "Адрес №2 «not-an-address» указан неверно" in error.inner_text()
    assert field.get_attribute("aria-describedby") and "emails-error" in str(
        field.get_attribute("aria-describedby")
    )
    _shot(page, f"{user}-10-delivery-bad-list")
    good = f"buh@{user}.by;boss@{user}.by"
    field.fill(good)
    page.get_by_role("button", name="Далее").click()
    page.get_by_test_id("delivery-saved").wait_for()
    assert good in page.get_by_test_id("delivery-saved").inner_text()
    assert "начиная со счета за" in page.get_by_test_id("applies-from").inner_text()
    _shot(page, f"{user}-11-delivery-saved")

    # «Переименование абонента» by a file with one bad line: per-line errors.
    _menu(page, "Переименование абонента")
    page.get_by_label("Файлом (CSV, XLSX)").check()
    csv = f"Номер;Имя\n{facts['subscriber']};Бухгалтерия {user}\n+375290000000;Нет такого\n"
    page.get_by_label("Файл со столбцами «Номер» и «Имя»").set_input_files(
        files=[FilePayload(name="rename.csv", mimeType="text/csv", buffer=csv.encode())]
    )
    page.get_by_role("button", name="Переименовать").click()
    results = page.get_by_test_id("line-results")
    results.wait_for()
    rows = results.locator("tbody tr")
    assert rows.count() == 2
    assert "не найден" in rows.nth(1).inner_text()
    assert "не найден" not in rows.nth(0).inner_text()
    # D13: a list with a refused line is not accepted; the refusal is on its line only.
    assert (
        "Заявка не принята: строк с ошибками 1" in page.get_by_test_id("rename-result").inner_text()
    )
    assert page.get_by_text("не найден среди абонентов клиента").count() == 1
    _shot(page, f"{user}-12-rename-file")

    # «Платежи»: registering an unconfirmed payment (D12), then it is in the history.
    _menu(page, "Платежи")
    page.get_by_label("Сумма, BYN").fill("12,34")
    page.get_by_label("Дата платежа").fill("2026-11-20")
    page.get_by_label("Номер платежного документа").fill(f"E2E-{user}")
    page.get_by_role("button", name="Зарегистрировать").click()
    page.get_by_text("Платеж зарегистрирован как неподтвержденный.").wait_for()
    row = page.get_by_test_id("payments").locator("tr", has_text=f"E2E-{user}")
    row.wait_for()
    assert "12.34" in row.inner_text() and "не подтвержден" in row.inner_text()
    _shot(page, f"{user}-13-payments")

    # «Действия с услугами по списку абонентов»: a list, its lines, then the history (D14).
    _menu(page, "Действия с услугами по списку абонентов")
    page.locator("#service option").first.wait_for(state="attached")
    page.get_by_label("Номера абонентов (по одному в строке)").fill(
        f"{facts['subscriber']}\n+375290000000"
    )
    page.get_by_role("button", name="Отправить").click()
    lines = page.get_by_test_id("line-results").locator("tbody tr")
    lines.first.wait_for()
    assert lines.count() == 2
    page.get_by_test_id("service-history").locator("tbody tr").first.wait_for()
    # The request's status follows the serviceRequest subscription (demo2: polling) to its end,
    # without reloading the page.
    page.get_by_test_id("service-history").locator(
        'tbody tr[data-status="DONE"], tbody tr[data-status="FAILED"]'
    ).first.wait_for(timeout=60_000)
    _shot(page, f"{user}-17-services")

    # The other screens, each with its words.
    for name, shot in [
        ("Информация по рассрочке", "14-installments"),
        ("Выбор абонента", "15-subscribers"),
        ("Обратная связь", "16-feedback"),
    ]:
        _menu(page, name)
        page.get_by_role("heading", name=name).wait_for()
        page.wait_for_load_state("networkidle")
        _shot(page, f"{user}-{shot}")
    _menu(page, "Счета")
    page.get_by_role("link", name="Начисления за текущий период").first.click()
    page.get_by_role("button", name="Далее").wait_for()
    _shot(page, f"{user}-18-charges")

    page.get_by_role("button", name="Выход").click()
    page.get_by_role("heading", name="Вход").wait_for()
    assert page.evaluate("sessionStorage.getItem('kabinet.token')") is None
    assert page.evaluate("document.cookie") == ""
    _shot(page, f"{user}-19-signed-out")
    page.context.close()
    assert offhost == [], offhost
    return facts


def test_d3_d4_d7_d13_the_cabinet_in_a_browser_for_demo_then_demo2(
    servers: dict[str, Server], browser: Browser
) -> None:
    demo = _flows(browser, servers["normal"], "demo", None)
    _flows(browser, servers["normal"], "demo2", demo)


def test_d2_formation_window_shows_when_the_service_resumes(
    servers: dict[str, Server], browser: Browser
) -> None:
    server = servers["window"]
    page, offhost = _page(browser, server.base, width=360)
    _sign_in(page, server.base, "demo")
    page.get_by_role("button", name="Меню").click()  # 360 px: the menu folds
    _menu(page, "Счета")
    # The «Счета» screen's own link (the folded main menu lists it too, hidden at 360 px).
    page.get_by_role("main").get_by_role("link", name="Загрузить счет по ссылке").click()
    notice = page.get_by_test_id("formation-window")
    notice.wait_for()
    assert "Услуга возобновится 04.12.2026" in notice.inner_text()
    page.get_by_role("button", name="Далее").click()
    refusal = page.get_by_role("alert").filter(has_text="Услуга возобновится 04.12.2026 в 00:00")
    refusal.wait_for()
    _shot(page, "window-download-refused-360px")
    page.context.close()
    assert offhost == [], offhost
