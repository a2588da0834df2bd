"""Take the editors' guide's screenshots again (docs/images/editeur-*.png): the browser test of the
web editor (tests/test_admin_browser.py) run once, writing its screenshots into docs/images/
instead of its temporary folder. The guide shows what the test saw, with the same gestures.

    python -m tools.guide_screenshots

Needs what that test needs (Chromium and its driver, Node.js and npm); exits as pytest does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
IMAGES = PROJECT / "docs" / "images"
TEST = "tests/test_admin_browser.py"
VARIABLE = "CITE_IA_SCREENSHOTS"  # read by the test's session fixture


def main() -> int:
    IMAGES.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pytest", TEST, "-n0", "-p", "no:randomly", "-q"]
    code = subprocess.run(command, cwd=PROJECT, env={**os.environ, VARIABLE: str(IMAGES)}, check=False).returncode
    if code == 0:
        print(f"Captures d'écran du guide refaites dans {IMAGES.relative_to(PROJECT)}/ : relisez-les, puis commitez-les.")
    return code


if __name__ == "__main__":
    sys.exit(main())
