"""Telling people about submission calls: the submitter when a work is screened, a judge when
appointed, the submitters of accepted works when the results are published.

Called by the services inside their transaction; delivery is the notifications app's.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.members.models import Person
from tongxin.notifications.services import notify

from .choices import WorkStatus
from .models import Award, SubmissionCall, Work

KIND_SCREENED = "submissions.work_screened"
KIND_JUDGE = "submissions.judge_appointed"
KIND_RESULTS = "submissions.results_published"


def work_screened(work: Work) -> None:
    accepted = work.status == WorkStatus.ACCEPTED
    notify(
        recipients=[work.submitter],
        kind=KIND_SCREENED,
        title=(_("“%(title)s” was accepted") if accepted else _("“%(title)s” was not accepted"))
        % {"title": work.title},
        body=work.screening_note,
        link=reverse("submissions:works-mine"),
    )


def judge_appointed(call: SubmissionCall, person: Person) -> None:
    notify(
        recipients=[person],
        kind=KIND_JUDGE,
        title=_("You are a judge of “%(call)s”") % {"call": call.title},
        body=_("You can score the accepted works once judging starts."),
        link=reverse("submissions:judge-call", args=[call.pk]),
    )


def results_published(call: SubmissionCall, awards: list[Award]) -> None:
    """One notice per submitter of an accepted work (a winner's names the prize)."""
    prizes = {award.work.submitter_id: award for award in awards}
    submitters = Person.objects.filter(
        pk__in=Work.objects.filter(call=call, status=WorkStatus.ACCEPTED).values("submitter_id")
    )
    link = reverse("submissions:gallery", args=[call.pk])
    winners = [p for p in submitters if p.pk in prizes]
    others = [p for p in submitters if p.pk not in prizes]
    for person in winners:
        award = prizes[person.pk]
        notify(
            recipients=[person],
            kind=KIND_RESULTS,
            title=_("“%(title)s” won %(prize)s")
            % {"title": award.work.title, "prize": award.level.name},
            body=call.title,
            link=link,
        )
    if others:
        notify(
            recipients=others,
            kind=KIND_RESULTS,
            title=_("The results of “%(call)s” are published") % {"call": call.title},
            link=link,
        )
