"""GraphiQL's page and tabs: the cabinet's examples are valid against schema.graphql, one per
menu section of the help page; without a build the page says how to make it."""

from __future__ import annotations

import json
from pathlib import Path

from graphql import build_schema, parse, validate

from schema.graphiql import graphiql_page

ROOT = Path(__file__).resolve().parents[2]
MENU = [
    "Вход",
    "Первый запрос",
    "Персональная информация",
    "Платежи",
    "Счета",
    "Информация по рассрочке",
    "Выбор абонента",
    "Обратная связь",
    "Переименование абонента",
    "Действия с услугами по списку",
]


def test_graphiql_tabs_follow_the_menu_and_are_valid_against_the_schema() -> None:
    schema = build_schema((ROOT / "schema.graphql").read_text(encoding="utf-8"))
    tabs = json.loads((ROOT / "graphiql/src/tabs.json").read_text(encoding="utf-8"))
    assert [tab["title"] for tab in tabs] == MENU
    for tab in tabs:
        errors = validate(schema, parse(tab["query"]))
        assert errors == [], (tab["title"], errors)
        assert isinstance(json.loads(tab.get("variables") or "{}"), dict), tab["title"]


def test_graphiql_page_without_a_build_says_how_to_build_it(tmp_path: Path) -> None:
    response = graphiql_page(tmp_path)
    body = bytes(response.body).decode()
    assert response.status_code == 503
    assert "make deps" in body and "npm ci" in body


def test_graphiql_page_loads_only_its_own_assets(tmp_path: Path) -> None:
    (tmp_path / "graphiql.js").write_text("")
    (tmp_path / "graphiql.css").write_text("")
    response = graphiql_page(tmp_path)
    body = bytes(response.body).decode()
    assert response.status_code == 200
    assert "/graphiql-assets/graphiql.js" in body and "//" not in body.replace("://", "")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp
    # The subscriptions' WebSocket is same-origin: no other host may be reached.
    assert "connect-src 'self';" in csp and " ws:" not in csp and " wss:" not in csp
