"""The change-history panel shows recorded values as words: yes/no, local times, yuan."""

from django.utils import translation
from django.utils.translation import gettext

from tongxin.benefits.models import BenefitBatch
from tongxin.core.models import AuditEvent
from tongxin.core.templatetags.tongxin import audit_changes


def _rows(changes: dict) -> dict[str, tuple[str, str]]:
    event = AuditEvent(target_type="benefits.benefitbatch", event="x.y", changes=changes)
    return {label: (before, after) for label, before, after in audit_changes(event)}


def test_booleans_times_and_fen_read_as_words() -> None:
    # given an event that changed a flag, a moment and an amount in fen
    changes = {
        "include_retirees": [False, True],
        "confirmed_at": [None, "2021-01-20T02:30:00+00:00"],
        "unit_cost_fen": [50000, 123456],
    }
    with translation.override("zh-hans"):
        # when its rows are rendered in Chinese
        rows = _rows(changes)
        yes, no = gettext("Yes"), gettext("No")
    # then the flag reads yes/no, the time is local (Asia/Shanghai), the amount is yuan
    assert (no, yes) in rows.values()
    assert ("", "2021-01-20 10:30") in rows.values()
    assert ("\u00a5500.00", "\u00a51,234.56") in rows.values()
    assert not any("fen" in label or "\u5206\uff09" in label for label in rows)


def test_choice_values_read_by_their_labels_and_plain_values_pass_through() -> None:
    # given an event with a choice value and a plain text value
    rows = _rows({"festival": ["spring_festival", "mid_autumn"], "title": "Gift pack"})
    # then the choice shows its label and the text is unchanged
    values = list(rows.values())
    assert all("_" not in before + after for before, after in values)
    assert ("", "Gift pack") in values


def test_references_and_rows_read_as_words() -> None:
    # given an event whose changes name another record and carry rows of lines
    changes = {
        "source": [None, "benefits.benefitbatch:7"],
        "lines": [None, [[1, "expense.x", 350000, 0], [2, "asset.bank", 0, 350000]]],
    }
    with translation.override("zh-hans"):
        # when they are rendered
        rows = _rows(changes)
        batch = str(BenefitBatch._meta.verbose_name)
    # then the reference is the record's kind and number, the rows a count, no codes
    values = [after for _before, after in rows.values()]
    assert f"{batch} #7" in values
    assert not any("expense.x" in value or "350000" in value for value in values)
