"""Building the demo: deterministic, anchored on its today, alive on that day.

The services run in durable transactions, so these tests use a transactional database. A whole
build takes about a minute on a quiet machine (the ``demo`` mark: ``-m "not demo"`` skips it);
the determinism and anchoring tests build a reduced demo (the first steps, a tenth of the staff).
"""

import datetime as dt
import hashlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, models
from django.db.models import Count, Max, Min, Q, Sum

from tongxin.accounts.actors import actor_for
from tongxin.accounts.models import User
from tongxin.activities.models import Activity
from tongxin.approvals.queries import approval_inbox
from tongxin.benefits.models import BenefitBatch, BenefitReceipt
from tongxin.care.models import CareVisit
from tongxin.clubs.models import Club
from tongxin.demo import seed
from tongxin.donations.models import Campaign, Donation
from tongxin.funds.models import BudgetVersion, JournalEntry
from tongxin.members.models import DuesRecord, MembershipPeriod, Person
from tongxin.quizzes.models import Attempt
from tongxin.staff_services.models import CoverItem, InsurancePolicy, SchoolPlaceApplication
from tongxin.voice.models import GrassrootsVisit, VoiceItem, Wish

TODAY = dt.date(2026, 12, 7)
REDUCED = ("people", "funds", "quizzes")


def fingerprint() -> dict[str, object]:
    """Rows per table of the project's apps, and per table the sums of its whole-number
    columns and the first and last of its dates (keys, ids and clock times left out: ids depend
    on what the database handed out before, clock times on when the build ran), and a digest of
    the people's names and staff numbers."""
    result: dict[str, object] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("tongxin."):
            continue
        aggregates: dict[str, object] = {"rows": Count("pk")}
        for f in model._meta.concrete_fields:
            if f.primary_key or f.is_relation:
                continue
            if isinstance(f, models.IntegerField) and f.name not in {"seed"}:
                aggregates[f"sum_{f.name}"] = Sum(f.name)
            elif isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
                aggregates[f"min_{f.name}"] = Min(f.name)
                aggregates[f"max_{f.name}"] = Max(f.name)
        result[model._meta.label] = model._default_manager.aggregate(**aggregates)
    names = "|".join(
        f"{number}:{name}"
        for number, name in Person.objects.order_by("staff_number").values_list(
            "staff_number", "name"
        )
    )
    result["people"] = hashlib.sha256(names.encode()).hexdigest()
    result["attempt_scores"] = sorted(
        Attempt.objects.values_list("person__staff_number", "number", "score")
    )
    return result


def _build(today: dt.date, only: tuple[str, ...] | None = None, scale: float = 1.0) -> str:
    out = io.StringIO()
    assert seed.run(out, today=today, only=only, scale=scale) is not None
    return out.getvalue()


def _fresh_database() -> None:
    """Back to the migrated database (its data migrations' rows included), as at the test's
    start (``serialized_rollback``)."""
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_builds_give_the_same_demo():
    _build(TODAY, REDUCED, scale=0.1)
    first = fingerprint()
    _fresh_database()
    _build(TODAY, REDUCED, scale=0.1)
    second = fingerprint()
    assert second == first
    assert first["quizzes.Attempt"]["rows"] > 0  # type: ignore[index]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    ("today", "first_year"), [(dt.date(2026, 12, 7), 2025), (dt.date(2027, 10, 1), 2026)]
)
def test_the_seed_year_moves_with_today(today, first_year):
    _build(today, ("people", "funds"), scale=0.1)
    start, end = dt.date(first_year, 9, 1), dt.date(first_year + 1, 8, 31)
    # membership histories end before today; every join is in the seed year or before
    assert not MembershipPeriod.objects.filter(started_on__gt=today).exists()
    assert MembershipPeriod.objects.aggregate(last=Max("started_on"))["last"] <= end
    # dues from the seed year's September through the current month
    months = sorted(set(DuesRecord.objects.values_list("month", flat=True)))
    assert months[0] == start
    assert months[-1] == today.replace(day=1)
    # approved school budgets for the seed year's two calendar years and today's
    approved = set(
        BudgetVersion.objects.filter(
            budget__node__parent__isnull=True, status="approved"
        ).values_list("budget__fiscal_year", flat=True)
    )
    assert {first_year, first_year + 1, today.year} <= approved
    # the ledger starts with the seed year and stops before today (last month's dues booked)
    dates = JournalEntry.objects.aggregate(first=Min("entry_on"), last=Max("entry_on"))
    assert dates["first"] == start
    assert dates["last"] < today
    booked = JournalEntry.objects.filter(
        memo__contains=f"{today.replace(day=1) - dt.timedelta(1):%Y-%m}"
    )
    assert booked.exists()
    # a budget version waits for the union office (asked on the demo's today: the roles given
    # while building start on that day)
    with seed.shifted_clock(today):
        office = actor_for(User.objects.get(username="office"))
        waiting = {request.subject_type for request in approval_inbox(actor=office)}
    assert "funds.budgetversion" in waiting


