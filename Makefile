# Läget i länet — see README.md. Everything runs inside .venv, made on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8050
DB ?= $(or $(LAGET_DB),data/laget.duckdb)
WORKERS ?= 2
SOURCES := $(shell find data/indicators.yaml data/areas.csv data/regions data/snapshot -type f 2>/dev/null)

.PHONY: run serve-prod db test lint bench clean chromium office postgresql

run: $(VENV)/.runtime $(DB) exports-browser  ## serve the dashboard at http://127.0.0.1:$(PORT)
	PORT=$(PORT) LAGET_DB=$(DB) $(PY) -m dashboard

.PHONY: exports-browser
exports-browser:  # the chromium step where it can install; if it cannot, say what to install and serve the pages anyway
	@$(MAKE) --no-print-directory chromium || echo "make run: could not install chromium and fonts-dejavu-core here (the step needs root or sudo, and apt). The pages are served; chart, map and deck exports say what is missing until you run as root: apt-get install chromium fonts-dejavu-core" >&2

serve-prod: $(VENV)/.runtime $(DB)  ## the same app under gunicorn (settings in dashboard/gunicorn_conf.py, as the bench runs it)
	LAGET_DB=$(DB) WEB_CONCURRENCY=$(WORKERS) $(VENV)/bin/gunicorn --no-control-socket -c python:dashboard.gunicorn_conf -b 127.0.0.1:$(PORT) dashboard.wsgi:server

db: $(DB)

$(DB): $(VENV)/.runtime $(SOURCES)
	LAGET_DB=$(DB) $(PY) -m etl build --db $(DB)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

chromium:  ## Debian's chromium (browser tests, Kaleido exports) and DejaVu fonts (report PDF); never `playwright install`
	@{ command -v chromium && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-dejavu-core; \
	  else sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-dejavu-core; fi; }

office:  ## Debian's LibreOffice Writer (no GUI) and poppler-utils: the tests typeset the Word report and look at its pages
	@{ command -v soffice && command -v pdftoppm; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q libreoffice-writer-nogui poppler-utils; \
	  else sudo -n apt-get update -q && sudo -n DEBIAN_FRONTEND=noninteractive apt-get install -y -q libreoffice-writer-nogui poppler-utils \
	    || echo "LibreOffice could not be installed (not root, no sudo): the tests that typeset the Word report are skipped"; fi; }

postgresql:  ## Debian's PostgreSQL 15 server binaries for the workspace suite (the tests start their own server)
	@[ -x /usr/lib/postgresql/15/bin/initdb ] || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-15; \
	  else sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-15; fi; }

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: $(VENV)/.dev chromium office postgresql lint  ## ruff and the whole pytest suite, browser tests included
	$(VENV)/bin/pytest -q

bench: $(VENV)/.dev chromium
	$(PY) -m bench

clean:
	rm -rf $(VENV) data/laget.duckdb data/laget.duckdb.tmp tests/screenshots
