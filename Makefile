# VFM Hub. `make run` sets everything up and serves the demo; `make test` runs lint and every test.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# DEBUG is off unless set; the development targets (and the tests, which need its defaults) set it.
DEV_TARGETS := run demo migrate check typecheck test
$(DEV_TARGETS): export DEBUG ?= 1
PORT ?= 8000
# `make test` runs the test files on every core (TEST_WORKERS=0 runs them in this one process).
TEST_WORKERS ?= auto
STATIC := vfmhub/static
GOVUK := node_modules/govuk-frontend/dist/govuk

.PHONY: run serve test lint format check typecheck bench bench-imports load probe setup assets migrate demo lock clean

$(BIN)/.installed: requirements.txt pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(STATIC)/css/vfmhub.css: node_modules/.installed vfmhub/core/scss/vfmhub.scss
	mkdir -p $(STATIC)/govuk $(STATIC)/css
	cp $(GOVUK)/govuk-frontend.min.js $(STATIC)/govuk/
	rm -rf $(STATIC)/govuk/assets && cp -r $(GOVUK)/assets $(STATIC)/govuk/assets
	npx --no-install sass --pkg-importer=node --style=compressed --quiet-deps --no-source-map \
		vfmhub/core/scss/vfmhub.scss $@

assets: $(STATIC)/css/vfmhub.css

setup: $(BIN)/.installed assets

migrate: setup
	mkdir -p var
	$(BIN)/vfmhub migrate --no-input

demo: migrate
	$(BIN)/vfmhub load-frameworks
	$(BIN)/vfmhub load-indicators
	$(BIN)/vfmhub generate --scale demo

run: demo
	$(BIN)/vfmhub demo-accounts
	VFMHUB_DEMO=1 $(BIN)/vfmhub runserver 127.0.0.1:$(PORT)

serve: setup
	$(BIN)/gunicorn vfmhub.wsgi --config python:vfmhub.gunicorn_conf --bind 127.0.0.1:$(PORT) --workers 3

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m vfmhub.core.access_lint vfmhub

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: setup
	$(BIN)/vfmhub check
	$(BIN)/vfmhub makemigrations --check --dry-run

typecheck: setup
	$(BIN)/mypy vfmhub

test: lint check typecheck
	$(BIN)/pytest --numprocesses $(TEST_WORKERS) --dist loadfile

bench: setup
	$(BIN)/python -m bench.run

# A 100,000-row import of every kind, each timed in its own process with its peak memory.
bench-imports: setup
	$(BIN)/python -m bench.big_imports

# 50 signed-in demo users for 60 s through gunicorn on 127.0.0.1 (~10% writes); bench/load.py.
load: setup
	$(BIN)/python -m bench.load

# schemathesis against the API with two demo tokens (bench/probe.py): no 5xx, every answer as documented.
probe: setup
	$(BIN)/python -m bench.probe

lock: $(BIN)/.installed
	$(BIN)/pip freeze --exclude-editable | \
		sed '1i # Pinned lock of every Python dependency (runtime and development tools).\n# Direct dependencies are listed in requirements.in; regenerate with make lock.' > requirements.txt

clean:
	rm -rf $(VENV) node_modules var $(STATIC)/govuk $(STATIC)/css
