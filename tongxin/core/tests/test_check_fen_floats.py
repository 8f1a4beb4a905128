"""``tools/check_fen_floats.py`` (run by ``make lint``) finds fen turned into floats."""

import importlib.util
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parents[3] / "tools" / "check_fen_floats.py"
_spec = importlib.util.spec_from_file_location("check_fen_floats", TOOL)
assert _spec
assert _spec.loader
check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check)


@pytest.mark.parametrize(
    "line",
    [
        'total = f"{batch.total_fen / 100:,.2f}"',
        "value = visit.amount_fen/100",
        "yuan = fen * 0.01",
        "{{ item.amount_fen|divide:100 }}",
        "x = (a_fen + b_fen) / 100",
    ],
)
def test_it_reports_a_fen_float(tmp_path, line):
    path = tmp_path / "bad.py"
    path.write_text(line + "\n", encoding="utf-8")
    assert [number for number, _ in check.findings(path)] == [1]


@pytest.mark.parametrize(
    "line",
    [
        "share = total_fen * percent // 100",
        "yuan = format_fen(amount_fen)",
        "rate = count / 100",
        "exact = Decimal(fen) / 100  # exact: Decimal",
        "cap = 100_000 * 100",
    ],
)
def test_it_leaves_exact_arithmetic_alone(tmp_path, line):
    path = tmp_path / "good.py"
    path.write_text(line + "\n", encoding="utf-8")
    assert list(check.findings(path)) == []


def test_the_code_turns_no_fen_into_floats(capsys):
    assert check.main() == 0
