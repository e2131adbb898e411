# Two commands for a newcomer: `make run` and `make test`. Everything else is plumbing.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON := $(shell command -v python3.13 || command -v python3.12 || command -v python3)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench bench-limits bench-load bench-scan faults backup restore lint format install clean

$(BIN)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	@touch $@

install: $(BIN)/.installed

# The app on SQLite with the demo story, for a newcomer on a laptop (never production).
run: export DJANGO_DEBUG = 1
run: export DJANGO_HTTPS = 0
run: export DATABASE_URL =
run: export DJANGO_LOG_FORMAT = text
run: install
	$(BIN)/python manage.py migrate --verbosity 0
	DJANGO_LOG_LEVEL=WARNING $(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The whole suite: on PostgreSQL when DATABASE_URL is set, on SQLite otherwise.
test: install node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_DEBUG=1 DATABASE_URL= $(BIN)/python manage.py makemigrations --check --dry-run --verbosity 0 \
		|| (echo "Model changes without a migration: run manage.py makemigrations" && false)
	$(BIN)/pytest

# Story page speed against a bare view, on PostgreSQL under gunicorn (see bench/README.md).
bench: install
	$(BIN)/python -m bench.run

# The fault drill: load while PostgreSQL's sessions are ended, it restarts and a worker is
# killed, on a PostgreSQL of its own (see bench/README.md).
faults: install
	$(BIN)/python -m bench.faults

# Backups of the PostgreSQL database DATABASE_URL names, in pg_dump's custom format (compressed,
# restored with pg_restore). Needs the PostgreSQL client tools (Debian: postgresql-client).
#   make backup                          # to backups/newsroom-<UTC time>.dump
#   make restore BACKUP=backups/….dump   # into DATABASE_URL, best a new, empty database
backup: BACKUP := backups/newsroom-$(shell date -u +%Y%m%dT%H%M%SZ).dump
backup:
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL to the PostgreSQL database to back up."; exit 1; }
	@mkdir -p "$(dir $(BACKUP))"
	pg_dump --format=custom --file="$(BACKUP)" "$$DATABASE_URL"
	@echo "Backed up to $(BACKUP)"

# Replaces whatever the target database holds of the backup's objects, in one transaction:
# either all of it is restored or nothing changes. Owners and grants are the restoring role's.
restore:
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=backups/newsroom-….dump"; exit 1; }
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL to the PostgreSQL database to restore into."; exit 1; }
	pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
		--exit-on-error --dbname="$$DATABASE_URL" "$(BACKUP)"
	@echo "Restored $(BACKUP)"

# Hardening (bench/README.md): the desk at its limits, under load with Locust, and a
# security scan with wapiti (in its own .venv-scan). Each on PostgreSQL, none in CI.
bench-limits: install
	$(BIN)/python -m bench.limits

bench-load: install
	$(BIN)/python -m bench.load

bench-scan: install
	$(BIN)/python -m bench.scan

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .venv-scan node_modules staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
