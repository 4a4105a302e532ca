"""The audit-kind registry (kinds.py): every row resolves, and nothing else names a kind."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ai_work_audit.errors import ConfigError
from ai_work_audit.kinds import AUDIT_KINDS, KINDS, kind_spec
from ai_work_audit.options import option_fields

SRC = Path(__file__).resolve().parents[1] / "src" / "ai_work_audit"


@pytest.mark.parametrize("kind", AUDIT_KINDS)
def test_every_reference_of_a_kind_resolves(kind: str) -> None:
    from ai_work_audit.kinds import _resolve

    spec = kind_spec(kind)
    refs = [getattr(spec, name) for name in vars(type(spec))["__dataclass_fields__"]
            if name.endswith("_ref") and getattr(spec, name)]
    assert len(refs) >= 8
    for ref in refs:
        assert callable(_resolve(ref)), ref
    # the equal-access processes share one schema (their ``process`` field tells them apart)
    family = {"training": "access", "promotion": "access", "decision_roles": "access",
              "supply_chain": "supply-chain"}.get(kind, kind)
    assert spec.schema == f"ai-work-audit/{family}-audit/v1"
    assert spec.commitment in (2, 4, 5, 6) and spec.evidence_indicator
    names = {f.name for f in option_fields(spec.options)}
    assert {"organisation", "system", "policies", "audience", "k"} <= names


def test_an_unknown_kind_is_a_config_error_naming_the_kinds() -> None:
    with pytest.raises(ConfigError, match="hiring, monitoring"):
        kind_spec("payroll")


def test_no_module_dispatches_on_the_audit_kind_by_name() -> None:
    """``if kind == "hiring"`` and the like are gone from the faces and the run path."""
    names = "|".join(KINDS)
    pattern = re.compile(rf"""(kind|audit)\s*[!=]=\s*["']({names})["']""")
    faces = [*SRC.glob("cli/*.py"), *SRC.glob("api/**/*.py"), SRC / "run.py", SRC / "specs.py",
             SRC / "demo.py", SRC / "pipeline.py"]
    hits = [f"{p.relative_to(SRC)}:{n}" for p in faces
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if pattern.search(line)]
    assert hits == []


def test_importing_the_registry_imports_no_audit() -> None:
    import subprocess
    import sys

    code = ("import sys, ai_work_audit.kinds; "
            "print(sorted(m for m in sys.modules if m.startswith(('ai_work_audit.hiring', "
            "'ai_work_audit.monitoring', 'pydantic', 'numpy', 'pyarrow'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"PYTHONPATH": ":".join(sys.path)}).stdout
    assert out.strip() == "[]"
