"""Policy versions: caps and standards a school sets, each version in force from a date."""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.choices import OrgNodeKind
from tongxin.orgs.models import OrgNode

from .. import events
from ..choices import CareKind, CategoryKind, Festival, PaymentForm
from ..data import policy_defaults
from ..errors import FundsErrorCode
from ..models import CareStandard, PolicySet
from ..permissions import FundsPermission
from .accounts import category_for_posting, chart_in_force
from .checks import check_date, check_fen

P = FundsPermission


@dataclass(frozen=True)
class CareStandardSpec:
    kind: str
    max_amount_fen: int
    payment_form: str
    yearly_count_limit: int | None
    claim_window_days: int | None
    category_key: str
    required_attachments: str = ""
    is_enabled: bool = True


@dataclass(frozen=True)
class PolicySpec:
    holiday_cap_fen: int
    allowed_festivals: Sequence[str]
    holiday_category_key: str
    prize_share_numerator: int
    prize_share_denominator: int
    prize_cap_fen: int
    care_standards: Sequence[CareStandardSpec]
    note: str = ""


def default_policy_spec() -> PolicySpec:
    """The first version's values (``funds/data/policy_defaults.py``)."""
    d = policy_defaults
    return PolicySpec(
        holiday_cap_fen=d.HOLIDAY_CAP_FEN,
        allowed_festivals=list(d.FESTIVALS),
        holiday_category_key=d.HOLIDAY_CATEGORY_KEY,
        prize_share_numerator=d.PRIZE_SHARE[0],
        prize_share_denominator=d.PRIZE_SHARE[1],
        prize_cap_fen=d.PRIZE_CAP_FEN,
        care_standards=[
            CareStandardSpec(kind, yuan * 100, form, count, window, key, attachments)
            for kind, (yuan, form, count, window, key, attachments) in d.CARE_STANDARDS.items()
        ],
        note=d.NOTE,
    )


def spec_of(policy: PolicySet) -> PolicySpec:
    """A version's values as a spec, to start the next version from."""
    return PolicySpec(
        holiday_cap_fen=policy.holiday_cap_fen,
        allowed_festivals=list(policy.allowed_festivals),
        holiday_category_key=policy.holiday_category_key,
        prize_share_numerator=policy.prize_share_numerator,
        prize_share_denominator=policy.prize_share_denominator,
        prize_cap_fen=policy.prize_cap_fen,
        care_standards=[
            CareStandardSpec(
                s.kind,
                s.max_amount_fen,
                s.payment_form,
                s.yearly_count_limit,
                s.claim_window_days,
                s.category_key,
                s.required_attachments,
                s.is_enabled,
            )
            for s in policy.care_standards.all()
        ],
        note=policy.note,
    )


def _check_expense_key(key: str, on: dt.date, field: str) -> None:
    category = category_for_posting(chart_in_force(on), key, field=field)
    if category.kind != CategoryKind.EXPENSE:
        raise ValidationFailed(
            _("Choose an expense category."), code=FundsErrorCode.WRONG_CATEGORY_KIND, field=field
        )


