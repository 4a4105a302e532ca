"""Write the service's OpenAPI document: ``python -m ai_work_audit.api._openapi api/openapi.json``.

CI regenerates it and compares with the committed file (tests/api/test_openapi.py).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def render_openapi() -> str:
    """The OpenAPI document as committed: sorted keys, two-space indent, final newline."""
    from ai_work_audit.api.main import openapi_document

    return json.dumps(openapi_document(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "api/openapi.json")
    target.write_text(render_openapi(), encoding="utf-8")
    sys.stderr.write(f"wrote {target}\n")
