"""The golden cases: small committed inputs audited through the ``ai-work-audit`` CLI.

Source: issue 9, item 1 ("Golden documents first"); contracts.md (the documents that must stay
field for field). ``produce(root)`` stages the inputs of ``data/inputs/`` under ``root``, runs
every case through Typer's ``CliRunner`` on ``ai_work_audit.cli.app`` (cwd = ``root``, relative
paths, so that no tmp path reaches a document) and returns ``{golden file name: content}``,
already normalised (``normalise.py``). ``record.py`` writes them; ``test_golden.py`` compares.

Inputs (``data/inputs/``, written once by ``record.py --inputs`` from the project's seeded
generators, then committed so that the goldens do not depend on the generators):

- ``hiring/candidates.csv`` — ``synthetic.make_hiring_data(1500, seed=7)``;
- ``hiring/funnel.csv`` — its four-stage funnel;
- ``hiring/aggregated.csv`` — the candidates counted per sex × race/ethnicity;
- ``monitoring/`` — ``synthetic_monitoring.write_monitoring_data(workers=24, days=7, seed=7)``
  (CERT-style logs, an activity tracker and ``roster.csv``);
- ``hr_export.csv`` — 30 invented HR-export rows (``make_hr_export`` below).

Besides, the Markdown of the report tests' fixture documents (``tests/reports/fixtures/*.json``,
rendered by ``ai_work_audit.reports``: no CLI command renders a stored document).

Two workspaces (``AI_WORK_AUDIT_HOME``), each with a fixed pseudonymisation secret: ``ws-audits``
for the ``--no-ledger`` audits; ``ws-ledger`` for audits recorded with ``--org acme`` (real
MLflow store), declared evidence, the audit-spec run (organisation ``demo-org``), the
self-assessment of ``acme`` and the consolidation over both organisations.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .normalise import Volatile

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
INPUTS = DATA / "inputs"
REPO = HERE.parents[1]
COMPANY_POLICY = Path("policies") / "company-monitoring-policy.example.yaml"
SPEC = Path("audits") / "examples" / "hiring-selection.yaml"
#: A fixed pseudonymisation secret, so that keyed hashes do not vary between runs.
SECRET = "00" * 31 + "07"
ORG = "acme"
#: The self-assessment period: a fixed range holding today, so that no text depends on the year.
PERIOD = "2025-01-01/2099-12-31"
K = 10

HIRING_GROUPS = ("--group", "sex", "--group", "race_ethnicity")
#: The audit date of the hiring cases: a fixed past date, so that which laws apply (their
#: dates are the packs' data) does not change with the day the goldens are compared.
HIRING_AS_OF = ("--as-of", "2025-12-31")
MONITORING_LOG = ("in/monitoring", "--mapping", "cert", "--roster", "in/monitoring/roster.csv",
                  "--timezone", "Europe/Paris", "--company-policy", str(COMPANY_POLICY),
                  "--jobs", "1", "--as-of", "2025-03-08T10:50:00+00:00")


@dataclass(frozen=True)
class Case:
    """One audit command; ``json`` and ``md`` (and ``fr.md`` when ``french``) are recorded."""

    name: str
    args: tuple[str, ...]
    french: bool = False
    representative: bool = True


#: The ``--no-ledger`` audit cases (name → arguments after the sub-command).
AUDITS = (
    Case("hiring-selection", ("hiring", "in/hiring/candidates.csv", "--outcome", "screened_in",
                              *HIRING_GROUPS, *HIRING_AS_OF,
                              "--label", "qualified", "--period", "applied_on",
                              "--by", "quarter", "--system", "screening-model"), french=True),
    Case("hiring-scoring", ("hiring", "in/hiring/candidates.csv", "--score", "screening_score",
                            *HIRING_GROUPS, *HIRING_AS_OF, "--exclude-under", "0.02",
                            "--system", "ranking-model")),
    Case("hiring-funnel", ("hiring", "in/hiring/funnel.csv", "--outcome", "passed",
                           "--stage", "stage", "--stage-order",
                           "application,screening,interview,offer", *HIRING_GROUPS, *HIRING_AS_OF,
                           "--exclude-under", "0.02", "--system", "hiring-funnel")),
    Case("hiring-aggregated", ("hiring", "in/hiring/aggregated.csv", "--applicants",
                               "applicants", "--selected", "selected", *HIRING_GROUPS,
                               *HIRING_AS_OF)),
    Case("monitoring-cert", ("monitoring", *MONITORING_LOG, "--system", "activity-monitoring"),
         french=True),
    Case("monitoring-hr-export", ("monitoring", "in/hr_export.csv", "--jobs", "1",
                                  "--as-of", "2025-12-31")),
)


@dataclass
class Produced:
    """What one production made: golden file name → raw content (JSON value or text)."""

    files: dict[str, Any]
    volatile: Volatile
    #: Files kept as produced: renders of the fixed fixture documents (nothing varies there,
    #: and the date window of ``normalise.py`` would hide their dates only while they are recent).
    raw: set[str] = field(default_factory=set)

    def add_json(self, name: str, document: Any) -> None:
        self.volatile.harvest_document(document)
        self.files[name] = document

    def add_md(self, name: str, text: str) -> None:
        self.files[name] = text

    def normalised(self, root: Path) -> dict[str, Any]:
        """Every file with its volatile values replaced (``normalise.py``)."""
        out = {}
        for name, value in sorted(self.files.items()):
            value = _untmp(value, root)
            if name in self.raw:
                out[name] = value
                continue
            out[name] = (self.volatile.text(value) if isinstance(value, str)
                         else self.volatile.document(value))
        return out


class CaseError(AssertionError):
    """A golden command did not exit 0."""


@contextmanager
def _inside(root: Path, home: Path) -> Iterator[None]:
    """cwd = root; AI_WORK_AUDIT_HOME = home; no MLflow URI or policy folder from outside."""
    saved_cwd = Path.cwd()
    saved = {k: os.environ.get(k) for k in ("AI_WORK_AUDIT_HOME", "MLFLOW_TRACKING_URI",
                                            "AI_WORK_AUDIT_POLICIES")}
    home.mkdir(parents=True, exist_ok=True)
    (home / "secret.key").write_text(SECRET)
    os.chdir(root)
    os.environ["AI_WORK_AUDIT_HOME"] = str(home)
    os.environ.pop("MLFLOW_TRACKING_URI", None)
    os.environ.pop("AI_WORK_AUDIT_POLICIES", None)
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def cli(*args: str) -> str:
    """Run ``ai-work-audit ARGS`` through Typer's CliRunner; its stdout (raise unless exit 0)."""
    from typer.testing import CliRunner

    from ai_work_audit.cli import app

    result = CliRunner().invoke(app, list(args), prog_name="ai-work-audit")
    if result.exit_code != 0:
        raise CaseError(f"`ai-work-audit {' '.join(args)}` exited {result.exit_code}: "
                        f"{result.stderr.strip()[-400:]} {result.exception!r}")
    return result.stdout