@pytest.mark.demo
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_whole_demo_keeps_the_seed_figures_and_is_alive_today():
    output = _build(TODAY)
    school = Person.objects.values_list("school_id", flat=True).first()
    assert "Seed year 2025-09-01 to 2026-08-31" in output
    seed_year = (dt.date(2025, 9, 1), dt.date(2026, 8, 31))

    # The seed's figures, in the seed year.
    visits = CareVisit.objects.filter(status="paid", event_on__range=seed_year)
    assert visits.count() == 30
    kinds = dict(visits.values_list("kind").annotate(n=Count("pk")))
    assert (
        kinds.get("serious_illness", 0) + kinds.get("hospitalisation", 0) + kinds["childbirth"]
        == 16
    )
    assert kinds["member_death"] + kinds["relative_death"] == 11
    assert kinds["hardship_aid"] == 3
    seed_batches = BenefitBatch.objects.filter(distribute_on__range=seed_year)
    assert (
        BenefitReceipt.objects.filter(
            batch__in=seed_batches.exclude(activity__isnull=False), status="signed"
        ).count()
        == 2685
    )
    assert seed_batches.get(activity__isnull=False).recipient_count == 950
    policy = InsurancePolicy.objects.get(starts_on=seed_year[0])
    assert policy.ends_on == seed_year[1]
    assert policy.insured.count() == 898
    assert (
        CoverItem.objects.filter(policy=policy, is_rider=False).aggregate(s=Sum("amount_fen"))["s"]
        == 340_000 * 100
    )
    assert SchoolPlaceApplication.objects.count() == 55
    drive = Campaign.objects.get(ends_on=dt.date(2026, 6, 30))
    confirmed = Donation.objects.filter(campaign=drive, status="confirmed")
    assert confirmed.values("person").distinct().count() == 310
    assert confirmed.aggregate(s=Sum("amount_fen"))["s"] == 20_819 * 100
    assert drive.status == "handed_over"
    assert Attempt.objects.exclude(status="in_progress").count() == 286 + 45
    assert Club.objects.count() == 6
    assert Wish.objects.count() == 76
    assert GrassrootsVisit.objects.filter(visited_on__range=seed_year).count() == 6

    # The current year is underway on today.
    now = seed.DemoCalendar(TODAY).now
    upcoming = Activity.objects.filter(
        status="published", starts_at__gt=now, sign_up_deadline__gt=now
    )
    assert upcoming.count() >= 3
    assert BudgetVersion.objects.filter(
        budget__node__parent__isnull=True, budget__fiscal_year=2026, status="approved"
    ).exists()
    current = BenefitBatch.objects.get(distribute_on__gt=seed_year[1])
    statuses = dict(current.receipts.values_list("status").annotate(n=Count("pk")))
    assert statuses.get("signed", 0) > 0
    assert sum(statuses.values()) > statuses.get("signed", 0)
    office = actor_for(User.objects.get(username="office"))
    finance = actor_for(User.objects.get(username="finance"))
    office_queue = {r.subject_type for r in approval_inbox(actor=office)}
    assert {"funds.budgetversion", "care.carevisit"} <= office_queue
    assert "care.carevisit" in {r.subject_type for r in approval_inbox(actor=finance)}
    assert DuesRecord.objects.filter(month=dt.date(2026, 12, 1)).exists()
    waiting = VoiceItem.objects.filter(status="routed", due_on__isnull=False)
    assert waiting.filter(due_on__lt=TODAY).exists()  # overdue …
    assert not waiting.filter(due_on__lt=TODAY - dt.timedelta(days=45)).exists()  # … by days
    open_campaigns = Campaign.objects.filter(status="open")
    assert open_campaigns.exists()
    assert all(c.ends_on >= TODAY for c in open_campaigns)
    assert not Campaign.objects.filter(Q(status="open") & Q(ends_on__lt=TODAY)).exists()
    # Nothing happened after today.
    assert not CareVisit.objects.filter(event_on__gt=TODAY).exists()
    assert not MembershipPeriod.objects.filter(started_on__gt=TODAY).exists()
    assert JournalEntry.objects.aggregate(last=Max("entry_on"))["last"] <= TODAY
    assert school is not None
