"""The change stamp `procedure`: moved by any write to the applications, exit requests, review opinions,
status histories, supervision cases, procedure settings or working-day overrides: the rows the to-do and done lists are made of (core.stamp_triggers,
inbox.selectors)."""

from django.db import migrations

from zhunru.core import stamp_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0001_initial"),
        ("access", "0003_statuschange_actor_at"),
        ("supervision", "0001_initial"),
        ("core", "0004_stamp_triggers"),
    ]

    operations = [
        stamp_triggers.watch(
            {
                "access_accessapplication": ("procedure_application", "'procedure'"),
                "access_exitrequest": ("procedure_exit", "'procedure'"),
                "access_opinion": ("procedure_opinion", "'procedure'"),
                "access_statuschange": ("procedure_history", "'procedure'"),
                "supervision_supervisioncase": ("procedure_case", "'procedure'"),
                "access_proceduresettings": ("procedure_settings", "'procedure'"),  # when to highlight
                "core_workdayoverride": ("procedure_workdays", "'procedure'"),  # working days left
            }
        )
    ]
