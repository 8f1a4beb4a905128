"""Choices of the funds app: element kinds, account kinds, statuses, festivals, care kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CategoryKind(models.TextChoices):
    """The five element classes of union accounting, plus internal transfers.

    Branches keep sub-accounts inside the school union's books rather than books of
    their own, so an allocation moves money between two funds of one entity: a transfer, not
    an expense of the school and an income of the branch.
    """

    ASSET = "asset", _("Asset")
    LIABILITY = "liability", _("Liability")
    NET_ASSETS = "net_assets", _("Net assets")
    INCOME = "income", _("Income")
    EXPENSE = "expense", _("Expense")
    TRANSFER = "transfer", _("Internal transfer")


# Kinds whose debit lines spend a node's budget.
SPENDING_KINDS = (CategoryKind.EXPENSE, CategoryKind.TRANSFER)
# An allocation is booked out of the giver's fund and into the receiver's under two keys, so
# money received never offsets money passed on.
ALLOCATION_OUT_KEY = "transfer.allocation_out"
ALLOCATION_IN_KEY = "transfer.allocation_in"


def is_spending_key(key: str) -> bool:
    """Whether debits under ``key`` spend budget (expenses and allocations passed on)."""
    kind = key.split(".", 1)[0]
    incoming = key == ALLOCATION_IN_KEY or key.startswith(ALLOCATION_IN_KEY + ".")
    return kind in SPENDING_KINDS and not incoming


# Kinds a budget may plan (income is planned too, but never enforced).
BUDGETABLE_KINDS = (CategoryKind.INCOME, CategoryKind.EXPENSE, CategoryKind.TRANSFER)


class AccountKind(models.TextChoices):
    """Where money sits. Only the school union holds a bank account and payables."""

    BANK = "bank", _("Bank account")
    FUND = "fund", _("Fund")
    PAYABLE = "payable", _("Funds held for others")


# Which category kinds may be booked on which account kind.
ACCOUNT_CATEGORY_KINDS: dict[str, tuple[str, ...]] = {
    AccountKind.BANK: (CategoryKind.ASSET,),
    AccountKind.FUND: (
        CategoryKind.INCOME,
        CategoryKind.EXPENSE,
        CategoryKind.TRANSFER,
        CategoryKind.NET_ASSETS,
    ),
    AccountKind.PAYABLE: (CategoryKind.LIABILITY,),
}
# Asset accounts grow with debits; funds and liabilities with credits.
DEBIT_NORMAL_ACCOUNTS = (AccountKind.BANK,)


class BudgetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Under review")
    APPROVED = "approved", _("Approved")


OPEN_BUDGET_STATUSES = (BudgetStatus.DRAFT, BudgetStatus.SUBMITTED)


class Festival(models.TextChoices):
    """The statutory festivals on which holiday benefits may be given (the 2017 rules on grassroots union funds).

    Teachers' Day and Women's Day are not on the list: they are activities, not holiday gifts.
    """

    NEW_YEAR = "new_year", _("New Year's Day")
    SPRING_FESTIVAL = "spring_festival", _("Spring Festival")
    QINGMING = "qingming", _("Qingming Festival")
    LABOUR_DAY = "labour_day", _("Labour Day")
    DRAGON_BOAT = "dragon_boat", _("Dragon Boat Festival")
    MID_AUTUMN = "mid_autumn", _("Mid-Autumn Festival")
    NATIONAL_DAY = "national_day", _("National Day")


class CareKind(models.TextChoices):
    """Kinds of care visit, each with its own standard in the policy."""

    SERIOUS_ILLNESS = "serious_illness", _("Serious illness")
    HOSPITALISATION = "hospitalisation", _("Hospitalisation")
    CHILDBIRTH = "childbirth", _("Childbirth")
    MARRIAGE = "marriage", _("Marriage")
    RETIREMENT = "retirement", _("Retirement")
    MEMBER_DEATH = "member_death", _("Death of a member")
    RELATIVE_DEATH = "relative_death", _("Death of a direct relative")
    HARDSHIP_AID = "hardship_aid", _("Hardship aid")
    OTHER = "other", _("Other")


class PaymentForm(models.TextChoices):
    CASH = "cash", _("Cash")
    GOODS = "goods", _("Goods")


class AllocationMethod(models.TextChoices):
    """How branch allocations are computed from member counts on the counting date.

    ``per_member``: each branch gets the base amount plus a fixed amount per member.
    ``pool``: a fixed total is shared out: each branch gets the base amount, the rest is
    split in proportion to members (largest remainder, exact to the fen).
    """

    PER_MEMBER = "per_member", _("Base plus an amount per member")
    POOL = "pool", _("A fixed total shared by member count")


class AuditConclusion(models.TextChoices):
    UNQUALIFIED = "unqualified", _("Unqualified opinion")
    QUALIFIED = "qualified", _("Qualified opinion")
    ADVERSE = "adverse", _("Adverse opinion")
    NOTE = "note", _("Observations only")


class SourceType:
    """Source types of entries the funds app itself creates (domain apps use their model)."""

    MANUAL_INCOME = "funds.income"
    MANUAL_EXPENSE = "funds.expense"
    DUES_MONTH = "funds.dues_month"
    ALLOCATION = "funds.branchallocation"

    OWNED = (MANUAL_INCOME, MANUAL_EXPENSE, DUES_MONTH, ALLOCATION)
