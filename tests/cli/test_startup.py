"""Start-up: a command imports what it needs (issue 9, item 9), checked in a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

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


# --- what each command may load, as allow-lists: a new import on these paths fails here -------

#: Third-party packages (top-level names) ``--help`` may load: Typer and its help rendering.
HELP_PACKAGES = {"typer", "rich", "shellingham", "annotated_doc", "markdown_it", "mdurl",
                 "pygments", "attr"}
#: ... and a small hiring audit's terminal summary: numpy, pyarrow (which loads cloudpickle),
#: pydantic and Markupsafe (report escaping). Not PyYAML: the shipped YAML comes from the cache
#: once parsed (vocab/_yaml_cache.py).
AUDIT_PACKAGES = {"typer", "rich", "shellingham", "annotated_doc", "numpy", "pyarrow",
                  "cloudpickle", "pydantic", "pydantic_core", "annotated_types",
                  "typing_extensions", "typing_inspection", "markupsafe"}
#: Packages of ai_work_audit a small hiring audit loads (``--help``: the first four).
AUDIT_MODULES = {"cli", "errors", "findings", "kinds", "documents", "engines", "hiring",
                 "options", "policy", "reports", "run", "sources", "vocab", "workspace"}

LOADED = """
import sys
from ai_work_audit.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
std = set(sys.stdlib_module_names)
tops = {m.partition(".")[0] for m in sys.modules}
third = sorted(t for t in tops - std if not t.startswith("_") and t not in
               ("ai_work_audit", "cython_runtime"))
own = sorted({m.split(".")[1] for m in sys.modules if m.startswith("ai_work_audit.")})
print("THIRD " + " ".join(third), file=sys.stderr)
print("OWN " + " ".join(own), file=sys.stderr)
"""


def _packages(*args: str, cwd: Path) -> tuple[set[str], set[str], str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", LOADED, *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120)
    lines = dict(x.split(" ", 1) if " " in x else (x, "") for x in done.stderr.splitlines()
                 if x.startswith(("THIRD", "OWN")))
    return set(lines["THIRD"].split()), set(lines["OWN"].split()), done.stdout


def test_help_loads_only_typer_and_its_help_rendering(tmp_path: Path) -> None:
    third, own, out = _packages("--help", cwd=tmp_path)
    assert "hiring" in out
    assert third <= HELP_PACKAGES, sorted(third - HELP_PACKAGES)
    assert own <= {"cli", "errors", "findings", "kinds"}, sorted(own)


def test_small_hiring_run_loads_only_the_packages_it_needs_and_no_yaml_once_cached(
        tmp_path: Path) -> None:
    (tmp_path / "small.csv").write_text("candidate_id,sex,selected\n1,F,1\n2,F,0\n3,M,1\n"
                                        "4,M,1\n", encoding="utf-8")
    args = ("hiring", "small.csv", "--outcome", "selected", "--group", "sex", "--org", "acme",
            "--system", "screening", "--no-ledger")
    _packages(*args, cwd=tmp_path)  # the first run may parse the shipped YAML (and cache it)
    third, own, out = _packages(*args, cwd=tmp_path)
    assert "eeoc.four_fifths" in out
    assert third <= AUDIT_PACKAGES, sorted(third - AUDIT_PACKAGES)
    assert "yaml" not in third
    assert own <= AUDIT_MODULES, sorted(own - AUDIT_MODULES)


def test_main_pauses_the_collector_while_loading_and_leaves_it_as_it_was(
        cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from ai_work_audit.cli import _startup

    monkeypatch.delenv(_startup.PLUGINS_ENV, raising=False)
    assert gc.isenabled()
    _startup.begin_start_up()
    assert not gc.isenabled()
    _startup.resume_collection()  # what the root callback does before a command runs
    assert gc.isenabled() and gc.get_freeze_count() > 0
    _startup.end_start_up()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert _startup.PLUGINS_ENV not in os.environ  # as it was (unset)
    assert cli("--version").code == 0
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()  # a caller that runs without the collector keeps it off
    try:
        assert cli("--version").code == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_command_runs_with_the_collector_on(tmp_path: Path) -> None:
    """The root callback resumes collection before any sub-command runs (``serve`` runs for
    days)."""
    probe = """
import gc, os, sys
from ai_work_audit.cli import main
import ai_work_audit.cli._common as c
seen = []
@c.app.command("gc-probe")
def _probe() -> None:
    seen.append((gc.isenabled(), gc.get_freeze_count() > 0,
                 os.environ.get("PYDANTIC_DISABLE_PLUGINS")))
try:
    main(["gc-probe"])
except SystemExit:
    pass
print("SEEN", seen, gc.isenabled(), gc.get_freeze_count(), file=sys.stderr)
"""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=120)
    line = next(x for x in done.stderr.splitlines() if x.startswith("SEEN"))
    assert line == "SEEN [(True, True, '__all__')] True 0", done.stderr
