# Tongxin: `make demo` serves the demo union, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
MANAGE := $(PY) manage.py

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-12s %s\n", $$1, $$2}'

$(VENV)/.base-installed: requirements/base.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/base.lock
	touch $@

$(VENV)/.dev-installed: requirements/dev.lock $(VENV)/.base-installed
	$(PY) -m pip install --quiet -r requirements/dev.lock
	touch $@

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

tongxin/static/vendor/htmx.min.js: frontend/node_modules/.package-lock.json frontend/copy-vendor.mjs
	cd frontend && npm run build

install: $(VENV)/.dev-installed assets ## Install Python (dev) and front-end dependencies from the lock files

assets: tongxin/static/vendor/htmx.min.js ## Install front-end assets from the npm lock file

browser: ## Install Debian's Chromium for the browser tests (if missing)
	@test -x /usr/bin/chromium || (command -v apt-get >/dev/null && \
	  $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y --no-install-recommends chromium fonts-noto-cjk)

migrate: $(VENV)/.base-installed ## Apply database migrations
	mkdir -p var
	$(MANAGE) migrate --noinput

demo: $(VENV)/.base-installed assets migrate ## Set up and serve the demo union at http://127.0.0.1:$(PORT) (DEBUG off)
	PORT=$(PORT) $(MANAGE) seed_demo --settings=tongxin.settings.demo
	@echo "Serving the demo at http://127.0.0.1:$(PORT)/ (DEBUG off; Ctrl-C stops it)"
	$(MANAGE) runserver 127.0.0.1:$(PORT) --noreload --settings=tongxin.settings.demo

run: $(VENV)/.base-installed assets ## Serve without re-seeding
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev-installed assets browser ## Run the whole suite (DATABASE_URL selects PostgreSQL)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test-pg: ## Run the whole suite on the local PostgreSQL
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/tongxin} $(MAKE) test

lint: $(VENV)/.dev-installed ## Ruff, the migrations check, translations and the code-language check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=tongxin.settings.test $(MANAGE) makemigrations --check --dry-run
	$(PY) tools/check_translations.py
	$(PY) tools/check_cjk.py
	$(PY) tools/check_fen_floats.py

typecheck: $(VENV)/.dev-installed ## mypy on the whole tree (migrations and tests excluded)
	$(VENV)/bin/mypy tongxin

fmt: $(VENV)/.dev-installed ## Format and auto-fix
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: $(VENV)/.dev-installed ## Extract messages into each app's zh_Hans .po and compile the .mo files
	$(PY) tools/make_messages.py

check: lint test ## Everything CI runs on SQLite

openapi: $(VENV)/.base-installed ## Rewrite the OpenAPI snapshot docs/openapi.json from the code
	$(PY) tools/openapi_snapshot.py

bench: $(VENV)/.dev-installed assets ## Run the benchmarks and print their results (HTTP load by Debian's wrk)
	@command -v wrk >/dev/null || (command -v apt-get >/dev/null && \
	  $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y --no-install-recommends wrk)
	$(PY) bench/run_all.py

.PHONY: help install assets browser migrate demo run test test-pg lint typecheck fmt messages check openapi bench
