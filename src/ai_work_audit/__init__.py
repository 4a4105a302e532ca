"""ai-work-audit: evidence for the Paris 2025 pledge for a trustworthy AI in the world of work."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ai-work-audit")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = ["__version__"]
