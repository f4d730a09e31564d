"""`kabinet serve` at /: the built front end, index.html for the app's own routes, a page
saying how to build it when web/dist is missing, and nothing outside web/dist."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

from schema.app import web_endpoint


def _client(dist: Path) -> TestClient:
    app = Starlette(routes=[Route("/{path:path}", web_endpoint(dist), methods=["GET", "HEAD"])])
    return TestClient(app)


def _build(tmp_path: Path) -> Path:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>Кабинет</title>", encoding="utf-8")
    (dist / "assets" / "index-abc.js").write_text("console.log(1)", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    return dist


def test_web_index_and_spa_routes_get_index_html_with_a_csp(tmp_path: Path) -> None:
    client = _client(_build(tmp_path))
    for path in ("/", "/invoices/download", "/rename"):
        response = client.get(path)
        assert response.status_code == 200 and "Кабинет" in response.text
        csp = response.headers["content-security-policy"]
        assert csp.startswith("default-src 'self'")
        # The subscriptions' WebSocket is same-origin, which 'self' allows (CSP Level 3); a
        # bare ws:/wss: would let the page connect to any host.
        assert "connect-src 'self';" in csp and " ws:" not in csp and " wss:" not in csp
    asset = client.get("/assets/index-abc.js")
    assert asset.status_code == 200 and "immutable" in asset.headers["cache-control"]
    assert client.get("/assets/missing.js").status_code == 404


def test_web_never_serves_a_file_outside_dist(tmp_path: Path) -> None:
    client = _client(_build(tmp_path))
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt"):
        assert "outside" not in client.get(path).text


def test_web_missing_build_says_how_to_build_it(tmp_path: Path) -> None:
    response = _client(tmp_path / "absent").get("/")
    assert response.status_code == 503 and "make deps" in response.text


def test_web_the_servers_own_paths_are_404_never_the_apps_page(tmp_path: Path) -> None:
    dist = _build(tmp_path)
    app = Starlette(
        routes=[Route("/{path:path}", web_endpoint(dist, {"metrics", "files"}), methods=["GET"])]
    )
    client = TestClient(app)
    for path in ("/metrics", "/files/a/b", "/assets/missing.js", "/assets"):
        assert client.get(path).status_code == 404, path
    # A path that only begins like one of them is the app's own.
    assert "Кабинет" in client.get("/metricsboard").text
    # And so they are without a build too (not the page saying how to build it).
    absent = web_endpoint(tmp_path / "absent", {"metrics"})
    app = Starlette(routes=[Route("/{path:path}", absent, methods=["GET"])])
    assert TestClient(app).get("/metrics/x").status_code == 404
