# Two commands: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
# pytest-xdist workers for `make test` (auto: one per CPU); TEST_WORKERS=0 runs pytest in one process (for pdb).
TEST_WORKERS ?= auto

.PHONY: run test install install-dev migrate messages demo serve lint makemessages clean

$(VENV)/.base: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q .
	touch $@

$(VENV)/.dev: $(VENV)/.base
	$(PIP) install -q ".[dev]"
	touch $@

install: $(VENV)/.base
install-dev: $(VENV)/.dev

migrate: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput

# Compiles locale/*/LC_MESSAGES/django.po with polib, so GNU gettext is not needed to run the portal.
messages: install
	DJANGO_DEBUG=1 $(PY) manage.py compiletranslations

demo: migrate messages
	DJANGO_DEBUG=1 $(PY) manage.py load_demo

run: demo
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: install-dev messages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	DJANGO_SECRET_KEY=test-only-not-secret $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SECRET_KEY=test-only-not-secret DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Developer tool (needs GNU gettext): refresh the catalogue after changing strings.
makemessages: install
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=static

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
