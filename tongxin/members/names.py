"""Pinyin keys for finding people by name: Zhang San → "zhangsan" and initials "zs"."""

import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from .data.surnames import SURNAME_READINGS

_LATIN_WORD = re.compile(r"[a-z0-9]+")


def _latin_words(chunk: str) -> list[str]:
    # Names written in Latin letters ("Li Lei", "Anna Schmidt") are searched by their words.
    return _LATIN_WORD.findall(chunk.lower())


def _syllables(text: str) -> list[str]:
    # pypinyin accepts a list from the errors callback, though its stub says str.
    syllables = lazy_pinyin(text, style=Style.NORMAL, errors=_latin_words)  # type: ignore[arg-type]
    return [s for s in syllables if s]


# Cached: a roster import computes the keys of every row twice (preview, then apply), and
# names repeat. The keys are a pure function of the name.
@lru_cache(maxsize=32768)
def pinyin_keys(name: str) -> tuple[str, str]:
    """Full pinyin without tones and the initials, both lower-case ASCII.

    The surname is read with its surname reading (the surname Zeng is "zeng", not the word
    reading "ceng"), which is how people spell it when they search.
    """
    name = name.strip()
    syllables: list[str] = []
    for length in (2, 1):
        reading = SURNAME_READINGS.get(name[:length])
        if len(name) > length and reading is not None:
            syllables = [*reading, *_syllables(name[length:])]
            break
    else:
        syllables = _syllables(name)
    full = "".join(syllables).lower()
    initials = "".join(s[0] for s in syllables).lower()
    return full[:200], initials[:50]
