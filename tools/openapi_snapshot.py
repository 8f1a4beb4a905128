"""Rewrite the OpenAPI snapshot ``docs/openapi.json`` from the code (``make openapi``).

The test suite compares the schema the code generates with this file, so a change to the API
shows up in review as a diff of the snapshot.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "docs" / "openapi.json"


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings.test")
    import django

    django.setup()
    from tongxin.api import openapi_text

    SNAPSHOT.write_text(openapi_text(), encoding="utf-8")
    sys.stdout.write(f"wrote {SNAPSHOT.relative_to(ROOT)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
