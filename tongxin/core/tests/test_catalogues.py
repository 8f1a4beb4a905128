"""Django merges every app's catalogue into one, and the first app listed wins when two
translate the same msgid. So one English msgid must mean one thing everywhere: where a word
has several meanings (a club kind "Running" and a quiz "Running"), the code gives it a context
(``pgettext``, ``{% translate … context … %}``) and each context has its own translation."""

import gettext
from collections import defaultdict
from pathlib import Path

from django.conf import settings

import tongxin


def _catalogues() -> list[Path]:
    root = Path(tongxin.__file__).parent
    found = sorted(root.glob("*/locale/zh_Hans/LC_MESSAGES/django.mo"))
    return found + [Path(p) / "zh_Hans/LC_MESSAGES/django.mo" for p in settings.LOCALE_PATHS]


def test_each_msgid_has_one_translation_across_the_catalogues() -> None:
    # given every compiled Simplified Chinese catalogue of the project
    seen: dict[object, dict[str, str]] = defaultdict(dict)
    for path in _catalogues():
        with path.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
        for key, text in catalog.items():
            if key != "":
                seen[key][str(path.parent.parent.parent.parent)] = text
    # when the same (context, msgid) is translated in several of them
    clashes = {
        str(key).replace("\x04", " | "): where
        for key, where in seen.items()
        if len(set(where.values())) > 1
    }
    # then all give the same words
    assert clashes == {}
