# Two commands do everything (see README.md):
#   make run   — install, migrate, load the demo help center, build the search index, serve
#   make test  — install test dependencies, start PostgreSQL, an OpenSearch and an
#                Elasticsearch node, run
#                the whole suite on PostgreSQL, then all but the browser and cluster
#                tests on SQLite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve serve-production load-bench install install-test setup messages system-deps test test-postgres test-sqlite lint check clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet -e .
	touch $@

# The test extras include sentence-transformers (and so torch) for the embedder tests.
$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e ".[test,sentence-transformers]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

messages: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

setup: messages
	mkdir -p var
	$(PY) manage.py migrate --noinput -v0 >/dev/null
	$(PY) manage.py load_initial_data
	SEARCH_EMBEDDER_THREADS=0 $(PY) manage.py kb_reindex  # all cores for the bulk embedding
	$(PY) manage.py kb_insights_demo_volume --if-empty --searches 20000 --votes 2000 --tickets 200 --days 60
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py demo_admin --url http://$(HOST):$(PORT)/admin/

run: setup serve

serve:
	@echo "Help center: http://$(HOST):$(PORT)/   (admin: http://$(HOST):$(PORT)/admin/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production serving on this machine (README "Deploying"): checks, static files, gunicorn
# workers and the task worker, configured by the environment.
serve-production: install
	PYTHON=$(PY) scripts/serve

# Load benchmark of the production server on a throwaway site (README "Deploying").
load-bench: install
	$(PIP) install --quiet -e ".[load]"
	PYTHON=$(PY) scripts/load-bench $(LOAD_BENCH_ARGS)

# Debian packages the browser tests need (Chromium) when missing; needs root or sudo.
system-deps:
	@missing=""; command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	npm ci --prefix tests/browser --no-audit --no-fund --silent

test: install-test system-deps
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0
	$(MAKE) --no-print-directory check
	$(MAKE) --no-print-directory lint
	scripts/postgres start
	scripts/opensearch start || [ "$$CI" != true ]  # outside CI their tests skip without a node
	scripts/elasticsearch start || [ "$$CI" != true ]
	status=0; \
	$(MAKE) --no-print-directory test-postgres || status=$$?; \
	$(MAKE) --no-print-directory test-sqlite || status=$$?; \
	scripts/opensearch stop || true; \
	scripts/elasticsearch stop || true; \
	scripts/postgres stop; \
	exit $$status

test-postgres:
	@echo "== Test suite on PostgreSQL"
	DATABASE_URL=$$(scripts/postgres url) $(PY) -m pytest --ds=portal.settings.test $(PYTEST_ARGS)

test-sqlite:
	@echo "== Test suite on SQLite (browser and search-cluster tests ran on PostgreSQL)"
	env -u DATABASE_URL $(PY) -m pytest --ds=portal.settings.test -m "not browser and not postgres and not opensearch and not elasticsearch" $(PYTEST_ARGS)

check:
	mkdir -p var  # makemigrations checks the migration history of the default database
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=portal.settings.production DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))') \
	  DJANGO_ALLOWED_HOSTS=help.example.com $(PY) manage.py check --deploy --fail-level WARNING

lint:
	$(VENV)/bin/ruff check portal kb search tests
	$(VENV)/bin/ruff format --check portal kb search tests

clean:
	rm -rf $(VENV) var .cache tests/browser/node_modules
