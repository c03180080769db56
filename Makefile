# Two commands for people: `make run` and `make test` (see README.md).
# Both first set up everything: Debian packages (when missing), then .venv.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
ONLY   ?=
RUNS   ?= 10

.PHONY: run test lint bench stress fake-dates translations setup clean

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

# The UI tests RUNS times, each in another random order; says how many runs passed.
stress: $(STAMP)
	$(PY) -m tests.stress --runs $(RUNS)

# The whole suite with the clock at hard dates (needs Debian's faketime).
fake-dates: $(STAMP)
	$(PY) -m tests.fake_dates

translations: $(STAMP)
	$(PY) -m app.ui.i18n_tools update

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache bench-results.json
