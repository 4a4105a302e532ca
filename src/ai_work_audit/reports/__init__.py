"""Reports: Markdown, self-contained HTML, PDF, plain text and terminal views of audit documents.

Renderers take the documents of ``contracts.md`` (a dict or its typed model from ``documents``),
validated once with ``documents.load_document``; views read the model, not the dict. User
values in every report go through the helpers of ``_escape`` (re-exported here for the other
reports): HTML/Markdown escaping and spreadsheet-formula neutralisation.
"""

import importlib
from typing import TYPE_CHECKING, Any

#: Public name → the module that defines it, imported on first use (PEP 562 ``__getattr__``):
#: a console summary must not import every renderer and Jinja2 (issue 9, start-up).
_LAZY = {
    "print_access_summary": "_access",
    "render_access": "_access",
    "print_supply_chain_summary": "_supply_chain",
    "render_supply_chain": "_supply_chain",
    "ASSESSMENT_FORMATS": "_assessment",
    "render_consolidated": "_assessment",
    "render_self_assessment": "_assessment",
    "OSCAL_NS": "_assessment_oscal",
    "render_oscal": "_assessment_oscal",
    "to_oscal": "_assessment_oscal",
    "escape_html": "_escape",
    "escape_markdown": "_escape",
    "html_cell": "_escape",
    "markdown_cell": "_escape",
    "neutralise_formula": "_escape",
    "safe_text": "_escape",
    "strip_control": "_escape",
    "print_hiring_summary": "_hiring",
    "render_hiring": "_hiring",
    "MONITORING_FORMATS": "_monitoring",
    "print_monitoring_summary": "_monitoring",
    "render_monitoring": "_monitoring",
}

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
