"""Start-up: a command imports what it needs (issue 9, item 9), checked in a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

#: Never needed by ``--help`` or a ``--no-ledger`` hiring audit.
HEAVY = ("mlflow", "fastapi", "presidio_analyzer", "spacy", "weasyprint", "duckdb", "scipy",
         "fairlearn", "sqlalchemy")
#: Not needed to list the commands either (the audit commands are built when used).
FOR_AUDITS = ("pydantic", "numpy", "pyarrow", "pandas")

PROBE = """
import sys
from ai_work_audit.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
loaded = {name.partition(".")[0] for name in sys.modules}
print("LOADED " + " ".join(sorted(loaded)), file=sys.stderr)
"""


def _loaded(*args: str, cwd: Path) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120)
    line = next(x for x in done.stderr.splitlines() if x.startswith("LOADED "))
    return set(line.split()[1:]), done


def test_help_imports_no_audit_and_no_heavy_module(tmp_path: Path) -> None:
    loaded, done = _loaded("--help", cwd=tmp_path)
    assert "hiring" in done.stdout and "monitoring" in done.stdout
    assert loaded.isdisjoint(HEAVY + FOR_AUDITS), sorted(loaded & set(HEAVY + FOR_AUDITS))


@pytest.mark.parametrize("command", ["hiring", "monitoring"])
def test_an_audit_commands_help_builds_it_without_heavy_modules(tmp_path: Path,
                                                                 command: str) -> None:
    loaded, done = _loaded(command, "--help", cwd=tmp_path)
    assert "--org" in done.stdout and "--audience" in done.stdout, done.stderr
    assert loaded.isdisjoint(("mlflow", "fastapi", "spacy", "weasyprint", "presidio_analyzer")
                             if command == "hiring" else ("mlflow", "fastapi", "weasyprint"))


#: Not needed by a small hiring audit's terminal summary either: pandas (pyarrow imports it on
#: its first Python → Arrow conversion, and pyarrow.acero through pyarrow.dataset: the audit
#: builds Arrow values from buffers, sources/_arrow.py), Jinja2 (HTML reports only), the
#: disclosure package and its file lock (representative releases only).
FOR_REPORTS = ("pandas", "jinja2", "filelock", "statsmodels")


def test_small_hiring_run_without_ledger_imports_no_heavy_module(tmp_path: Path) -> None:
    (tmp_path / "small.csv").write_text("o,g\n1,a\n0,a\n1,b\n1,b\n", encoding="utf-8")
    loaded, done = _loaded("hiring", "small.csv", "--outcome", "o", "--group", "g",
                           "--no-ledger", cwd=tmp_path)
    assert "eeoc.four_fifths" in done.stdout, done.stderr  # it ran, and printed its findings
    assert loaded.isdisjoint(HEAVY + FOR_REPORTS), sorted(loaded & set(HEAVY + FOR_REPORTS))


MODULES = """
import sys
from ai_work_audit.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("MODULES " + " ".join(sorted(sys.modules)), file=sys.stderr)
"""


def test_small_hiring_run_leaves_out_pandas_paths_of_pyarrow_and_lazy_packages(
        tmp_path: Path) -> None:
    (tmp_path / "small.csv").write_text("o,g\n1,a\n0,a\n1,b\n1,b\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", MODULES, "hiring", "small.csv", "--outcome",
                           "o", "--group", "g", "--no-ledger", "--format", "md"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES "))
    modules = set(line.split()[1:])
    assert done.stdout.startswith("# ") and "eeoc.four_fifths" in done.stdout, done.stderr
    unwanted = {"pandas", "pyarrow.dataset", "pyarrow.acero",
                "ai_work_audit.disclosure", "ai_work_audit.reports._html",
                "ai_work_audit.reports._monitoring", "ai_work_audit.reports._assessment",
                "ai_work_audit.documents._monitoring", "ai_work_audit.documents._assessment",
                "pyarrow.parquet", "ai_work_audit.sources._mapping",
                "ai_work_audit.sources._company_policy"}
    assert modules.isdisjoint(unwanted), sorted(modules & unwanted)


def test_the_version_constant_is_the_installed_version() -> None:
    from importlib.metadata import version

    from ai_work_audit import __version__

    assert __version__ == version("ai-work-audit")


def test_the_lazy_document_registry_names_each_model_by_its_own_schema_id() -> None:
    from ai_work_audit.documents import DOCUMENT_MODELS, document_model
    from ai_work_audit.documents._registry import _MODEL_REFS

    assert len(DOCUMENT_MODELS) == 6
    for schema_id, model in DOCUMENT_MODELS.items():
        module = __import__(model.__module__, fromlist=["_"])
        ids = {v for k, v in vars(module).items() if k.endswith("_ID") and isinstance(v, str)}
        assert schema_id in ids, (schema_id, model)
        assert document_model(schema_id) is model
        assert _MODEL_REFS[schema_id].endswith(":" + model.__name__)


@pytest.mark.parametrize(("rows", "options"), [
    ("s,g\n3.5,a\n1,a\n2,b\n4,b\n", ("--score", "s")),
    ("n,k,g\n10,3,a\n5,5,b\n", ("--applicants", "n", "--selected", "k")),
], ids=["scores", "counts"])
def test_small_scoring_and_count_runs_import_no_pandas(tmp_path: Path, rows: str,
                                                       options: tuple[str, ...]) -> None:
    (tmp_path / "small.csv").write_text(rows, encoding="utf-8")
    loaded, done = _loaded("hiring", "small.csv", *options, "--group", "g", "--no-ledger",
                           cwd=tmp_path)
    assert "eeoc.four_fifths" in done.stdout, done.stderr
    assert loaded.isdisjoint(HEAVY + FOR_REPORTS), sorted(loaded & set(HEAVY + FOR_REPORTS))
