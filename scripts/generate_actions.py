#!/usr/bin/env python3
"""Regenerate src/timeledger/actions/catalog.json from the app's OpenAPI description.

Run it after adding or changing a route (tests/cli/test_actions.py fails until you do):

    .venv/bin/python scripts/generate_actions.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from timeledger.actions.generate import CATALOG_FILE, write  # noqa: E402


def main() -> int:
    count = write()
    print(f"wrote {count} actions to {CATALOG_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
