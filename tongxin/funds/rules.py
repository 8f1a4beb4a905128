"""Pure policy checks the domain apps call with what they have locked and counted.

They raise ``DomainError`` with a funds error code and a translated message, and change
nothing. The care app counts a person's visits of a kind in the year (under its own lock) and
passes ``prior_count``; the activities app passes participants and prize amounts.
"""

import datetime as dt
from collections.abc import Sequence

from django.utils.translation import gettext as _

from tongxin.core.errors import DomainError
from tongxin.core.money import format_fen

from .errors import FundsErrorCode
from .models import CareStandard, PolicySet


def care_payment_check(
    *,
    standard: CareStandard | None,
    amount_fen: int,
    payment_form: str,
    event_on: dt.date,
    claimed_on: dt.date,
    prior_count: int,
) -> None:
    """Refuse a care payment outside the standard of its kind.

    Checks, in order: the kind is enabled; the form (cash or goods) is the standard's; the
    amount is at most the standard's maximum; the claim is within the window after the event;
    the person has had fewer than the yearly limit of visits of this kind.
    """
    if standard is None or not standard.is_enabled:
        raise DomainError(
            _("This kind of care visit is not provided."),
            code=FundsErrorCode.CARE_KIND_DISABLED,
            field="kind",
        )
    if payment_form != standard.payment_form:
        raise DomainError(
            _("This kind of care visit is given as %(form)s.")
            % {"form": standard.get_payment_form_display()},
            code=FundsErrorCode.WRONG_PAYMENT_FORM,
            field="payment_form",
        )
    if amount_fen > standard.max_amount_fen:
        raise DomainError(
            _("The standard for this kind of visit is at most %(max)s yuan.")
            % {"max": format_fen(standard.max_amount_fen)},
            code=FundsErrorCode.OVER_STANDARD,
            field="amount",
            extra={"max_amount_fen": standard.max_amount_fen},
        )
    window = standard.claim_window_days
    if window is not None and (claimed_on - event_on).days > window:
        raise DomainError(
            _("Claims for this kind of visit must be made within %(days)s days of the event.")
            % {"days": window},
            code=FundsErrorCode.CLAIM_WINDOW_PASSED,
            field="event_on",
        )
    limit = standard.yearly_count_limit
    if limit is not None and prior_count >= limit:
        raise DomainError(
            _(
                "This person has already had %(count)s visit(s) of this kind this year; the limit is %(limit)s."
            )
            % {"count": prior_count, "limit": limit},
            code=FundsErrorCode.COUNT_LIMIT_REACHED,
        )


def festival_check(*, policy: PolicySet, festival: str) -> None:
    """Refuse holiday benefits for a festival not on the policy's list."""
    if festival not in policy.allowed_festivals:
        raise DomainError(
            _(
                "Holiday benefits may only be given on the statutory festivals; this one is an activity, not a holiday gift."
            ),
            code=FundsErrorCode.FESTIVAL_NOT_ALLOWED,
            field="festival",
        )


def prizes_check(*, policy: PolicySet, participants: int, prize_amounts_fen: Sequence[int]) -> None:
    """Refuse prizes for more than the policy's share of participants (2/3 nationally) or a
    prize above the policy's cap per prize."""
    allowed = participants * policy.prize_share_numerator // policy.prize_share_denominator
    if len(prize_amounts_fen) > allowed:
        raise DomainError(
            _("At most %(allowed)s of %(participants)s participants may receive a prize.")
            % {"allowed": allowed, "participants": participants},
            code=FundsErrorCode.TOO_MANY_PRIZES,
            field="prizes",
        )
    if any(amount > policy.prize_cap_fen for amount in prize_amounts_fen):
        raise DomainError(
            _("A prize may be worth at most %(cap)s yuan.")
            % {"cap": format_fen(policy.prize_cap_fen)},
            code=FundsErrorCode.PRIZE_OVER_CAP,
            field="prizes",
        )
