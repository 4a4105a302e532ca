"""ai-work-audit: evidence for the Paris 2025 pledge for a trustworthy AI in the world of work."""

#: The one place the version is written: pyproject.toml reads it (``dynamic``). A constant,
#: not ``importlib.metadata`` at import time (start-up, issue 9 item 9);
#: ``tests/cli/test_startup.py`` checks it equals the installed metadata.
__version__ = "0.1.0"

__all__ = ["__version__"]
