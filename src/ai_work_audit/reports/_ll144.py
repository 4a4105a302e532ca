"""The summary of results a NYC employer publishes (6 RCNY § 5-303), from a hiring document.

§ 5-303 requires the date of the most recent bias audit, the source and an explanation of the
data, the number of applicants and of individuals in an unknown category, the distribution date
of the tool, and the selection or scoring rates and impact ratios of every category (§ 5-301),
with the categories excluded for holding under 2 % of the data and their numbers. The JSON
document is ``ai-work-audit/ll144-summary/v1``; the CSV form is the one
``ai-work-audit hiring verify-summary`` reads.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from ai_work_audit.documents._hiring import HiringDocument, HiringParameters
from ai_work_audit.reports._escape import neutralise_formula
from ai_work_audit.reports._hiring_view import hiring_document
from ai_work_audit.reports._typed import mark, suppressed

SCHEMA = "ai-work-audit/ll144-summary/v1"
CSV_COLUMNS = ("table", "category", "applicants", "selected", "selection_rate", "impact_ratio")


def _label(values: Mapping[str, str] | list[str] | None, joiner: str = " × ") -> str:
    items = list(values.values()) if isinstance(values, Mapping) else list(values or [])
    return joiner.join(str(v) for v in items)


def ll144_summary(document: Mapping[str, Any] | HiringDocument, *,
                  distribution_date: str | None = None,
                  data_source: str | None = None) -> dict[str, Any]:
    """The published-summary document of a ``hiring-audit/v1`` document (dict or model)."""
    doc = hiring_document(document, "ll144_summary")
    scoring = doc.mode == "scoring"
    rate_key = "scoring_rate" if scoring else "selection_rate"
    tables = []
    for table in doc.tables or []:
        rows: list[dict[str, Any]] = []
        excluded = []
        for row in table.rows or []:
            if suppressed(row):
                rows.append({"category": _label(row.group), "suppressed": True})
                continue
            category = _label(row.group)
            rows.append({"category": category, "applicants": row.applicants,
                         "selected": row.selected, rate_key: row.rate,
                         "impact_ratio": row.impact_ratio, "excluded": bool(row.excluded)})
            if row.excluded:
                excluded.append({"category": category, "applicants": row.applicants})
        tables.append({"table": _label(table.attributes),
                       "applicants": table.total, "unknown": table.unknown,
                       "excluded_categories": excluded, "rows": rows})
    parameters = doc.parameters or HiringParameters()
    digest = (doc.input.sha256 if doc.input else None) or ""
    return {
        "schema": SCHEMA,
        "audit_id": doc.audit_id,
        "audit_date": (doc.created_at or "")[:10] or None,
        "distribution_date": distribution_date,
        "system": doc.system,
        "data_source": data_source or "historical data of the employer (input digest "
                                      f"{digest[:12]})",
        "period": mark(parameters, "period_range"),
        "mode": doc.mode,
        "median_score": doc.median_score,
        "applicants": tables[0]["applicants"] if tables else None,
        "unknown": tables[0]["unknown"] if tables else None,
        "exclude_under": parameters.exclude_under,
        "tables": tables,
    }


def ll144_summary_csv(document: Mapping[str, Any] | HiringDocument) -> str:
    """One CSV row per category of every table (formula-like names neutralised)."""
    summary = ll144_summary(document)
    scoring = summary["mode"] == "scoring"
    columns = [*CSV_COLUMNS[:4], "scoring_rate" if scoring else "selection_rate",
               "impact_ratio"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for table in summary["tables"]:
        for row in table["rows"]:
            if row.get("suppressed"):
                continue
            rate = row.get(columns[4])
            ratio = row.get("impact_ratio")
            writer.writerow([
                neutralise_formula(table["table"]), neutralise_formula(row["category"]),
                row["applicants"], row["selected"],
                "" if rate is None else f"{rate:.4f}",
                "" if ratio is None or row["excluded"] else f"{ratio:.4f}",
            ])
    return out.getvalue()
