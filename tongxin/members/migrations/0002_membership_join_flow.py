"""The approval flow for membership applications: branch chair, then the school union office."""

from django.db import migrations

from tongxin.members.flows import JOIN_FLOW_CODE, JOIN_FLOW_NAME, JOIN_FLOW_STEPS

FLOW = (JOIN_FLOW_CODE, JOIN_FLOW_NAME)
STEPS = list(JOIN_FLOW_STEPS)


def create_flow(apps, schema_editor):
    flow_model = apps.get_model("approvals", "ApprovalFlow")
    step_model = apps.get_model("approvals", "ApprovalStep")
    flow, _created = flow_model.objects.get_or_create(code=FLOW[0], defaults={"name": FLOW[1]})
    for position, (name, permission) in enumerate(STEPS, start=1):
        step_model.objects.get_or_create(
            flow=flow, position=position, defaults={"name": name, "permission": permission}
        )


def remove_flow(apps, schema_editor):
    apps.get_model("approvals", "ApprovalFlow").objects.filter(code=FLOW[0], requests__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial"), ("approvals", "0001_initial")]
    operations = [migrations.RunPython(create_flow, remove_flow)]
