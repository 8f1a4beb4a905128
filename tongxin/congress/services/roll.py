"""Terms, delegations, the roll of representatives (seating, by-elections, recall,
replacement), the roll's confirmation against the composition rules, and committees."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.members.choices import EmploymentStatus, MembershipStatus
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.choices import OrgNodeKind
from tongxin.orgs.models import OrgNode

from .. import events
from ..choices import (
    CommitteeKind,
    CommitteeRole,
    EndReason,
    MajorityBase,
    QuorumBase,
    RepresentativeKind,
    RepresentativeSource,
    TermStatus,
    TermYears,
)
from ..composition import composition_report
from ..errors import CongressErrorCode as E
from ..models import Committee, CommitteeMember, CongressTerm, Delegation, Representative
from ..permissions import CongressPermission as P
from .common import check_choice, check_date, check_text, now, today

RULE_FIELDS = (
    "quorum_base",
    "majority_base",
    "teacher_floor_pct",
    "leader_ceiling_pct",
    "women_floor_pct",
    "young_floor_pct",
    "young_max_age",
)
REP_FIELDS = ("term", "delegation", "person", "kind", "source", "elected_on", "replaces")


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _clean_rules(data: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name, value in data.items():
        if name not in RULE_FIELDS:
            raise ValidationFailed(_("Unknown field %(name)s.") % {"name": name}, field=name)
        if name == "quorum_base":
            cleaned[name] = check_choice(value, QuorumBase.values, name)
        elif name == "majority_base":
            cleaned[name] = check_choice(value, MajorityBase.values, name)
        else:
            limit = 70 if name == "young_max_age" else 100
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
                raise ValidationFailed(
                    _("Enter a whole number from 0 to %(limit)s.") % {"limit": limit},
                    code=E.INVALID,
                    field=name,
                )
            cleaned[name] = value
    return cleaned


def require_open_term(term: CongressTerm) -> None:
    if term.status == TermStatus.CLOSED:
        raise DomainError(_("This congress term is closed."), code=E.TERM_CLOSED)


def term_create(
    *, actor: Actor, school: OrgNode, number: int, starts_on: dt.date, years: int, **rules: Any
) -> CongressTerm:
    """Open a new term (jie) of the school's congress, 3 or 5 years from ``starts_on``."""
    access.require_at(actor, P.MANAGE_CONGRESS, school)
    if school.kind != OrgNodeKind.SCHOOL_UNION:
        raise ValidationFailed(
            _("A congress belongs to a school union."), code=E.INVALID, field="school"
        )
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 999:
        raise ValidationFailed(_("Enter the term's number."), code=E.INVALID, field="number")
    if years not in TermYears.values:
        raise ValidationFailed(_("A term lasts 3 or 5 years."), code=E.INVALID, field="years")
    check_date(starts_on, "starts_on")
    cleaned = _clean_rules(rules)
    if CongressTerm.objects.filter(school=school, number=number).exists():
        raise DomainError(
            _("Term %(number)s already exists.") % {"number": number},
            code=E.DUPLICATE,
            field="number",
        )
    term = CongressTerm(
        school=school,
        number=number,
        starts_on=starts_on,
        ends_on=_add_years(starts_on, years) - dt.timedelta(days=1),
        years=years,
        status=TermStatus.ACTIVE,
        **cleaned,
    )
    with transaction.atomic(durable=True):
        term.save(force_insert=True)
        audit.record(
            actor=actor,
            event=events.TERM_CREATED,
            target=term,
            changes=audit.snapshot(term, ("number", "starts_on", "ends_on", *RULE_FIELDS)),
            node_path=school.path,
        )
    return term


def term_update_rules(
    *, actor: Actor, term: CongressTerm, changes: Mapping[str, Any]
) -> CongressTerm:
    """Change the counting rules of a term (quorum and majority bases, composition limits)."""
    access.require(actor, P.MANAGE_CONGRESS, term)
    require_open_term(term)
    cleaned = _clean_rules(changes)
    with transaction.atomic(durable=True):
        locked = CongressTerm.objects.select_for_update().get(pk=term.pk)
        before = audit.snapshot(locked, RULE_FIELDS)
        for name, value in cleaned.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*cleaned, "updated_at"])
        audit.record(
            actor=actor,
            event=events.TERM_UPDATED,
            target=locked,
            changes=audit.diff(before, audit.snapshot(locked, RULE_FIELDS)),
            node_path=term.school.path,
        )
    locked.school = term.school
    return locked


