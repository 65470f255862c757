# Two commands for a fresh machine (see README): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test install prepare lint prove

$(VENV)/installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/installed

prepare: install
	$(PY) manage.py compile_translations

# Install, migrate, seed the demo and serve on 127.0.0.1:$(PORT) with embedded SQLite.
# Mails (verification links, login codes) are written as files into var/mail/, with links
# to the port that serves the portal (unless PORTAL_BASE_URL is set already).
run: export EMAIL_FILE_PATH ?= $(CURDIR)/var/mail
run: export PORTAL_BASE_URL ?= http://127.0.0.1:$(PORT)
run: prepare
	$(PY) manage.py createcachetable
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Install and run the whole test suite (browser tests install Debian's chromium if they can).
test: prepare
	-@command -v chromium >/dev/null 2>&1 || bin/install-browser
	$(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

# Stand up the production set-up of deploy/ on this machine and prove it (as CI does).
prove: prepare
	deploy/prove.sh
