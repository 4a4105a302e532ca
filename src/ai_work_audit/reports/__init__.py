"""Reports: Markdown, self-contained HTML, PDF, plain text and terminal views of audit documents.

Renderers take the documents of ``contracts.md`` (a dict or its typed model from ``documents``),
validated once with ``documents.load_document``; views read the model, not the dict. User
values in every report go through the helpers of ``_escape`` (re-exported here for the other
reports): HTML/Markdown escaping and spreadsheet-formula neutralisation.
"""

from ai_work_audit.reports._access import print_access_summary, render_access
from ai_work_audit.reports._assessment import (
    ASSESSMENT_FORMATS,
    render_consolidated,
    render_self_assessment,
)
from ai_work_audit.reports._assessment_oscal import OSCAL_NS, render_oscal, to_oscal
from ai_work_audit.reports._escape import (
    escape_html,
    escape_markdown,
    html_cell,
    markdown_cell,
    neutralise_formula,
    safe_text,
    strip_control,
)
from ai_work_audit.reports._hiring import print_hiring_summary, render_hiring
from ai_work_audit.reports._monitoring import (
    MONITORING_FORMATS,
    print_monitoring_summary,
    render_monitoring,
)
from ai_work_audit.reports._supply_chain import (
    print_supply_chain_summary,
    render_supply_chain,
)

__all__ = [
    "ASSESSMENT_FORMATS",
    "MONITORING_FORMATS",
    "OSCAL_NS",
    "escape_html",
    "escape_markdown",
    "html_cell",
    "markdown_cell",
    "neutralise_formula",
    "print_access_summary",
    "print_hiring_summary",
    "print_monitoring_summary",
    "print_supply_chain_summary",
    "render_access",
    "render_consolidated",
    "render_hiring",
    "render_monitoring",
    "render_oscal",
    "render_self_assessment",
    "render_supply_chain",
    "safe_text",
    "strip_control",
    "to_oscal",
]
