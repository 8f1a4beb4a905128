"""Fail when a zh_Hans catalogue has untranslated or fuzzy entries, or its .mo is stale."""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def catalogues() -> list[Path]:
    return sorted(
        p for p in ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po") if ".venv" not in p.parts
    )


def main() -> int:
    problems = []
    for po_path in catalogues():
        po = polib.pofile(str(po_path))
        rel = po_path.relative_to(ROOT)
        for entry in po.untranslated_entries():
            problems.append(f"{rel}: untranslated: {entry.msgid[:70]!r}")
        for entry in po.fuzzy_entries():
            problems.append(f"{rel}: fuzzy: {entry.msgid[:70]!r}")
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists():
            problems.append(f"{rel}: no compiled .mo beside it (run `make messages`)")
            continue
        compiled = {
            (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(mo_path))
        }
        for entry in po.translated_entries():
            if compiled.get((entry.msgctxt, entry.msgid)) != (entry.msgstr or entry.msgstr_plural):
                problems.append(f"{rel}: .mo is stale (run `make messages`)")
                break
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
