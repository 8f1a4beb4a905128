"""Helpers the congress services share: the clock, text and date checks, the counts behind
quorum and majority, and the quorum rule itself."""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.activities import clock
from tongxin.activities.services.common import CODE_ALPHABET
from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.members.choices import EmploymentStatus

from ..choices import QUORUM_DENOMINATOR, QUORUM_NUMERATOR, MajorityBase, QuorumBase
from ..errors import CongressErrorCode as E
from ..models import Attendance, CongressSession
from ..queries import representatives_seated

RECEIPT_LENGTH = 10  # 32^10 = 2^50 receipt codes per poll


def now() -> dt.datetime:
    """Now on the activities' clock (the demo plays a past year at fixed moments)."""
    return clock.now()


def today() -> dt.date:
    return timezone.localdate(clock.now())


def new_receipt() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(RECEIPT_LENGTH))


def check_text(value: object, *, field: str, limit: int, required: bool = True) -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise ValidationFailed(_("This field is required."), code=E.INVALID, field=field)
    if len(text) > limit:
        raise ValidationFailed(_("This text is too long."), code=E.INVALID, field=field)
    return text


def check_date(value: object, field: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationFailed(_("Enter a valid date."), code=E.INVALID_DATE, field=field)
    if not 2000 <= value.year <= 2100:
        raise ValidationFailed(_("Enter a valid date."), code=E.INVALID_DATE, field=field)
    return value


def check_choice(value: object, choices: list[str], field: str) -> str:
    if value not in choices:
        raise ValidationFailed(_("Choose one of the options."), code=E.INVALID, field=field)
    return str(value)


@dataclass(frozen=True)
class Counts:
    """Who counts at a session right now: formal representatives seated (with a vote), those
    of them still in service (entitled), and those of them checked in (present)."""

    seated: int
    entitled: int
    present: int

    def base(self, which: str) -> int:
        if which == MajorityBase.PRESENT:
            return self.present
        if which in (MajorityBase.ENTITLED, QuorumBase.ENTITLED):
            return self.entitled
        return self.seated


def counts(session: CongressSession) -> Counts:
    """Three counting queries, whatever the size of the roll."""
    seated = representatives_seated(term=session.term)
    present_ids = Attendance.objects.filter(session=session).values("representative_id")
    return Counts(
        seated=seated.count(),
        entitled=seated.filter(person__employment_status=EmploymentStatus.ACTIVE).count(),
        present=seated.filter(pk__in=present_ids).count(),
    )


def quorum_needed(base: int) -> int:
    """ceil(2/3 x base) in integers."""
    return -(-base * QUORUM_NUMERATOR // QUORUM_DENOMINATOR)


def require_quorum(present: int, base: int, *, what: str) -> None:
    needed = quorum_needed(base)
    if base == 0 or present < needed:
        raise DomainError(
            _(
                "%(what)s needs at least two thirds present: %(present)s of %(base)s are "
                "here, %(needed)s are needed."
            )
            % {"what": what, "present": present, "base": base, "needed": needed},
            code=E.NO_QUORUM,
            extra={"present": present, "base": base, "needed": needed},
        )
