# Samskap: `make run` serves the demo on SQLite, `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
DEV := SAMSKAP_DEBUG=1

.PHONY: run test smoke lint chromium messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)
	$(DEV) $(BIN)/samskap migrate --noinput
	$(DEV) $(BIN)/samskap demo
	@echo "Samskap: http://127.0.0.1:8000/  (Ctrl+C stops it)"
	$(DEV) $(BIN)/samskap serve 127.0.0.1:8000

# Browser tests drive Debian's chromium; install it when missing (root, as on CI).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) chromium
	$(BIN)/pytest $(PYTEST_ARGS)

# The embedded SQLite default: migrate, load the demo twice, smoke-test the pages.
smoke: $(STAMP)
	rm -rf var/smoke && mkdir -p var/smoke
	SAMSKAP_VAR_DIR=var/smoke DATABASE_URL= $(DEV) $(BIN)/samskap migrate --noinput -v0
	SAMSKAP_VAR_DIR=var/smoke DATABASE_URL= $(DEV) $(BIN)/samskap demo
	SAMSKAP_VAR_DIR=var/smoke DATABASE_URL= $(DEV) $(BIN)/samskap demo
	DATABASE_URL= $(BIN)/pytest -m smoke -p no:randomly

lint: $(STAMP)
	$(BIN)/ruff check .
	SECRET_KEY=lint $(BIN)/mypy samskap config

messages: $(STAMP)
	$(BIN)/python -m samskap.lib.messages

clean:
	rm -rf $(VENV) var
