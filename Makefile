# Two commands for people: `make run` and `make test` (see README.md).
# Both first set up everything: Debian packages (when missing), then .venv.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
ONLY   ?=

.PHONY: run test lint bench translations setup clean

setup: $(STAMP)

$(STAMP): pyproject.toml packaging/system-deps.sh
	sh packaging/system-deps.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/hems-panel $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check app tests
	$(VENV)/bin/lint-imports

test: lint
	$(VENV)/bin/pytest

bench: $(STAMP)
	$(PY) -m tests.bench $(if $(ONLY),--only $(ONLY))

translations: $(STAMP)
	$(PY) -m app.ui.i18n_tools update

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache bench-results.json
