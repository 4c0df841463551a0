# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run serve superuser test install install-test lint format collectstatic

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependencies change, so that a second `make run` starts at once.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

node_modules/axe-core/axe.min.js: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm install --no-audit --no-fund --silent && touch $@; \
	else \
		echo "npm not found: accessibility checks (axe-core) will be skipped. Install Node.js and npm to run them."; \
	fi

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test node_modules/axe-core/axe.min.js

run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py import_centres centres/data/centres.csv --if-empty
	$(BIN)/python manage.py reindex --if-empty
	@echo ""
	@echo "Portail : http://127.0.0.1:$(PORT)/   Administration : http://127.0.0.1:$(PORT)/$${DJANGO_ADMIN_URL:-admin}/"
	@echo "Premier compte : dans un second terminal, lancez « make superuser »."
	@echo ""
	DJANGO_DEBUG=true DJANGO_SITE_URL=$${DJANGO_SITE_URL:-http://127.0.0.1:$(PORT)} \
		$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production-like: gunicorn, DEBUG off, hashed and compressed static files through WhiteNoise.
# WEB_CONCURRENCY sets the number of workers (gunicorn reads it; 2 per core is a good start);
# database connections are kept a minute unless DJANGO_CONN_MAX_AGE says otherwise. A worker
# may take 60 s (not gunicorn's 30): reading an uploaded document may take up to 20 s
# (library/documents.py) after a slow upload.
serve: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py import_centres centres/data/centres.csv --if-empty
	$(BIN)/python manage.py reindex --if-empty
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	DJANGO_CONN_MAX_AGE=$${DJANGO_CONN_MAX_AGE:-60} \
		DJANGO_SITE_URL=$${DJANGO_SITE_URL:-http://127.0.0.1:$(PORT)} \
		$(BIN)/gunicorn crpv.wsgi --bind 127.0.0.1:$(PORT) --workers $${WEB_CONCURRENCY:-4} \
		--access-logfile - --forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}" --timeout 60

# An administrator account, the questions asked in French (crpv/management/commands).
superuser: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py create_admin

test: install-test
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

collectstatic: install
	$(BIN)/python manage.py collectstatic --no-input
