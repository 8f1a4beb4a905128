"""Pinyin keys for finding people by name: Zhang San → "zhangsan" and initials "zs"."""

from pypinyin import Style, lazy_pinyin


def pinyin_keys(name: str) -> tuple[str, str]:
    """Full pinyin without tones and the initials, both lower-case ASCII."""
    syllables = [s for s in lazy_pinyin(name.strip(), style=Style.NORMAL, errors="ignore") if s]
    full = "".join(syllables).lower()
    initials = "".join(s[0] for s in syllables).lower()
    return full[:200], initials[:50]
