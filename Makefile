# Everything a developer does. `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: bench venv demo serve migrate messages compilemessages lint format test test-sqlite \
        test-postgres test-browser test-production check-migrations chromium fonts nginx clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $(STAMP)

venv: $(STAMP)

compilemessages: venv
	cd . && $(BIN)/python manage.py compilemessages --ignore=.venv -v0

migrate: venv compilemessages
	@mkdir -p var
	$(BIN)/python manage.py migrate --no-input -v0

# The background worker (long exports, ADR 0021) runs beside the development server on
# the same database and stops with it.
RUNSERVER_WITH_WORKER = $(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

demo: migrate fonts
	$(BIN)/python manage.py demo_data
	$(BIN)/python manage.py blank_forms_make
	$(RUNSERVER_WITH_WORKER)

serve: migrate
	$(RUNSERVER_WITH_WORKER)

# English for every page; the participant's languages (ADR 0024) for the participant's
# pages, whose strings selfrating/tests/test_languages.py checks per language.
PARTICIPANT_LOCALES := ar fa fa_AF so ti uk sv_X-easy

messages: venv
	$(BIN)/python manage.py makemessages -l en $(addprefix -l ,$(PARTICIPANT_LOCALES)) --ignore=.venv --ignore=var --ignore=e2e --ignore=bench --no-obsolete --add-location=file
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/djlint --lint .
	$(BIN)/mypy
	$(BIN)/pytest -q -p no:cacheprovider core/tests/test_view_layers.py

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-migrations: venv
	@mkdir -p var
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

test-sqlite: venv compilemessages fonts
	$(BIN)/pytest -m "not browser" --create-db -q

test-postgres: venv compilemessages fonts
	scripts/with-postgres $(BIN)/pytest -m "not browser" --create-db -q

chromium:
	@scripts/ensure-chromium

fonts:
	@scripts/ensure-fonts

test-browser: venv compilemessages chromium fonts
	$(BIN)/pytest -m browser --create-db -q

nginx:
	@scripts/ensure-nginx

# The production stack on 127.0.0.1 (deploy/, README "Running in production"): nginx with
# TLS, gunicorn with two workers, PostgreSQL, the database cache; tests over HTTPS.
test-production: venv compilemessages nginx
	scripts/with-postgres $(BIN)/pytest -m production -q -p no:cacheprovider deploy/tests

test: lint check-migrations test-sqlite test-postgres test-browser test-production

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

bench: venv compilemessages nginx
	$(BIN)/pip install --quiet -e ".[test,bench]"
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m bench.chart
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m bench.plan_pdf
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m bench.blank_forms
	$(BIN)/python -m bench.sqlite_coaches
	DJANGO_SETTINGS_MODULE=config.settings.test scripts/with-postgres $(BIN)/python -m bench.county
	DJANGO_SETTINGS_MODULE=config.settings.test scripts/with-postgres $(BIN)/python -m bench.export
	# Import at issue 17's scale (50 000 participants, 400 000 assessments from XLSX), on
	# SQLite (a file) and on PostgreSQL.
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m bench.import_scale
	DJANGO_SETTINGS_MODULE=config.settings.test scripts/with-postgres $(BIN)/python -m bench.import_scale
	# Load (issue 16 §4): the production stack on a generated county, stepped users, then
	# 50 users for 180 s, a stress run; writes its own section of docs/benchmarks.md.
	scripts/with-postgres $(BIN)/python -m bench.load
