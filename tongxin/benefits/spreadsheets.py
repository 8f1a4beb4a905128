"""The pickup list of one branch as a workbook (.xlsx), headers in the user's language."""

import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .models import BenefitBatch, BenefitReceipt


def pickup_workbook(
    batch: BenefitBatch, branch_name: str, receipts: Iterable[BenefitReceipt]
) -> bytes:
    """One row per receipt: staff number, name, where, status, who signed, how, when.

    ``receipts`` must come with ``person``, ``node`` and ``signed_by`` selected.
    """
    book = Workbook()
    sheet = book.active
    sheet.title = branch_name[:31] or "-"
    sheet.append([batch.title, batch.goods, branch_name])
    headers = [
        _("Staff number"),
        _("Name"),
        _("Collects at"),
        _("Status"),
        _("Signed by"),
        _("Collected by"),
        _("How"),
        _("Time"),
        _("Mailing address"),
    ]
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for receipt in receipts:
        signer = receipt.signed_by
        sheet.append(
            [
                receipt.person.staff_number,
                receipt.person.name,
                receipt.node.name,
                str(receipt.get_status_display()),
                (signer.display_name or signer.username) if signer else "",
                receipt.proxy_name,
                str(receipt.get_sign_method_display()) if receipt.sign_method else "",
                timezone.localtime(receipt.signed_at).strftime("%Y-%m-%d %H:%M")
                if receipt.signed_at
                else "",
                receipt.mail_address,
            ]
        )
    sheet.freeze_panes = "A3"
    for column, width in zip("ABCDEFGHI", (12, 12, 16, 10, 14, 14, 18, 17, 30), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
