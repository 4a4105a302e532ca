"""The one YAML loader: lines, duplicate keys, pydantic validation, and the alias bound.

A "billion laughs" document (CWE-776) of 9 levels of 9 aliases would expand to 9^9 nodes; every
reader of YAML in the project must refuse it at once (< 1 s, no memory growth), and the command
line must exit 2.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from ai_work_audit.cli import main
from ai_work_audit.errors import AuditError, ConfigError, InputError, PolicyError
from ai_work_audit.vocab import (
    MAX_ALIAS_EXPANSION,
    LineList,
    LineMap,
    YamlSyntaxError,
    line_marks,
    load_yaml_model,
    load_yaml_with_lines,
    validate_yaml_model,
)


def alias_bomb(levels: int = 9, width: int = 9, *, prefix: str = "") -> str:
    """A document whose last anchor expands to ``width ** levels`` scalars."""
    lines = [prefix] if prefix else []
    lines.append(f"a0: &a0 [{', '.join(['lol'] * width)}]")
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def refused_quickly(call: Callable[[], object], error: type[Exception]) -> Exception:
    """Run ``call``; it must raise ``error`` within a second and allocate under 5 MiB."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(error) as info:
            call()
    finally:
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < 1.0, f"took {elapsed:.2f} s"
    assert peak < 5 * 2**20, f"peak {peak / 2**20:.1f} MiB"
    return info.value


def test_lines_of_keys_and_items() -> None:
    data, duplicates = load_yaml_with_lines("a: 1\nb:\n  - x\n  - y\nc:\n  d: 2\na: 3\n")
    assert isinstance(data, LineMap) and isinstance(data["b"], LineList)
    assert data.line_of("c") == 5 and data["b"].line_of(1) == 4
    assert duplicates == [(7, "a")]
    assert line_marks(data) == {(): 1, ("a",): 7, ("b",): 3, ("b", 0): 3, ("b", 1): 4,
                                ("c",): 6, ("c", "d"): 6}


def test_alias_bomb_is_refused_at_once() -> None:
    error = refused_quickly(lambda: load_yaml_with_lines(alias_bomb()), YamlSyntaxError)
    assert isinstance(error, YamlSyntaxError)
    assert "alias" in error.problem and error.line >= 1


def test_aliases_within_the_bound_load() -> None:
    # 10 x 10 x 10 = 1,000 scalars through aliases: well under the bound.
    data, _ = load_yaml_with_lines(alias_bomb(levels=3, width=10))
    assert len(data["a2"]) == 10 and data["a2"][0] == data["a1"]
    just_over = alias_bomb(levels=2, width=MAX_ALIAS_EXPANSION // 100 + 100)
    with pytest.raises(YamlSyntaxError):
        load_yaml_with_lines(just_over)


def test_recursive_alias_is_refused() -> None:
    with pytest.raises(YamlSyntaxError, match="loop"):
        load_yaml_with_lines("a: &a [1, *a]\n")


def test_empty_document_is_none() -> None:
    assert load_yaml_with_lines("") == (None, [])


class _Thing(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    size: int


def test_pydantic_problems_name_file_and_line() -> None:
    text = "name: box\nsize: big\nextra: 1\n"
    with pytest.raises(ConfigError) as info:
        load_yaml_model(_Thing, text, filename="thing.yaml", error=ConfigError)
    message = str(info.value)
    assert "thing.yaml:2: size:" in message and "thing.yaml:3: a key of 5 characters:" in message
    assert "big" not in message  # input values are not echoed
    assert load_yaml_model(_Thing, "name: box\nsize: 3\n", filename="t",
                           error=ConfigError) == _Thing(name="box", size=3)
    with pytest.raises(InputError, match="t:2: key 'size' must appear once"):
        load_yaml_model(_Thing, "size: 1\nsize: 2\n", filename="t", error=InputError)
    data, _ = load_yaml_with_lines("name: 1\n")
    with pytest.raises(PolicyError, match="t:1: name:"):
        validate_yaml_model(_Thing, data, filename="t", error=PolicyError)


def test_alias_bomb_in_a_model_file() -> None:
    refused_quickly(lambda: load_yaml_model(_Thing, alias_bomb(), filename="b.yaml",
                                            error=ConfigError), ConfigError)


# Every YAML the project reads, each through its own reader; each helper imports and writes
# first and returns the call to time (an import under tracemalloc is slow).
Call = Callable[[], object]


def _pack(path: Path) -> Call:
    from ai_work_audit.policy import load_policy_pack

    path.write_text(alias_bomb(prefix="pack: bomb"), encoding="utf-8")
    return lambda: load_policy_pack(path)


def _recognizers(path: Path) -> Call:
    from ai_work_audit.privacy._recognizers import parse_recognizer_file

    return lambda: parse_recognizer_file(alias_bomb(prefix="recognizers: []"), "bomb.yaml")


def _settings(path: Path) -> Call:
    pytest.importorskip("presidio_analyzer")
    from ai_work_audit.privacy._engine import parse_settings

    return lambda: parse_settings(alias_bomb(prefix="default_threshold: 0.5"))


def _mapping(path: Path) -> Call:
    from ai_work_audit.sources import load_mapping

    path.write_text(alias_bomb(prefix="files: []"), encoding="utf-8")
    return lambda: load_mapping(path)


def _company_policy(path: Path) -> Call:
    from ai_work_audit.sources import load_company_policy

    path.write_text(alias_bomb(prefix="schema: ai-work-audit/company-policy/v1"),
                    encoding="utf-8")
    return lambda: load_company_policy(path)


def _audit_spec(path: Path) -> Call:
    from ai_work_audit.specs import load_audit_spec

    path.write_text(alias_bomb(prefix="schema: ai-work-audit/audit-spec/v1"), encoding="utf-8")
    return lambda: load_audit_spec(path)


def _framework(path: Path) -> Call:
    from ai_work_audit.indicators import parse_framework

    text = alias_bomb(prefix="schema: ai-work-audit/framework/v1")
    return lambda: parse_framework(text, filename="bomb.yaml")


@pytest.mark.parametrize("reader", [_pack, _recognizers, _settings, _mapping, _company_policy,
                                    _audit_spec, _framework],
                         ids=lambda f: f.__name__.strip("_"))
def test_every_reader_refuses_an_alias_bomb(reader: Callable[[Path], Call],
                                            tmp_path: Path) -> None:
    error = refused_quickly(reader(tmp_path / "bomb.yaml"), AuditError)
    assert "lol" not in str(error)


def _exit_code(*args: str) -> int:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    code = info.value.code
    return code if isinstance(code, int) else 1


def test_command_line_exits_2_on_an_alias_bomb(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(alias_bomb(prefix="pack: bomb"), encoding="utf-8")
    start = time.perf_counter()
    assert _exit_code("policies", "validate", str(bomb)) == 2
    assert "bomb.yaml" in capsys.readouterr().err
    log = tmp_path / "log.csv"
    log.write_text("timestamp,worker_id,event_type\n2025-01-06T09:00:00Z,u1,idle\n",
                   encoding="utf-8")
    assert _exit_code("monitoring", str(log), "--mapping", str(bomb)) == 2
    assert "not valid YAML" in capsys.readouterr().err
    spec = tmp_path / "spec.yaml"
    spec.write_text(alias_bomb(prefix="schema: ai-work-audit/audit-spec/v1"), encoding="utf-8")
    assert _exit_code("run", str(spec)) == 2
    assert time.perf_counter() - start < 5.0
