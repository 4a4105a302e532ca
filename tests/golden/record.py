"""(Re)write the golden files: ``python tests/golden/record.py [--inputs] [--out DIR]``.

Source: issue 9, item 1. ``--inputs`` first regenerates ``data/inputs/`` from the project's
seeded generators (do it only when the inputs must change: every golden changes with them).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from golden.cases import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
