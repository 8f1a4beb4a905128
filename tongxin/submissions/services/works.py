"""Works: a staff member submits one for themself or their child with its file; the office
screens it (accepts or rejects). An accepted work is a person-time of kind ``submission`` for
the staff submitter."""

import datetime as dt
from typing import Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError, Forbidden, NotFound, ValidationFailed
from tongxin.members.choices import EmploymentStatus, Relation
from tongxin.members.models import FamilyMember, Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.participation.choices import ParticipationKind
from tongxin.participation.services import participation_record

from .. import events, notices
from ..choices import (
    WORK_COUNTED_STATUSES,
    WORK_TRANSITIONS,
    CallStatus,
    Eligibility,
    WorkStatus,
)
from ..errors import SubmissionsErrorCode
from ..models import SubmissionCall, Work
from ..permissions import SubmissionsPermission
from . import files
from .common import age_on, check_transition, clean_text, lock_call, require_status

P = SubmissionsPermission


def _call_is_open(call: SubmissionCall, day: dt.date) -> None:
    """Works are taken only while the call is open and ``day`` lies within its dates."""
    if call.status != CallStatus.OPEN or not call.opens_on <= day <= call.closes_on:
        raise DomainError(
            _("This call is not taking works (open %(start)s to %(end)s).")
            % {"start": call.opens_on.isoformat(), "end": call.closes_on.isoformat()},
            code=SubmissionsErrorCode.CALL_NOT_OPEN,
        )


def _check_author(
    call: SubmissionCall, submitter: Person, child: FamilyMember | None, day: dt.date
) -> tuple[str, str]:
    """The author of the work: the submitter for a staff call; for a children's call, a child
    of the submitter (their own family record) whose age on ``day`` is in the call's band.
    Returns ``(author_key, author_name)``."""
    if not submitter.node.path.startswith(call.node.path) or submitter.employment_status in (
        EmploymentStatus.LEFT,
        EmploymentStatus.DECEASED,
    ):
        raise DomainError(
            _("%(name)s is not among the staff this call is for.") % {"name": submitter.name},
            code=SubmissionsErrorCode.NOT_ELIGIBLE,
        )
    if call.eligibility == Eligibility.STAFF:
        if child is not None:
            raise ValidationFailed(
                _("This call is for staff's own works, not their children's."),
                code=SubmissionsErrorCode.CHILD_NOT_ALLOWED,
                field="child",
            )
        return f"p{submitter.pk}", submitter.name
    if child is None:
        raise ValidationFailed(
            _("Choose the child whose work this is."),
            code=SubmissionsErrorCode.CHILD_REQUIRED,
            field="child",
        )
    if child.person_id != submitter.pk or child.relation != Relation.CHILD:
        raise ValidationFailed(
            _("Only a parent on the staff may submit a child's work."),
            code=SubmissionsErrorCode.CHILD_NOT_YOURS,
            field="child",
        )
    # A call for children always has its age band (``_clean_call`` requires it).
    if child.birth_on is None or not (
        cast(int, call.child_min_age)
        <= age_on(child.birth_on, day)
        <= cast(int, call.child_max_age)
    ):
        raise ValidationFailed(
            _("This call is for children aged %(low)d to %(high)d.")
            % {"low": call.child_min_age, "high": call.child_max_age},
            code=SubmissionsErrorCode.CHILD_AGE_OUT_OF_BAND,
            field="child",
        )
    return f"c{child.pk}", child.name


