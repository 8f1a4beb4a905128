"""The pickup list of one branch as a workbook (.xlsx), headers in the user's language."""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.spreadsheets import workbook

from .models import BenefitBatch, BenefitReceipt


def pickup_workbook(
    batch: BenefitBatch, branch_name: str, receipts: Iterable[BenefitReceipt]
) -> bytes:
    """One row per receipt: staff number, name, where, status, who signed, how, when.

    ``receipts`` must come with ``person``, ``node`` and ``signed_by`` selected.
    """
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
    rows = []
    for receipt in receipts:
        signer = receipt.signed_by
        rows.append(
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
    widths = dict(enumerate((12, 12, 16, 10, 14, 14, 18, 17, 30)))
    return workbook(
        branch_name or "-",
        headers,
        rows,
        widths=widths,
        text=[0],
        preamble=[[batch.title, batch.goods, branch_name]],
    )
