"""Django's ``{# … #}`` comment ends at the end of its line: one that spans lines is printed
on the page. Multi-line comments must use ``{% comment %}``."""

import re
from pathlib import Path

import tongxin

OPEN_WITHOUT_CLOSE = re.compile(r"\{#(?![^\n]*#\})")


def test_no_template_comment_spans_lines() -> None:
    # given every template of the project
    root = Path(tongxin.__file__).parent
    offenders = []
    for path in root.rglob("templates/**/*.html"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            # when a line opens a {# comment it does not close
            if OPEN_WITHOUT_CLOSE.search(line):
                offenders.append(f"{path.relative_to(root)}:{number}")
    # then there is none
    assert offenders == []
