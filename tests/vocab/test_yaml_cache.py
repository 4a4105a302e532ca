"""The cache of parsed shipped YAML files (vocab/_yaml_cache.py, issue 9 item 9).

Conformance: every file the tool reads with ``cached=True`` (message and fact catalogues, the
policy folder, the modalities) comes back from the cache exactly as the PyYAML loader builds it:
the same values and types, the line of every mapping, key and list item, the duplicated keys.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from ai_work_audit.policy import policy_dir
from ai_work_audit.sources._modalities import MODALITIES_FILE
from ai_work_audit.vocab import LineList, LineMap, YamlSyntaxError, load_yaml_with_lines
from ai_work_audit.vocab import _yaml_cache as yaml_cache
from ai_work_audit.vocab._messages import CATALOGUE_DIR
from ai_work_audit.vocab._yaml_parse import parse_yaml

VOCAB = Path(yaml_cache.__file__).parent


def shipped_files() -> list[Path]:
    """Every YAML file read with ``cached=True``."""
    folder = policy_dir()
    return sorted([*CATALOGUE_DIR.glob("*.yaml"), VOCAB / "facts.yaml", MODALITIES_FILE,
                   *folder.glob("*.yaml"), *folder.glob("*/pack.yaml")])


def same_tree(a: Any, b: Any) -> bool:
    """Equal values of equal types, with equal lines everywhere."""
    if type(a) is not type(b):
        return False
    if isinstance(a, LineMap):
        return (a.line == b.line and a.key_lines == b.key_lines
                and list(a.keys()) == list(b.keys())
                and all(type(k) is type(j) for k, j in zip(a, b, strict=True))
                and all(same_tree(a[k], b[k]) for k in a))
    if isinstance(a, LineList):
        return (a.line == b.line and a.item_lines == b.item_lines and len(a) == len(b)
                and all(same_tree(x, y) for x, y in zip(a, b, strict=True)))
    if isinstance(a, float) and a != a:
        return b != b
    return bool(a == b)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(yaml_cache.CACHE_ENV, str(folder))
    return folder


def test_the_shipped_files_are_listed() -> None:
    names = {p.name for p in shipped_files()}
    assert {"en.yaml", "fr.yaml", "facts.yaml", "pack.yaml", MODALITIES_FILE.name} <= names
    assert len(shipped_files()) >= 15


@pytest.mark.parametrize("path", shipped_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_shipped_file_comes_back_from_the_cache_as_the_loader_builds_it(
        path: Path, cache_dir: Path) -> None:
    text = path.read_text(encoding="utf-8")
    parsed = parse_yaml(text)
    first = load_yaml_with_lines(text, cached=True)  # parses, stores
    entry = yaml_cache.entry_path(text)
    assert entry is not None and entry.is_file(), "a shipped file must be cacheable"
    second = load_yaml_with_lines(text, cached=True)  # from the cache
    assert yaml_cache.load(text) is not None
    for got in (first, second):
        assert same_tree(got[0], parsed[0]), path
        assert got[1] == parsed[1]


def test_lines_dates_duplicates_and_odd_keys_survive(cache_dir: Path) -> None:
    text = ("a: 1\nb:\n  - x\n  - {c: 2.5, 3: true}\nwhen: 2027-01-02\n"
            "at: 2027-01-02T10:00:00+01:00\nn: null\nnot_a_date: 2027-13-45\n"
            "2026-12-01: day\ninf: .inf\na: 7\n")
    parsed = parse_yaml(text)
    load_yaml_with_lines(text, cached=True)
    data, duplicates = load_yaml_with_lines(text, cached=True)
    assert same_tree(data, parsed[0]) and duplicates == parsed[1] == [(11, "a")]
    assert data["when"] == date(2027, 1, 2) and isinstance(data["at"], datetime)
    assert data[date(2026, 12, 1)] == "day" and data["b"].line_of(1) == 4


def test_values_json_cannot_carry_are_not_cached(cache_dir: Path) -> None:
    text = "blob: !!binary aGVsbG8=\nset: !!set {a: null}\n"
    data, _ = load_yaml_with_lines(text, cached=True)
    assert data["blob"] == b"hello" and data["set"] == {"a"}
    assert yaml_cache.load(text) is None
    assert not list(cache_dir.rglob("*.json"))


def test_problems_are_not_cached(cache_dir: Path) -> None:
    with pytest.raises(YamlSyntaxError):
        load_yaml_with_lines("a: [1, 2\n", cached=True)
    assert not cache_dir.exists() or not list(cache_dir.rglob("*.json"))


def test_a_damaged_entry_is_ignored_and_the_text_parsed(cache_dir: Path) -> None:
    text = "a: 1\nb: [x, y]\n"
    load_yaml_with_lines(text, cached=True)
    entry = yaml_cache.entry_path(text)
    assert entry is not None
    for damage in ("{not json", json.dumps({"data": [1, 2], "duplicates": []}),
                   json.dumps({"data": {"m": "x"}})):
        entry.write_text(damage, encoding="utf-8")
        data, _ = load_yaml_with_lines(text, cached=True)
        assert data == {"a": 1, "b": ["x", "y"]} and data["b"].line == 2


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(yaml_cache.CACHE_ENV, "off")
    assert yaml_cache.cache_dir() is None and yaml_cache.entry_path("a: 1\n") is None
    assert load_yaml_with_lines("a: 1\n", cached=True)[0] == {"a": 1}


def test_a_cache_that_cannot_be_written_is_ignored(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(yaml_cache.CACHE_ENV, str(blocker / "cache"))  # under a file
    assert load_yaml_with_lines("a: 1\n", cached=True)[0] == {"a": 1}


def test_uncached_reads_leave_no_entry(cache_dir: Path) -> None:
    load_yaml_with_lines("who: someone@example.com\n")
    assert not cache_dir.exists()


def test_a_company_policy_folder_is_never_copied_into_the_cache(
        cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    from ai_work_audit.policy import check_packs, policy_pack_paths

    company = tmp_path / "company-policies"
    company.mkdir()
    for path in policy_dir().glob("*/pack.yaml"):
        (company / path.parent.name).mkdir()
        (company / path.parent.name / "pack.yaml").write_text(
            "# the company's copy\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    (company / "notes.yaml").write_text("schema: notes\nwho: someone@example.com\n")
    monkeypatch.setenv("AI_WORK_AUDIT_POLICIES", str(company))
    paths = policy_pack_paths()
    assert paths and all(company in p.parents for p in paths)
    check_packs(paths)  # the company's packs are read and parsed from its folder
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in company.rglob("*.yaml")}
    entries = [p.name for p in cache_dir.rglob("*.json")]
    assert not [e for e in entries if e.partition("-")[0] in digests]
