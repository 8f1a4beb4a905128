"""Listing candidates by the stroke order of their names (xingshi bihua).

``stroke_key(name)`` is a sortable string: for each character of the name, its total stroke
count (two digits) and its place among the characters of that count (four digits, radical-
stroke order, as listed in ``data/strokes.txt``). So names sort by the strokes of the surname
first, then of the following characters, the usual order of a Chinese ballot.

The data file holds the 12,737 simplified-Chinese characters of the Unicode Han Database with a
GB source and their ``kTotalStrokes`` (generated once from Debian's ``unicode-data`` package;
see the file's header). Fallback: a character not in the file (a rare character, a Latin
letter) sorts after every listed character of any stroke count, by its code point, so the
order stays total and deterministic.
"""

from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "strokes.txt"
UNKNOWN_STROKES = 99


@cache
def _table() -> dict[str, tuple[int, int]]:
    table: dict[str, tuple[int, int]] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        count, characters = line.split("\t")
        for index, character in enumerate(characters):
            table.setdefault(character, (int(count), index))
    return table


def strokes_of(character: str) -> int | None:
    """The total stroke count of one character, or ``None`` if it is not listed."""
    entry = _table().get(character)
    return entry[0] if entry else None


def stroke_key(name: str) -> str:
    """A string that sorts names by stroke order (see the module's docstring)."""
    table = _table()
    parts = []
    for character in "".join(name.split()):
        entry = table.get(character)
        if entry is None:
            parts.append(f"{UNKNOWN_STROKES:02d}{min(ord(character), 9999999):07d}")
        else:
            parts.append(f"{entry[0]:02d}{entry[1]:07d}")
    return "".join(parts)[:200]
