"""Every command of README.md and api/README.md runs as written on the demo's files.

The shell blocks are extracted in order (fenced ```sh/```bash blocks, and in api/README.md its
indented code blocks), lines ending in `\\` and open quotes joined into one command; the commands
run in bash (`set -e`) in a temporary folder that looks like the checkout (`policies/` linked,
`audits/` copied, `.venv/bin/` mapped to the running interpreter's bin folder), after
`ai-work-audit demo`. The service walkthrough runs as one script against a real
`ai-work-audit serve` on a free loopback port, so captured ids (`AUDIT=$(…)`) flow, and each
HTTP status the README shows (`# 202 …`) is checked. The checkout must be left as it was.
Source: issue 12, item 7 ("Runnable docs").
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.api.server import Service

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
API_README = ROOT / "api" / "README.md"
BIN = Path(sys.executable).parent

# Commands that are not run, each with the reason.
SKIPS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^make\b"), "make targets build the venv; the demo is run below instead"),
    (re.compile(r"^pg_ctlcluster\b"), "starts the machine's PostgreSQL cluster (needs root)"),
    (re.compile(r"-m pytest\b"), "the test suite itself (the PostgreSQL tests)"),
    (re.compile(r"^(AI_WORK_AUDIT_DB_PASSWORD=\S+ MLFLOW_DB_PASSWORD=\S+ )?docker compose\b"),
     "docker compose needs Docker and network images"),
    (re.compile(r"-m ai_work_audit\.api\._openapi\b"),
     "rewrites the tracked api/openapi.json (tests/api/test_openapi.py checks it)"),
    (re.compile(r"ai-work-audit serve &"),
     "the test starts the service itself, on a free loopback port"),
    (re.compile(r"--engine (spark|sql)\b|\baudit-env\b"),
     "needs a data lake, a Spark cluster or a warehouse this machine does not have "
     "(tests/engines runs both engines on local[2] and PostgreSQL)"),
    (re.compile(r"^pip install 'ai-work-audit\["),
     "installs the package from the index into whatever environment is active"),
    (re.compile(r"\ben-model\.txt\b"),
     "Explosion's release host (GitHub) is not reachable from these machines"),
]


@dataclass(frozen=True)
class Command:
    """One logical shell command of a README: its text and the line where it starts."""

    text: str
    line: int

    @property
    def skip(self) -> str | None:
        for pattern, reason in SKIPS:
            if pattern.search(self.text):
                return reason
        return None


def fenced_blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    """The ```sh / ```bash blocks of a Markdown text, with the line number of their first line."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if re.fullmatch(r"\s*```(sh|bash)\s*", lines[i]):
            start, body = i + 2, []
            i += 1
            while not lines[i].strip().startswith("```"):
                body.append(lines[i])
                i += 1
            yield start, body
        i += 1


def indented_blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    """The indented code blocks of a Markdown text (after a blank line, indented 4 more spaces
    than the list item around them), dedented, with the line number of their first line."""
    lines = text.splitlines()
    item_indent, i = 0, 0
    while i < len(lines):
        line = lines[i]
        item = re.match(r"(\s*)\d+\. ", line)
        if item:
            item_indent = len(item.group(0))
        elif line.strip() and not line.startswith(" "):
            item_indent = 0
        indent = item_indent + 4
        if (i > 0 and not lines[i - 1].strip() and line.startswith(" " * indent)
                and line.strip() and not item):
            start, body = i + 1, []
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith(" " * indent)):
                body.append(lines[i][indent:])
                i += 1
            while body and not body[-1].strip():
                body.pop()
            yield start, body
            continue
        i += 1


def complete(text: str) -> bool:
    """Whether a shell text closes its quotes and does not end in a line continuation."""
    if text.endswith("\\"):
        return False
    try:
        shlex.split(text, comments=True)
    except ValueError:
        return False
    return True


def commands(blocks: Iterator[tuple[int, list[str]]]) -> list[Command]:
    """Logical commands of the blocks, in order; comment-only and blank lines dropped."""
    out: list[Command] = []
    for start, body in blocks:
        pending, first = "", 0
        for offset, line in enumerate(body):
            if not pending:
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                first = start + offset
                pending = line.strip()
            elif pending.endswith("\\"):
                pending = pending[:-1].rstrip() + " " + line.strip()
            else:
                pending += "\n" + line
            if complete(pending):
                out.append(Command(pending, first))
                pending = ""
        assert not pending, f"unterminated command at line {first}: {pending[:60]}"
    return out


def readme_commands() -> list[Command]:
    return commands(fenced_blocks(README.read_text(encoding="utf-8")))


def api_commands() -> list[Command]:
    text = API_README.read_text(encoding="utf-8")
    return commands(fenced_blocks(text)) + commands(indented_blocks(text))


def script(cmds: list[Command]) -> str:
    """A bash script running the commands as written, `.venv/bin/` mapped to this venv."""
    lines = ["set -euo pipefail"]
    for cmd in cmds:
        if cmd.skip:
            continue
        lines.append(f"echo '+ README line {cmd.line}' >&2")
        lines.append(cmd.text.replace(".venv/bin/", f"{BIN}/"))
    return "\n".join(lines) + "\n"


def git_status() -> str:
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def user_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"AI_WORK_AUDIT_HOME", "MLFLOW_TRACKING_URI", "AI_WORK_AUDIT_DATABASE_URL"}}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return {**env, **extra}


