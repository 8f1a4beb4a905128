"""Accounts and the double-entry journal, in integer fen.

Posted entries are immutable: the model refuses a second save and any delete, the query set
refuses ``update()`` and ``delete()``, and a database trigger refuses UPDATE statements. A
correction is a reversal entry that points at the entry it mirrors.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.core.errors import DomainError
from tongxin.core.models import BaseModel
from tongxin.orgs.models import OrgNode

from ..choices import DEBIT_NORMAL_ACCOUNTS, AccountKind
from ..errors import FundsErrorCode
from .chart import FundCategory


class FundAccount(BaseModel):
    """Where one node's money sits: the school's bank account and payables, and a fund per
    school union and branch (the branch's sub-account).

    ``balance_fen`` is kept by ``ledger_post`` under the row lock (asset accounts: debits minus
    credits; funds and payables: credits minus debits) and may never fall below zero.
    """

    SCOPE_NODE_FIELD = "node"

    node = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="fund_accounts")
    kind = models.CharField(_("kind"), max_length=16, choices=AccountKind.choices)
    balance_fen = models.BigIntegerField(_("balance (fen)"), default=0)

    class Meta:
        verbose_name = _("fund account")
        verbose_name_plural = _("fund accounts")
        ordering = ["node__path", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["node", "kind"], name="fundaccount_one_per_node_kind"),
            models.CheckConstraint(
                condition=Q(balance_fen__gte=0), name="fundaccount_balance_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=AccountKind.values), name="fundaccount_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.node.name} · {self.get_kind_display()}"

    @property
    def scope_path(self) -> str:
        return self.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()

    @property
    def is_debit_normal(self) -> bool:
        return self.kind in DEBIT_NORMAL_ACCOUNTS

    def delta(self, debit_fen: int, credit_fen: int) -> int:
        """How a line of ``debit_fen``/``credit_fen`` changes this account's balance."""
        return debit_fen - credit_fen if self.is_debit_normal else credit_fen - debit_fen


def _immutable() -> DomainError:
    return DomainError(
        _("Posted entries cannot be changed; post a reversal instead."),
        code=FundsErrorCode.IMMUTABLE,
    )


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs: object) -> int:
        raise _immutable()

    def delete(self) -> tuple[int, dict[str, int]]:
        raise _immutable()


class ImmutableModel(models.Model):
    """Rows written once by the ledger service and never changed or deleted."""

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise _immutable()
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise _immutable()


class JournalEntry(ImmutableModel):
    """One posting: two or more lines whose debits equal their credits, with its source.

    ``node`` is the node the money movement is for (it scopes who sees the entry); the lines
    say which accounts moved. ``reverses`` links a reversal to the entry it mirrors; being a
    one-to-one link, an entry can be reversed once.
    """

    SCOPE_NODE_FIELD = "node"

    school = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="+")
    node = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="journal_entries")
    entry_on = models.DateField(_("date"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    memo = models.CharField(_("memo"), max_length=200)
    source_type = models.CharField(_("source type"), max_length=64)
    source_id = models.CharField(_("source id"), max_length=64, blank=True)
    source_label = models.CharField(_("source"), max_length=200, blank=True)
    total_fen = models.BigIntegerField(_("amount (fen)"))
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
        verbose_name=_("reverses"),
    )
    reason = models.TextField(_("reason for reversal"), blank=True)
    budget_override_reason = models.TextField(_("budget override reason"), blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    posted_by_label = models.CharField(_("posted by"), max_length=120)
    posted_at = models.DateTimeField(_("posted at"), default=timezone.now)
    # The tamper-evident trail (``funds.services.trail``): the entry's position in its school's
    # chain and the hash over the entry, its lines and the previous entry's hash.
    chain_seq = models.BigIntegerField(_("chain position"), null=True, blank=True)
    chain_hash = models.CharField(_("chain hash"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["-entry_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(total_fen__gt=0), name="journalentry_total_gt_0"),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=1990) & Q(fiscal_year__lte=2999),
                name="journalentry_fiscal_year_range",
            ),
            models.CheckConstraint(
                condition=Q(reverses__isnull=True) | ~Q(reason=""),
                name="journalentry_reversal_has_reason",
            ),
            models.UniqueConstraint(
                fields=["school", "chain_seq"],
                condition=Q(chain_seq__isnull=False),
                name="journalentry_unique_chain_seq",
            ),
        ]
        indexes = [
            models.Index(
                fields=["school", "fiscal_year", "entry_on"], name="entry_school_year_idx"
            ),
            models.Index(fields=["source_type", "source_id"], name="entry_source_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.entry_on} {self.memo}"

    @property
    def scope_path(self) -> str:
        return self.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


class JournalLine(ImmutableModel):
    """One side of an entry: an amount debited or credited to an account under a category.

    ``node``, ``entry_on``, ``fiscal_year`` and ``category_key`` are copied from the account,
    the entry and the category so that statements aggregate one table through covering
    indexes and the ledger pages in index order (see docs/benchmarks/funds.md).
    """

    SCOPE_NODE_FIELD = "node"

    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveSmallIntegerField(_("line"))
    account = models.ForeignKey(FundAccount, on_delete=models.PROTECT, related_name="lines")
    node = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="+")
    entry_on = models.DateField(_("date"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    category = models.ForeignKey(FundCategory, on_delete=models.PROTECT, related_name="+")
    category_key = models.CharField(_("category key"), max_length=100)
    debit_fen = models.BigIntegerField(_("debit (fen)"), default=0)
    credit_fen = models.BigIntegerField(_("credit (fen)"), default=0)
    person = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    memo = models.CharField(_("memo"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("journal line")
        verbose_name_plural = _("journal lines")
        ordering = ["entry_id", "position"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(debit_fen__gt=0) & Q(credit_fen=0))
                | (Q(debit_fen=0) & Q(credit_fen__gt=0)),
                name="journalline_one_positive_side",
            ),
            models.UniqueConstraint(
                fields=["entry", "position"], name="journalline_unique_position"
            ),
        ]
        indexes = [
            # Covering indexes: the statement and the settlement never read the table itself.
            models.Index(
                fields=["fiscal_year", "node", "category_key", "debit_fen", "credit_fen"],
                name="line_year_node_cat_idx",
            ),
            models.Index(
                fields=["account", "fiscal_year", "category_key", "debit_fen", "credit_fen"],
                name="line_account_year_idx",
            ),
            models.Index(fields=["-entry_on", "-entry", "position"], name="line_ledger_order_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}.{self.position} {self.category_key} {self.debit_fen}/{self.credit_fen}"

    @property
    def scope_path(self) -> str:
        return self.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()