def _run_to(out: Path, name: str, args: tuple[str, ...], *extra: str) -> Path:
    path = out / name
    cli(*args, *extra, "-o", str(path))
    return path


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _audit_case(case: Case, out: Path, produced: Produced) -> dict[str, Any]:
    """JSON (no ledger), Markdown in English (and French); the raw JSON document."""
    base = (*case.args, "--no-ledger")
    path = _run_to(out, f"{case.name}.json", base, "--format", "json")
    document: dict[str, Any] = _read_json(path)
    produced.add_json(path.name, document)
    md = _run_to(out, f"{case.name}.md", base, "--format", "md")
    produced.add_md(md.name, md.read_text(encoding="utf-8"))
    if case.french:
        fr = _run_to(out, f"{case.name}.fr.md", base, "--format", "md", "--lang", "fr")
        produced.add_md(fr.name, fr.read_text(encoding="utf-8"))
    return document


def representative_view(document: Mapping[str, Any], k: int = K) -> dict[str, Any]:
    """Today's worker-representative view (``ai_work_audit.api._suppress``)."""
    from ai_work_audit.api import suppress_small_cells

    return suppress_small_cells(document, k)


def stage_inputs(root: Path) -> None:
    """Copy the committed inputs, the company policy and an audit spec under ``root``."""
    shutil.copytree(INPUTS, root / "in")
    (root / COMPANY_POLICY).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / COMPANY_POLICY, root / COMPANY_POLICY)
    # the example spec reads ../../demo-output/data/candidates.csv, as in the repository
    (root / SPEC).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / SPEC, root / SPEC)
    data = root / "demo-output" / "data"
    data.mkdir(parents=True, exist_ok=True)
    shutil.copy2(INPUTS / "hiring" / "candidates.csv", data / "candidates.csv")


