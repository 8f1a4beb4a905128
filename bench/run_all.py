"""Run every benchmark script in bench/ (a module with a main block); each prints its figures
and records them under docs/benchmarks/."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    scripts = sorted(
        p
        for p in HERE.glob("*.py")
        if p.name != "run_all.py" and 'if __name__ == "__main__":' in p.read_text()
    )
    failed = 0
    for script in scripts:
        print(f"== {script.name}", flush=True)
        failed += subprocess.run([sys.executable, str(script)], check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
