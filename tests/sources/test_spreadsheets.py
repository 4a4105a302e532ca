"""Spreadsheet inputs (.xlsx written by openpyxl, .ods built as OpenDocument XML): the audit
reads them like the same data as CSV (python-calamine)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from tests.hiring.helpers import options

from ai_work_audit.errors import InputError
from ai_work_audit.hiring import audit_hiring_file

ROWS = [["sex", "décision", "n"]] + [["F", "oui", 1]] * 3 + [["F", "non", 1]] * 7 + \
    [["M", "oui", 1]] * 6 + [["M", "non", 1]] * 4 + [["Inconnu", "oui", 1]]


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _ods(path: Path, rows: list[list[object]]) -> Path:
    """A minimal OpenDocument spreadsheet (ODF 1.2: mimetype, manifest, content)."""
    def cell(value: object) -> str:
        if isinstance(value, int | float):
            return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>")
        return (f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}'
                "</text:p></table:table-cell>")

    body = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>"
                   for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Feuille1">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"),
                         "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return path


@pytest.mark.parametrize("writer", [_xlsx, _ods], ids=["xlsx", "ods"])
def test_a_spreadsheet_export_is_audited_like_its_csv(tmp_path: Path, writer: object) -> None:
    suffix = ".xlsx" if writer is _xlsx else ".ods"
    path = writer(tmp_path / f"export{suffix}", ROWS)  # type: ignore[operator]
    audit = audit_hiring_file(path, options(group=("sex",), outcome="décision",
                                            unknown=("Inconnu",)))
    (table,) = audit.tables
    rows = {r.group["sex"]: r for r in table.rows}
    assert (rows["F"].applicants, rows["F"].selected) == (10, 3)
    assert (rows["M"].applicants, rows["M"].selected) == (10, 6)
    assert table.unknown == 1 and table.unknown_selected == 1
    assert rows["F"].bounds is not None
    assert audit.input_rows == 21 and len(audit.input_sha256) == 64


def test_aggregated_counts_in_a_spreadsheet(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "counts.xlsx", [["sex", "applicants", "selected"],
                                            ["F", 100, 30], ["M", 120.0, 60]])
    audit = audit_hiring_file(path, options(group=("sex",), applicants="applicants",
                                            selected="selected"))
    assert [r.applicants for r in audit.tables[0].rows] == [100, 120]


def test_missing_column_and_damaged_file_are_input_errors(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "export.xlsx", ROWS)
    with pytest.raises(InputError, match="column 'decision' is missing"):
        audit_hiring_file(path, options(group=("sex",), outcome="decision"))
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(InputError, match="not a readable spreadsheet"):
        audit_hiring_file(broken, options(group=("sex",), outcome="décision"))