def _ledger_cases(root: Path, out: Path, produced: Produced) -> None:
    """Recorded audits, declared evidence, a spec run, the self-assessment, consolidation."""
    org = ("--org", ORG, "--format", "json")
    args = {case.name: case.args for case in AUDITS}
    hiring = _run_to(out, "ledger-hiring.json", args["hiring-selection"], *org)
    produced.add_json(hiring.name, _read_json(hiring))
    monitoring = _run_to(out, "ledger-monitoring.json", args["monitoring-cert"], *org)
    produced.add_json(monitoring.name, _read_json(monitoring))
    minutes = root / "in" / "minutes.txt"
    minutes.write_text("Minutes of the works-council consultation on the screening model.\n",
                       encoding="utf-8")
    cli("evidence", "add", "--org", ORG, "--indicator", "1.2", "--level", "50",
        "--file", "in/minutes.txt", "--method", "examine")
    cli("evidence", "add", "--org", ORG, "--indicator", "2.1", "--value", "0.62")
    cli("evidence", "add", "--org", ORG, "--indicator", "6.3", "--not-applicable",
        "No data-enrichment work is outsourced.")
    spec_out = out / "spec"
    cli("run", str(SPEC), "--output-dir", str(spec_out))
    produced.add_json("spec-hiring-selection.json",
                      _read_json(spec_out / "hiring-selection.json"))
    produced.add_md("spec-hiring-selection.md",
                    (spec_out / "hiring-selection.md").read_text(encoding="utf-8"))
    for owner in (ORG, "demo-org"):
        listed = json.loads(cli("evidence", "list", "--org", owner, "--format", "json"))
        produced.volatile.harvest_evidence(listed["entries"])
        produced.add_json(f"evidence-list-{owner}.json", listed)
    if "evidence intact" not in cli("evidence", "verify"):
        raise CaseError("`ai-work-audit evidence verify` did not report the log intact")
    p = PERIOD
    sa = ("self-assessment", "--org", ORG, "--period", p)
    produced.add_json("self-assessment.json", json.loads(cli(*sa, "--format", "json")))
    produced.add_md("self-assessment.md", cli(*sa, "--format", "md"))
    produced.add_md("self-assessment.fr.md", cli(*sa, "--format", "md", "--lang", "fr"))
    produced.add_json("consolidated.json",
                      json.loads(cli("consolidate", "--period", p, "--format", "json")))
    produced.add_md("consolidated.md", cli("consolidate", "--period", p, "--format", "md",
                                           "--min-organisations", "2"))
    produced.add_json("consolidated-min2.json", json.loads(cli(
        "consolidate", "--period", p, "--format", "json", "--min-organisations", "2")))


#: The report tests' fixture documents (``tests/reports/fixtures``), rendered by the library:
#: file stem → languages.
FIXTURES = REPO / "tests" / "reports" / "fixtures"
FIXTURE_LANGS = {"hiring_selection": ("en", "fr"), "hiring_scoring": ("en",),
                 "monitoring_log": ("en", "fr"), "monitoring_hr_export": ("en",),
                 "monitoring_hostile": ("en",)}


def _fixture_cases(produced: Produced) -> None:
    """Markdown of the report fixtures (no CLI renders a stored document; the library does)."""
    from ai_work_audit import reports

    for stem, langs in FIXTURE_LANGS.items():
        document = _read_json(FIXTURES / f"{stem}.json")
        hiring = str(document.get("schema", "")).endswith("/hiring-audit/v1")
        for lang in langs:
            text = (reports.render_hiring(document, "md", lang) if hiring  # type: ignore[call-overload]
                    else reports.render_monitoring(document, "md", lang))  # type: ignore[call-overload]
            suffix = "md" if lang == "en" else f"{lang}.md"
            name = f"fixture-{stem.replace('_', '-')}.{suffix}"
            produced.add_md(name, str(text))
            produced.raw.add(name)


def produce(root: Path) -> dict[str, Any]:
    """Run every golden case under ``root`` (an empty folder); golden name → content."""
    root = root.resolve()
    stage_inputs(root)
    out = root / "out"
    out.mkdir()
    from ai_work_audit import __version__

    produced = Produced({}, Volatile(version=__version__))
    with _inside(root, root / "ws-audits"):
        for case in AUDITS:
            document = _audit_case(case, out, produced)
            if case.representative:
                produced.add_json(f"{case.name}.representative.json",
                                  representative_view(document))
    with _inside(root, root / "ws-ledger"):
        _ledger_cases(root, out, produced)
    _fixture_cases(produced)
    return produced.normalised(root)


