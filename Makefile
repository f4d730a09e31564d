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
	@echo "make test-fast - the unit tests: domain and use cases on fakes, no database (seconds)"
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

# $(call apt_install,PACKAGES,ADVICE): Debian's packages when root with apt-get, else ADVICE.
apt_install = if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; \
  else echo "$(2)" >&2; fi

# Chromium from Debian's packages for the browser tests (never `playwright install`); they
# drive /usr/bin/chromium, so that is the one looked for.
browser:
	@test -x /usr/bin/chromium || { $(call apt_install,chromium,Install chromium with your package manager for tests/e2e/test_web.py and test_graphiql.py.); }

sync: uv
	$(UV) sync --frozen

# Node.js and npm for the front ends (web/, graphiql/), from Debian's packages when missing.
node:
	@command -v npm >/dev/null 2>&1 || { $(call apt_install,nodejs npm,Install Node.js and npm with your package manager (e.g. apt-get install nodejs npm).); \
	  command -v npm >/dev/null 2>&1; }

# npm ci of a front end (web/ or graphiql/): the versions and integrity pinned in its
# package-lock.json. npm writes node_modules/.package-lock.json, so this reruns only when the
# lock changes.
%/node_modules/.package-lock.json: %/package-lock.json | node
	cd $* && npm ci --no-audit --no-fund --loglevel=error

# The front end, built into web/dist (served by `kabinet serve` at /); skipped when up to date.
WEB_SOURCES := $(shell find web/src web/scripts -type f 2>/dev/null) web/index.html web/package.json \
  web/package-lock.json web/codegen.ts web/vite.config.ts web/tsconfig.json schema.graphql
web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build --silent
web: web/dist/index.html

# GraphiQL with the explorer plugin, served by Kabinet at /graphql: esbuild bundles it into
# graphiql/dist/.
GRAPHIQL_BUNDLE := graphiql/dist/graphiql.js
$(GRAPHIQL_BUNDLE): graphiql/node_modules/.package-lock.json graphiql/build.mjs $(wildcard graphiql/src/*)
	cd graphiql && npm run --silent build
graphiql: $(GRAPHIQL_BUNDLE)

# Vitest: the client, the forms (hints, the API's refusals), following jobs.
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

# The unit tests (domain and use cases on fakes): no database driver is imported
# (tests/unit/test_fast_suite.py), a few hypothesis examples a property; the time it took
# is printed (meant to stay under 30 s; measured, not enforced: speed gates live in bench/).
test-fast: sync
	@start=$$(date +%s); \
	$(RUN) pytest -q -p no:cacheprovider --hypothesis-profile=fast tests/unit || exit $$?; \
	echo "test-fast: $$(( $$(date +%s) - start )) s"

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
