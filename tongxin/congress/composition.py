"""The composition of a term's formal representatives, computed from the person records:
teachers (at least ``teacher_floor_pct``), women, young staff (at most ``young_max_age`` on the
day), leaders (at most ``leader_ceiling_pct``). One aggregate query."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from tongxin.members.choices import Gender, StaffCategory

from .models import CongressTerm
from .queries import representatives_seated


@dataclass(frozen=True)
class Share:
    key: str
    label: str
    count: int
    total: int
    floor_pct: int | None = None
    ceiling_pct: int | None = None

    @property
    def pct(self) -> float:
        return round(100 * self.count / self.total, 1) if self.total else 0.0

    @property
    def violated(self) -> bool:
        # Integer comparisons: count / total >= floor / 100 <=> 100 x count >= floor x total.
        if self.floor_pct and 100 * self.count < self.floor_pct * self.total:
            return True
        return self.ceiling_pct is not None and 100 * self.count > self.ceiling_pct * self.total


@dataclass(frozen=True)
class Composition:
    total: int
    shares: list[Share] = field(default_factory=list)
    unrecorded_category: int = 0

    @property
    def violations(self) -> list[Share]:
        return [share for share in self.shares if share.violated]


def _years_ago(on: dt.date, years: int) -> dt.date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


def composition_report(*, term: CongressTerm, on: dt.date) -> Composition:
    born_after = _years_ago(on, term.young_max_age + 1)
    row = representatives_seated(term=term, on=on).aggregate(
        total=Count("pk"),
        teachers=Count("pk", filter=Q(person__staff_category=StaffCategory.TEACHER)),
        women=Count("pk", filter=Q(person__gender=Gender.FEMALE)),
        young=Count("pk", filter=Q(person__birth_on__gt=born_after)),
        leaders=Count("pk", filter=Q(person__is_leader=True)),
        unrecorded=Count("pk", filter=Q(person__staff_category="")),
    )
    total = row["total"]
    return Composition(
        total=total,
        unrecorded_category=row["unrecorded"],
        shares=[
            Share("teachers", _("Teachers"), row["teachers"], total, term.teacher_floor_pct),
            Share("women", _("Women"), row["women"], total, term.women_floor_pct),
            Share(
                "young",
                _("Young staff (aged %(age)s or under)") % {"age": term.young_max_age},
                row["young"],
                total,
                term.young_floor_pct,
            ),
            Share("leaders", _("Leaders"), row["leaders"], total, None, term.leader_ceiling_pct),
        ],
    )
