"""The care visit flow's branch step goes to the level above when a branch officer is a party
(decision 0011)."""

from django.db import migrations


def set_route(apps, schema_editor):
    ApprovalStep = apps.get_model("approvals", "ApprovalStep")
    ApprovalStep.objects.filter(flow__code="care.visit", position=1).update(
        conflict_route="parent_level"
    )


def unset_route(apps, schema_editor):
    ApprovalStep = apps.get_model("approvals", "ApprovalStep")
    ApprovalStep.objects.filter(flow__code="care.visit", position=1).update(conflict_route="")


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0001_initial"),
        ("approvals", "0002_separation_of_duties"),
    ]

    operations = [migrations.RunPython(set_route, unset_route)]
