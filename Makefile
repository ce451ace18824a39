# Samskap: `make run` serves the demo on SQLite, `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
DEV := SAMSKAP_DEBUG=1

.PHONY: run test smoke lint debian-tools chromium messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m samskap.lib.messages --compile-only
	$(DEV) $(BIN)/samskap migrate --noinput
	$(DEV) $(BIN)/samskap demo
	@echo "Samskap: http://127.0.0.1:8000/  (Ctrl+C stops it)"
	$(DEV) $(BIN)/samskap serve 127.0.0.1:8000

# Debian tools the tests need, installed when missing (root, as on CI): chromium drives the
# browser tests, gettext's xgettext lets makemessages check that every string is translated,
# HarfBuzz-Subset lets WeasyPrint subset fonts reproducibly (its fontTools fallback does not
# give the same PDF bytes twice; chromium happens to pull it in, but the PDFs need it anyway).
debian-tools:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v xgettext >/dev/null 2>&1 || missing="$$missing gettext"; \
	ldconfig -p | grep -q libharfbuzz-subset || missing="$$missing libharfbuzz-subset0"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian's$$missing for the tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# Old name, kept for scripts that still call it.
chromium: debian-tools

# Two workers (pytest-xdist): the suite is ~5,000 tests; each worker has its own test database.
PYTEST_ARGS ?= -n 2

test: $(STAMP) debian-tools
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

# Extract every string for nb, nn and en into locale/, then compile the .mo files (polib).
# Translate what is new in locale/nb and locale/nn, then run it again.
messages: $(STAMP)
	@command -v xgettext >/dev/null 2>&1 || { \
	  echo "Installing Debian's gettext for makemessages"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }
	$(BIN)/python -m samskap.lib.messages

clean:
	rm -rf $(VENV) var
