"""Load the default fund chart, create the ``funds.budget`` approval flow and install the
triggers that refuse UPDATE of posted journal rows."""

from django.db import migrations

from tongxin.funds import dbtriggers
from tongxin.funds.data import flows
from tongxin.funds.services.chart import DEFAULT_CHART_MODULE, category_rows, chart_data_from, create_chart

FLOW_CODE = "funds.budget"
STEPS = [
    (flows.BUDGET_REVIEW_STEP, "funds.review_budget"),
    (flows.BUDGET_APPROVAL_STEP, "approvals.decide_school_step"),
]


def load_chart(apps, schema_editor):
    data = chart_data_from(DEFAULT_CHART_MODULE)
    create_chart(
        apps.get_model("funds", "FundChart"),
        apps.get_model("funds", "FundCategory"),
        data["chart"],
        category_rows(data["categories"]),
    )


def create_flow(apps, schema_editor):
    flow_model = apps.get_model("approvals", "ApprovalFlow")
    step_model = apps.get_model("approvals", "ApprovalStep")
    flow, _created = flow_model.objects.get_or_create(code=FLOW_CODE, defaults={"name": flows.BUDGET_FLOW_NAME})
    for position, (name, permission) in enumerate(STEPS, start=1):
        step_model.objects.get_or_create(
            flow=flow, position=position, defaults={"name": name, "permission": permission}
        )


def remove_flow(apps, schema_editor):
    apps.get_model("approvals", "ApprovalFlow").objects.filter(code=FLOW_CODE, requests__isnull=True).delete()


def install_triggers(apps, schema_editor):
    dbtriggers.install(schema_editor)


def uninstall_triggers(apps, schema_editor):
    dbtriggers.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("funds", "0001_initial"), ("approvals", "0001_initial")]
    operations = [
        migrations.RunPython(load_chart, migrations.RunPython.noop),
        migrations.RunPython(create_flow, remove_flow),
        migrations.RunPython(install_triggers, uninstall_triggers),
    ]
