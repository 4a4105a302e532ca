"""``ai-work-audit evidence add|list|verify|receipt|repair``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .helpers import run_cli


def test_add_list_verify(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = tmp_path / "training.csv"
    doc.write_text("name,date\n", encoding="utf-8")
    r = run_cli(capsys, "evidence", "add", "--org", "acme", "--indicator", "2.1", "--value",
                "0.8", "--file", str(doc), "--method", "test", "--expires", "2026-12-31",
                "--collected", "2026-01-15")
    assert r.code == 0 and "seq 1" in r.stdout
    assert run_cli(capsys, "evidence", "add", "--org", "acme", "--indicator", "1.2",
                   "--level", "50").code == 0
    assert run_cli(capsys, "evidence", "add", "--org", "acme", "--indicator", "6.3",
                   "--not-applicable", "no data work").code == 0
    r = run_cli(capsys, "evidence", "list", "--org", "acme")
    assert r.code == 0 and "3 entries" in r.stdout and "value 0.8" in r.stdout
    r = run_cli(capsys, "evidence", "list", "--org", "acme", "--format", "json")
    entries = json.loads(r.stdout)["entries"]
    assert [e["indicator"] for e in entries] == ["2.1", "1.2", "6.3"]
    assert entries[0]["method"] == "test" and entries[0]["expires_at"] == "2026-12-31"
    r = run_cli(capsys, "evidence", "verify")
    assert r.code == 0 and r.stdout.splitlines()[0] == "evidence intact (3 entries)"
    # without a receipt it says what it cannot prove
    assert "without a receipt kept outside the workspace, a rewrite by someone holding the " \
        "workspace cannot be detected" in " ".join(r.stdout.split())


@pytest.mark.parametrize("tamper", ["object", "entry", "remove", "reorder"])
def test_verify_detects_tampering(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                  tamper: str) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("original", encoding="utf-8")
    for value in ("0.5", "0.6", "0.7"):
        run_cli(capsys, "evidence", "add", "--org", "o", "--indicator", "2.1", "--value", value,
                "--file", str(doc))
    root = Path(os.environ["AI_WORK_AUDIT_HOME"]) / "evidence"
    log = root / "log.jsonl"
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    if tamper == "object":
        target = next((root / "objects").iterdir())
        target.chmod(0o644)
        target.write_text("forged", encoding="utf-8")
    elif tamper == "entry":
        log.write_text(lines[0] + lines[1].replace('"value":0.6', '"value":0.9') + lines[2],
                       encoding="utf-8")
    elif tamper == "remove":
        log.write_text(lines[0] + lines[2], encoding="utf-8")
    else:
        log.write_text(lines[1] + lines[0] + lines[2], encoding="utf-8")
    r = run_cli(capsys, "evidence", "verify")
    assert r.code == 1 and r.stdout.strip() and "seq" in r.stdout


@pytest.mark.parametrize(("args", "words"), [
    (["--indicator", "2.1", "--level", "50"], "quantitative"),
    (["--indicator", "1.2", "--value", "0.5"], "declarative"),
    (["--indicator", "2.1"], "exactly one"),
    (["--indicator", "2.1", "--value", "0.5", "--level", "25"], "exactly one"),
    (["--indicator", "2.1", "--value", "0.5", "--expires", "soon"], "--expires"),
    (["--indicator", "2.1", "--value", "0.5", "--file", "/nonexistent/x"], "existing"),
    (["--indicator", "9.9", "--value", "1"], "lacks"),
])
def test_bad_input_exits_2(capsys: pytest.CaptureFixture[str], args: list[str],
                           words: str) -> None:
    r = run_cli(capsys, "evidence", "add", "--org", "o", *args)
    assert r.code == 2
    assert r.stderr.startswith("error:") and r.stderr.count("\n") == 1 and words in r.stderr
    assert "Traceback" not in r.stderr


# --- receipts: attacks by someone who holds the workspace ---------------------------------------


def _root() -> Path:
    return Path(os.environ["AI_WORK_AUDIT_HOME"]) / "evidence"


def _add(capsys: pytest.CaptureFixture[str], value: str) -> None:
    r = run_cli(capsys, "evidence", "add", "--org", "acme", "--indicator", "2.1", "--value",
                value)
    assert r.code == 0, r.stderr


def _forge(entries: list[dict[str, object]]) -> None:
    """Rewrite the log as an attacker would: every seq, chain link, entry_hash and head.json
    recomputed, so that the naive checks pass."""
    from ai_work_audit.ledger._digest import canonical_json
    from ai_work_audit.ledger._evidence import GENESIS_HASH, SCHEMA, entry_hash

    previous = GENESIS_HASH
    lines = []
    for seq, entry in enumerate(entries, start=1):
        entry = {**entry, "seq": seq, "prev_hash": previous}
        entry["entry_hash"] = previous = entry_hash(entry)
        lines.append(canonical_json(entry) + b"\n")
    (_root() / "log.jsonl").write_bytes(b"".join(lines))
    (_root() / "head.json").write_bytes(canonical_json(
        {"schema": SCHEMA, "seq": len(entries), "entry_hash": previous}))


def _entries() -> list[dict[str, object]]:
    return [json.loads(line) for line in (_root() / "log.jsonl").read_text().splitlines()]


def test_receipt_is_a_signed_tree_head(capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    _add(capsys, "0.5")
    out = tmp_path / "kept" / "receipt.json"
    r = run_cli(capsys, "evidence", "receipt", "--org", "acme", "-o", str(out))
    assert r.code == 0, r.stderr
    receipt = json.loads(out.read_text())
    assert receipt["tree_size"] == 1 and len(receipt["root_hash"]) == 64
    assert {"signature", "issued_at", "key_id", "public_key"} <= set(receipt)
    assert receipt["organisation"] == "acme"
    _add(capsys, "0.6")  # the log grows: the receipt still proves what it covered
    r = run_cli(capsys, "evidence", "verify", "--receipt", str(out))
    assert r.code == 0, r.stdout
    assert "proved" in r.stdout and "intact (2 entries)" in r.stdout


@pytest.mark.parametrize("attack", ["change", "truncate", "empty", "delete_folder",
                                    "replace_key"])
def test_a_rewritten_log_fails_against_an_earlier_receipt(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, attack: str) -> None:
    for value in ("0.5", "0.6", "0.7"):
        _add(capsys, value)
    kept = tmp_path / "kept.json"
    assert run_cli(capsys, "evidence", "receipt", "-o", str(kept)).code == 0
    entries = _entries()
    if attack == "change":
        entries[1]["value"] = 0.95
        _forge(entries)
    elif attack == "truncate":
        _forge(entries[:2])
    elif attack == "empty":
        (_root() / "log.jsonl").write_bytes(b"")
        (_root() / "head.json").unlink()
    elif attack == "delete_folder":
        import shutil

        for path in (_root() / "objects").glob("*"):
            path.chmod(0o600)
        shutil.rmtree(_root())
    else:  # a new key, and a log rewritten and re-signed with it
        (_root() / "witness.key").unlink()
        entries[0]["value"] = 0.1
        _forge(entries)
    # the attacker also signs a fresh head with the workspace's (possibly new) key
    forged = tmp_path / "forged.json"
    assert run_cli(capsys, "evidence", "receipt", "-o", str(forged)).code == 0
    r = run_cli(capsys, "evidence", "verify")
    assert r.code == 0, r.stdout  # the naive checks are fooled ...
    r = run_cli(capsys, "evidence", "verify", "--receipt", str(forged))
    assert r.code == 0, r.stdout  # ... and so is a receipt the attacker made
    r = run_cli(capsys, "evidence", "verify", "--receipt", str(forged), "--receipt", str(kept))
    assert r.code == 1  # but not the receipt kept outside the workspace
    assert f"receipt {kept} (3 entries" in r.stdout and "FAILS" in r.stdout
    assert f"receipt {forged} (" in r.stdout and "1 of 2 receipt(s) not proved" in r.stderr
    if attack == "replace_key":
        assert "not this workspace's witness key" in r.stdout


def test_replacing_only_the_key_is_detected(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    _add(capsys, "0.5")
    kept = tmp_path / "kept.json"
    assert run_cli(capsys, "evidence", "receipt", "-o", str(kept)).code == 0
    (_root() / "witness.key").unlink()
    assert run_cli(capsys, "evidence", "receipt").code == 0  # a new key
    r = run_cli(capsys, "evidence", "verify", "--receipt", str(kept))
    assert r.code == 1 and "the key was replaced" in r.stdout


def test_a_released_document_serves_as_its_receipt(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    _add(capsys, "0.5")
    from ai_work_audit.ledger import receipt_document

    document = tmp_path / "report.json"
    document.write_text(json.dumps({"schema": "x", "disclosure": {
        "receipt": receipt_document("acme")}}))
    assert run_cli(capsys, "evidence", "verify", "--receipt", str(document)).code == 0
    _forge([{**e, "value": 0.9} for e in _entries()])
    assert run_cli(capsys, "evidence", "verify", "--receipt", str(document)).code == 1


@pytest.mark.parametrize("content", [b"not json", b"[]", b'{"tree_size": 1}'])
def test_a_bad_receipt_file_exits_2_without_its_content(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "r.json"
    bad.write_bytes(content)
    r = run_cli(capsys, "evidence", "verify", "--receipt", str(bad))
    assert r.code == 2 and r.stderr.startswith("error:") and "r.json" in r.stderr
    assert "not json" not in r.stderr and "Traceback" not in r.stderr


# --- repair, expiry, file modes ---------------------------------------------------------------


def test_repair_quarantines_a_torn_tail_and_logs_itself(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path) -> None:
    for value in ("0.5", "0.6"):
        _add(capsys, value)
    kept = tmp_path / "kept.json"
    assert run_cli(capsys, "evidence", "receipt", "-o", str(kept)).code == 0
    log = _root() / "log.jsonl"
    valid = log.read_bytes()
    with open(log, "ab") as stream:
        stream.write(b'{"schema":"ai-work-audit/evidence-entry/v1","seq":3,"org')  # torn
    r = run_cli(capsys, "evidence", "add", "--org", "acme", "--indicator", "2.1", "--value",
                "0.7")
    assert r.code == 2 and "evidence repair" in r.stderr and "Traceback" not in r.stderr
    r = run_cli(capsys, "evidence", "repair")
    assert r.code == 0 and "quarantine" in r.stdout
    assert log.read_bytes().startswith(valid)  # valid entries never lost
    assert (_root() / "quarantine.jsonl").read_bytes().startswith(b'{"schema"')
    (repair,) = [e for e in _entries() if e["kind"] == "repair"]
    assert repair["seq"] == 3 and "torn last line" in repair["note"]
    r = run_cli(capsys, "evidence", "verify", "--receipt", str(kept))
    assert r.code == 0, r.stdout
    _add(capsys, "0.7")
    assert run_cli(capsys, "evidence", "repair").stdout.startswith("nothing to repair")
    assert run_cli(capsys, "evidence", "list", "--org", "acme").stdout.count("value") == 3
    # the repair entry belongs to no organisation: assessments of every organisation still run
    assert run_cli(capsys, "consolidate", "--period", "2026").code == 0
    assert run_cli(capsys, "self-assessment", "--org", "acme", "--period", "2026").code == 0


def test_repair_refuses_damage_before_the_last_line(capsys: pytest.CaptureFixture[str]) -> None:
    for value in ("0.5", "0.6"):
        _add(capsys, value)
    log = _root() / "log.jsonl"
    lines = log.read_bytes().splitlines(keepends=True)
    log.write_bytes(b"garbage\n" + lines[1] + b'{"torn')
    r = run_cli(capsys, "evidence", "repair")
    assert r.code == 2 and "line 1" in r.stderr
    assert log.read_bytes().endswith(b'{"torn')  # nothing was cut


def test_a_torn_tail_stops_org_audits_until_repaired(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    rows = ["sex,decision"] + ["F,1"] * 3 + ["F,0"] * 7 + ["M,1"] * 6 + ["M,0"] * 4
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    _add(capsys, "0.5")
    with open(_root() / "log.jsonl", "ab") as stream:
        stream.write(b'{"seq":2,')
    args = ("hiring", str(export), "--outcome", "decision", "--group", "sex", "--org", "acme",
            "--format", "json")
    r = run_cli(capsys, *args)
    assert r.code == 2 and "evidence repair" in r.stderr and "Traceback" not in r.stderr
    from mlflow import MlflowClient

    home = Path(os.environ["AI_WORK_AUDIT_HOME"])
    if (home / "mlflow.db").exists():  # no run was left behind without its evidence
        client = MlflowClient(tracking_uri=f"sqlite:///{home / 'mlflow.db'}")
        assert all(not client.search_runs([e.experiment_id])
                   for e in client.search_experiments())
    assert run_cli(capsys, "evidence", "repair").code == 0
    r = run_cli(capsys, *args)
    assert r.code == 0, r.stderr
    assert run_cli(capsys, "evidence", "verify").code == 0


def test_expiry_at_most_ten_years_ahead(capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import UTC, datetime, timedelta

    r = run_cli(capsys, "evidence", "add", "--org", "o", "--indicator", "2.1", "--value", "0.5",
                "--expires", "9999-12-31")
    assert r.code == 2 and "10 years" in r.stderr and r.stderr.count("\n") == 1
    soon = (datetime.now(UTC) + timedelta(days=365 * 9)).date().isoformat()
    assert run_cli(capsys, "evidence", "add", "--org", "o", "--indicator", "2.1", "--value",
                   "0.5", "--expires", soon).code == 0


def test_evidence_files_are_private(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import stat

    doc = tmp_path / "a.txt"
    doc.write_text("x", encoding="utf-8")
    r = run_cli(capsys, "evidence", "add", "--org", "o", "--indicator", "2.1", "--value", "0.5",
                "--file", str(doc))
    assert r.code == 0
    assert run_cli(capsys, "evidence", "receipt").code == 0
    root = _root()

    def mode(path: Path) -> int:
        return stat.S_IMODE(path.stat().st_mode)

    assert mode(root) == 0o700 and mode(root / "objects") == 0o700
    for name in ("log.jsonl", "head.json", ".lock", "witness.key"):
        assert mode(root / name) == 0o600, name
    assert all(mode(p) == 0o400 for p in (root / "objects").iterdir())


# --- every release to representatives carries a receipt ----------------------------------------


def test_a_representative_audit_carries_a_receipt_covering_its_own_entry(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from ai_work_audit.documents import load_document

    export = tmp_path / "export.csv"
    rows = ["sex,decision"] + ["F,1"] * 3 + ["F,0"] * 7 + ["M,1"] * 6 + ["M,0"] * 4
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "release.json"
    args = ("hiring", str(export), "--outcome", "decision", "--group", "sex", "--org", "acme",
            "--audience", "representative")
    r = run_cli(capsys, *args, "--format", "json", "-o", str(out))
    assert r.code == 0, r.stderr
    document = json.loads(out.read_text())
    receipt = document["disclosure"]["receipt"]
    assert load_document(document).disclosure.receipt.tree_size == receipt["tree_size"]
    (entry,) = _entries()  # the run's own audit_run entry is covered
    assert receipt["tree_size"] == entry["seq"] == 1 and receipt["organisation"] == "acme"
    # the released document itself is the receipt a delegate keeps
    assert run_cli(capsys, "evidence", "verify", "--receipt", str(out)).code == 0
    md = tmp_path / "release.md"
    assert run_cli(capsys, *args, "--format", "md", "-o", str(md), "--lang", "fr").code == 0
    text = md.read_text()
    assert "Reçu de preuve" in text and "2 entrées" in text
    full = run_cli(capsys, "hiring", str(export), "--outcome", "decision", "--group", "sex",
                   "--org", "acme", "--format", "json")
    assert "receipt" not in json.loads(full.stdout).get("disclosure", {})  # HR view unchanged
    _forge([{**e, "uri": "mlflow-run:forged"} if e["seq"] == 1 else e for e in _entries()])
    assert run_cli(capsys, "evidence", "verify", "--receipt", str(out)).code == 1


@pytest.mark.parametrize("command", [("self-assessment", "--org", "acme"), ("consolidate",)])
def test_self_assessments_and_consolidated_reports_carry_a_receipt(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, command: tuple[str, ...]) -> None:
    _add(capsys, "0.5")
    out = tmp_path / "release.json"
    r = run_cli(capsys, *command, "--period", "2026", "-o", str(out))
    assert r.code == 0, r.stderr
    receipt = json.loads(out.read_text())["disclosure"]["receipt"]
    assert receipt["tree_size"] == 1
    assert run_cli(capsys, "evidence", "verify", "--receipt", str(out)).code == 0
    for fmt, lang, words in (("md", "en", "## Evidence receipt"), ("html", "fr", "Reçu de preuve")):
        r = run_cli(capsys, *command, "--period", "2026", "--format", fmt, "--lang", lang)
        assert r.code == 0 and words in r.stdout and "1 entr" in r.stdout


@pytest.mark.parametrize("expires", ["9999-12-31", "9999-12-31T23:59:59+00:00"])
def test_a_stored_far_future_expiry_never_crashes_assessments(
        capsys: pytest.CaptureFixture[str], expires: str) -> None:
    """Stores written before the 10-year bound may hold such dates: clamped, not a crash."""
    from ai_work_audit.ledger._evidence import _append, _lock, make_evidence_dir

    root = make_evidence_dir()
    with _lock(root):
        _append(root, {"organisation": "acme", "indicator": "2.1", "kind": "declared",
                       "level": None, "value": 0.5, "not_applicable": None,
                       "file_sha256": None, "file_name": None, "uri": None, "method": "test",
                       "collected_at": "2026-01-01", "expires_at": expires, "added_by": None})
    for fmt in ("json", "md", "html", "oscal"):
        r = run_cli(capsys, "self-assessment", "--org", "acme", "--period", "2026", "--format",
                    fmt)
        assert r.code == 0, (fmt, r.stderr)
    for fmt in ("json", "md"):
        assert run_cli(capsys, "consolidate", "--period", "2026", "--format", fmt).code == 0


def test_oscal_hrefs_keep_safe_schemes_only(capsys: pytest.CaptureFixture[str]) -> None:
    """A store written before the URI check may hold script URIs: they never become hrefs."""
    from ai_work_audit.ledger._evidence import _append, _lock, make_evidence_dir

    root = make_evidence_dir()
    uris = ["javascript:alert(1)", "data:text/html,<script>x</script>", "JavaScript:x",
            "https://example.org/policy.pdf"]
    with _lock(root):
        for indicator, uri in zip(("1.2", "3.4", "4.5", "6.3"), uris, strict=True):
            _append(root, {"organisation": "acme", "indicator": indicator, "kind": "declared",
                           "level": 50, "value": None, "not_applicable": None,
                           "file_sha256": None, "file_name": None, "uri": uri,
                           "method": "examine", "collected_at": "2026-01-01",
                           "expires_at": None, "added_by": None})
    r = run_cli(capsys, "self-assessment", "--org", "acme", "--period", "2026", "--format",
                "oscal")
    assert r.code == 0, r.stderr

    def hrefs(value: object) -> list[str]:
        if isinstance(value, dict):
            return [v for k, v in value.items() if k == "href" and isinstance(v, str)] + [
                h for v in value.values() for h in hrefs(v)]
        if isinstance(value, list):
            return [h for v in value for h in hrefs(v)]
        return []

    found = [h for h in hrefs(json.loads(r.stdout)) if not h.startswith("#")]
    assert found == ["https://example.org/policy.pdf"]


@pytest.mark.parametrize("uri", ["javascript:alert(1)", "data:text/html,x", "file:///etc/x"])
def test_evidence_add_refuses_unsafe_uri_schemes(capsys: pytest.CaptureFixture[str],
                                                 uri: str) -> None:
    r = run_cli(capsys, "evidence", "add", "--org", "o", "--indicator", "1.2", "--level", "50",
                "--uri", uri)
    assert r.code == 2 and "scheme" in r.stderr and uri not in r.stderr


def test_the_mlflow_store_we_create_is_private(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    import stat

    export = tmp_path / "export.csv"
    rows = ["sex,decision"] + ["F,1"] * 3 + ["F,0"] * 7 + ["M,1"] * 6 + ["M,0"] * 4
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    r = run_cli(capsys, "hiring", str(export), "--outcome", "decision", "--group", "sex",
                "--org", "acme", "--format", "json")
    assert r.code == 0, r.stderr
    home = Path(os.environ["AI_WORK_AUDIT_HOME"])
    assert stat.S_IMODE((home / "mlflow.db").stat().st_mode) == 0o600
    assert stat.S_IMODE((home / "mlruns").stat().st_mode) == 0o700