def delegation_create(
    *, actor: Actor, term: CongressTerm, node: OrgNode, name: str, sort_order: int = 0
) -> Delegation:
    """A delegation for a branch (or the school's own unit) of the term."""
    access.require(actor, P.MANAGE_CONGRESS, term)
    require_open_term(term)
    if not node.path.startswith(term.school.path) or node.is_archived:
        raise ValidationFailed(_("Choose a branch of this school."), code=E.INVALID, field="node")
    name = check_text(name, field="name", limit=100)
    if Delegation.objects.filter(term=term, name=name).exists() or (
        Delegation.objects.filter(term=term, node=node).exists()
    ):
        raise DomainError(
            _("This term already has a delegation of that name or branch."),
            code=E.DUPLICATE,
            field="name",
        )
    delegation = Delegation(term=term, node=node, name=name, sort_order=sort_order)
    with transaction.atomic(durable=True):
        delegation.save(force_insert=True)
        audit.record(
            actor=actor,
            event=events.DELEGATION_CREATED,
            target=delegation,
            changes=audit.snapshot(delegation, ("term", "node", "name")),
            node_path=node.path,
        )
    return delegation


def delegation_set_head(*, actor: Actor, delegation: Delegation, person: Person) -> Delegation:
    """Name the head of a delegation: one of its own seated representatives."""
    access.require(actor, P.MANAGE_CONGRESS, delegation.term)
    if not Representative.objects.filter(
        delegation=delegation, person=person, ended_on__isnull=True
    ).exists():
        raise DomainError(
            _("The head must be a representative of this delegation."),
            code=E.NOT_SEATED,
            field="person",
        )
    with transaction.atomic(durable=True):
        before = delegation.head_id
        delegation.head = person
        delegation.save(update_fields=["head", "updated_at"])
        audit.record(
            actor=actor,
            event=events.DELEGATION_UPDATED,
            target=delegation,
            changes={"head": [before, person.pk]},
            node_path=delegation.node.path,
        )
    return delegation


def check_eligible(person: Person, kind: str) -> None:
    """Formal representatives need a current employment relation and a vote; a retiree with
    retained membership may only be invited (no vote)."""
    if kind == RepresentativeKind.FORMAL:
        if person.membership_status == MembershipStatus.RETAINED:
            raise DomainError(
                _("%(name)s keeps membership as a retiree and has no vote: invite them instead.")
                % {"name": person.name},
                code=E.RETAINED_NO_VOTE,
                field="person",
            )
        if person.employment_status != EmploymentStatus.ACTIVE:
            raise DomainError(
                _("%(name)s is not in service and cannot be a formal representative.")
                % {"name": person.name},
                code=E.NOT_EMPLOYED,
                field="person",
            )
    elif person.employment_status in (EmploymentStatus.LEFT, EmploymentStatus.DECEASED):
        raise DomainError(
            _("%(name)s is no longer with the school.") % {"name": person.name},
            code=E.NOT_EMPLOYED,
            field="person",
        )


def _seat(
    actor: Actor,
    delegation: Delegation,
    person: Person,
    kind: str,
    source: str,
    on: dt.date,
    replaces: Representative | None = None,
) -> Representative:
    rep = Representative(
        term_id=delegation.term_id,
        delegation=delegation,
        person=person,
        kind=kind,
        source=source,
        elected_on=on,
        replaces=replaces,
    )
    try:
        with transaction.atomic():
            rep.save(force_insert=True)
    except IntegrityError:
        raise DomainError(
            _("%(name)s already holds a seat in this term.") % {"name": person.name},
            code=E.ALREADY_SEATED,
            field="person",
        ) from None
    audit.record(
        actor=actor,
        event=events.REPRESENTATIVE_SEATED,
        target=rep,
        changes=audit.snapshot(rep, REP_FIELDS),
        node_path=delegation.node.path,
    )
    return rep


