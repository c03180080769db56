# Two commands for people: `make run` and `make test` (see README.md).
# Both first set up everything: Debian packages (when missing), then .venv.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
ONLY   ?=
RUNS   ?= 10

.PHONY: run test lint bench stress fake-dates translations setup clean package-check deb

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

# The wheel installed into a fresh venv outside the checkout and run there; then the .deb:
# built, linted, and (as root, on a throwaway machine) installed, upgraded over a year of
# data, removed and purged. See README.md, "Install on a panel".
package-check:
	sh packaging/package-deps.sh
	$(PYTHON) packaging/wheel_smoke.py
	$(PYTHON) packaging/deb/check.py

# The .deb alone, into dist/.
deb:
	sh packaging/package-deps.sh
	packaging/deb/build.sh --out dist

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache bench-results.json build dist