def work_submit(
    *,
    actor: Actor,
    call: SubmissionCall,
    submitter: Person,
    title: str,
    upload: Any,
    child: FamilyMember | None = None,
    description: str = "",
    on: dt.date | None = None,
) -> Work:
    """Submit a work with its file to an open call.

    Rules: the actor may submit for ``submitter`` (themself; the office for anyone in scope);
    the call is open on the day; the author fits the call (staff or a child of the submitter
    within the age band); at most ``max_works_per_author`` counted works per author; the file
    is an allowed format by its content and within its kind's size limit. All checks run
    before the file is stored; if the row cannot be written the stored file is deleted, so a
    refusal leaves neither a row nor a file. Audited.
    """
    access.require(actor, P.SUBMIT_WORK, submitter)
    title = clean_text(title, field="title", max_length=120)
    description = clean_text(description, field="description", max_length=2000, required=False)
    day = on or timezone.localdate()
    sniffed = files.check_upload(upload, allowed_kinds=list(call.kinds))
    stored = ""
    try:
        with transaction.atomic(durable=True):
            call = lock_call(call)
            _call_is_open(call, day)
            submitter = Person.objects.select_related("node").get(pk=submitter.pk)
            author_key, author_name = _check_author(call, submitter, child, day)
            counted = Work.objects.filter(
                call=call, author_key=author_key, status__in=WORK_COUNTED_STATUSES
            ).count()
            if counted >= call.max_works_per_author:
                raise DomainError(
                    _("%(name)s already has %(count)d work(s) in this call, the most allowed.")
                    % {"name": author_name, "count": counted},
                    code=SubmissionsErrorCode.TOO_MANY_WORKS,
                )
            stored = files.store(upload, call_id=call.pk, sniffed=sniffed)
            work = Work.objects.create(
                call=call,
                submitter=submitter,
                child=child,
                node=submitter.node,
                author_key=author_key,
                author_name=author_name,
                title=title,
                description=description,
                kind=sniffed.kind,
                file=stored,
                content_type=sniffed.content_type,
                size_bytes=upload.size,
                original_name=str(getattr(upload, "name", "") or "")[-200:],
                submitted_on=day,
                entered_by_id=actor.user_id,
            )
            audit.record(
                actor=actor,
                event=events.WORK_SUBMITTED,
                target=work,
                changes={
                    "call": call.pk,
                    "author": author_key,
                    "kind": sniffed.kind,
                    "size_bytes": upload.size,
                },
                node_path=submitter.node.path,
            )
    except BaseException:
        files.discard(stored)
        raise
    return work


def _lock_work(work: Work) -> Work:
    return (
        Work.objects.select_for_update(of=("self",))
        .select_related("node", "call", "submitter")
        .get(pk=work.pk)
    )


def work_withdraw(*, actor: Actor, work: Work) -> Work:
    """The submitter withdraws a work still waiting for screening while the call is open."""
    if not (actor.is_system or actor.person_id == work.submitter_id):
        if access.can(actor, P.VIEW_WORK, work):
            raise Forbidden()
        raise NotFound()
    with transaction.atomic(durable=True):
        work = _lock_work(work)
        require_status(work.call.status, [CallStatus.OPEN], CallStatus)
        check_transition(work.status, WorkStatus.WITHDRAWN, WORK_TRANSITIONS, WorkStatus)
        work.status = WorkStatus.WITHDRAWN
        work.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            event=events.WORK_WITHDRAWN,
            target=work,
            changes={"status": [WorkStatus.SUBMITTED, WorkStatus.WITHDRAWN]},
            node_path=work.node.path,
        )
    return work


def _screen(actor: Actor, work: Work, target: str, note: str, on: dt.date | None) -> Work:
    access.require(actor, P.SCREEN_WORK, work.call)
    note = clean_text(note, field="note", max_length=500, required=target == WorkStatus.REJECTED)
    day = on or timezone.localdate()
    with transaction.atomic(durable=True):
        lock_call(work.call)
        work = _lock_work(work)
        require_status(work.call.status, [CallStatus.OPEN, CallStatus.JUDGING], CallStatus)
        check_transition(work.status, target, WORK_TRANSITIONS, WorkStatus)
        old = work.status
        work.status, work.screening_note, work.screened_on = target, note, day
        work.save(update_fields=["status", "screening_note", "screened_on", "updated_at"])
        audit.record(
            actor=actor,
            event=events.WORK_ACCEPTED if target == WorkStatus.ACCEPTED else events.WORK_REJECTED,
            target=work,
            changes={"status": [old, target], **({"note": note} if note else {})},
            node_path=work.node.path,
        )
        notices.work_screened(work)
        if target == WorkStatus.ACCEPTED:
            participation_record(
                person=work.submitter,
                kind=ParticipationKind.SUBMISSION,
                occasion=work,
                occurred_on=work.submitted_on,
            )
    return work


def work_accept(*, actor: Actor, work: Work, note: str = "", on: dt.date | None = None) -> Work:
    """The office accepts a waiting work: it enters judging and the gallery, and counts as a
    person-time (participation of kind ``submission``) for the staff submitter."""
    return _screen(actor, work, WorkStatus.ACCEPTED, note, on)


def work_reject(*, actor: Actor, work: Work, note: str, on: dt.date | None = None) -> Work:
    """The office does not accept a waiting work; the note tells the submitter why."""
    return _screen(actor, work, WorkStatus.REJECTED, note, on)