def representative_seat(
    *,
    actor: Actor,
    delegation: Delegation,
    person: Person,
    kind: str = RepresentativeKind.FORMAL,
    on: dt.date | None = None,
    source: str | None = None,
) -> Representative:
    """Seat a person elected (or by-elected, or invited) in a delegation of the term.

    After the roll was confirmed a formal seat is a by-election (buxuan)."""
    term = CongressTerm.objects.select_related("school").get(pk=delegation.term_id)
    access.require(actor, P.MANAGE_CONGRESS, term)
    require_open_term(term)
    kind = check_choice(kind, RepresentativeKind.values, "kind")
    on = check_date(on or today(), "on")
    if person.school_id != term.school_id:
        raise ValidationFailed(_("Choose a person of this school."), code=E.INVALID, field="person")
    check_eligible(person, kind)
    if source is None:
        if kind != RepresentativeKind.FORMAL:
            source = RepresentativeSource.INVITATION
        elif term.roll_confirmed_at is not None:
            source = RepresentativeSource.BY_ELECTION
        else:
            source = RepresentativeSource.ELECTION
    source = check_choice(source, RepresentativeSource.values, "source")
    if Representative.objects.filter(term=term, person=person, ended_on__isnull=True).exists():
        raise DomainError(
            _("%(name)s already holds a seat in this term.") % {"name": person.name},
            code=E.ALREADY_SEATED,
            field="person",
        )
    with transaction.atomic(durable=True):
        return _seat(actor, delegation, person, kind, source, on)


def _end(actor: Actor, rep: Representative, on: dt.date, reason: str) -> Representative:
    locked = Representative.objects.select_for_update().get(pk=rep.pk)
    if locked.ended_on is not None:
        raise DomainError(_("This seat has already ended."), code=E.NOT_SEATED)
    if on < locked.elected_on:
        raise ValidationFailed(
            _("A seat cannot end before it began."), code=E.INVALID_DATE, field="on"
        )
    locked.ended_on = on
    locked.end_reason = reason
    locked.save(update_fields=["ended_on", "end_reason", "updated_at"])
    audit.record(
        actor=actor,
        event=events.REPRESENTATIVE_ENDED,
        target=locked,
        changes={"ended_on": on, "end_reason": reason},
        node_path=rep.delegation.node.path,
    )
    return locked


def representative_end(
    *, actor: Actor, representative: Representative, reason: str, on: dt.date | None = None
) -> Representative:
    """End a seat: recall by the electing unit, leaving the school, or the end of the term."""
    access.require(actor, P.MANAGE_CONGRESS, representative.term)
    reason = check_choice(reason, [EndReason.RECALL, EndReason.LEFT, EndReason.TERM_END], "reason")
    on = check_date(on or today(), "on")
    with transaction.atomic(durable=True):
        return _end(actor, representative, on, reason)


def representative_replace(
    *,
    actor: Actor,
    representative: Representative,
    person: Person,
    on: dt.date | None = None,
) -> Representative:
    """Replace a representative by another person of the same kind in the same delegation
    (the old seat ends as replaced, the new one records whom it replaces)."""
    term = representative.term
    access.require(actor, P.MANAGE_CONGRESS, term)
    require_open_term(term)
    on = check_date(on or today(), "on")
    if person.school_id != term.school_id:
        raise ValidationFailed(_("Choose a person of this school."), code=E.INVALID, field="person")
    check_eligible(person, representative.kind)
    if Representative.objects.filter(term=term, person=person, ended_on__isnull=True).exists():
        raise DomainError(
            _("%(name)s already holds a seat in this term.") % {"name": person.name},
            code=E.ALREADY_SEATED,
            field="person",
        )
    with transaction.atomic(durable=True):
        old = _end(actor, representative, on, EndReason.REPLACED)
        return _seat(
            actor,
            representative.delegation,
            person,
            representative.kind,
            RepresentativeSource.REPLACEMENT,
            on,
            replaces=old,
        )


