"""Fail when Chinese characters appear in code or templates outside the allowed places.

User-facing Chinese lives in the zh_Hans .po files; demo and fixture *data* may be Chinese
(``tongxin/demo/data``, test fixture files). Identifiers, comments and msgids are English.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
ALLOWED_PARTS = {"locale", "data", "fixtures", "migrations", "node_modules", ".venv", "var"}
ALLOWED_FILES = {
    "tongxin/templates/base.html",  # the language switch names each language in itself
    "tongxin/static/js/tongxin.js",  # bilingual fallback text shown when the server is down
}


def main() -> int:
    problems = []
    for path in sorted(ROOT.rglob("*")):
        if path.suffix not in {".py", ".html", ".js"} or not path.is_file():
            continue
        rel = path.relative_to(ROOT)
        if ALLOWED_PARTS & set(rel.parts) or str(rel) in ALLOWED_FILES or "vendor" in rel.parts:
            continue
        if rel.parts[0] in {"tests", "bench"} or "tests" in rel.parts:
            continue  # tests and benchmarks may hold Chinese sample data
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if CJK.search(line):
                problems.append(f"{rel}:{number}: {line.strip()[:80]}")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} line(s) with Chinese characters outside .po/data files.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
