# The two commands of README.md: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8080
OWNER_EMAIL ?= owner@example.com
OWNER_NAME  ?= Owner
WORKSPACE   ?= My workspace
PYTEST_ARGS ?=

.PHONY: run test venv dev pg-start pg-stop bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

venv: $(VENV)/.installed
dev: $(VENV)/.dev-installed

# Install, migrate, create the first owner on an empty database, serve on $(HOST):$(PORT).
run: venv
	$(BIN)/timeledger db upgrade
	@if $(BIN)/timeledger db is-empty; then \
	  password="$${OWNER_PASSWORD:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(12))')}"; \
	  $(BIN)/timeledger admin bootstrap --email "$(OWNER_EMAIL)" --name "$(OWNER_NAME)" \
	    --workspace "$(WORKSPACE)" --password "$$password" --json | PASSWORD="$$password" $(BIN)/python -c 'import json,os,sys; d=json.load(sys.stdin); \
	print("\nFirst owner created. Keep these; they are shown once.\n  Web app:  http://$(HOST):$(PORT)/\n  API:      http://$(HOST):$(PORT)/api/v1\n  E-mail:   $(OWNER_EMAIL)\n  Password: " + os.environ["PASSWORD"] + "\n  API key:  " + d["apiKey"] + "\n")'; \
	else echo "Database already set up; serving it. (New key: timeledger admin new-key --email ...)"; fi
	$(BIN)/timeledger serve --host $(HOST) --port $(PORT)

# Every test, on SQLite and on a private PostgreSQL started (and stopped) by scripts/pg.sh.
test: dev
	@url=$$(scripts/pg.sh start) || exit 1; \
	trap 'scripts/pg.sh stop' EXIT INT TERM; \
	TIMELEDGER_TEST_PG_URL=$$url $(BIN)/pytest -n 2 $(PYTEST_ARGS)

# Throughput and latency of create/list beside a bare FastAPI endpoint (see BENCHMARKS.md).
bench: dev
	@command -v wrk >/dev/null || { echo "bench needs wrk: apt-get install -y wrk"; exit 1; }
	@scripts/pg.sh start >/dev/null && $(BIN)/python benchmarks/api_throughput.py

pg-start:
	@scripts/pg.sh start
pg-stop:
	@scripts/pg.sh stop

clean:
	rm -rf $(VENV) .pg .pytest_cache build *.egg-info
