# cspeval: `make run` serves the demo on http://127.0.0.1:8000; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_PASSWORD ?= cspeval-demo
HOST ?= 127.0.0.1:8000
# Production-like variables for `manage.py check --deploy`.
DEPLOY_ENV := DJANGO_DEBUG=false DJANGO_SECRET_KEY=check-deploy-only-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ \
	DJANGO_ALLOWED_HOSTS=cspeval.example DJANGO_MANIFEST_STATIC=false

.PHONY: run test install install-dev assets chromium lint check migrate seed worker beat serve-services clean

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed assets
install-dev: $(VENV)/.installed-dev

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets/vendor/.built: node_modules/.package-lock.json scripts/vendor.mjs
	node scripts/vendor.mjs
	touch $@

assets: assets/vendor/.built

# Browser tests drive Debian's Chromium (Playwright cannot download browsers here).
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
		echo "Installing Chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

migrate: install assets
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo --password "$(DEMO_PASSWORD)"

run: seed
	@echo "Sign in at http://$(HOST)/accounts/login/ as reseller, viewer, reseller2, provider or admin; password: $(DEMO_PASSWORD)"
	$(BIN)/python manage.py runserver $(HOST)

# Started again (after a short backoff) whenever they exit; Ctrl-C stops them. See scripts/supervise.sh.
worker: install
	bash scripts/supervise.sh $(BIN)/celery -A cspeval worker --loglevel=info --concurrency=2

beat: install
	bash scripts/supervise.sh $(BIN)/celery -A cspeval beat --loglevel=info

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo --no-cache

check: install-dev assets
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING

test: install-dev assets chromium lint check
	$(BIN)/pytest

clean:
	rm -rf $(VENV) node_modules assets/vendor staticfiles .pytest_cache .ruff_cache .hypothesis