def run_bash(text: str, cwd: Path, env: dict[str, str], timeout: float) -> None:
    proc = subprocess.run(["bash", "-c", text], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)
    assert proc.returncode == 0, (
        f"exit {proc.returncode}\n--- stderr (tail)\n{proc.stderr[-4000:]}"
        f"\n--- stdout (tail)\n{proc.stdout[-2000:]}")


# --- fast checks of the extraction -----------------------------------------------------------

def test_every_readme_command_is_found_and_uses_the_venv() -> None:
    """The extraction sees the walkthroughs, and no command calls a bare `ai-work-audit`."""
    ran = [c for c in readme_commands() + api_commands() if not c.skip]
    texts = "\n".join(c.text for c in ran)
    for expected in ("hiring verify-summary published-summary.csv", "evidence verify",
                     "run audits/examples/hiring-selection.yaml", "policies test",
                     "AUDIT=$(curl", "/report-requests/$REQ/fulfil", "/self-assessments/2026"):
        assert expected in texts
    for cmd in readme_commands() + api_commands():
        if "docker compose" in cmd.text:   # inside the image, `ai-work-audit` is on its PATH
            continue
        bare = re.findall(r"(?:^|[\s(])(ai-work-audit|python)\s", cmd.text)
        assert not bare, f"line {cmd.line}: bare {bare[0]} (write .venv/bin/{bare[0]})"
    skipped = {c.skip for c in readme_commands() + api_commands() if c.skip}
    assert len(skipped) == len(SKIPS), "a skip rule matches no command any more"


def test_the_indented_blocks_of_a_list_item_are_read_whole() -> None:
    text = "Intro:\n\n    A=1 \\\n      B=2\n\n1. step:\n\n       echo 'x\n       y'\n\n" \
           "   more text\n"
    cmds = commands(indented_blocks(text))
    assert [c.text for c in cmds] == ["A=1 B=2", "echo 'x\ny'"]
    assert [c.line for c in cmds] == [3, 8]


# --- running them ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def checkout_copy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder laid out like the checkout, after `ai-work-audit demo`."""
    before = git_status()
    home = tmp_path_factory.mktemp("readme")
    (home / "policies").symlink_to(ROOT / "policies")   # read only: a write shows in git status
    shutil.copytree(ROOT / "audits", home / "audits")  # the spec's data path is relative to it
    run_bash(f"{BIN}/ai-work-audit demo", home, user_env(), timeout=300)
    yield home
    assert git_status() == before, "the README commands wrote into the checkout"


@pytest.mark.slow
def test_readme_commands_run_as_written(checkout_copy: Path) -> None:
    audits = tree(checkout_copy / "audits")
    run_bash(script(readme_commands()), checkout_copy, user_env(), timeout=600)
    assert tree(checkout_copy / "audits") == audits, "a command wrote into audits/"
    for out in ("report.html", "published-summary.csv", "mon.html", "sa.html", "sa.oscal.json",
                "collective.html"):
        assert (checkout_copy / out).stat().st_size > 0, out
    assert list((checkout_copy / "reports").glob("*.html")), "run wrote no report in reports/"


STATUS = re.compile(r"\s#\s*(\d{3})\b")  # a status the README shows: `... # 202 {...}`


@pytest.mark.slow
def test_api_readme_walkthrough_runs_as_written(checkout_copy: Path) -> None:
    """The quick start and the report-request workflow in one script, against a real service."""
    workspace = checkout_copy / "service-workspace"   # the README's AI_WORK_AUDIT_HOME
    workspace.mkdir()
    service = Service(workspace).start()
    try:
        status_log = checkout_copy / "statuses.log"
        lines = ["set -euo pipefail",
                 # every curl appends its HTTP status to the log; `_expect` checks the last one
                 'curl() { command curl -w "%{stderr}HTTP %{http_code}\\n" "$@" '
                 '2>>"$STATUS_LOG"; }',
                 '_expect() { got=$(grep "^HTTP " "$STATUS_LOG" | tail -1); '
                 '[ "$got" = "HTTP $1" ] || { echo "line $2: expected HTTP $1, $got" >&2; '
                 "exit 1; }; }"]
        expected: list[int] = []
        for cmd in api_commands():
            if cmd.skip:
                continue
            text = (cmd.text.replace(".venv/bin/", f"{BIN}/")
                    .replace("http://127.0.0.1:8000", service.url))
            lines += [f"echo '+ api/README line {cmd.line}' >&2", text]
            shown = STATUS.search(cmd.text.splitlines()[-1])
            if shown:
                lines.append(f"_expect {shown.group(1)} {cmd.line}")
                expected.append(int(shown.group(1)))
        run_bash("\n".join(lines) + "\n", checkout_copy,
                 user_env(STATUS_LOG=str(status_log), AI_WORK_AUDIT_RECORD_RUNS="false"),
                 timeout=300)
    finally:
        service.stop()
    statuses = [int(s) for s in re.findall(r"^HTTP (\d{3})$", status_log.read_text(), re.M)]
    assert expected == [202, 201, 202, 202], "the statuses the README shows were not all found"
    assert set(expected) <= set(statuses)
    assert all(200 <= s < 300 for s in statuses), statuses
    report = (checkout_copy / "report.html").read_text(encoding="utf-8")
    assert "<html" in report.lower()
