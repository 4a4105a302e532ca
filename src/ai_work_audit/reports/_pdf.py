"""PDF from the HTML reports, with WeasyPrint (the optional ``pdf`` extra)."""

from __future__ import annotations

from typing import Final

from ai_work_audit.errors import ConfigError

ERR_NO_WEASYPRINT: Final = (
    "PDF output must have WeasyPrint installed; got no importable 'weasyprint' module instead. "
    "Install the 'pdf' extra: pip install 'ai-work-audit[pdf]' (WeasyPrint also needs Pango), "
    "or choose --format html."
)


def html_to_pdf(html: str) -> bytes:
    """Render a self-contained HTML report to PDF bytes; no network access (no base URL)."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint found but Pango missing
        raise ConfigError(ERR_NO_WEASYPRINT) from exc

    def _no_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
        raise ValueError("external resources are not fetched")

    document = weasyprint.HTML(string=html, url_fetcher=_no_fetch)
    pdf: bytes = document.write_pdf()
    return pdf
