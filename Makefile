# Kabinet: `make run` serves the API with demo data; `make test` runs the tests.
SHELL := /bin/bash
export PATH := $(HOME)/.local/bin:$(PATH)
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
RUN := $(UV) run --frozen

# Real services for the tests (the same suite runs on SQLite and PostgreSQL).
KABINET_TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
KABINET_TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
KABINET_TEST_RABBITMQ_URL ?= amqp://guest:guest@127.0.0.1:5672/
export KABINET_TEST_POSTGRES_URL KABINET_TEST_REDIS_URL KABINET_TEST_RABBITMQ_URL

.PHONY: help uv deps sysdeps node web web-test graphiql browser sync run demo test test-fast lint fmt schema bench clean

help:
	@echo "make run    - install, migrate, load demo data, serve the cabinet at http://127.0.0.1:8000/ (API at /graphql)"
	@echo "make test   - the whole test suite (SQLite and PostgreSQL, Redis, RabbitMQ, SMTP)"
	@echo "make lint   - ruff, mypy --strict, import-linter"
	@echo "make bench  - benchmarks (bench/README.md)"

uv:
	@command -v uv >/dev/null 2>&1 || test -x $(HOME)/.local/bin/uv || \
	  (python3 -m pip install --user --quiet uv 2>/dev/null || python3 -m pip install --quiet --break-system-packages --user uv)

# System libraries WeasyPrint needs (Pango) and fonts with Cyrillic; poppler for tests.
sysdeps:
	@if ! (ldconfig -p | grep -q libpango-1.0) || ! fc-list 2>/dev/null | grep -qi dejavu || ! command -v pdftotext >/dev/null; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils >/dev/null; \
	  else echo "Install Pango, fonts-dejavu-core and poppler-utils with your package manager."; fi; \
	fi

# GraphiQL with the explorer plugin, served by Kabinet at /graphql: npm ci installs the
# versions and integrity pinned in graphiql/package-lock.json, esbuild bundles into graphiql/dist/.
GRAPHIQL_BUNDLE := graphiql/dist/graphiql.js
graphiql: node $(GRAPHIQL_BUNDLE)

$(GRAPHIQL_BUNDLE): graphiql/package-lock.json graphiql/build.mjs $(wildcard graphiql/src/*)
	@if command -v npm >/dev/null; then \
	  cd graphiql && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build; \
	else echo "npm is missing: GraphiQL is not built (the API works; /graphql says how to build it)."; fi

# Chromium from Debian's packages for the GraphiQL browser test (never `playwright install`).
browser:
	@command -v chromium >/dev/null || { \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install chromium with your package manager for tests/e2e/test_graphiql.py."; fi; }

sync: uv
	$(UV) sync --frozen

# Node.js for the front end (web/), from Debian's packages when missing.
node:
	@if ! command -v npm >/dev/null 2>&1; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else echo "Install Node.js and npm with your package manager (e.g. apt-get install nodejs npm)." >&2; exit 1; fi; \
	fi

# The front end, built into web/dist (served by `kabinet serve` at /); skipped when up to date.
WEB_SOURCES := $(shell find web/src web/scripts -type f 2>/dev/null) web/index.html web/package.json \
  web/package-lock.json web/codegen.ts web/vite.config.ts web/tsconfig.json schema.graphql
web/node_modules/.package-lock.json: web/package-lock.json | node
	cd web && npm ci --no-audit --no-fund --loglevel=error
web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build --silent
web: web/dist/index.html

# Vitest: the forms' validation hints.
web-test: web/node_modules/.package-lock.json
	cd web && npm test --silent

deps: sync sysdeps web graphiql

run: deps
	$(RUN) kabinet demo
	$(RUN) kabinet serve

demo: deps
	$(RUN) kabinet demo

test: deps browser web-test
	$(RUN) pytest -q -p no:cacheprovider $(PYTEST_ARGS)

test-fast: sync
	$(RUN) pytest -q -p no:cacheprovider tests/unit

lint: sync
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) mypy
	$(RUN) lint-imports

fmt: sync
	$(RUN) ruff format .
	$(RUN) ruff check --fix .

# The SDL, then the front end's types generated from it (web/src/gql, checked in CI).
schema: sync web/node_modules/.package-lock.json
	$(RUN) python -c "from schema.root import build_schema; open('schema.graphql','w',encoding='utf-8').write(build_schema().as_str()+'\n')"
	cd web && npm run codegen --silent

bench: deps
	$(RUN) python bench/run_all.py

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache web/dist
