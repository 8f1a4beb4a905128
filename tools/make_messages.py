"""Extract messages for zh_Hans per app (each app owns ``<app>/locale``) and project-wide
(``tongxin/templates`` and project modules into ``locale/``), then compile every catalogue.

Needs GNU gettext (``xgettext``, ``msgfmt``); the compiled .mo files are committed so that
running Tongxin never needs gettext.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DJANGO_ADMIN = [sys.executable, "-m", "django"]


def run(args: list[str], cwd: Path) -> None:
    subprocess.run([*DJANGO_ADMIN, *args], cwd=cwd, check=True)


def main() -> int:
    apps = sorted(p.parent for p in (ROOT / "tongxin").glob("*/apps.py"))
    for app in apps:
        (app / "locale").mkdir(exist_ok=True)
        run(["makemessages", "-l", "zh_Hans", "--no-obsolete", "-i", "tests/*"], app)
    ignores = [f"tongxin/{app.name}/*" for app in apps]
    args = ["makemessages", "-l", "zh_Hans", "--no-obsolete"]
    for pattern in [*ignores, ".venv/*", "frontend/*", "tests/*", "bench/*", "var/*", "tools/*"]:
        args += ["-i", pattern]
    (ROOT / "locale").mkdir(exist_ok=True)
    run(args, ROOT)
    run(["compilemessages", "-l", "zh_Hans", "-i", ".venv", "-i", "frontend", "-i", "var"], ROOT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
