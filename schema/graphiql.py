"""GraphiQL served by Kabinet itself: the page at GET /graphql, the bundle at /graphiql-assets/.

The bundle (GraphiQL, the explorer plugin, graphql-ws) is built from `graphiql/` by
`make deps` (npm ci + esbuild, versions and integrity pinned in graphiql/package-lock.json)
and never committed; without it the page says how to build it instead of loading a CDN.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from starlette.responses import HTMLResponse
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

ASSETS_DIR = Path(__file__).resolve().parents[1] / "graphiql" / "dist"
ASSETS_URL = "/graphiql-assets"
# Everything from this origin: a CDN request would be refused by the browser too; 'self'
# covers the same-origin ws:/wss: of the subscriptions (CSP Level 3), and no other host.
CSP = (
    "default-src 'self'; script-src 'self'; connect-src 'self'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)

PAGE = """<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kabinet · GraphiQL</title>
<link rel="stylesheet" href="{url}/graphiql.css?v={version}">
<style>html, body, #graphiql {{ height: 100%; margin: 0; }}</style>
</head>
<body>
<div id="graphiql">Загрузка GraphiQL…</div>
<script type="module" src="{url}/graphiql.js?v={version}"></script>
</body>
</html>
"""

NOT_BUILT = """<!doctype html>
<html lang="ru">
<head><meta charset="utf-8"><title>Kabinet · GraphiQL не собран</title></head>
<body style="font-family: sans-serif; max-width: 46em; margin: 2em auto">
<h1>GraphiQL не собран</h1>
<p>Kabinet показывает GraphiQL из своей сборки, без CDN, а сборки нет
(<code>{path}</code>). Соберите её и обновите страницу:</p>
<pre>make deps            # ставит Node.js (apt-get install nodejs npm), npm ci, сборка
# или вручную:
cd graphiql &amp;&amp; npm ci &amp;&amp; npm run build</pre>
<p>API работает и без неё: POST /graphql с JSON
<code>{{"query": "…"}}</code>.</p>
<p lang="en">GraphiQL is not built. Run <code>make deps</code> (needs Node.js 18+ and npm),
or <code>cd graphiql &amp;&amp; npm ci &amp;&amp; npm run build</code>, then reload.</p>
</body>
</html>
"""


def assets_built(directory: Path = ASSETS_DIR) -> bool:
    return (directory / "graphiql.js").is_file() and (directory / "graphiql.css").is_file()


def graphiql_page(directory: Path = ASSETS_DIR) -> HTMLResponse:
    """The page, or a 503 saying how to build the bundle when it is missing."""
    if not assets_built(directory):
        return HTMLResponse(NOT_BUILT.format(path=escape(str(directory))), status_code=503)
    version = int((directory / "graphiql.js").stat().st_mtime)
    html = PAGE.format(url=ASSETS_URL, version=version)
    return HTMLResponse(html, headers={"content-security-policy": CSP, "cache-control": "no-cache"})


def graphiql_assets(directory: Path = ASSETS_DIR) -> Mount:
    """The built bundle as static files (check_dir=False: absent until built)."""
    return Mount(ASSETS_URL, app=StaticFiles(directory=directory, check_dir=False))