def _optional_positive(value: int | None, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1 or value > 32767:
        raise ValidationFailed(
            _("Enter a whole number of at least 1, or leave it empty."), field=field
        )
    return value


def _check_spec(spec: PolicySpec, on: dt.date) -> list[CareStandardSpec]:
    check_fen(spec.holiday_cap_fen, "holiday_cap_fen")
    check_fen(spec.prize_cap_fen, "prize_cap_fen")
    unknown = [f for f in spec.allowed_festivals if f not in Festival.values]
    if unknown:
        raise ValidationFailed(
            _("Holiday benefits are only for the statutory festivals; not for %(names)s.")
            % {"names": ", ".join(unknown)},
            code=FundsErrorCode.UNKNOWN_FESTIVAL,
            field="allowed_festivals",
        )
    num, den = spec.prize_share_numerator, spec.prize_share_denominator
    if (
        not all(isinstance(v, int) and not isinstance(v, bool) for v in (num, den))
        or not 0 <= num <= den
        or den == 0
    ):
        raise ValidationFailed(
            _("The prize share is a fraction between 0 and 1."), field="prize_share_numerator"
        )
    _check_expense_key(spec.holiday_category_key, on, "holiday_category_key")
    by_kind: dict[str, CareStandardSpec] = {}
    for index, standard in enumerate(spec.care_standards):
        prefix = f"care_standards.{index}"
        if standard.kind not in CareKind.values or standard.kind in by_kind:
            raise ValidationFailed(
                _("Each kind of care visit has one standard."), field=f"{prefix}.kind"
            )
        if standard.payment_form not in PaymentForm.values:
            raise ValidationFailed(_("Choose cash or goods."), field=f"{prefix}.payment_form")
        check_fen(standard.max_amount_fen, f"{prefix}.max_amount_fen")
        _optional_positive(standard.yearly_count_limit, f"{prefix}.yearly_count_limit")
        _optional_positive(standard.claim_window_days, f"{prefix}.claim_window_days")
        _check_expense_key(standard.category_key, on, f"{prefix}.category_key")
        by_kind[standard.kind] = standard
    missing = [kind for kind in CareKind.values if kind not in by_kind]
    if missing:
        raise ValidationFailed(
            _("Give a standard for every kind of care visit (missing: %(kinds)s).")
            % {"kinds": ", ".join(missing)},
            field="care_standards",
        )
    return [by_kind[kind] for kind in CareKind.values]


def create_policy_locked(
    *, actor: Actor, school: OrgNode, effective_from: dt.date, spec: PolicySpec
) -> PolicySet:
    """Write a policy version inside the caller's transaction (after the access check)."""
    standards = _check_spec(spec, effective_from)
    number = (PolicySet.objects.filter(school=school).aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            policy = PolicySet.objects.create(
                school=school,
                number=number,
                effective_from=effective_from,
                holiday_cap_fen=spec.holiday_cap_fen,
                holiday_category_key=spec.holiday_category_key,
                allowed_festivals=[f for f in Festival.values if f in spec.allowed_festivals],
                prize_share_numerator=spec.prize_share_numerator,
                prize_share_denominator=spec.prize_share_denominator,
                prize_cap_fen=spec.prize_cap_fen,
                note=spec.note.strip(),
                created_by_id=actor.user_id,
            )
    except IntegrityError:
        raise DomainError(
            _("A policy version in force from %(date)s already exists; choose another date.")
            % {"date": effective_from.isoformat()},
            code=FundsErrorCode.DUPLICATE_POLICY_DATE,
            field="effective_from",
        ) from None
    CareStandard.objects.bulk_create(
        [
            CareStandard(
                policy=policy,
                kind=s.kind,
                is_enabled=s.is_enabled,
                max_amount_fen=s.max_amount_fen,
                payment_form=s.payment_form,
                yearly_count_limit=s.yearly_count_limit,
                claim_window_days=s.claim_window_days,
                category_key=s.category_key,
                required_attachments=s.required_attachments.strip(),
            )
            for s in standards
        ]
    )
    audit.record(
        actor=actor,
        event=events.POLICY_VERSION_CREATED,
        target=policy,
        changes={
            "number": number,
            "effective_from": effective_from,
            "holiday_cap_fen": spec.holiday_cap_fen,
            "allowed_festivals": list(policy.allowed_festivals),
            "care_standards": [asdict(s) for s in standards],
        },
        node_path=school.path,
    )
    return policy


def policy_version_create(
    *, actor: Actor, school: OrgNode, effective_from: dt.date, spec: PolicySpec
) -> PolicySet:
    """Create the next policy version of ``school``, in force from ``effective_from``.

    Needs ``funds.manage_policy`` on the school. Versions are never edited: postings and
    checks made under an earlier version keep meaning what they meant. Refuses unknown
    festivals (only the statutory list), forbidden or non-expense categories, negative
    amounts, an incomplete set of care standards and a second version on the same date.
    """
    access.require_at(actor, P.MANAGE_POLICY, school)
    effective_from = check_date(effective_from, field="effective_from")
    if school.kind != OrgNodeKind.SCHOOL_UNION:
        raise ValidationFailed(_("Policies belong to a school union."), field="school")
    with transaction.atomic(durable=True):
        return create_policy_locked(
            actor=actor, school=school, effective_from=effective_from, spec=spec
        )


def care_specs_from(mapping: Mapping[str, Mapping[str, object]]) -> list[CareStandardSpec]:
    """Build care standard specs from ``{kind: {field: value}}`` (API and forms)."""
    return [CareStandardSpec(kind=kind, **values) for kind, values in mapping.items()]  # type: ignore[arg-type]