def roll_confirm(*, actor: Actor, term: CongressTerm, override_reason: str = "") -> CongressTerm:
    """Confirm the roll of representatives. A composition rule broken (teachers, women, young
    staff, leaders) refuses the confirmation unless a reason for going ahead is given; the
    report and the reason go to the audit trail."""
    access.require(actor, P.MANAGE_CONGRESS, term)
    require_open_term(term)
    if term.roll_confirmed_at is not None:
        raise DomainError(_("The roll is already confirmed."), code=E.ROLL_CONFIRMED)
    report = composition_report(term=term, on=today())
    if report.total == 0:
        raise DomainError(_("The roll has no formal representatives."), code=E.COMPOSITION)
    reason = check_text(override_reason, field="override_reason", limit=500, required=False)
    if report.violations and not reason:
        raise DomainError(
            _("The roll breaks the composition rules: %(rules)s.")
            % {"rules": ", ".join(f"{s.label} {s.pct}%" for s in report.violations)},
            code=E.COMPOSITION,
            field="override_reason",
        )
    with transaction.atomic(durable=True):
        locked = CongressTerm.objects.select_for_update().get(pk=term.pk)
        locked.roll_confirmed_at = now()
        locked.save(update_fields=["roll_confirmed_at", "updated_at"])
        audit.record(
            actor=actor,
            event=events.ROLL_CONFIRMED,
            target=locked,
            changes={
                "total": report.total,
                "shares": {s.key: s.count for s in report.shares},
                "violations": [s.key for s in report.violations],
                "override_reason": reason,
            },
            node_path=term.school.path,
        )
    locked.school = term.school
    return locked


def committee_create(
    *, actor: Actor, term: CongressTerm, kind: str, name: str, starts_on: dt.date | None = None
) -> Committee:
    """The presidium or a special committee of the term."""
    access.require(actor, P.MANAGE_CONGRESS, term)
    require_open_term(term)
    kind = check_choice(kind, CommitteeKind.values, "kind")
    name = check_text(name, field="name", limit=100)
    if Committee.objects.filter(term=term, name=name).exists():
        raise DomainError(
            _("This term already has a committee of that name."), code=E.DUPLICATE, field="name"
        )
    committee = Committee(
        term=term, kind=kind, name=name, starts_on=check_date(starts_on or today(), "starts_on")
    )
    with transaction.atomic(durable=True):
        committee.save(force_insert=True)
        audit.record(
            actor=actor,
            event=events.COMMITTEE_CREATED,
            target=committee,
            changes=audit.snapshot(committee, ("term", "kind", "name", "starts_on")),
            node_path=term.school.path,
        )
    return committee


def committee_member_add(
    *,
    actor: Actor,
    committee: Committee,
    person: Person,
    role: str = CommitteeRole.MEMBER,
    on: dt.date | None = None,
) -> CommitteeMember:
    access.require(actor, P.MANAGE_CONGRESS, committee.term)
    role = check_choice(role, CommitteeRole.values, "role")
    if person.school_id != committee.term.school_id:
        raise ValidationFailed(_("Choose a person of this school."), code=E.INVALID, field="person")
    member = CommitteeMember(
        committee=committee, person=person, role=role, starts_on=check_date(on or today(), "on")
    )
    try:
        with transaction.atomic(durable=True):
            member.save(force_insert=True)
            audit.record(
                actor=actor,
                event=events.COMMITTEE_MEMBER_ADDED,
                target=member,
                changes=audit.snapshot(member, ("committee", "person", "role", "starts_on")),
                node_path=committee.term.school.path,
            )
    except IntegrityError:
        raise DomainError(
            _("%(name)s is already on this committee.") % {"name": person.name},
            code=E.DUPLICATE,
            field="person",
        ) from None
    return member


def committee_member_end(
    *, actor: Actor, member: CommitteeMember, on: dt.date | None = None
) -> CommitteeMember:
    access.require(actor, P.MANAGE_CONGRESS, member.committee.term)
    on = check_date(on or today(), "on")
    with transaction.atomic(durable=True):
        locked = CommitteeMember.objects.select_for_update().get(pk=member.pk)
        if locked.ends_on is not None:
            raise DomainError(_("This person has already left the committee."), code=E.INVALID)
        if on < locked.starts_on:
            raise ValidationFailed(
                _("A seat cannot end before it began."), code=E.INVALID_DATE, field="on"
            )
        locked.ends_on = on
        locked.save(update_fields=["ends_on", "updated_at"])
        audit.record(
            actor=actor,
            event=events.COMMITTEE_MEMBER_ENDED,
            target=locked,
            changes={"ends_on": on},
            node_path=member.committee.term.school.path,
        )
    return locked
