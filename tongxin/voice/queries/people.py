"""Finding staff by staff number for the forms that act for someone else."""

from django.utils.translation import gettext as _

from tongxin.core.errors import ValidationFailed
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from ..errors import VoiceErrorCode


def person_by_staff_number(
    *, actor: Actor, staff_number: str, permission: str, field: str = "staff_number"
) -> Person:
    """The one person with ``staff_number`` on whom ``actor`` holds ``permission``.

    Staff numbers are unique per school; a number that matches nobody within the actor's
    reach (or more than one person across schools) is refused with the field to blame.
    """
    number = staff_number.strip()
    qs = access.scope(Person.objects.select_related("node"), actor, permission)
    people = list(qs.filter(staff_number=number)[:2]) if number else []
    if len(people) != 1:
        raise ValidationFailed(
            _("No staff member with the staff number %(number)s is within your reach.")
            % {"number": number or "-"},
            code=VoiceErrorCode.UNKNOWN_PERSON,
            field=field,
        )
    return people[0]


def people_by_staff_numbers(
    *, actor: Actor, staff_numbers: list[str], permission: str, field: str
) -> list[Person]:
    """Several people at once (one query); every number must match exactly one person."""
    wanted = [number.strip() for number in staff_numbers if number.strip()]
    if not wanted:
        return []
    qs = access.scope(Person.objects.select_related("node"), actor, permission)
    found: dict[str, list[Person]] = {}
    for person in qs.filter(staff_number__in=wanted):
        found.setdefault(person.staff_number, []).append(person)
    for number in wanted:
        if len(found.get(number, [])) != 1:
            raise ValidationFailed(
                _("No staff member with the staff number %(number)s is within your reach.")
                % {"number": number},
                code=VoiceErrorCode.UNKNOWN_PERSON,
                field=field,
            )
    return [found[number][0] for number in dict.fromkeys(wanted)]
