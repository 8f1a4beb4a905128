"""Record the parties of requests opened before separation of duties (decision 0011): the
person a request is for, and the filer's person where their account has one."""

from django.conf import settings
from django.db import migrations


def backfill(apps, schema_editor):
    ApprovalRequest = apps.get_model("approvals", "ApprovalRequest")
    ApprovalParty = apps.get_model("approvals", "ApprovalParty")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    people = dict(User.objects.exclude(person_id=None).values_list("pk", "person_id"))
    rows = []
    for pk, for_person, by_user in ApprovalRequest.objects.values_list(
        "pk", "requested_for_person_id", "requested_by_id"
    ).iterator():
        if for_person:
            rows.append(ApprovalParty(request_id=pk, person_id=for_person, kind="subject"))
        if by_user in people:
            rows.append(ApprovalParty(request_id=pk, person_id=people[by_user], kind="filer"))
    ApprovalParty.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0002_separation_of_duties"),
        ("accounts", "0002_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