def _untmp(value: Any, root: Path) -> Any:
    """Replace the staging folder's path wherever it still appears (a safety net)."""
    if isinstance(value, str):
        return value.replace(str(root), "{{TMP}}")
    if isinstance(value, list):
        return [_untmp(v, root) for v in value]
    if isinstance(value, dict):
        return {k: _untmp(v, root) for k, v in value.items()}
    return value


# --- recording ---------------------------------------------------------------------------------

HR_FIRST = ("Lina", "Marc", "Sofia", "Hugo", "Nora", "Théo", "Inès", "Paul", "Zoé", "Karim")
HR_LAST = ("Varmon", "Telbri", "Casdor", "Lengau", "Rinsel", "Thoquin")
HR_NOTES = ("congés payés", "arrêt maladie", "formation", "congés payés", "réunion syndicale",
            "télétravail")


def make_hr_export(path: Path, rows: int = 30) -> None:
    """An invented HR export: ids, names, e-mails, phones, absence notes, team, sex."""
    import pandas as pd

    frame = pd.DataFrame({
        "employee": [f"E{i:04d}" for i in range(rows)],
        "full_name": [f"{HR_FIRST[i % 10]} {HR_LAST[i % 6]}" for i in range(rows)],
        "contact": [f"{HR_FIRST[i % 10].lower()}.{HR_LAST[i % 6].lower()}{i}@example.org"
                    for i in range(rows)],
        "phone": [f"06 12 34 {i // 10:02d} {i % 100:02d}" for i in range(rows)],
        "absence_note": [HR_NOTES[i % 6] for i in range(rows)],
        "team": [("ops", "sales", "support")[i % 3] for i in range(rows)],
        "sex": [("F", "M")[(i * 7) % 2] for i in range(rows)],
    })
    frame.to_csv(path, index=False)


def make_inputs(folder: Path = INPUTS) -> None:
    """Regenerate ``data/inputs/`` from the seeded generators (see the module docstring)."""
    from ai_work_audit.synthetic import make_hiring_data
    from ai_work_audit.synthetic_monitoring import write_monitoring_data

    if folder.exists():
        shutil.rmtree(folder)
    hiring = folder / "hiring"
    hiring.mkdir(parents=True)
    data = make_hiring_data(1500, seed=7)
    data.candidates.to_csv(hiring / "candidates.csv", index=False)
    data.funnel.to_csv(hiring / "funnel.csv", index=False)
    frame = data.candidates.assign(selected=(data.candidates["screened_in"] == "yes"))
    counts = frame.groupby(["sex", "race_ethnicity"], dropna=False).agg(
        applicants=("candidate_ref", "size"), selected=("selected", "sum")).reset_index()
    counts.to_csv(hiring / "aggregated.csv", index=False)
    write_monitoring_data(folder / "monitoring", workers=24, days=7, seed=7)
    make_hr_export(folder / "hr_export.csv")


def dump(content: Any) -> str:
    """The text of one golden file."""
    if isinstance(content, str):
        return content
    return json.dumps(content, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def load(path: Path) -> Any:
    """One golden file: a JSON value (``.json``) or text (``.md``)."""
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else text


def golden_names() -> list[str]:
    """The golden files on disk (inputs aside)."""
    return sorted(p.name for p in DATA.iterdir() if p.is_file() and p.suffix in (".json", ".md"))


def main(argv: list[str]) -> int:
    """``record.py [--inputs] [--out DIR]``: write the goldens (default: ``data/``)."""
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(prog="record.py", description=main.__doc__)
    parser.add_argument("--inputs", action="store_true", help="regenerate data/inputs/ first")
    parser.add_argument("--out", type=Path, default=DATA, help="where to write the goldens")
    args = parser.parse_args(argv)
    if args.inputs or not INPUTS.is_dir():
        make_inputs()
    with tempfile.TemporaryDirectory(prefix="golden-") as tmp:
        files = produce(Path(tmp))
    args.out.mkdir(parents=True, exist_ok=True)
    if args.out == DATA:
        for old in golden_names():
            (DATA / old).unlink()
    for name, content in files.items():
        (args.out / name).write_text(dump(content), encoding="utf-8")
    print(f"wrote {len(files)} golden files to {args.out}")
    return 0
