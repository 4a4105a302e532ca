"""The JVM's stderr file (engines/_spark.py): owner-only, never written through a link — an
executor's traceback may quote a cell value."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ai_work_audit.engines import _spark


def test_the_jvm_log_is_owner_only_and_refuses_a_link(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "jvm.log"
    log.write_text("")
    log.chmod(0o644)  # left readable by an earlier version
    monkeypatch.setattr(_spark, "JVM_LOG", log)
    with _spark._jvm_stderr(False):
        os.write(2, b"line the JVM would print\n")
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert "line the JVM would print" in log.read_text()
    log.unlink()
    target = tmp_path / "elsewhere"
    log.symlink_to(target)
    with pytest.raises(OSError), _spark._jvm_stderr(False):
        pass
    assert not target.exists()
