"""Fail when an amount in fen is turned into a float: ``x_fen / 100``, ``/100``, ``* 0.01``.

Money is integer fen; it is shown with ``core.money.format_fen`` (the ``|yuan`` filter), put in
forms with ``core.forms.yuan_initial`` and in spreadsheets as ``Decimal`` by
``core.spreadsheets``. A line of Python or a template that names a fen value (``amount_fen``,
``fen``, ``total_fen``) and divides by 100 with ``/`` (not ``//``) or multiplies by 0.01 is
reported. A line that divides a ``Decimal`` on purpose says so with ``# exact: Decimal``.

Run: ``python tools/check_fen_floats.py`` (part of ``make lint``); exits 1 on a finding.
"""

import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("tongxin", "tools", "bench")
SKIP_PARTS = {"migrations", "node_modules", "static", "locale", "__pycache__", "tests"}
FEN = re.compile(r"\bfen\b|\w_fen\b|\bfen_\w", re.IGNORECASE)
FLOAT_MONEY = re.compile(
    r"(?<![/])/\s*100(?![\d.])(?!\s*/)|\*\s*0?\.01\b|\|\s*div(?:ide)?\s*:\s*100\b"
)
ALLOWED = "# exact: Decimal"


def findings(path: Path) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if ALLOWED in line:
            continue
        if FEN.search(line) and FLOAT_MONEY.search(line):
            yield number, line.strip()


def files() -> Iterator[Path]:
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*")):
            if (
                path.suffix in {".py", ".html"}
                and not SKIP_PARTS & set(path.parts)
                and path.resolve() != Path(__file__).resolve()
            ):
                yield path


def main() -> int:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line}"
        for path in files()
        for number, line in findings(path)
    ]
    for line in found:
        print(line)
    if found:
        print(
            f"\n{len(found)} place(s) turn fen into a float: use core.money.format_fen, "
            "core.forms.yuan_initial or core.spreadsheets (Decimal) instead."
        )
        return 1
    print("No fen turned into floats.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
